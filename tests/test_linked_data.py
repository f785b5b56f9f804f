"""Dereferenceable IRIs: content negotiation on the real server, every RDF answer parsed by rdflib."""

from __future__ import annotations

import gzip

import pytest
import requests
from rdflib import RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, VOID

BASE = "https://w3id.org/gtkg/"
GT = Namespace(BASE + "ontology#")
LUXTURNA = URIRef(BASE + "therapy/luxturna")
RPE65 = URIRef(BASE + "gene/RPE65")

# (Accept header, expected media type, rdflib format)
TRIPLE_FORMATS = [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("text/turtle;q=0.9, application/rdf+xml;q=0.5", "text/turtle", "turtle"),
    ("application/rdf+xml, text/turtle;q=0.4", "application/rdf+xml", "xml"),
]
SUFFIXES = [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")]


def fetch(url: str, accept: str | None = None, **params) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(url, headers=headers, params=params, timeout=30)


def check_description(graph: Graph) -> None:
    """Luxturna's own facts, its neighbours' labels, incoming links and its sources."""
    assert (LUXTURNA, GT.targetsGene, RPE65) in graph
    assert (LUXTURNA, RDFS.label, Literal("Luxturna", lang="en")) in graph
    assert (RPE65, RDFS.label, None) in graph, "the label of a linked entity is included"
    assert (None, GT.concernsTherapy, LUXTURNA) in graph, "incoming links are included"
    sources = set(graph.objects(LUXTURNA, PROV.wasDerivedFrom))
    assert sources and all(str(s).startswith(BASE + "source/") or "/graph/" in s for s in sources)
    assert all((s, RDFS.label, None) in graph for s in sources), "each source is labelled"


@pytest.mark.parametrize(("accept", "media_type", "rdflib_format"), TRIPLE_FORMATS)
def test_entity_negotiates_rdf(live_server, accept, media_type, rdflib_format):
    response = fetch(live_server + "/therapy/luxturna", accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert "Accept" in response.headers["Vary"]
    suffix = {"text/turtle": "ttl", "application/ld+json": "jsonld"}.get(media_type)
    if suffix:
        assert response.headers["Content-Location"] == f"/therapy/luxturna.{suffix}"
    check_description(Graph().parse(data=response.content, format=rdflib_format))


@pytest.mark.parametrize(("suffix", "rdflib_format"), SUFFIXES)
def test_suffix_and_format_parameter_win_over_accept(live_server, suffix, rdflib_format):
    for response in (
        fetch(f"{live_server}/therapy/luxturna.{suffix}", "text/html"),
        fetch(f"{live_server}/therapy/luxturna", "text/html", format=suffix),
    ):
        assert response.status_code == 200
        check_description(Graph().parse(data=response.content, format=rdflib_format))


@pytest.mark.parametrize(
    ("accept", "rdflib_format"), [("application/trig", "trig"), ("application/n-quads", "nquads")]
)
def test_quad_formats_keep_the_source_graph_of_every_fact(
    live_server, store, accept, rdflib_format
):
    response = fetch(live_server + "/therapy/luxturna", accept)
    assert response.status_code == 200
    dataset = Dataset()
    dataset.parse(data=response.content, format=rdflib_format)
    graphs = {str(g) for _, _, _, g in dataset.quads((LUXTURNA, GT.targetsGene, RPE65, None))}
    expected = {
        r["g"].value
        for r in store.query(
            f"SELECT ?g {{ GRAPH ?g {{ <{LUXTURNA}> <{GT.targetsGene}> <{RPE65}> }} }}"
        )
    }
    assert graphs == expected and graphs


def test_browsers_get_html(live_server):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = fetch(live_server + "/therapy/luxturna", accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Content-Location"] == "/therapy/luxturna.html"
    assert "Luxturna" in response.text and 'href="/gene/RPE65"' in response.text


def test_no_accept_header_gets_html_and_curl_gets_turtle(live_server):
    assert fetch(live_server + "/gene/RPE65").headers["Content-Type"].startswith("text/html")
    turtle = fetch(live_server + "/gene/RPE65", "text/turtle")
    assert (RPE65, RDFS.label, None) in Graph().parse(data=turtle.content, format="turtle")


def test_unacceptable_type_is_406(live_server):
    response = fetch(live_server + "/therapy/luxturna", "image/png")
    assert response.status_code == 406
    assert "text/turtle" in response.text


def test_unknown_entity_is_a_helpful_404(live_server):
    response = fetch(live_server + "/therapy/luxturnaa", "text/html")
    assert response.status_code == 404
    assert 'href="/therapy/luxturna"' in response.text, "suggests the near match"
    assert fetch(live_server + "/therapy/luxturnaa", "text/turtle").status_code == 404


def test_sources_and_inferred_graph_dereference(live_server):
    html = fetch(live_server + "/therapy/luxturna").text
    assert "/graph/inferred" in html or "/source/" in html
    for path in ("/graph/inferred",):
        assert fetch(live_server + path, "text/turtle").status_code == 200


def test_ontology_resolves_by_conneg(live_server):
    html = fetch(live_server + "/ontology", "text/html")
    assert html.status_code == 200
    for term in ("Therapy", "Gene", "targetsGene", "treats"):
        assert f'id="{term}"' in html.text
    for accept, fmt in [("text/turtle", "turtle"), ("application/rdf+xml", "xml")]:
        response = fetch(live_server + "/ontology", accept)
        assert response.status_code == 200
        graph = Graph().parse(data=response.content, format=fmt)
        assert (GT.Therapy, RDFS.label, None) in graph


def test_void_counts_equal_the_store(live_server, store):
    response = fetch(live_server + "/.well-known/void", "text/turtle")
    assert response.status_code == 200
    void = Graph().parse(data=response.content, format="turtle")
    dataset = next(void.subjects(VOID.sparqlEndpoint, None))

    def count(sparql: str) -> int:
        return int(next(iter(store.query(sparql)))["n"].value)

    expected = {
        VOID.triples: count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
        VOID.classes: count("SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }"),
        VOID.properties: count("SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }"),
        VOID.entities: count(
            f'SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{BASE}")) }}'
        ),
    }
    for predicate, value in expected.items():
        assert void.value(dataset, predicate).toPython() == value, predicate
    assert str(void.value(dataset, VOID.sparqlEndpoint)) == live_server + "/sparql"
    assert str(void.value(dataset, VOID.uriSpace)) == BASE
    assert (dataset, VOID.exampleResource, LUXTURNA) in void
    dumps = set(void.objects(dataset, VOID.dataDump))
    assert len(dumps) == 6
    linksets = {
        str(void.value(ls, VOID.objectsTarget)) for ls in void.subjects(VOID.linkPredicate, None)
    }
    assert any("genenames" in t for t in linksets) and any("mondo" in t for t in linksets)
    for accept, fmt in [("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")]:
        other = Graph().parse(
            data=fetch(live_server + "/.well-known/void", accept).content, format=fmt
        )
        assert len(other) == len(void)


def test_downloads_are_the_export(live_server, store):
    triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"].value)
    response = fetch(live_server + "/downloads/gtkg.nt.gz")
    assert response.status_code == 200
    graph = Graph().parse(data=gzip.decompress(response.content), format="nt")
    assert len(graph) == triples
    quads = fetch(live_server + "/downloads/gtkg.nq.gz")
    dataset = Dataset()
    dataset.parse(data=gzip.decompress(quads.content), format="nquads")
    assert len(list(dataset.quads((LUXTURNA, GT.targetsGene, RPE65, None)))) >= 1
    ontology = fetch(live_server + "/downloads/gtkg-ontology.ttl")
    assert (GT.Therapy, RDFS.label, None) in Graph().parse(data=ontology.content, format="turtle")


def test_every_named_graph_dereferences(live_server: str, store) -> None:
    """Pages link each fact to the graph it sits in: every graph IRI must resolve."""
    broken = {}
    for graph in store.named_graphs():
        path = graph.value.removeprefix(BASE)
        status = fetch(f"{live_server}/{path}", "text/html").status_code
        if status != 200:
            broken[graph.value] = status
    assert broken == {}
