"""SHACL validation with pyshacl: the data against ``shapes.ttl``, and ``shapes.ttl`` against
the SHACL-for-SHACL shapes that ship with pyshacl.

``validate(data)`` returns a ``ValidationReport`` (``conforms``, ``results``, ``text``); each
``Violation`` names the focus node, the path, the message, the severity, the shape and the
offending value. Warnings (``sh:Warning``) are reported but do not break conformance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from pyshacl import validate as shacl_validate
from rdflib import RDF, SH, Graph
from rdflib.term import Node

__all__ = ["ValidationReport", "Violation", "shacl_shacl", "validate", "validate_shapes"]


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result."""

    focus_node: Node | None
    path: Node | None
    message: str
    severity: Node
    source_shape: Node | None
    value: Node | None = None

    @property
    def is_violation(self) -> bool:
        return self.severity == SH.Violation

    def __str__(self) -> str:
        path = f" {self.path}" if self.path is not None else ""
        return f"{self.focus_node}{path}: {self.message}"


@dataclass
class ValidationReport:
    """The outcome of one validation: ``conforms`` ignores warnings and infos."""

    conforms: bool
    results: list[Violation] = field(default_factory=list)
    text: str = ""

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.is_violation]

    @property
    def warnings(self) -> list[Violation]:
        return [r for r in self.results if not r.is_violation]


def validate(
    data: Graph, shapes: Graph | None = None, ontology: Graph | None = None
) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (default ``shapes.ttl``), ``ontology`` mixed in.

    No RDFS/OWL inference is run here: materialise inferred types first
    (``ontology.reasoning.infer``). The ontology's ``rdfs:subClassOf`` triples let
    ``sh:targetClass`` and ``sh:class`` see subclasses.
    """
    from ontology import load_ontology, load_shapes

    shapes = load_shapes() if shapes is None else shapes
    ontology = load_ontology() if ontology is None else ontology
    _, report_graph, text = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        advanced=False,
    )
    results = _results(report_graph)
    conforms = not any(r.is_violation for r in results)
    return ValidationReport(conforms=conforms, results=results, text=text)


def shacl_shacl() -> Graph:
    """The SHACL-for-SHACL shapes graph (W3C SHACL appendix C) shipped with pyshacl."""
    asset = resources.files("pyshacl") / "assets" / "shacl-shacl.ttl"
    return Graph().parse(data=asset.read_text(encoding="utf-8"), format="turtle")


def validate_shapes(shapes: Graph | None = None) -> ValidationReport:
    """Check that a shapes graph (default ``shapes.ttl``) is well-formed SHACL."""
    from ontology import load_shapes

    shapes = load_shapes() if shapes is None else shapes
    _, report_graph, text = shacl_validate(
        shapes, shacl_graph=shacl_shacl(), inference="none", allow_warnings=True
    )
    results = _results(report_graph)
    return ValidationReport(conforms=not results, results=results, text=text)


def _results(report: Graph) -> list[Violation]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        results.append(
            Violation(
                focus_node=report.value(node, SH.focusNode),
                path=report.value(node, SH.resultPath),
                message="; ".join(messages),
                severity=report.value(node, SH.resultSeverity) or SH.Violation,
                source_shape=report.value(node, SH.sourceShape),
                value=report.value(node, SH.value),
            )
        )
    return sorted(results, key=lambda r: (str(r.focus_node), str(r.path), r.message))
