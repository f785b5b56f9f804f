"""Reference-layer importers: HGNC genes and MONDO diseases, as streamed N-Quads.

    from graph.importers import IMPORTERS, default_sources
    report = IMPORTERS["hgnc"](default_sources(reference_dir)["hgnc"], Path("hgnc.nq"))

Each importer is ``import_x(source, output, base_iri=..., progress=None, strict=False)
-> ImportReport``; see ``graph.importers.common`` for the behaviour on malformed rows.
"""

from __future__ import annotations

from pathlib import Path

from graph.importers.common import ImportReport, Problem
from graph.importers.hgnc import import_hgnc

IMPORTERS = {"hgnc": import_hgnc}

__all__ = ["IMPORTERS", "ImportReport", "Problem", "import_hgnc"]
