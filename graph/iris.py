"""Entity IRIs: curated files are written with the default base; a deployment may choose another."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from graph.settings import DEFAULT_BASE_IRI

# The vocabulary and the ontology document keep their IRIs whatever the base.
FIXED_PREFIX = DEFAULT_BASE_IRI + "ontology"


def rebase_term(term: Node, base: str) -> Node:
    """Move one IRI from the default base to ``base``; other terms pass through."""
    if (
        isinstance(term, URIRef)
        and base != DEFAULT_BASE_IRI
        and term.startswith(DEFAULT_BASE_IRI)
        and not term.startswith(FIXED_PREFIX)
    ):
        return URIRef(base + term[len(DEFAULT_BASE_IRI) :])
    return term


def rebase(dataset: Dataset, base: str) -> Dataset:
    """A copy of ``dataset`` with every entity IRI (and graph name) moved to ``base``."""
    if base == DEFAULT_BASE_IRI:
        return dataset
    moved = Dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph_name = g.identifier if isinstance(g, Graph) else g
        moved.add(
            (
                rebase_term(s, base),
                rebase_term(p, base),
                rebase_term(o, base),
                rebase_term(graph_name, base),
            )
        )
    return moved


def graph_iri(name: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """IRI of one of gtkg's own named graphs (``inferred``, ``sources``)."""
    return URIRef(f"{base}graph/{name}")
