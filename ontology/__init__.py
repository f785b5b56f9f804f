"""The gtkg schema: the OWL ontology, the SHACL shapes, the closed ``GT`` namespace,
reasoning (``ontology.reasoning.infer``) and validation (``ontology.validation.validate``).

The package knows nothing of data sources, stores or HTTP.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ontology.namespace import GT, PREFIXES, bind_prefixes, sparql_prefixes

HERE = Path(__file__).resolve().parent
ONTOLOGY_PATH = HERE / "gtkg.ttl"
SHAPES_PATH = HERE / "shapes.ttl"

__all__ = [
    "GT",
    "ONTOLOGY_PATH",
    "PREFIXES",
    "SHAPES_PATH",
    "load_ontology",
    "load_shapes",
    "sparql_prefixes",
]


def load_ontology() -> Graph:
    """A fresh rdflib graph holding ``gtkg.ttl``."""
    return bind_prefixes(Graph().parse(ONTOLOGY_PATH, format="turtle"))


def load_shapes() -> Graph:
    """A fresh rdflib graph holding ``shapes.ttl``."""
    return bind_prefixes(Graph().parse(SHAPES_PATH, format="turtle"))
