"""Export the whole graph in the standard RDF formats, streamed by Oxigraph's serialisers.

Quad formats (N-Quads, TriG, JSON-LD) keep every named graph, so the source of
each fact travels with it. Triple formats (Turtle, N-Triples, RDF/XML) carry the
default graph, which the build makes the union of all graphs (see graph.store).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

import pyoxigraph as ox

from graph.store import GraphStore
from ontology.namespace import PREFIXES


@dataclass(frozen=True)
class ExportFormat:
    name: str
    rdf_format: ox.RdfFormat
    extension: str

    @property
    def keeps_graphs(self) -> bool:
        return self.rdf_format.supports_datasets

    @property
    def media_type(self) -> str:
        return self.rdf_format.media_type


FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("ttl", ox.RdfFormat.TURTLE, "ttl"),
        ExportFormat("nt", ox.RdfFormat.N_TRIPLES, "nt"),
        ExportFormat("nq", ox.RdfFormat.N_QUADS, "nq"),
        ExportFormat("trig", ox.RdfFormat.TRIG, "trig"),
        ExportFormat("jsonld", ox.RdfFormat.JSON_LD, "jsonld"),
        ExportFormat("xml", ox.RdfFormat.RDF_XML, "rdf"),
    )
}


def export(store: GraphStore, fmt: str, output: IO[bytes] | str | Any) -> None:
    """Write the whole graph to ``output`` (a binary stream or a path) in format ``fmt``."""
    chosen = FORMATS[fmt]
    prefixes = _prefixes(chosen)
    if chosen.keeps_graphs:
        named = (q for q in store.quads() if not isinstance(q.graph_name, ox.DefaultGraph))
        ox.serialize(named, output, chosen.rdf_format, prefixes=prefixes)
    else:
        triples = (q.triple for q in store.quads(graph=ox.DefaultGraph()))
        ox.serialize(triples, output, chosen.rdf_format, prefixes=prefixes)


def _prefixes(fmt: ExportFormat) -> dict[str, str] | None:
    if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        return {name: str(iri) for name, iri in PREFIXES.items()}
    return None
