"""Counts that describe the graph: per class, per property, per source graph."""

from __future__ import annotations

from dataclasses import dataclass

from graph.store import GraphStore

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?count)
WHERE { ?entity a ?class }
GROUP BY ?class ORDER BY DESC(?count) ?class
"""
PROPERTY_COUNTS = """
SELECT ?property (COUNT(*) AS ?count)
WHERE { ?s ?property ?o }
GROUP BY ?property ORDER BY DESC(?count) ?property
"""
GRAPH_COUNTS = """
SELECT ?graph (SAMPLE(?label) AS ?title) (COUNT(*) AS ?count)
WHERE {
  GRAPH ?graph { ?s ?p ?o }
  OPTIONAL { ?graph <http://www.w3.org/2000/01/rdf-schema#label> ?label }
}
GROUP BY ?graph ORDER BY DESC(?count) ?graph
"""


@dataclass
class Stats:
    quads: int
    triples: int
    classes: list[tuple[str, int]]
    properties: list[tuple[str, int]]
    graphs: list[tuple[str, str, int]]


def stats(store: GraphStore) -> Stats:
    """Gather the counts with a handful of aggregate queries on the store engine."""
    triples = next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"]
    return Stats(
        quads=len(store),
        triples=int(triples.value),
        classes=[(r["class"].value, int(r["count"].value)) for r in store.query(CLASS_COUNTS)],
        properties=[
            (r["property"].value, int(r["count"].value)) for r in store.query(PROPERTY_COUNTS)
        ],
        graphs=[
            (r["graph"].value, r["title"].value if r["title"] else "", int(r["count"].value))
            for r in store.query(GRAPH_COUNTS)
        ],
    )
