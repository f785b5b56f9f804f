"""Moving RDF terms from rdflib (where the build checks them) to pyoxigraph (where they are stored)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def quads_to_oxigraph(quads: Iterable[tuple[Node, Node, Node, Node | Graph]]) -> Iterator[ox.Quad]:
    """rdflib ``Dataset.quads()`` rows (graph as identifier or Graph) as pyoxigraph quads."""
    for s, p, o, g in quads:
        name = g.identifier if isinstance(g, Graph) else g
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(name))
