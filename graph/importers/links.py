"""Link the curated graph to the reference layer, after both are loaded in one store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store, Variable

from graph.importers.mondo import SLUG as MONDO_SLUG
from graph.settings import DEFAULT_BASE_IRI

LINK_QUERY_PATH = Path(__file__).resolve().parent / "link_reference.rq"


def link_reference(
    store: Store, base_iri: str = DEFAULT_BASE_IRI, graph: NamedNode | None = None
) -> Iterator[Quad]:
    """``curated gt:hasReferenceRecord mondo/MONDO_…`` for curated diseases matching a MONDO class.

    The quads go to ``graph`` (default ``{base}graph/links``); add them to the store
    or a release. The query is ``link_reference.rq``, with the reference graph bound.
    """
    graph = graph or NamedNode(f"{base_iri}graph/links")
    reference = NamedNode(f"{base_iri}source/{MONDO_SLUG}")
    query = LINK_QUERY_PATH.read_text(encoding="utf-8")
    for triple in store.query(query, substitutions={Variable("reference_graph"): reference}):
        yield Quad(triple.subject, triple.predicate, triple.object, graph)
