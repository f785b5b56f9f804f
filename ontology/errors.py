"""Errors the ontology package raises. It imports nothing from ``graph``: the graph package
wraps these in its own error tree.

    Exception
    ├── InconsistentOntology  HermiT proved the ontology plus the data inconsistent
    └── ReasonerError         the reasoner could not run (no Java, a HermiT crash)
"""

from __future__ import annotations


class InconsistentOntology(Exception):
    """The ontology together with the data has no model; the message names what clashes."""

    def __init__(self, message: str, culprits: list[str] | None = None) -> None:
        super().__init__(message)
        self.culprits = culprits or []


class ReasonerError(Exception):
    """HermiT could not be run or failed for a reason other than inconsistency."""
