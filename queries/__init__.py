"""Saved SPARQL queries: one ``.rq`` file each with a grlc header, and their loader.

Public surface::

    load_catalogue(directory=None, base_iri=…) -> Catalogue   # name -> SavedQuery
    get_query(name) -> SavedQuery                             # QueryNotFound if unknown
    bind(query, values) -> substitutions                      # BadParameter if invalid
    prepare(name, values) -> PreparedQuery                    # query + bound parameters
    run(store, name, values) -> pyoxigraph results            # prepare, then store.query
"""

from queries.catalogue import (
    QUERY_DIR,
    Catalogue,
    Parameter,
    SavedQuery,
    get_query,
    load_catalogue,
)
from queries.params import bind
from queries.run import PreparedQuery, execute, prepare, run

__all__ = [
    "QUERY_DIR",
    "Catalogue",
    "Parameter",
    "PreparedQuery",
    "SavedQuery",
    "bind",
    "execute",
    "get_query",
    "load_catalogue",
    "prepare",
    "run",
]
