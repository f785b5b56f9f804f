"""The ``gtkg`` command line, run as a real process against a built store."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

GTKG = [str(Path(sys.executable).parent / "gtkg")]  # the installed console script
ROOT = Path(__file__).resolve().parent.parent


def gtkg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GTKG_")}
    return subprocess.run(
        [*GTKG, *args], capture_output=True, text=True, cwd=ROOT, env=env, check=check, timeout=120
    )


def test_stats_counts_classes_and_sources(built_store_path: Path) -> None:
    result = json.loads(gtkg("stats", "--json", "--store", str(built_store_path)).stdout)
    classes = dict(result["classes"])
    assert classes["https://w3id.org/gtkg/ontology#Therapy"] >= 4
    graphs = {iri for iri, _, _ in result["graphs"]}
    assert "https://w3id.org/gtkg/source/gene-therapy-explained" in graphs
    assert result["triples"] > 0 and result["quads"] > result["triples"]


QUERY = """PREFIX gt: <https://w3id.org/gtkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?t gt:usesSerotype <https://w3id.org/gtkg/serotype/aav9> ; rdfs:label ?label }"""


def test_query_prints_sparql_json(built_store_path: Path) -> None:
    out = gtkg("query", "--store", str(built_store_path), "--format", "json", QUERY).stdout
    labels = {b["label"]["value"] for b in json.loads(out)["results"]["bindings"]}
    assert "Zolgensma" in labels


def test_query_prints_csv_and_a_table(built_store_path: Path) -> None:
    out = gtkg("query", "--store", str(built_store_path), "--format", "csv", QUERY).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "Zolgensma" in {row["label"] for row in rows}
    table = gtkg("query", "--store", str(built_store_path), QUERY).stdout
    assert table.splitlines()[0].strip() == "label" and "Zolgensma" in table


def test_a_malformed_query_fails_with_the_parser_message(built_store_path: Path) -> None:
    result = gtkg("query", "--store", str(built_store_path), "SELECT ?x WHERE {", check=False)
    assert result.returncode == 1
    assert "malformed query" in result.stderr


def test_export_writes_a_file_with_the_source_graphs(
    built_store_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "gtkg.trig"
    gtkg("export", "--store", str(built_store_path), "--format", "trig", "-o", str(target))
    dataset = Dataset().parse(target, format="trig")
    names = {str(g.identifier) for g in dataset.graphs()}
    assert "https://w3id.org/gtkg/source/gene-therapy-explained" in names


def test_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = gtkg("stats", "--store", str(tmp_path / "nowhere"), check=False)
    assert result.returncode == 1
    assert "gtkg build" in result.stderr


@pytest.mark.slow
def test_validate_reports_on_the_curated_sources() -> None:
    result = gtkg("validate")
    assert result.stdout.startswith("valid:")


def test_import_reports_malformed_rows_with_their_line(tmp_path: Path) -> None:
    import gzip

    source = ROOT / "graph" / "reference" / "hgnc" / "hgnc_complete_set.txt.gz"
    with gzip.open(source, "rt", encoding="utf-8") as rows:
        header, first, second = next(rows), next(rows), next(rows)
    sliced = tmp_path / "hgnc_complete_set.txt.gz"
    with gzip.open(sliced, "wt", encoding="utf-8") as out:
        out.write(header + first + "HGNC:broken\tonly two columns\n" + second)
    result = gtkg("import", "hgnc", "--store", str(tmp_path / "store"), "--file", str(sliced))
    assert "hgnc: 2 entities" in result.stdout
    assert f"{sliced}:3:" in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("import", "hgnc", "--file", "{bad}", "--store", "{store}"), {}, "header lacks column"),
        (("queries",), {"GTKG_BASE_IRI": "not-an-iri"}, "GTKG_BASE_IRI must end"),
        (("query", "--store", "{store}", "--saved", "no-such-query"), {}, "gtkg build"),
        (("build", "--store", "{store}", "--data-dir", "{empty}"), {"GTKG_WORKERS": "x"}, "x"),
    ],
)
def test_every_command_turns_a_domain_error_into_one_line(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    """No traceback from any command: one "error: …" line on stderr and exit status 1."""
    bad = tmp_path / "hgnc.txt"
    bad.write_text("garbage,,,\n")
    (tmp_path / "empty").mkdir()
    filled = [a.format(bad=bad, store=tmp_path / "store", empty=tmp_path / "empty") for a in args]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GTKG_")}
    result = subprocess.run(
        [*GTKG, *filled],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and message in errors[0], result.stderr
