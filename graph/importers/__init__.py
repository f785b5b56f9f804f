"""Reference-layer importers: HGNC genes and MONDO diseases, streamed to N-Quads files.

    from graph.importers import IMPORTERS, default_sources
    sources = default_sources(Path(settings["REFERENCE_DIR"]))
    report = IMPORTERS["hgnc"](sources["hgnc"], Path("hgnc.nq"), base_iri, progress)
    print(report.summary(), report.problems)

Each importer is ``import_x(source, output, base_iri=..., progress=None, strict=False)
-> ImportReport``: ``source`` is the HGNC file, or the directory of Mondo reports.
Malformed rows are skipped and reported with their line (or, with ``strict``,
raise ``graph.errors.SourceError``) — see ``graph.importers.common``.
After loading curated and reference graphs together, ``link_reference(store)``
gives the ``gt:hasReferenceRecord`` links from curated diseases to MONDO classes.
"""

from __future__ import annotations

from pathlib import Path

from graph.importers.common import ImportReport, Problem, Progress
from graph.importers.hgnc import import_hgnc
from graph.importers.links import LINK_QUERY_PATH, link_reference
from graph.importers.mondo import import_mondo

IMPORTERS = {"hgnc": import_hgnc, "mondo": import_mondo}


def default_sources(reference_dir: Path) -> dict[str, Path]:
    """The vendored input of each importer under ``reference_dir`` (setting ``REFERENCE_DIR``)."""
    reference_dir = Path(reference_dir)
    return {
        "hgnc": reference_dir / "hgnc" / "hgnc_complete_set.txt.gz",
        "mondo": reference_dir / "mondo",
    }


__all__ = [
    "IMPORTERS",
    "LINK_QUERY_PATH",
    "ImportReport",
    "Problem",
    "Progress",
    "default_sources",
    "import_hgnc",
    "import_mondo",
    "link_reference",
]
