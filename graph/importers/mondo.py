"""Import MONDO disease classes from Mondo's TSV reports into the graph ``{base}source/mondo-reports``.

Input: a directory holding Mondo reports, found by file name (plain or
gzipped; when several match, the last in name order, i.e. the newest dated one):

- ``*class-stats*.tsv*`` (required) — columns ``cls``, ``cls_label``: the classes and labels;
- ``*edges*.tsv*`` — columns ``x``, ``p``, ``y``: ``rdfs:subClassOf`` MONDO→MONDO
  gives parents, ``RO:0004003`` (has material basis in germline mutation in)
  with object ``http://identifiers.org/hgnc/N`` gives disease→gene links;
- ``*xrefs*.tsv*`` — columns ``cls``, ``xref``: cross-reference CURIEs;
- ``*exactmatch*.sssom.tsv*`` — SSSOM: ``subject_id``, ``predicate_id``,
  ``object_id``; object IRIs expanded with the file's own ``curie_map``;
- the HGNC complete set (``hgnc=`` or found in the directory or ``../hgnc/``),
  read first for its ``hgnc_id`` and ``symbol`` columns only, to name genes.

Output, for each class ``MONDO:nnnnnnn`` that is not obsolete (label starting
"obsolete"), as ``{base}mondo/MONDO_nnnnnnn``: ``rdf:type gt:Disease``,
``rdfs:label``\\ ``@en``, a generated ``skos:definition``\\ ``@en``,
``skos:notation "MONDO:…"``, ``skos:exactMatch`` the OBO PURL;
``gt:hasParentDisease`` to each MONDO parent; ``gt:hasCausalGene
{base}gene/SYMBOL``; ``skos:notation`` for the cross-references whose prefix
is in ``XREF_PREFIXES``; ``rdfs:seeAlso <https://omim.org/entry/N>`` for OMIM;
``skos:exactMatch`` to the Orphanet / DOID / … IRIs the SSSOM files map
exactly (OMIM mappings become ``rdfs:seeAlso``: an OMIM entry is a web page,
not a class). The source (licence CC BY 4.0, each file with checksum and
upstream commit) is described in ``{base}graph/sources``.

Rows are read as ``common.read_tsv`` documents: unreadable rows (wrong column
count, empty or malformed ids) are skipped and listed in ``problems`` with
their file and line, or with ``strict=True`` stop the import with
``SourceError``. Well-formed rows left out on purpose are counted in
``skipped`` by reason: imported non-MONDO classes, obsolete classes, links to
MONDO ids or HGNC ids absent from the files (the reports come from different
Mondo commits), edges of other kinds, cross-references of other prefixes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from graph.errors import SourceError
from graph.importers import vocab as v
from graph.importers.common import (
    Context,
    ImportReport,
    Progress,
    SourceInfo,
    read_tsv,
    source_quads,
    timed,
    write_nquads,
)
from graph.settings import DEFAULT_BASE_IRI

MONDO_ID = re.compile(r"^MONDO:(\d{7})$")
HGNC_IRI = re.compile(r"^http://identifiers\.org/hgnc/(\d+)$")
HGNC_ID = re.compile(r"^HGNC:(\d+)$")
CURIE = re.compile(r"^([A-Za-z][\w.\-]*):(\S+)$")
CURIE_MAP_LINE = re.compile(r"^#\s+([A-Za-z][\w.\-]*):\s+(\S+)\s*$")

SUBCLASS_OF = "rdfs:subClassOf"
GERMLINE_BASIS = "RO:0004003"
OBO = "http://purl.obolibrary.org/obo/"
OMIM_ENTRY = "https://omim.org/entry/"
XREF_PREFIXES = frozenset(
    {"OMIM", "OMIMPS", "Orphanet", "DOID", "NCIT", "MESH", "UMLS", "GARD", "ICD10CM", "EFO"}
)
KNOWN_PREFIXES = {  # used when an SSSOM file lacks a curie_map entry
    "Orphanet": "http://www.orpha.net/ORDO/Orphanet_",
    "DOID": f"{OBO}DOID_",
    "OMIM": OMIM_ENTRY,
    "NCIT": f"{OBO}NCIT_",
}


@dataclass
class MondoFiles:
    """The report files of one Mondo import."""

    class_stats: Path
    hgnc: Path
    edges: Path | None = None
    xrefs: Path | None = None
    sssom: list[Path] = field(default_factory=list)

    def all(self) -> list[Path]:
        return [p for p in (self.class_stats, self.edges, self.xrefs, *self.sssom) if p]


# The curated graph cites Mondo itself as ``source/mondo``; the imported reports are their own source.
SLUG = "mondo-reports"


def find_files(directory: Path, hgnc: Path | None = None) -> MondoFiles:
    """Find the Mondo reports and the HGNC set by name; a missing required one is a SourceError."""
    directory = Path(directory)

    def newest(pattern: str, where: Path = directory) -> Path | None:
        found = sorted(p for p in where.glob(pattern) if not p.name.endswith(".part"))
        return found[-1] if found else None

    class_stats = newest("*class-stats*.tsv*")
    if class_stats is None:
        raise SourceError("no Mondo report *class-stats*.tsv[.gz] here", str(directory))
    hgnc = hgnc or newest("hgnc_complete_set*")
    hgnc = hgnc or newest("hgnc_complete_set*", directory.parent / "hgnc")
    if hgnc is None:
        raise SourceError("no HGNC complete set found to name the disease genes", str(directory))
    return MondoFiles(
        class_stats=class_stats,
        hgnc=Path(hgnc),
        edges=newest("*edges*.tsv*"),
        xrefs=newest("*xrefs*.tsv*"),
        sssom=sorted(directory.glob("*exactmatch*.sssom.tsv*")),
    )


def import_mondo(
    directory: Path,
    output: Path,
    base_iri: str = DEFAULT_BASE_IRI,
    progress: Progress | None = None,
    strict: bool = False,
    hgnc: Path | None = None,
) -> ImportReport:
    """Stream the Mondo reports in ``directory`` into ``output`` as N-Quads; return the report."""
    started = time.perf_counter()
    output = Path(output)
    files = find_files(Path(directory), hgnc)
    report = ImportReport("mondo", output)
    ctx = Context(report, strict, progress)
    write_nquads(output, _quads(files, base_iri, ctx), report)
    return timed(report, started)


class _Run:
    """State shared by the passes over the files: the kept classes and the gene names."""

    def __init__(self, files: MondoFiles, base_iri: str, ctx: Context) -> None:
        self.files, self.base, self.ctx = files, base_iri, ctx
        self.graph = NamedNode(f"{base_iri}source/{SLUG}")
        self.classes: set[str] = set()
        self.obsolete: set[str] = set()
        self.symbols: dict[str, str] = {}
        self.notations: set[tuple[str, str]] = set()  # xref CURIEs SSSOM may repeat

    def node(self, digits: str) -> NamedNode:
        return NamedNode(f"{self.base}mondo/MONDO_{digits}")

    def quad(self, digits: str, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(self.node(digits), p, o, self.graph)


def _quads(files: MondoFiles, base_iri: str, ctx: Context) -> Iterator[Quad]:
    run = _Run(files, base_iri, ctx)
    _read_gene_symbols(run)
    yield from _classes(run)
    if files.edges:
        yield from _edges(run, files.edges)
    if files.xrefs:
        yield from _xrefs(run, files.xrefs)
    for sssom in files.sssom:
        yield from _mappings(run, sssom)
    ctx.report.version = _version(files.class_stats)
    info = SourceInfo(
        slug=SLUG,
        label="Mondo reports (imported reference layer)",
        title="Mondo Disease Ontology (MONDO) reports: classes, edges, cross-references, mappings",
        url="https://mondo.monarchinitiative.org",
        license=v.CC_BY_4,
        files=files.all(),
        version=ctx.report.version,
    )
    yield from source_quads(info, base_iri)


def _version(class_stats: Path) -> str | None:
    """The date in the class-stats file name (``mondo_class-stats_2026-08-04.tsv.gz``), if any."""
    found = re.search(r"\d{4}-\d{2}-\d{2}", class_stats.name)
    return found.group(0) if found else None


def _read_gene_symbols(run: _Run) -> None:
    """HGNC number -> symbol; rows of the HGNC file that cannot name a gene are reported too."""
    path = run.files.hgnc
    lookup = Context(ImportReport("hgnc-lookup", path), run.ctx.strict, None)
    for line, row in read_tsv(path, ("hgnc_id", "symbol"), lookup):
        found, symbol = HGNC_ID.match(row["hgnc_id"].strip()), row["symbol"].strip()
        if found and symbol:
            run.symbols[found.group(1)] = symbol
        else:
            lookup.problem(path, line, "HGNC row without a valid hgnc_id and symbol")
    run.ctx.report.problems.extend(lookup.report.problems)


def _classes(run: _Run) -> Iterator[Quad]:
    path = run.files.class_stats
    for line, row in read_tsv(path, ("cls", "cls_label"), run.ctx):
        curie, label = row["cls"].strip(), row["cls_label"].strip()
        if not curie.startswith("MONDO:"):
            run.ctx.skip("imported non-MONDO classes")
            continue
        found = MONDO_ID.match(curie)
        if not found or not label:
            run.ctx.problem(path, line, f"class {curie!r} has no valid MONDO id or no label")
            continue
        digits = found.group(1)
        if label.lower().startswith("obsolete"):
            run.obsolete.add(digits)
            run.ctx.skip("obsolete MONDO classes")
            continue
        run.classes.add(digits)
        run.ctx.report.entities += 1
        yield from _class_quads(run, digits, label)


def _class_quads(run: _Run, digits: str, label: str) -> Iterator[Quad]:
    definition = f"Disease class {label} of the Mondo Disease Ontology (MONDO:{digits})."
    yield run.quad(digits, v.TYPE, v.DISEASE)
    yield run.quad(digits, v.LABEL, Literal(label, language="en"))
    yield run.quad(digits, v.DEFINITION, Literal(definition, language="en"))
    yield run.quad(digits, v.NOTATION, Literal(f"MONDO:{digits}"))
    yield run.quad(digits, v.EXACT_MATCH, NamedNode(f"{OBO}MONDO_{digits}"))


def _subject(run: _Run, curie: str, path: Path, line: int) -> str | None:
    """The digits of a kept MONDO subject; otherwise count or report why not, and return None."""
    found = MONDO_ID.match(curie)
    if not found:
        run.ctx.problem(path, line, f"subject {curie!r} is not a MONDO id")
        return None
    digits = found.group(1)
    if digits not in run.classes:
        run.ctx.skip(
            "rows about obsolete MONDO classes"
            if digits in run.obsolete
            else "rows about MONDO ids absent from class-stats"
        )
        return None
    return digits


def _edges(run: _Run, path: Path) -> Iterator[Quad]:
    for line, row in read_tsv(path, ("x", "p", "y"), run.ctx):
        x, p, y = row["x"].strip(), row["p"].strip(), row["y"].strip()
        if not (x and p and y):
            run.ctx.problem(path, line, "edge with an empty subject, predicate or object")
        elif p == SUBCLASS_OF and x.startswith("MONDO:") and y.startswith("MONDO:"):
            yield from _parent(run, path, line, x, y)
        elif (
            p == GERMLINE_BASIS
            and x.startswith("MONDO:")
            and y.startswith("http://identifiers.org/hgnc/")
        ):
            yield from _causal_gene(run, path, line, x, y)
        else:
            run.ctx.skip("edges of other kinds")


def _parent(run: _Run, path: Path, line: int, x: str, y: str) -> Iterator[Quad]:
    child = _subject(run, x, path, line)
    parent = MONDO_ID.match(y)
    if child is None:
        return
    if not parent:
        run.ctx.problem(path, line, f"parent {y!r} is not a MONDO id")
    elif parent.group(1) not in run.classes:
        run.ctx.skip("parent links to obsolete or absent MONDO classes")
    else:
        yield run.quad(child, v.HAS_PARENT_DISEASE, run.node(parent.group(1)))


def _causal_gene(run: _Run, path: Path, line: int, x: str, y: str) -> Iterator[Quad]:
    disease = _subject(run, x, path, line)
    gene = HGNC_IRI.match(y)
    if disease is None:
        return
    if not gene:
        run.ctx.problem(path, line, f"gene {y!r} is not an identifiers.org HGNC IRI")
    elif gene.group(1) not in run.symbols:
        run.ctx.skip("gene links to HGNC ids absent from the HGNC file")
    else:
        symbol = run.symbols[gene.group(1)]
        yield run.quad(disease, v.HAS_CAUSAL_GENE, NamedNode(f"{run.base}gene/{symbol}"))


def _xrefs(run: _Run, path: Path) -> Iterator[Quad]:
    for line, row in read_tsv(path, ("cls", "xref"), run.ctx):
        xref = CURIE.match(row["xref"].strip())
        if not xref:
            run.ctx.problem(path, line, f"cross-reference {row['xref']!r} is not a CURIE")
            continue
        digits = _subject(run, row["cls"].strip(), path, line)
        if digits is None:
            continue
        prefix, local = xref.groups()
        if prefix not in XREF_PREFIXES:
            run.ctx.skip("cross-references of other prefixes")
            continue
        yield run.quad(digits, v.NOTATION, Literal(f"{prefix}:{local}"))
        if prefix in KNOWN_PREFIXES:
            run.notations.add((digits, f"{prefix}:{local}"))
        if prefix == "OMIM" and local.isdigit():
            yield run.quad(digits, v.SEE_ALSO, NamedNode(f"{OMIM_ENTRY}{local}"))


def _curie_map(comments: list[str]) -> dict[str, str]:
    """The ``curie_map`` block of an SSSOM YAML header (only the simple ``#   P: IRI`` lines)."""
    prefixes, inside = dict(KNOWN_PREFIXES), False
    for comment in comments:
        if comment.strip() == "# curie_map:":
            inside = True
        elif inside and (entry := CURIE_MAP_LINE.match(comment)):
            prefixes[entry.group(1)] = entry.group(2)
        else:
            inside = False
    return prefixes


def _mappings(run: _Run, path: Path) -> Iterator[Quad]:
    comments: list[str] = []
    prefixes: dict[str, str] | None = None
    for line, row in read_tsv(path, ("subject_id", "predicate_id", "object_id"), run.ctx, comments):
        prefixes = prefixes or _curie_map(comments)
        target = CURIE.match(row["object_id"].strip())
        if not target or target.group(1) not in prefixes:
            message = f"object {row['object_id']!r} is not a CURIE with a known prefix"
            run.ctx.problem(path, line, message)
            continue
        digits = _subject(run, row["subject_id"].strip(), path, line)
        if digits is None:
            continue
        if row["predicate_id"].strip() != "skos:exactMatch":
            run.ctx.skip("mappings other than skos:exactMatch")
            continue
        prefix, local = target.groups()
        iri = NamedNode(prefixes[prefix] + local)
        if (digits, f"{prefix}:{local}") not in run.notations:
            yield run.quad(digits, v.NOTATION, Literal(f"{prefix}:{local}"))
        yield run.quad(digits, v.SEE_ALSO if prefix == "OMIM" else v.EXACT_MATCH, iri)
