"""The reference-layer importers, on slices of the real vendored files and on the whole files.

Slices are cut from ``graph/reference/`` in each test (header plus chosen real
rows), so no row here is invented except the deliberately broken ones.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import SourceError
from graph.importers import (
    IMPORTERS,
    ImportReport,
    default_sources,
    import_hgnc,
    import_mondo,
    link_reference,
)
from graph.importers import vocab as v

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "graph" / "reference"
SOURCES = default_sources(REFERENCE)
BASE = "https://w3id.org/gtkg/"
HGNC_GRAPH = ox.NamedNode(f"{BASE}source/hgnc-complete-set")
MONDO_GRAPH = ox.NamedNode(f"{BASE}source/mondo-reports")
SOURCES_GRAPH = ox.NamedNode(f"{BASE}graph/sources")
SKOS = "http://www.w3.org/2004/02/skos/core#"

SLICE_GENES = ("RPE65", "DMD")
SLICE_DISEASES = ("0010679", "0010542", "0016899", "0100368", "0100452")


def slice_file(source: Path, target: Path, keep: Callable[[str], bool], extra=()) -> Path:
    """Copy ``#`` comments, the header and the kept lines of ``source``; append ``extra`` lines."""
    lines: list[str] = []
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        header_seen = False
        for line in handle:
            if line.startswith("#") and not header_seen:
                lines.append(line)
            elif not header_seen:
                lines.append(line)
                header_seen = True
            elif keep(line):
                lines.append(line)
    target.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(target, "wt", encoding="utf-8", newline="") as out:
        out.writelines([*lines, *(line + "\n" for line in extra)])
    return target


def gene_line(line: str) -> bool:
    return line.split("\t")[1] in SLICE_GENES or line.startswith(("HGNC:5\t", "HGNC:37133\t"))


def disease_line(line: str) -> bool:
    return any(f"MONDO:{digits}\t" in line for digits in SLICE_DISEASES) or line.startswith(
        "GO:0006505\t"
    )


def real_row(symbol: str) -> str:
    with gzip.open(SOURCES["hgnc"], "rt", encoding="utf-8") as handle:
        return next(line for line in handle if line.split("\t")[1] == symbol).rstrip("\n")


