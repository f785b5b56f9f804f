"""Import the HGNC complete gene set into the reference graph ``{base}source/hgnc-complete-set``.

Input: HGNC's ``hgnc_complete_set.txt`` (plain or gzipped), tab-separated, one
header row; columns are found by name (see ``common.read_tsv``). Required:
``hgnc_id``, ``symbol``, ``name``, ``locus_type``, ``status``; the identifier
columns (``entrez_id``, ``ensembl_gene_id``, ``uniprot_ids``, ``omim_id``),
``alias_symbol``, ``prev_symbol``, ``location`` and ``date_modified`` are used
when present. Multi-valued cells are ``|``-separated.

Output, per row with status ``Approved`` (other statuses are counted in
``skipped``), for the gene ``{base}gene/{SYMBOL}`` — the IRI the curated data
uses, so curated and reference facts about a gene meet on one node:

- ``rdf:type gt:Gene``; ``rdfs:label "SYMBOL"@en``; ``gt:geneSymbol "SYMBOL"``;
  ``gt:locusType``; ``skos:altLabel`` (``@en``) for the approved name, alias
  and previous symbols; a generated ``skos:definition`` (``@en``);
- ``skos:notation`` CURIEs ``HGNC:…``, ``NCBIGene:…``, ``ENSEMBL:…``,
  ``UniProtKB:…``, ``OMIM:…``;
- ``skos:exactMatch <http://identifiers.org/hgnc/N>`` (the Biolink form) and
  ``rdfs:seeAlso`` ``<https://identifiers.org/hgnc:N>`` and
  ``<https://www.ncbi.nlm.nih.gov/gene/N>``.

The source is described in ``{base}graph/sources`` (``common.source_quads``):
licence CC0 1.0, file name and SHA-256, version = the newest ``date_modified``
in the file, time of import.

Malformed rows — wrong number of columns, empty ``hgnc_id`` or ``symbol``, an
``hgnc_id`` not of the form ``HGNC:digits``, a symbol that cannot be an IRI
segment, a symbol already used by an earlier row — are skipped and listed in
``ImportReport.problems`` with their line number; with ``strict=True`` the
first one raises ``graph.errors.SourceError`` naming file and line, and no
output is written.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

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

REQUIRED = ("hgnc_id", "symbol", "name", "locus_type", "status")
HGNC_ID = re.compile(r"^HGNC:(\d+)$")
SYMBOL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9@_.\-]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

NOTATIONS = (  # column, CURIE prefix
    ("entrez_id", "NCBIGene"),
    ("ensembl_gene_id", "ENSEMBL"),
    ("uniprot_ids", "UniProtKB"),
    ("omim_id", "OMIM"),
)

# The curated graph cites HGNC itself as ``source/hgnc``; the imported file is its own source.
SLUG = "hgnc-complete-set"


def import_hgnc(
    source: Path,
    output: Path,
    base_iri: str = DEFAULT_BASE_IRI,
    progress: Progress | None = None,
    strict: bool = False,
) -> ImportReport:
    """Stream ``source`` (the HGNC complete set) into ``output`` as N-Quads; return the report."""
    started = time.perf_counter()
    source, output = Path(source), Path(output)
    report = ImportReport("hgnc", output)
    ctx = Context(report, strict, progress)
    write_nquads(output, _quads(source, base_iri, ctx), report)
    return timed(report, started)


def _quads(source: Path, base_iri: str, ctx: Context) -> Iterator[Quad]:
    graph = NamedNode(f"{base_iri}source/{SLUG}")
    seen: set[str] = set()
    newest = ""
    for line, row in read_tsv(source, REQUIRED, ctx):
        if not _readable(source, line, row, seen, ctx):
            continue
        if row["status"].strip() != "Approved":
            ctx.skip(f"genes with status {row['status'].strip() or 'empty'}")
            continue
        modified = row.get("date_modified", "").strip()
        if DATE.match(modified) and modified > newest:
            newest = modified
        ctx.report.entities += 1
        yield from _gene_quads(row, base_iri, graph)
    info = SourceInfo(
        slug=SLUG,
        label="HGNC complete set (imported reference layer)",
        title="HGNC complete set of approved human gene symbols",
        url="https://www.genenames.org",
        license=v.CC0,
        files=[source],
        version=newest or None,
    )
    ctx.report.version = info.version
    yield from source_quads(info, base_iri)


def _readable(source: Path, line: int, row: dict[str, str], seen: set[str], ctx: Context) -> bool:
    hgnc_id, symbol = row["hgnc_id"].strip(), row["symbol"].strip()
    if not hgnc_id or not symbol:
        ctx.problem(source, line, "empty hgnc_id or symbol")
    elif not HGNC_ID.match(hgnc_id):
        ctx.problem(source, line, f"hgnc_id {hgnc_id!r} is not of the form HGNC:<digits>")
    elif not SYMBOL.match(symbol):
        ctx.problem(source, line, f"symbol {symbol!r} cannot be used in an IRI")
    elif symbol in seen:
        ctx.problem(source, line, f"symbol {symbol!r} repeats an earlier row")
    else:
        seen.add(symbol)
        return True
    return False


def _values(cell: str | None) -> list[str]:
    return [value.strip() for value in (cell or "").split("|") if value.strip()]


def _gene_quads(row: dict[str, str], base_iri: str, graph: NamedNode) -> Iterator[Quad]:
    symbol, name = row["symbol"].strip(), row["name"].strip()
    number = row["hgnc_id"].strip().split(":", 1)[1]
    locus_type = row["locus_type"].strip()
    gene = NamedNode(f"{base_iri}gene/{symbol}")

    def q(p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(gene, p, o, graph)

    yield q(v.TYPE, v.GENE)
    yield q(v.LABEL, Literal(symbol, language="en"))
    yield q(v.GENE_SYMBOL, Literal(symbol))
    if locus_type:
        yield q(v.LOCUS_TYPE, Literal(locus_type))
    yield q(v.DEFINITION, Literal(_definition(symbol, name, locus_type, row), language="en"))
    for alt in dict.fromkeys(
        [name, *_values(row.get("alias_symbol")), *_values(row.get("prev_symbol"))]
    ):
        if alt and alt != symbol:
            yield q(v.ALT_LABEL, Literal(alt, language="en"))
    yield q(v.NOTATION, Literal(f"HGNC:{number}"))
    for column, prefix in NOTATIONS:
        for value in _values(row.get(column)):
            yield q(v.NOTATION, Literal(f"{prefix}:{value}"))
    yield q(v.EXACT_MATCH, NamedNode(f"http://identifiers.org/hgnc/{number}"))
    yield q(v.SEE_ALSO, NamedNode(f"https://identifiers.org/hgnc:{number}"))
    for entrez in _values(row.get("entrez_id")):
        if entrez.isdigit():
            yield q(v.SEE_ALSO, NamedNode(f"https://www.ncbi.nlm.nih.gov/gene/{entrez}"))


def _definition(symbol: str, name: str, locus_type: str, row: dict[str, str]) -> str:
    details = [f"HGNC approved symbol {symbol}"]
    if locus_type:
        details.append(f"locus type {locus_type}")
    location = (row.get("location") or "").strip()
    if location:
        details.append(f"cytogenetic location {location}")
    return f"Human gene {name or symbol} ({', '.join(details)})."
