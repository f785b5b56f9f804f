"""Every export format parses back (with rdflib) isomorphic to what the store holds."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.export import FORMATS, export
from graph.store import EmbeddedStore

RDFLIB_FORMAT = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):  # RDF 1.1: a simple literal is an xsd:string
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def expected_graphs(store: EmbeddedStore) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for quad in store.quads():
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graph = graphs.setdefault(name, Graph())
        graph.add(tuple(to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
    return graphs


@pytest.fixture(scope="module")
def expected(store: EmbeddedStore) -> dict[str, Graph]:
    return expected_graphs(store)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips(store: EmbeddedStore, expected: dict[str, Graph], fmt: str) -> None:
    buffer = io.BytesIO()
    export(store, fmt, buffer)
    data = buffer.getvalue()
    if FORMATS[fmt].keeps_graphs:
        parsed = Dataset()
        parsed.parse(data=data, format=RDFLIB_FORMAT[fmt])
        got = {
            str(g.identifier): g
            for g in parsed.graphs()
            if len(g) and g.identifier != parsed.default_graph.identifier
        }
        want = {name: g for name, g in expected.items() if name}
        assert sorted(got) == sorted(want)
        for name, graph in want.items():
            assert isomorphic(got[name], graph), f"graph {name} differs after {fmt}"
    else:
        parsed = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
        assert isomorphic(parsed, expected[""]), f"union graph differs after {fmt}"
