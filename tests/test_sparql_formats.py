"""Content negotiation on the real server: every format parsed back, q-values, aliases, 406."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib
import requests

THERAPY = "https://w3id.org/gtkg/therapy/luxturna"
SELECT = f"SELECT ?label {{ <{THERAPY}> rdfs:label ?label }}"
ASK = f"ASK {{ <{THERAPY}> ?p ?o }}"
CONSTRUCT = (
    f"CONSTRUCT {{ <{THERAPY}> rdfs:label ?label }} WHERE {{ <{THERAPY}> rdfs:label ?label }}"
)
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def get(live_server: str, query: str, accept: str | None = None, **params) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(
        live_server + "/sparql", params={"query": query, **params}, headers=headers
    )
    return response


def select_labels(response: requests.Response) -> list[str]:
    """Parse a SELECT response in whatever format it came and return the ?label values."""
    assert response.status_code == 200, response.text
    kind = response.headers["Content-Type"].split(";")[0]
    text = response.content.decode("utf-8")
    if kind == "application/sparql-results+json":
        return [b["label"]["value"] for b in json.loads(text)["results"]["bindings"]]
    if kind == "application/sparql-results+xml":
        root = ET.fromstring(text)
        return [lit.text for lit in root.iter(f"{RESULTS_NS}literal")]
    if kind == "text/csv":
        return [row["label"] for row in csv.DictReader(io.StringIO(text))]
    if kind == "text/tab-separated-values":
        lines = text.splitlines()
        assert lines[0] == "?label"
        return [line.split("@")[0].strip('"') for line in lines[1:]]
    raise AssertionError(f"unexpected type {kind}")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/tab-separated-values;q=1.0, text/csv;q=0.2, */*;q=0.1", "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
        ("image/png, text/*;q=0.3", "text/csv"),
    ],
)
def test_select_accept_matrix(live_server: str, accept: str | None, expected: str) -> None:
    response = get(live_server, SELECT, accept)
    assert response.headers["Content-Type"].split(";")[0] == expected
    assert "Luxturna" in select_labels(response)
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_format_parameter_wins_over_accept(live_server: str, fmt: str) -> None:
    response = get(live_server, SELECT, "application/sparql-results+json", format=fmt)
    assert "Luxturna" in select_labels(response)
    assert fmt in response.headers["Content-Type"] or fmt == "tsv"


@pytest.mark.parametrize(
    ("accept", "check"),
    [
        ("application/sparql-results+json", lambda r: r.json()["boolean"] is True),
        (
            "application/sparql-results+xml",
            lambda r: ET.fromstring(r.content).find(f"{RESULTS_NS}boolean").text == "true",
        ),
        ("text/csv", lambda r: r.text.strip() == "true"),
    ],
)
def test_ask(live_server: str, accept: str, check) -> None:
    response = get(live_server, ASK, accept)
    assert response.status_code == 200
    assert check(response)


RDF_CASES = [
    ("text/turtle", None, "turtle"),
    ("application/n-triples", None, "nt"),
    ("application/ld+json", None, "json-ld"),
    ("application/rdf+xml", None, "xml"),
    ("application/trig", None, "trig"),
    ("application/n-quads", None, "nquads"),
    ("application/json", None, "json-ld"),
    ("text/turtle;q=0.2, application/rdf+xml;q=0.9", None, "xml"),
    ("*/*", None, "turtle"),
    (None, "ttl", "turtle"),
    (None, "nt", "nt"),
    (None, "jsonld", "json-ld"),
    (None, "rdfxml", "xml"),
    (None, "xml", "xml"),
    (None, "trig", "trig"),
    (None, "nq", "nquads"),
]


@pytest.mark.parametrize(("accept", "fmt", "parser"), RDF_CASES)
def test_construct_formats_parse_back(live_server: str, accept, fmt, parser) -> None:
    params = {"format": fmt} if fmt else {}
    response = get(live_server, CONSTRUCT, accept, **params)
    assert response.status_code == 200, response.text
    graph = rdflib.Dataset() if parser in {"trig", "nquads"} else rdflib.Graph()
    graph.parse(data=response.content, format=parser)
    labels = {
        str(o) for _, _, o in graph.triples((rdflib.URIRef(THERAPY), rdflib.RDFS.label, None))
    }
    assert "Luxturna" in labels


def test_describe_gives_rdf(live_server: str) -> None:
    response = get(live_server, f"DESCRIBE <{THERAPY}>", "text/turtle")
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    assert (rdflib.URIRef(THERAPY), rdflib.RDFS.label, None) in graph


@pytest.mark.parametrize(
    ("query", "accept", "fmt"),
    [
        (SELECT, "image/png", None),
        (SELECT, "text/turtle", None),
        (CONSTRUCT, "application/sparql-results+json", None),
        (SELECT, None, "yaml"),
    ],
)
def test_406_lists_what_is_offered(live_server: str, query, accept, fmt) -> None:
    params = {"format": fmt} if fmt else {}
    response = get(live_server, query, accept, **params)
    assert response.status_code == 406
    offered = "text/turtle" if query == CONSTRUCT else "application/sparql-results+json"
    assert offered in response.text
