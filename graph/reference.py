"""The reference layer (HGNC genes, MONDO diseases) as cached N-Quads files, made once per source.

Each importer's output is cached beside the store, keyed by the source files'
size and modification time, by the importers' code and by the base IRI, so later builds and
``gtkg serve`` start in seconds; ``gtkg import NAME`` forces a fresh import.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from graph.importers import IMPORTERS, default_sources
from graph.progress import Progress

CACHE_DIR = "reference-cache"
IMPORTERS_DIR = Path(__file__).resolve().parent / "importers"


def cache_path(settings: dict[str, Any], name: str) -> Path:
    return Path(settings["STORE"]) / CACHE_DIR / f"{name}.nq"


def reference_files(settings: dict[str, Any], progress: Progress) -> list[Path]:
    """The N-Quads file of every importer, imported now if missing or stale."""
    sources = default_sources(Path(settings["REFERENCE_DIR"]))
    files = []
    for name in IMPORTERS:
        output = cache_path(settings, name)
        stamp = _stamp(sources[name], settings["BASE_IRI"])
        if not output.exists() or _read_stamp(output) != stamp:
            run_import(settings, name, sources[name], progress)
        files.append(output)
    return files


def run_import(settings: dict[str, Any], name: str, source: Path, progress: Progress) -> Any:
    """Run one importer into its cache file atomically and record what it was made from."""
    output = cache_path(settings, name)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".nq.partial")
    with progress.step(f"importing {name} from {source}"):
        report = IMPORTERS[name](
            source, partial, base_iri=settings["BASE_IRI"], progress=progress.count
        )
    os.replace(partial, output)
    output.with_suffix(".stamp").write_text(json.dumps(_stamp(source, settings["BASE_IRI"])))
    return report


def _stamp(source: Path, base: str) -> dict[str, Any]:
    files = sorted(source.iterdir()) if source.is_dir() else [source]
    return {
        "base": base,
        "importers": _importers_version(),
        "files": [[f.name, f.stat().st_size, int(f.stat().st_mtime)] for f in files],
    }


def _importers_version() -> str:
    """A digest of the importers' code, so a changed importer re-imports."""
    digest = hashlib.sha256()
    for module in sorted(IMPORTERS_DIR.glob("*.py")) + sorted(IMPORTERS_DIR.glob("*.rq")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def _read_stamp(output: Path) -> dict[str, Any] | None:
    stamp = output.with_suffix(".stamp")
    return json.loads(stamp.read_text()) if stamp.exists() else None
