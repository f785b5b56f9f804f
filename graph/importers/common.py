"""What the importers share: reading TSV by header, reporting problems, writing N-Quads, provenance.

Reading. ``read_tsv`` opens a plain or gzipped tab-separated file, skips a
leading block of ``#`` comment lines (SSSOM's YAML header), takes the first
other line as the header and yields each row as a dict keyed by column name,
with its physical line number. Columns are found by name, never by position,
so a newer file with more, fewer or reordered columns still imports as long as
the required ones are there; a missing required column is a ``SourceError``.

Problems. A row that cannot be read (wrong number of columns, an empty or
malformed required value) is a *problem*: by default it is skipped and
recorded in ``ImportReport.problems`` as ``Problem(line, message, path)``;
with ``strict=True`` the first problem raises ``SourceError(message, path,
line)`` and no output file is left behind. Rows that are well-formed but
deliberately left out (imported non-MONDO classes, obsolete classes, links to
classes absent from this release) are counted by reason in
``ImportReport.skipped``. Nothing is dropped silently.

Writing. Quads are produced by generators and serialised by pyoxigraph as they
come (bounded memory), into ``<output>.part`` which replaces ``output`` only
when the import succeeds.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, NamedTuple

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from graph.errors import SourceError
from graph.importers import vocab as v

PROGRESS_EVERY = 10_000
MANIFEST = Path(__file__).resolve().parent.parent / "reference" / "manifest.json"

Progress = Callable[[str, int], None]
"""``progress(file_name, rows_read)``: every ``PROGRESS_EVERY`` rows and at each file's end."""


class Problem(NamedTuple):
    line: int
    message: str
    path: str


@dataclass
class ImportReport:
    """What an import did: counts, what it skipped and why, and the rows it could not read."""

    source: str
    output: Path
    rows: int = 0
    entities: int = 0
    quads: int = 0
    seconds: float = 0.0
    version: str | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        text = (
            f"{self.source}: {self.entities} entities, {self.quads} quads from {self.rows} rows "
            f"in {self.seconds:.1f} s"
        )
        if self.skipped:
            text += "; skipped " + ", ".join(
                f"{n} {why}" for why, n in sorted(self.skipped.items())
            )
        if self.problems:
            text += f"; {len(self.problems)} unreadable rows (see problems)"
        return text


class Context:
    """One import run: its report, strictness and progress callback."""

    def __init__(self, report: ImportReport, strict: bool, progress: Progress | None) -> None:
        self.report = report
        self.strict = strict
        self.progress = progress

    def problem(self, path: Path, line: int, message: str) -> None:
        if self.strict:
            raise SourceError(message, str(path), line)
        self.report.problems.append(Problem(line, message, str(path)))

    def skip(self, reason: str) -> None:
        self.report.skipped[reason] += 1

    def tick(self, path: Path, rows: int, final: bool = False) -> None:
        if self.progress and (final or rows % PROGRESS_EVERY == 0):
            self.progress(path.name, rows)


def _open_text(path: Path) -> IO[str]:
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_tsv(
    path: Path, required: Iterable[str], ctx: Context, comments: list[str] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` for each readable data row of a TSV file, by column name.

    Leading ``#`` lines are appended to ``comments`` when a list is given.
    """
    required = list(required)
    try:
        with _open_text(path) as handle:
            consumed = 0
            header_line = handle.readline()
            consumed += 1
            while header_line.startswith("#"):
                if comments is not None:
                    comments.append(header_line.rstrip("\r\n"))
                header_line = handle.readline()
                consumed += 1
            header = next(csv.reader([header_line], delimiter="\t"), [])
            missing = [name for name in required if name not in header]
            if missing:
                raise SourceError(
                    f"header lacks column(s) {', '.join(missing)}; found {', '.join(header)}",
                    str(path),
                    consumed,
                )
            reader = csv.reader(handle, delimiter="\t")
            rows = 0
            for cells in reader:
                line = consumed + reader.line_num
                rows += 1
                ctx.report.rows += 1
                ctx.tick(path, rows)
                if not cells:
                    continue
                if len(cells) != len(header):
                    ctx.problem(
                        path,
                        line,
                        f"expected {len(header)} tab-separated columns, found {len(cells)}",
                    )
                    continue
                yield line, dict(zip(header, cells, strict=True))
            ctx.tick(path, rows, final=True)
    except (OSError, UnicodeDecodeError, csv.Error, EOFError) as error:
        raise SourceError(f"cannot read: {error}", str(path)) from error


def write_nquads(output: Path, quads: Iterable[Quad], report: ImportReport) -> None:
    """Serialise quads to ``output`` as N-Quads, streaming; replace the file only on success."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")

    def counted() -> Iterator[Quad]:
        for quad in quads:
            report.quads += 1
            yield quad

    try:
        serialize(counted(), str(partial), RdfFormat.N_QUADS)
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_entry(checksum: str) -> dict | None:
    """The upstream record (repo, path, commit, date) of a vendored file, found by checksum."""
    if not MANIFEST.exists():
        return None
    entries = json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]
    return next((entry for entry in entries if entry["sha256"] == checksum), None)


@dataclass
class SourceInfo:
    """The description of one reference source, written to the ``graph/sources`` graph."""

    slug: str
    label: str
    title: str
    url: str
    license: NamedNode
    files: list[Path]
    version: str | None = None


def source_quads(info: SourceInfo, base_iri: str) -> Iterator[Quad]:
    """The source node, and one ``dcat:Distribution`` per file with its checksum and upstream."""
    graph = NamedNode(f"{base_iri}graph/sources")
    node = NamedNode(f"{base_iri}source/{info.slug}")

    def q(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, graph)

    yield q(node, v.TYPE, v.SOURCE)
    yield q(node, v.LABEL, Literal(info.label, language="en"))
    yield q(node, v.TITLE, Literal(info.title, language="en"))
    yield q(node, v.URL, NamedNode(info.url))
    yield q(node, v.LICENSE, info.license)
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    yield q(node, v.GENERATED_AT, Literal(now, datatype=v.XSD_DATETIME))
    if info.version:
        yield q(node, v.VERSION, Literal(info.version))
        yield q(node, v.MODIFIED, Literal(info.version, datatype=v.XSD_DATE))
    if len(info.files) == 1:  # gt:fileName is at most one; several files: see the distributions
        yield q(node, v.FILE_NAME, Literal(info.files[0].name))
    for path in info.files:
        yield from _distribution_quads(node, path, base_iri, q)


def _distribution_quads(node: NamedNode, path: Path, base_iri: str, q) -> Iterator[Quad]:
    checksum = sha256(path)
    dist = NamedNode(f"{base_iri}source/{node.value.rsplit('/', 1)[1]}/file/{path.name}")
    yield q(node, v.DISTRIBUTION, dist)
    yield q(dist, v.TYPE, v.DISTRIBUTION_CLASS)
    yield q(dist, v.LABEL, Literal(path.name))
    yield q(dist, v.SHA256, Literal(checksum))
    upstream = manifest_entry(checksum)
    if upstream:
        blob = f"https://github.com/{upstream['repo']}/blob/{upstream['commit']}/{upstream['path']}"
        yield q(dist, v.DERIVED_FROM, NamedNode(blob))
        yield q(dist, v.MODIFIED, Literal(upstream["date"], datatype=v.XSD_DATE))


def timed(report: ImportReport, started: float) -> ImportReport:
    report.seconds = time.perf_counter() - started
    return report