def load(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def objects(store: ox.Store, subject: str, predicate: ox.NamedNode, graph=None) -> set:
    found = store.quads_for_pattern(ox.NamedNode(subject), predicate, None, graph)
    return {quad.object for quad in found}


@pytest.fixture(scope="session")
def pristine_slices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Slices of the vendored files, cut once; tests get their own copy."""
    root = tmp_path_factory.mktemp("slices")
    slice_file(SOURCES["hgnc"], root / "hgnc" / "hgnc_complete_set.txt.gz", gene_line)
    for source in sorted(SOURCES["mondo"].glob("*.tsv.gz")):
        slice_file(source, root / "mondo" / source.name, disease_line)
    return root


@pytest.fixture
def hgnc_slice(tmp_path: Path, pristine_slices: Path) -> Path:
    shutil.copytree(pristine_slices / "hgnc", tmp_path / "hgnc")
    return tmp_path / "hgnc" / "hgnc_complete_set.txt.gz"


@pytest.fixture
def mondo_slice(tmp_path: Path, hgnc_slice: Path, pristine_slices: Path) -> Path:
    shutil.copytree(pristine_slices / "mondo", tmp_path / "mondo")
    return tmp_path / "mondo"


# --- HGNC ---------------------------------------------------------------------------------


def test_hgnc_slice_gives_rpe65_with_its_identifiers(hgnc_slice: Path, tmp_path: Path) -> None:
    report = import_hgnc(hgnc_slice, tmp_path / "hgnc.nq")
    store = load(tmp_path / "hgnc.nq")
    rpe65 = f"{BASE}gene/RPE65"
    assert report.problems == []
    assert report.entities == 4
    assert objects(store, rpe65, v.TYPE, HGNC_GRAPH) == {v.GENE}
    assert objects(store, rpe65, v.LABEL) == {ox.Literal("RPE65", language="en")}
    assert objects(store, rpe65, v.GENE_SYMBOL) == {ox.Literal("RPE65")}
    notations = {lit.value for lit in objects(store, rpe65, v.NOTATION)}
    assert {"HGNC:10294", "NCBIGene:6121", "UniProtKB:Q16518", "OMIM:180069"} <= notations
    assert "ENSEMBL:ENSG00000116745" in notations
    assert objects(store, rpe65, v.EXACT_MATCH) == {
        ox.NamedNode("http://identifiers.org/hgnc/10294")
    }
    assert ox.NamedNode("https://www.ncbi.nlm.nih.gov/gene/6121") in objects(
        store, rpe65, v.SEE_ALSO
    )
    alt = {lit.value for lit in objects(store, rpe65, v.ALT_LABEL)}
    assert {"retinoid isomerohydrolase RPE65", "LCA2", "RP20"} <= alt
    (definition,) = objects(store, rpe65, v.DEFINITION)
    assert definition.language == "en" and "RPE65" in definition.value


def test_hgnc_records_its_source(hgnc_slice: Path, tmp_path: Path) -> None:
    report = import_hgnc(hgnc_slice, tmp_path / "hgnc.nq")
    store = load(tmp_path / "hgnc.nq")
    source = f"{BASE}source/hgnc-complete-set"
    assert objects(store, source, v.TYPE, SOURCES_GRAPH) == {v.SOURCE}
    assert objects(store, source, v.LICENSE) == {v.CC0}
    assert objects(store, source, v.FILE_NAME) == {ox.Literal(hgnc_slice.name)}
    assert report.version and re.fullmatch(r"\d{4}-\d{2}-\d{2}", report.version)
    assert objects(store, source, v.MODIFIED) == {ox.Literal(report.version, datatype=v.XSD_DATE)}
    (dist,) = objects(store, source, v.DISTRIBUTION)
    digest = hashlib.sha256(hgnc_slice.read_bytes()).hexdigest()
    assert objects(store, dist.value, v.SHA256) == {ox.Literal(digest)}


def test_vendored_hgnc_file_is_traced_to_its_upstream_commit(tmp_path: Path) -> None:
    hgnc = slice_file(SOURCES["hgnc"], tmp_path / "x.tsv.gz", lambda line: False)
    from graph.importers.common import manifest_entry

    assert manifest_entry(hashlib.sha256(hgnc.read_bytes()).hexdigest()) is None
    entry = manifest_entry(hashlib.sha256(SOURCES["hgnc"].read_bytes()).hexdigest())
    assert entry["commit"] == "0236d05ae3c522657167250a4868bcb776f4d04e"


def test_hgnc_columns_are_found_by_name(hgnc_slice: Path, tmp_path: Path) -> None:
    with gzip.open(hgnc_slice, "rt", encoding="utf-8", newline="") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle]
    shuffled = tmp_path / "reordered.tsv"
    shuffled.write_text("".join("\t".join(row[::-1]) + "\n" for row in rows), encoding="utf-8")
    import_hgnc(hgnc_slice, tmp_path / "a.nq")
    import_hgnc(shuffled, tmp_path / "b.nq")
    a, b = load(tmp_path / "a.nq"), load(tmp_path / "b.nq")
    assert set(a.quads_for_pattern(None, None, None, HGNC_GRAPH)) == set(
        b.quads_for_pattern(None, None, None, HGNC_GRAPH)
    )


def broken_hgnc(hgnc_slice: Path, tmp_path: Path) -> tuple[Path, int, int]:
    """The slice with a truncated row and a row with a bad id; returns the path and their lines."""
    with gzip.open(hgnc_slice, "rt", encoding="utf-8", newline="") as handle:
        lines = handle.readlines()
    truncated = "\t".join(real_row("DMD").split("\t")[:10]) + "\n"
    bad_id = real_row("RPE65").replace("HGNC:10294", "10294", 1) + "\n"
    lines[2:2] = [truncated]
    lines.append(bad_id)
    target = tmp_path / "broken.tsv"
    target.write_text("".join(lines), encoding="utf-8")
    return target, 3, len(lines)


def test_malformed_hgnc_rows_are_skipped_and_reported(hgnc_slice: Path, tmp_path: Path) -> None:
    broken, truncated_line, bad_id_line = broken_hgnc(hgnc_slice, tmp_path)
    report = import_hgnc(broken, tmp_path / "hgnc.nq")
    assert [(p.line, p.path) for p in report.problems] == [
        (truncated_line, str(broken)),
        (bad_id_line, str(broken)),
    ]
    assert "expected 54" in report.problems[0].message
    assert "HGNC:<digits>" in report.problems[1].message
    assert report.entities == 4  # the good rows, including the real DMD and RPE65 rows


def test_strict_hgnc_import_stops_at_the_first_malformed_row(
    hgnc_slice: Path, tmp_path: Path
) -> None:
    broken, truncated_line, _ = broken_hgnc(hgnc_slice, tmp_path)
    output = tmp_path / "hgnc.nq"
    with pytest.raises(SourceError) as caught:
        import_hgnc(broken, output, strict=True)
    assert caught.value.line == truncated_line
    assert f"{broken}:{truncated_line}:" in str(caught.value)
    assert not output.exists() and not list(tmp_path.glob("*.part"))


def test_a_file_without_the_required_columns_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "genes.tsv"
    wrong.write_text("id\tgene\nHGNC:1\tA\n", encoding="utf-8")
    with pytest.raises(SourceError, match="hgnc_id"):
        import_hgnc(wrong, tmp_path / "out.nq")


def test_progress_is_reported_per_file(hgnc_slice: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, int]] = []
    import_hgnc(hgnc_slice, tmp_path / "hgnc.nq", progress=lambda f, n: calls.append((f, n)))
    assert calls[-1] == (hgnc_slice.name, 4)


def test_base_iri_is_a_parameter(hgnc_slice: Path, tmp_path: Path) -> None:
    import_hgnc(hgnc_slice, tmp_path / "hgnc.nq", base_iri="http://example.org/kg/")
    store = load(tmp_path / "hgnc.nq")
    assert objects(store, "http://example.org/kg/gene/RPE65", v.GENE_SYMBOL) == {
        ox.Literal("RPE65")
    }


# --- MONDO --------------------------------------------------------------------------------


def test_mondo_slice_gives_duchenne_with_parents_and_cross_references(
    mondo_slice: Path, tmp_path: Path
) -> None:
    report = import_mondo(mondo_slice, tmp_path / "mondo.nq")
    store = load(tmp_path / "mondo.nq")
    dmd = f"{BASE}mondo/MONDO_0010679"
    assert report.problems == []
    assert objects(store, dmd, v.TYPE, MONDO_GRAPH) == {v.DISEASE}
    assert objects(store, dmd, v.LABEL) == {
        ox.Literal("Duchenne muscular dystrophy", language="en")
    }
    notations = {lit.value for lit in objects(store, dmd, v.NOTATION)}
    assert {"MONDO:0010679", "OMIM:310200", "Orphanet:98896", "DOID:11723"} <= notations
    assert {
        ox.NamedNode("http://purl.obolibrary.org/obo/MONDO_0010679"),
        ox.NamedNode("http://www.orpha.net/ORDO/Orphanet_98896"),
        ox.NamedNode("http://purl.obolibrary.org/obo/DOID_11723"),
    } <= objects(store, dmd, v.EXACT_MATCH)
    assert ox.NamedNode("https://omim.org/entry/310200") in objects(store, dmd, v.SEE_ALSO)
    # MONDO:0016899 is obsolete in class-stats: that parent link is counted, not written
    assert objects(store, dmd, v.HAS_PARENT_DISEASE) == {ox.NamedNode(f"{BASE}mondo/MONDO_0010542")}
    assert report.skipped["obsolete MONDO classes"] == 1
    assert report.skipped["imported non-MONDO classes"] == 1
    assert not objects(store, f"{BASE}mondo/MONDO_0016899", v.TYPE)


def test_mondo_disease_gene_links_name_hgnc_genes(mondo_slice: Path, tmp_path: Path) -> None:
    import_mondo(mondo_slice, tmp_path / "mondo.nq")
    store = load(tmp_path / "mondo.nq")
    # In the vendored edges the DMD gene (HGNC:2928) is linked to MONDO:0010542, not 0010679.
    assert objects(store, f"{BASE}mondo/MONDO_0010542", v.HAS_CAUSAL_GENE) == {
        ox.NamedNode(f"{BASE}gene/DMD")
    }
    assert objects(store, f"{BASE}mondo/MONDO_0100368", v.HAS_CAUSAL_GENE) == {
        ox.NamedNode(f"{BASE}gene/RPE65")
    }
    assert not objects(store, f"{BASE}mondo/MONDO_0010679", v.HAS_CAUSAL_GENE)


def test_mondo_source_lists_every_file_under_cc_by(mondo_slice: Path, tmp_path: Path) -> None:
    import_mondo(mondo_slice, tmp_path / "mondo.nq")
    store = load(tmp_path / "mondo.nq")
    source = f"{BASE}source/mondo-reports"
    assert objects(store, source, v.LICENSE, SOURCES_GRAPH) == {v.CC_BY_4}
    files = objects(store, source, v.DISTRIBUTION)
    names = {lit.value for dist in files for lit in objects(store, dist.value, v.LABEL)}
    assert names == {p.name for p in mondo_slice.iterdir()}
    assert not objects(store, source, v.FILE_NAME)  # at most one: the files are distributions


def test_malformed_mondo_rows_are_reported_or_stop_the_import(
    mondo_slice: Path, tmp_path: Path
) -> None:
    edges = next(mondo_slice.glob("*edges*"))
    with gzip.open(edges, "rt", encoding="utf-8") as handle:
        kept = len(handle.readlines())
    slice_file(edges, edges, lambda line: True, extra=["MONDO:0010679\trdfs:subClassOf"])
    report = import_mondo(mondo_slice, tmp_path / "mondo.nq")
    assert [(p.line, Path(p.path).name) for p in report.problems] == [(kept + 1, edges.name)]
    assert "expected 3" in report.problems[0].message
    with pytest.raises(SourceError) as caught:
        import_mondo(mondo_slice, tmp_path / "strict.nq", strict=True)
    assert caught.value.line == kept + 1 and caught.value.path == str(edges)


def test_curated_diseases_link_to_their_mondo_record(mondo_slice: Path, tmp_path: Path) -> None:
    import_mondo(mondo_slice, tmp_path / "mondo.nq")
    store = load(tmp_path / "mondo.nq")
    curated = ox.NamedNode(f"{BASE}disease/duchenne-muscular-dystrophy")
    obo = ox.NamedNode("http://purl.obolibrary.org/obo/MONDO_0010679")
    exact = ox.NamedNode(f"{SKOS}exactMatch")
    store.add(ox.Quad(curated, exact, obo, ox.NamedNode(f"{BASE}source/curation")))
    links = list(link_reference(store))
    assert [(q.subject, q.object) for q in links] == [
        (curated, ox.NamedNode(f"{BASE}mondo/MONDO_0010679"))
    ]
    assert links[0].predicate.value == "https://w3id.org/gtkg/ontology#hasReferenceRecord"


# --- the vendored files -------------------------------------------------------------------


def test_vendored_files_match_their_manifest_and_checksums() -> None:
    manifest = json.loads((REFERENCE / "manifest.json").read_text(encoding="utf-8"))
    sums = dict(
        reversed(line.split(maxsplit=1))
        for line in (REFERENCE / "SHA256SUMS").read_text().splitlines()
    )
    for entry in manifest["files"]:
        digest = hashlib.sha256((REFERENCE / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"] == sums[entry["file"]], entry["file"]
    assert (REFERENCE / "mondo" / "LICENSE-MONDO-CC-BY-4.0.txt").exists()
    assert (REFERENCE / "hgnc" / "LICENSE-HGNC.md").exists()
    assert set(IMPORTERS) == set(SOURCES) == {"hgnc", "mondo"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "entities"), [("hgnc", 43_882), ("mondo", 32_102)], ids=["hgnc", "mondo"]
)
def test_full_vendored_import_is_fast_and_complete(
    name: str, entities: int, tmp_path: Path
) -> None:
    started = time.perf_counter()
    report: ImportReport = IMPORTERS[name](SOURCES[name], tmp_path / f"{name}.nq")
    assert time.perf_counter() - started < 30
    assert report.problems == []
    assert report.entities == entities
    assert len(load(tmp_path / f"{name}.nq")) == report.quads


# --- SHACL --------------------------------------------------------------------------------


def test_reference_slices_pass_the_shapes(
    hgnc_slice: Path, mondo_slice: Path, tmp_path: Path
) -> None:
    from rdflib import Graph

    from ontology.validation import validate

    import_hgnc(hgnc_slice, tmp_path / "hgnc.nq")
    import_mondo(mondo_slice, tmp_path / "mondo.nq")
    triples = [
        ox.Triple(quad.subject, quad.predicate, quad.object)
        for name in ("hgnc.nq", "mondo.nq")
        for quad in ox.parse(path=str(tmp_path / name), format=ox.RdfFormat.N_QUADS)
    ]
    data = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    report = validate(data)
    assert report.conforms, "\n".join(str(result) for result in report.results[:20])
