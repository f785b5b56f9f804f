"""Settings as data: defaults, then ``GTKG_*`` environment variables, then explicit overrides.

Every setting is declared once here with its default and a line of help; the
README lists them all, and a test keeps the two in step.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import SettingsError

DEFAULT_BASE_IRI = "https://w3id.org/gtkg/"
PACKAGE_ROOT = Path(__file__).resolve().parent
IN_MEMORY_MODES = {"auto", "true", "false", "1", "0", "yes", "no", "on", "off"}


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        return f"GTKG_{self.name}"

    def parse(self, raw: Any) -> Any:
        """Coerce a raw (usually string) value to the type of the default."""
        if raw is None or not isinstance(raw, str):
            return raw
        if isinstance(self.default, bool):
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise SettingsError(f"{self.env_var} must be true or false, not {raw!r}")
        kind = (
            int
            if isinstance(self.default, int)
            else float
            if isinstance(self.default, float)
            else None
        )
        if kind is None:
            return raw
        try:
            return kind(raw)
        except ValueError:
            word = "a whole number" if kind is int else "a number"
            raise SettingsError(f"{self.env_var} must be {word}, not {raw!r}") from None


SETTINGS: tuple[Setting, ...] = (
    Setting("STORE", ".gtkg/store", "directory of the embedded Oxigraph store"),
    Setting("BASE_IRI", DEFAULT_BASE_IRI, "base IRI under which every entity IRI is minted"),
    Setting("DATA_DIR", str(PACKAGE_ROOT / "data"), "folder of the curated TriG sources"),
    Setting("REFERENCE_DIR", str(PACKAGE_ROOT / "reference"), "folder of vendored reference data"),
    Setting("REFERENCE_LAYER", True, "build and serve the HGNC / MONDO reference layer"),
    Setting("HOST", "127.0.0.1", "interface the server binds to"),
    Setting("PORT", 8000, "TCP port of the server"),
    Setting("PUBLIC_URL", "", "public base URL of the server (default: http://HOST:PORT/)"),
    Setting("WORKERS", 2, "number of server worker processes"),
    Setting("THREADS", 16, "request threads per server worker process"),
    Setting("EXECUTORS", 4, "query executor processes per server worker (started on demand)"),
    Setting("IN_MEMORY", "auto", "executors query an in-memory copy: auto, true or false"),
    Setting("IN_MEMORY_MAX_QUADS", 500_000, "largest release (quads) that auto copies to memory"),
    Setting("MEMORY_EXECUTORS", 2, "executors per worker when in memory (each holds a copy)"),
    Setting("CACHE_BYTES", 64 * 1024 * 1024, "response cache size per worker, in bytes (0: off)"),
    Setting("CACHE_ENTRY_BYTES", 4 * 1024 * 1024, "largest response body the cache keeps"),
    Setting("CACHE_MAX_AGE", 60, "seconds clients may reuse a query response (Cache-Control)"),
    Setting("QUERY_TIMEOUT", 30.0, "longest a query may run, in seconds"),
    Setting("RESULT_LIMIT", 10000, "most rows (or triples) one query response returns"),
    Setting("RESULT_BYTES", 32 * 1024 * 1024, "most bytes one query response returns"),
    Setting("EXECUTOR_MEMORY", 0, "memory a query may add to its executor, bytes (0: auto)"),
    Setting("QUERY_QUEUE", 4, "queries per worker that may wait for a busy executor"),
    Setting("MAX_REQUEST_BYTES", 1_000_000, "largest accepted request body, in bytes"),
    Setting("REASONER", True, "run the OWL reasoner (HermiT) during the build"),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Resolve every setting: default < environment < overrides (``None`` overrides are ignored)."""
    environ = os.environ if environ is None else environ
    resolved: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.env_var in environ:
            value = setting.parse(environ[setting.env_var])
        if overrides and overrides.get(setting.name) is not None:
            value = setting.parse(overrides[setting.name])
        resolved[setting.name] = value
    if str(resolved["IN_MEMORY"]).lower() not in IN_MEMORY_MODES:
        raise SettingsError(
            f"GTKG_IN_MEMORY must be auto, true or false, not {resolved['IN_MEMORY']!r}"
        )
    if resolved["PUBLIC_URL"] and not resolved["PUBLIC_URL"].startswith(("http://", "https://")):
        raise SettingsError("GTKG_PUBLIC_URL must be an http:// or https:// URL")
    if not resolved["BASE_IRI"].endswith(("/", "#")):
        raise SettingsError("GTKG_BASE_IRI must end with '/' or '#'")
    return resolved
