"""The dataset of a query: union default graph, FROM / FROM NAMED, protocol graph parameters,
and the service description whose counts match the store."""

from __future__ import annotations

import pytest
import rdflib
import requests
from rdflib.namespace import RDF

SOURCES = "https://w3id.org/gtkg/graph/sources"
ONTOLOGY = "https://w3id.org/gtkg/ontology"
NOWHERE = "https://w3id.org/gtkg/graph/no-such-graph"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def ask(live_server: str, query: str, **params) -> bool:
    response = requests.get(
        live_server + "/sparql",
        params={"query": query, **params},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def count(live_server: str, query: str, **params) -> int:
    response = requests.post(
        live_server + "/sparql",
        data={"query": query, **params},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_default_graph_is_the_union(live_server: str) -> None:
    assert ask(live_server, "ASK { <https://w3id.org/gtkg/therapy/luxturna> rdfs:label ?l }")


def test_named_graphs_stay_addressable(live_server: str) -> None:
    assert ask(live_server, f"ASK {{ GRAPH <{SOURCES}> {{ ?s ?p ?o }} }}")


def test_from_a_missing_graph_is_an_empty_default_graph(live_server: str) -> None:
    assert not ask(live_server, f"ASK FROM <{NOWHERE}> {{ ?s ?p ?o }}")


def test_from_restricts_the_default_graph(live_server: str, store) -> None:
    expected = len(list(store.quads(graph=named_node(SOURCES))))
    query = f"SELECT (COUNT(*) AS ?n) FROM <{SOURCES}> {{ ?s ?p ?o }}"
    assert count(live_server, query) == expected


def test_from_named_restricts_the_named_graphs(live_server: str) -> None:
    query = (
        f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{SOURCES}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    assert count(live_server, query) == 1
    assert not ask(
        live_server, f"ASK FROM NAMED <{SOURCES}> {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}"
    )


def test_default_graph_uri_parameter(live_server: str, store) -> None:
    expected = len(list(store.quads(graph=named_node(SOURCES))))
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    assert count(live_server, query, **{"default-graph-uri": SOURCES}) == expected
    assert not ask(live_server, "ASK { ?s ?p ?o }", **{"default-graph-uri": NOWHERE})


def test_protocol_dataset_overrides_from(live_server: str) -> None:
    query = f"ASK FROM <{NOWHERE}> {{ ?s ?p ?o }}"
    assert ask(live_server, query, **{"default-graph-uri": SOURCES})


def test_named_graph_uri_parameter(live_server: str) -> None:
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    both = [("named-graph-uri", SOURCES), ("named-graph-uri", ONTOLOGY)]
    response = requests.get(
        live_server + "/sparql",
        params=[("query", query), *both],
        headers={"Accept": "application/json"},
    )
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == 2
    # only named graphs given: the default graph is empty
    assert not ask(live_server, "ASK { ?s ?p ?o }", **{"named-graph-uri": SOURCES})


def named_node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


@pytest.mark.parametrize(
    ("accept", "parser"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")],
)
def test_service_description(live_server: str, store, accept: str, parser: str) -> None:
    response = requests.get(live_server + "/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.content, format=parser)
    service = next(graph.subjects(RDF.type, SD.Service))
    assert str(graph.value(service, SD.endpoint)) == live_server + "/sparql"
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    formats = {str(f) for f in graph.objects(service, SD.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    union = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert graph.value(default, VOID.triples).toPython() == int(next(iter(union))["n"].value)
    described = {}
    for named in graph.objects(dataset, SD.namedGraph):
        name = str(graph.value(named, SD.name))
        described[name] = graph.value(graph.value(named, SD.graph), VOID.triples).toPython()
    expected = {g.value: len(list(store.quads(graph=g))) for g in store.named_graphs()}
    assert described == expected
