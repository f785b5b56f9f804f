"""The SPARQL 1.1 Service Description of /sparql (sd: vocabulary, VoID counts of the dataset).

The counts are computed once per store release and process, then cached.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox

from graph.store import GraphStore
from ontology import PREFIXES
from server.sparql.formats import W3C_FORMAT_IRIS

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = PREFIXES["void"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
TITLE = ox.NamedNode(PREFIXES["dcterms"] + "title")
DESCRIPTION_PREFIXES = {"sd": SD, "void": VOID, "dcterms": PREFIXES["dcterms"]}

UNION_TRIPLES = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
GRAPH_TRIPLES = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"

_counts: dict[object, tuple[int, list[tuple[str, int]]]] = {}
_lock = threading.Lock()


def sd(term: str) -> ox.NamedNode:
    return ox.NamedNode(SD + term)


def dataset_counts(store: GraphStore) -> tuple[int, list[tuple[str, int]]]:
    """Triples in the union default graph, and (graph IRI, triples) per named graph; cached."""
    key = getattr(store, "release", id(store))
    with _lock:
        if key not in _counts:
            union = next(iter(store.query(UNION_TRIPLES)))
            graphs = [(row["g"].value, int(row["n"].value)) for row in store.query(GRAPH_TRIPLES)]
            _counts[key] = (int(union["n"].value), graphs)
        return _counts[key]


def _graph_node(triples: list[ox.Triple], count: int) -> ox.BlankNode:
    node = ox.BlankNode()
    triples.append(ox.Triple(node, RDF_TYPE, sd("Graph")))
    count_literal = ox.Literal(str(count), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
    triples.append(ox.Triple(node, ox.NamedNode(VOID + "triples"), count_literal))
    return node


def service_description(endpoint: str, store: GraphStore) -> list[ox.Triple]:
    """The description of the endpoint at ``endpoint`` over ``store``, as pyoxigraph triples."""
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode()
    union_count, graphs = dataset_counts(store)
    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, TITLE, ox.Literal("gtkg SPARQL 1.1 endpoint", language="en")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
    ]
    triples += [
        ox.Triple(service, sd("resultFormat"), ox.NamedNode(iri))
        for iri in W3C_FORMAT_IRIS.values()
    ]
    triples.append(ox.Triple(dataset, sd("defaultGraph"), _graph_node(triples, union_count)))
    void_document = ox.NamedNode(endpoint.rsplit("/", 1)[0] + "/.well-known/void")
    triples.append(ox.Triple(service, ox.NamedNode(PREFIXES["rdfs"] + "seeAlso"), void_document))
    for name, count in graphs:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(name)),
            ox.Triple(named, sd("graph"), _graph_node(triples, count)),
        ]
    return triples
