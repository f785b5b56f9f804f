"""Running a saved query: look it up, bind its parameters, hand it to a store.

``prepare`` does the first two (the server passes the result to its executor,
which adds the time limit and the result bound); ``run`` does all three for the
CLI and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryError
from graph.settings import DEFAULT_BASE_IRI
from queries.catalogue import Catalogue, SavedQuery, load_catalogue
from queries.params import bind


@dataclass(frozen=True)
class PreparedQuery:
    query: SavedQuery
    substitutions: dict[ox.Variable, ox.Term]

    @property
    def sparql(self) -> str:
        return self.query.sparql

    def bindings(self) -> dict[str, str]:
        """The bound values, for display (name → N-Triples form)."""
        by_variable = {p.variable: p.name for p in self.query.parameters}
        return {by_variable[v.value]: str(term) for v, term in self.substitutions.items()}


def prepare(
    name: str | SavedQuery,
    values: Mapping[str, str | None] | None = None,
    *,
    catalogue: Catalogue | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
) -> PreparedQuery:
    """The saved query and its bound parameters; ``QueryNotFound`` / ``BadParameter`` otherwise."""
    if isinstance(name, SavedQuery):
        query = name
    else:
        query = (catalogue or load_catalogue(base_iri=base_iri))[name]
    return PreparedQuery(query, bind(query, values or {}, base_iri))


def run(
    store: Any,
    name: str | SavedQuery,
    values: Mapping[str, str | None] | None = None,
    *,
    catalogue: Catalogue | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
) -> Any:
    """Run a saved query on ``store`` (anything with ``query(sparql, substitutions=…)``)."""
    prepared = prepare(name, values, catalogue=catalogue, base_iri=base_iri)
    return execute(store, prepared)


def execute(store: Any, prepared: PreparedQuery, **options: Any) -> Any:
    try:
        return store.query(prepared.sparql, substitutions=prepared.substitutions, **options)
    except SyntaxError as error:
        raise QueryError(f"saved query {prepared.query.name} is malformed: {error}") from error
    except RuntimeError as error:
        raise QueryError(f"saved query {prepared.query.name} failed: {error}") from error
