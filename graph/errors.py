"""The domain error tree, as the graph, queries and server packages import it.

The classes live in ``ontology.errors`` (the lowest package, so the reasoner raises the same
``InconsistentOntology`` the server maps to 422); see the tree there.
"""

from __future__ import annotations

from ontology.errors import (
    BadParameter,
    EngineCrashed,
    GtkgError,
    InconsistentOntology,
    InvalidGraph,
    Overloaded,
    QueryAbandoned,
    QueryError,
    QueryMemoryExceeded,
    QueryNotFound,
    QueryRefused,
    QueryTimeout,
    QueryTooComplex,
    ReasonerFailed,
    SettingsError,
    SourceError,
    StoreError,
)

__all__ = [
    "BadParameter",
    "EngineCrashed",
    "GtkgError",
    "InconsistentOntology",
    "InvalidGraph",
    "Overloaded",
    "QueryAbandoned",
    "QueryError",
    "QueryMemoryExceeded",
    "QueryNotFound",
    "QueryRefused",
    "QueryTimeout",
    "QueryTooComplex",
    "ReasonerFailed",
    "SettingsError",
    "SourceError",
    "StoreError",
]
