"""The result formats the endpoint offers, with their media types, short names and W3C IRIs."""

from __future__ import annotations

import pyoxigraph as ox

from server.conneg import Offer

RESULTS = "results"  # SELECT and ASK
GRAPH = "graph"  # CONSTRUCT and DESCRIBE

RESULT_OFFERS: tuple[Offer, ...] = (
    Offer("json", "application/sparql-results+json", ("application/json",)),
    Offer("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Offer("csv", "text/csv"),
    Offer("tsv", "text/tab-separated-values"),
)

RDF_OFFERS: tuple[Offer, ...] = (
    Offer("ttl", "text/turtle", ("application/x-turtle",), ("turtle",)),
    Offer("nt", "application/n-triples", ("text/plain",), ("ntriples",)),
    Offer("jsonld", "application/ld+json", ("application/json",), ("json-ld", "json")),
    Offer("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("xml", "rdf")),
    Offer("trig", "application/trig"),
    Offer("nq", "application/n-quads", (), ("nquads",)),
)

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}


def offers_for(form: str | None) -> tuple[Offer, ...]:
    """Result formats for SELECT/ASK, RDF formats for CONSTRUCT/DESCRIBE (results if unknown)."""
    return RDF_OFFERS if form in {"CONSTRUCT", "DESCRIBE"} else RESULT_OFFERS


W3C_FORMAT_IRIS: dict[str, str] = {
    key: f"http://www.w3.org/ns/formats/{name}"
    for key, name in (
        ("json", "SPARQL_Results_JSON"),
        ("xml", "SPARQL_Results_XML"),
        ("csv", "SPARQL_Results_CSV"),
        ("tsv", "SPARQL_Results_TSV"),
        ("ttl", "Turtle"),
        ("nt", "N-Triples"),
        ("jsonld", "JSON-LD"),
        ("rdfxml", "RDF_XML"),
        ("trig", "TriG"),
        ("nq", "N-Quads"),
    )
}
"""The IRIs of https://www.w3.org/ns/formats/ for every format we answer in (sd:resultFormat)."""
