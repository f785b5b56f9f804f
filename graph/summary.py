"""Release summaries: the whole-graph aggregates a page would otherwise scan for, computed once
by the build and stored beside the release (``releases/<id>.summary.json``).

Why: on the full graph a count of the store takes seconds, on every worker; the numbers only
change with a new release. Serving them costs one small file read per release and worker.
A release written before summaries existed has none: readers fall back to computing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ontology import PREFIXES

SUFFIX = ".summary.json"
GT = PREFIXES["gt"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]

TRIPLES = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
CLASS_COUNTS = f"""
SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  GRAPH <{GT[:-1]}> {{ ?class a <{OWL}Class> FILTER(isIRI(?class)) }}
  ?sub <{RDFS}subClassOf>* ?class . ?s a ?sub .
  OPTIONAL {{ ?class <{RDFS}label> ?l }}
}} GROUP BY ?class ORDER BY DESC(?n)
"""
APPROVALS_BY_YEAR = f"""
PREFIX gt: <{GT}>
SELECT ?year ?agency (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?approval) AS ?n) WHERE {{
  ?approval a gt:RegulatoryApproval ; gt:byAgency ?agency .
  OPTIONAL {{ ?approval gt:eventDate ?date }}
  OPTIONAL {{ ?approval gt:eventYear ?yearOnly }}
  BIND(SUBSTR(COALESCE(STR(?date), STR(?yearOnly)), 1, 4) AS ?year)
  FILTER(BOUND(?year))
  OPTIONAL {{ ?agency <{RDFS}label> ?name }}
}} GROUP BY ?year ?agency ORDER BY ?year ?label
"""


def summarise(store: Any) -> dict[str, Any]:
    """The aggregates of one release (``store`` answers SPARQL and ``len``)."""
    return {
        "quads": len(store),
        "triples": int(next(iter(store.query(TRIPLES)))["n"].value),
        "classes": [
            {
                "iri": r["class"].value,
                "label": r["label"].value if r["label"] else "",
                "count": int(r["n"].value),
            }
            for r in store.query(CLASS_COUNTS)
        ],
        "approvalsByYear": [
            {
                "year": r["year"].value,
                "agency": r["agency"].value,
                "label": r["label"].value if r["label"] else "",
                "count": int(r["n"].value),
            }
            for r in store.query(APPROVALS_BY_YEAR)
        ],
    }


def summary_path(release: Path) -> Path:
    return release.parent / f"{release.name}{SUFFIX}"


def write_summary(store: ox.Store, release: Path) -> Path:
    """Write the release's summary beside it (atomically: a reader sees all of it or none)."""
    target = summary_path(release)
    temporary = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    temporary.write_text(json.dumps(summarise(store), indent=1), encoding="utf-8")
    temporary.replace(target)
    return target


def read_summary(release: Path | None) -> dict[str, Any] | None:
    """The summary stored beside ``release``; None when there is none (an older release)."""
    if release is None:
        return None
    try:
        return json.loads(summary_path(Path(release)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
