"""The search index: a SQLite file written with each store release, pruned with it, same ranking."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.search import (
    MAX_CANDIDATES,
    SearchIndex,
    ensure_index,
    index_path,
    normalise,
    open_index,
    text_rows,
    write_index,
)
from graph.store import CURRENT, RELEASES, EmbeddedStore, complete_marker, write_release

GT = "https://w3id.org/gtkg/"
SYMBOL = "https://w3id.org/gtkg/ontology#geneSymbol"
INN = "https://w3id.org/gtkg/ontology#internationalNonproprietaryName"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
NOTATION = "http://www.w3.org/2004/02/skos/core#notation"

# The same text as a label, a symbol and a synonym of three entities, plus near misses.
FIELDS_TRIG = """
@prefix gt: <https://w3id.org/gtkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/gtkg/source/test> {
  <https://w3id.org/gtkg/gene/by-synonym> rdfs:label "first"@en ; skos:altLabel "ABC1" .
  <https://w3id.org/gtkg/gene/by-symbol> rdfs:label "second"@en ; gt:geneSymbol "ABC1" .
  <https://w3id.org/gtkg/gene/by-label> rdfs:label "ABC1"@en .
  <https://w3id.org/gtkg/gene/longer> rdfs:label "ABC1 antisense"@en .
  <https://w3id.org/gtkg/gene/word> rdfs:label "the abc1 like"@en .
  <https://w3id.org/gtkg/gene/accent> rdfs:label "Café-au-lait spots"@en .
}
"""


def small_release(root: Path, finish=write_index) -> Path:
    quads = ox.parse(FIELDS_TRIG.encode(), format=ox.RdfFormat.TRIG)
    return write_release(root, quads, finish=finish)


@pytest.fixture(scope="module")
def index(built_store_path: Path) -> SearchIndex:
    return SearchIndex(index_path(EmbeddedStore(built_store_path).release))


def test_a_build_writes_the_index_beside_its_release(built_store_path: Path, store) -> None:
    path = index_path(store.release)
    assert path == built_store_path / RELEASES / f"{store.release.name}.search.sqlite"
    assert path.is_file()
    strings = sum(1 for _, _, text in text_rows(store) if normalise(text))
    assert len(SearchIndex(path)) == strings > 1000


@pytest.mark.parametrize(
    ("query", "iri", "field"),
    [
        ("RPE65", GT + "gene/RPE65", LABEL),
        ("rpe65", GT + "gene/RPE65", LABEL),
        ("HGNC:10294", GT + "gene/RPE65", NOTATION),
        ("hgnc 10294", GT + "gene/RPE65", NOTATION),
        ("voretigene", GT + "therapy/luxturna", INN),
        ("aav9", GT + "serotype/aav9", LABEL),
        ("AAV9", GT + "serotype/aav9", LABEL),
    ],
)
def test_the_best_match_comes_first(index: SearchIndex, query: str, iri: str, field: str) -> None:
    best = index.search(query, 5)[0]
    assert (best.iri, best.field) == (iri, field)


def test_exact_then_prefix_then_word_prefix(index: SearchIndex) -> None:
    hits = index.search("RPE65", 20)
    assert hits[0].score[0] == 0  # the gene itself
    closeness = [h.score[0] for h in hits]
    assert closeness == sorted(closeness) and 1 in closeness
    assert all(h.label for h in hits)
    assert [h.iri for h in index.search("pigment retinal", 5)][:1] == [
        GT + "tissue/retinal-pigment-epithelium"
    ]


def test_suggestions_for_a_mistyped_name(index: SearchIndex) -> None:
    assert index.suggest("voretigene neparvovecx")[0].iri == GT + "therapy/luxturna"
    assert index.suggest("zzzqqq") == []
    assert index.search("") == [] and index.search("  ::  ") == []


def test_field_rank_then_length_on_the_same_text(tmp_path: Path) -> None:
    small_release(tmp_path / "store")
    index = open_index(EmbeddedStore(tmp_path / "store"))
    hits = index.search("abc1")
    assert [h.iri.rsplit("/", 1)[1] for h in hits] == [
        "by-label",
        "by-symbol",
        "by-synonym",
        "longer",
        "word",
    ]
    assert (hits[1].label, hits[1].matched, hits[1].field) == ("second", "ABC1", SYMBOL)
    assert [h.label for h in index.search("cafe au")] == ["Café-au-lait spots"]
    assert [h.label for h in index.search("LAIT caf")] == ["Café-au-lait spots"]


def test_old_index_files_go_with_their_releases(tmp_path: Path) -> None:
    root = tmp_path / "store"
    made = [small_release(root) for _ in range(3)]
    kept = sorted(p for p in (root / RELEASES).iterdir() if p.is_dir())
    assert len(kept) == 2 and (root / CURRENT).resolve() == made[-1] in kept
    files = sorted(p for p in (root / RELEASES).iterdir() if not p.is_dir())
    assert files == sorted(f(release) for release in kept for f in (index_path, complete_marker))
    (pruned,) = set(made) - set(kept)
    assert not index_path(pruned).exists()


def test_a_failing_index_leaves_no_release_behind(tmp_path: Path) -> None:
    root = tmp_path / "store"
    live = small_release(root)

    def broken(store: ox.Store, release: Path) -> None:
        index_path(release).write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        small_release(root, finish=broken)
    assert sorted((root / RELEASES).iterdir()) == [live, complete_marker(live), index_path(live)]


def test_a_release_without_an_index_gets_one_once(tmp_path: Path) -> None:
    """Stores built before the index existed: the server writes it on first search."""
    release = small_release(tmp_path / "store", finish=None)
    assert not index_path(release).exists()
    store = EmbeddedStore(tmp_path / "store")
    results: list[Path] = []
    threads = [
        threading.Thread(target=lambda: results.append(ensure_index(store, release)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [index_path(release)] * 4
    assert open_index(store).search("abc1")[0].iri == GT + "gene/by-label"
    index_path(release).write_bytes(b"not a database")  # a damaged file is written again
    assert open_index(store).search("abc1")[0].iri == GT + "gene/by-label"


def test_a_store_without_releases_gets_a_private_index() -> None:
    store = ox.Store()
    store.bulk_extend(ox.parse(FIELDS_TRIG.encode(), format=ox.RdfFormat.TRIG))
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in list(store))
    index = open_index(store)
    path = index.path
    assert index.search("abc1")[0].iri == GT + "gene/by-label"
    del index
    gc.collect()
    assert not path.exists()


def test_each_thread_reads_with_its_own_connection(index: SearchIndex) -> None:
    expected = [h.iri for h in index.search("retinal", 10)]
    found: list[list[str]] = []

    def worker() -> None:
        found.extend([h.iri for h in index.search("retinal", 10)] for _ in range(20))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [expected] * 80


def test_a_common_word_is_capped_after_the_whole_string_matches(tmp_path: Path) -> None:
    rows = [(f"{GT}gene/G{i}", LABEL, f"kinase {i}") for i in range(MAX_CANDIDATES * 3)]
    rows.append((GT + "gene/K", LABEL, "kinase"))
    index = SearchIndex.from_rows(rows)
    assert len(index) == MAX_CANDIDATES * 3 + 1
    hits = index.search("kinase", 5)
    assert hits[0].iri == GT + "gene/K" and len(hits) == 5
    assert index.search("kinase 1499")[0].iri == GT + "gene/G1499"
