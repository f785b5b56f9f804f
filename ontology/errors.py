"""The one error tree of gtkg, rooted in the lowest package so every package raises the same
classes. Nothing here knows about HTTP (``server.errors`` maps them to statuses) or about the
command line (the ``gtkg`` group turns any of them into one line and exit status 1).

GtkgError
├── InvalidGraph          the data break a SHACL shape or the ontology (carries the report)
├── InconsistentOntology  the reasoner proved the ontology plus data inconsistent (culprits)
├── ReasonerFailed        the reasoner could not run (no Java, HermiT crashed)
├── SourceError           a curated or reference source file cannot be read (file, line)
├── SettingsError         a setting (GTKG_* variable or flag) has a value gtkg cannot use
├── StoreError            the store is missing, locked or unreadable
├── QueryError            a SPARQL query is malformed or cannot run
│   ├── QueryTimeout      it ran past its time limit and was stopped
│   ├── QueryRefused      it asks for something the service does not do (update, SERVICE…)
│   ├── QueryTooComplex   it nests deeper or runs longer than the engine can safely parse
│   ├── QueryMemoryExceeded  it grew past its executor's memory ceiling and was stopped
│   ├── EngineCrashed     the engine process died while running it (it was replaced)
│   ├── QueryAbandoned    its client went away, so it was stopped
│   └── Overloaded        too many queries are running or waiting: try again shortly
├── QueryNotFound         no saved query has that name
└── BadParameter          a saved-query parameter is missing or of the wrong type
"""

from __future__ import annotations


class GtkgError(Exception):
    """Base of every error gtkg raises on purpose."""


class InvalidGraph(GtkgError):
    def __init__(self, message: str, violations: list | None = None) -> None:
        super().__init__(message)
        self.violations = violations or []


class InconsistentOntology(GtkgError):
    """The ontology together with the data has no model; the message names what clashes."""

    def __init__(self, message: str, culprits: list[str] | None = None) -> None:
        super().__init__(message)
        self.culprits = culprits or []


class ReasonerFailed(GtkgError):
    """HermiT could not be run or failed for a reason other than inconsistency."""


ReasonerError = ReasonerFailed  # the name the reasoner module has always raised


class SourceError(GtkgError):
    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


class SettingsError(GtkgError, ValueError):
    """Also a ValueError, as settings errors were before the tree had them."""


class StoreError(GtkgError):
    pass


class QueryError(GtkgError):
    pass


class QueryTimeout(QueryError):
    pass


class QueryRefused(QueryError):
    pass


class QueryTooComplex(QueryError):
    pass


class QueryMemoryExceeded(QueryError):
    pass


class EngineCrashed(QueryError):
    pass


class QueryAbandoned(QueryError):
    pass


class Overloaded(QueryError):
    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryNotFound(GtkgError):
    pass


class BadParameter(GtkgError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"parameter {name!r}: {message}")
        self.name = name
