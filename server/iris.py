"""Entity IRIs ↔ local paths. The path of an IRI relative to ``BASE_IRI`` is served at that path.

With the default base ``https://w3id.org/gtkg/`` the IRI ``…/therapy/luxturna``
is served at ``/therapy/luxturna``; the vocabulary (``…/ontology#Term``, never
rebased) is served at ``/ontology#Term`` whatever the base. Other views reuse
``local_path`` to link to an entity and ``iri_for_path`` to resolve a request.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import pyoxigraph as ox
from flask import current_app

from graph.settings import DEFAULT_BASE_IRI

ONTOLOGY_IRI = DEFAULT_BASE_IRI + "ontology"


def base_iri() -> str:
    return current_app.config["BASE_IRI"]


def local_path(iri: str) -> str | None:
    """The path on this server that dereferences ``iri``, or ``None`` for an outside IRI."""
    iri = str(iri)
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#"):
        return "/ontology" + iri[len(ONTOLOGY_IRI) :]
    base = base_iri()
    if iri.startswith(base) and len(iri) > len(base):
        return "/" + quote(iri[len(base) :], safe="/#-_.~:()!*,;=@'+$")
    return None


def iri_for_path(path: str) -> str:
    """The entity IRI a local path stands for (the inverse of ``local_path``)."""
    path = unquote(path).lstrip("/")
    if path == "ontology" or path.startswith("ontology#"):
        return DEFAULT_BASE_IRI + path
    return base_iri() + path


def named_node(iri: str) -> ox.NamedNode | None:
    """``iri`` as a node, or ``None`` when it is no IRI at all.

    Paths come from clients: a space, a control character, a bad ``%`` escape or
    bytes that are not UTF-8 make no IRI, and the view answers 404, not 500.
    """
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None


def href(iri: str) -> str:
    """Where a page should link for ``iri``: its local path if we serve it, else the IRI."""
    return local_path(iri) or str(iri)


def init_app(app) -> None:
    app.jinja_env.globals.update(local_path=local_path, href=href)
