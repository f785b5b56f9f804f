"""Real SPARQL clients against the real server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

THERAPY = "https://w3id.org/gtkg/therapy/luxturna"
SELECT = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE {{ <{THERAPY}> rdfs:label ?label }}"""
CONSTRUCT = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ <{THERAPY}> ?p ?o }} WHERE {{ <{THERAPY}> ?p ?o }}"""


def wrapper(live_server: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(live_server + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_json(live_server: str) -> None:
    results = wrapper(live_server, SELECT, JSON).queryAndConvert()
    assert "Luxturna" in [b["label"]["value"] for b in results["results"]["bindings"]]


def test_sparqlwrapper_json_by_post(live_server: str) -> None:
    client = wrapper(live_server, SELECT, JSON)
    client.setMethod(POST)
    results = client.queryAndConvert()
    assert "Luxturna" in [b["label"]["value"] for b in results["results"]["bindings"]]


def test_sparqlwrapper_xml(live_server: str) -> None:
    document = wrapper(live_server, SELECT, XML).queryAndConvert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert "Luxturna" in literals


def test_sparqlwrapper_csv(live_server: str) -> None:
    raw = wrapper(live_server, SELECT, CSV).queryAndConvert()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert "Luxturna" in [row["label"] for row in rows]


def test_sparqlwrapper_construct_into_rdflib(live_server: str) -> None:
    graph = wrapper(live_server, CONSTRUCT, TURTLE).queryAndConvert()
    if isinstance(graph, bytes):
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert (
        rdflib.URIRef(THERAPY),
        rdflib.RDFS.label,
        rdflib.Literal("Luxturna", lang="en"),
    ) in graph


def test_sparqlwrapper_ask(live_server: str) -> None:
    result = wrapper(live_server, f"ASK {{ <{THERAPY}> ?p ?o }}", JSON).queryAndConvert()
    assert result["boolean"] is True


def test_rdflib_sparqlstore(live_server: str) -> None:
    store = SPARQLStore(live_server + "/sparql")
    graph = rdflib.Graph(store)
    rows = list(graph.query(SELECT))
    assert rdflib.Literal("Luxturna", lang="en") in [row[0] for row in rows]
    assert (rdflib.URIRef(THERAPY), rdflib.RDFS.label, None) in graph
    store.close()
