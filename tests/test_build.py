"""The build: a valid graph becomes the live release; anything invalid leaves the store as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import build
from graph.errors import InvalidGraph, SourceError
from graph.settings import DEFAULT_BASE_IRI, load_settings
from graph.store import CURRENT, RELEASES, EmbeddedStore, write_release

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "graph" / "data"
PREFIXES = """
@prefix gt: <https://w3id.org/gtkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def settings_for(tmp_path: Path, data_dir: Path = DATA, **extra) -> dict:
    overrides = {"STORE": str(tmp_path / "store"), "DATA_DIR": str(data_dir)}
    overrides["REFERENCE_LAYER"] = False
    overrides.update(extra)
    return load_settings(overrides, environ={})


def data_copy(tmp_path: Path, extra_name: str | None = None, extra: str = "") -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    if extra_name:
        (target / extra_name).write_text(PREFIXES + extra, encoding="utf-8")
    return target


def live_release(store_path: Path) -> Path:
    return (store_path / CURRENT).resolve()


def releases(store_path: Path) -> list[Path]:
    """The release databases of a store (not the files derived from them beside them)."""
    return [p for p in (store_path / RELEASES).iterdir() if p.is_dir()]


def test_the_default_graph_is_the_union_of_the_named_graphs(store: EmbeddedStore) -> None:
    named = {
        (q.subject, q.predicate, q.object)
        for q in store.quads()
        if not isinstance(q.graph_name, ox.DefaultGraph)
    }
    default = {q.triple for q in store.quads(graph=ox.DefaultGraph())}
    assert default == {ox.Triple(*t) for t in named}
    assert len(default) > 500


def test_every_named_graph_is_a_described_source(store: EmbeddedStore) -> None:
    undescribed = list(
        store.query(
            """
            PREFIX gt: <https://w3id.org/gtkg/ontology#>
            SELECT DISTINCT ?g WHERE {
              GRAPH ?g { ?s ?p ?o }
              FILTER NOT EXISTS { ?g a gt:Source }
              FILTER (?g NOT IN (<https://w3id.org/gtkg/ontology>,
                                 <https://w3id.org/gtkg/graph/sources>))
            }"""
        )
    )
    assert undescribed == []


def test_inferred_types_are_stored_in_their_own_graph(store: EmbeddedStore) -> None:
    inferred = ox.NamedNode(DEFAULT_BASE_IRI + "graph/inferred")
    types = list(store.quads(None, None, None, inferred))
    assert types, "the reasoner inferred no class membership"


SEED = "<https://w3id.org/gtkg/source/gene-therapy-explained>"
BROKEN = {
    "negative price": (
        "price/broken",
        """<https://w3id.org/gtkg/price/broken> a gt:Price ;
            rdfs:label "a broken price"@en ;
            gt:amount "-5"^^xsd:decimal ;
            gt:currency "USD" .""",
    ),
    "approval in the future": (
        "approval/broken",
        """<https://w3id.org/gtkg/approval/broken> a gt:RegulatoryApproval ;
            rdfs:label "an approval from the future"@en ;
            gt:concernsTherapy <https://w3id.org/gtkg/therapy/luxturna> ;
            gt:byAgency <https://w3id.org/gtkg/organisation/fda> ;
            gt:eventDate "2999-01-01"^^xsd:date .""",
    ),
    "editing therapy without its technology": (
        "therapy/broken-editor",
        """<https://w3id.org/gtkg/therapy/broken-editor> a gt:Therapy ;
            rdfs:label "an editor that names no nuclease"@en ;
            skos:definition "A gene-editing therapy that does not say how it edits."@en ;
            gt:usesStrategy <https://w3id.org/gtkg/strategy/gene-editing> .""",
    ),
    "full dystrophin in AAV": (
        "therapy/broken-dmd",
        """<https://w3id.org/gtkg/therapy/broken-dmd> a gt:Therapy ;
            rdfs:label "full-length dystrophin by AAV"@en ;
            skos:definition "A gene addition that would need more room than AAV has."@en ;
            gt:usesStrategy <https://w3id.org/gtkg/strategy/gene-addition> ;
            gt:usesVector <https://w3id.org/gtkg/vector/aav> ;
            gt:targetsGene <https://w3id.org/gtkg/gene/DMD> .""",
    ),
}


@pytest.fixture(scope="module")
def previous_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build that each broken build below must leave exactly as it was."""
    root = tmp_path_factory.mktemp("previous")
    build(settings_for(root))
    return root / "store"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_invalid_data_fails_with_a_report_and_keeps_the_previous_store(
    previous_store: Path, tmp_path: Path, case: str
) -> None:
    before = live_release(previous_store)
    size = len(EmbeddedStore(previous_store))
    slug, turtle = BROKEN[case]
    broken = data_copy(tmp_path, "zz-broken.trig", f"GRAPH {SEED} {{ {turtle} }}")
    settings = settings_for(tmp_path, broken, STORE=str(previous_store))
    with pytest.raises(InvalidGraph) as failure:
        build(settings)
    report = str(failure.value)
    assert f"https://w3id.org/gtkg/{slug}" in report
    assert "zz-broken.trig" in report
    assert live_release(previous_store) == before
    assert len(EmbeddedStore(previous_store)) == size
    assert releases(previous_store) == [before]


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    broken = data_copy(
        tmp_path, "zz-syntax.trig", "GRAPH <https://w3id.org/gtkg/source/x> {\n  <a> <b> .\n}\n"
    )
    with pytest.raises(SourceError) as failure:
        build(settings_for(tmp_path, broken))
    assert failure.value.path.endswith("zz-syntax.trig")
    assert failure.value.line is not None
    assert not (tmp_path / "store" / CURRENT).exists()


def test_facts_outside_a_source_graph_are_refused(tmp_path: Path) -> None:
    broken = data_copy(
        tmp_path,
        "zz-unsourced.trig",
        '<https://w3id.org/gtkg/gene/X> rdfs:label "X"@en .\n',
    )
    with pytest.raises(SourceError, match="outside any GRAPH"):
        build(settings_for(tmp_path, broken))


def test_facts_in_an_unregistered_source_are_refused(tmp_path: Path) -> None:
    """A named graph must be a source described in the register, or its facts say "says who?"."""
    broken = data_copy(
        tmp_path,
        "zz-unregistered.trig",
        """GRAPH <https://w3id.org/gtkg/source/nowhere> {
          <https://w3id.org/gtkg/gene/ZZ1> rdfs:label "ZZ1"@en . }""",
    )
    with pytest.raises(SourceError, match="not a registered source") as refused:
        build(settings_for(tmp_path, broken))
    assert "zz-unregistered.trig" in str(refused.value) and "source/nowhere" in str(refused.value)


def test_terms_missing_from_the_ontology_are_refused(tmp_path: Path) -> None:
    broken = data_copy(
        tmp_path,
        "zz-vocab.trig",
        """GRAPH <https://w3id.org/gtkg/source/gene-therapy-explained> {
          <https://w3id.org/gtkg/gene/RPE65> gt:curesEverything true . }""",
    )
    with pytest.raises(InvalidGraph, match="curesEverything"):
        build(settings_for(tmp_path, broken))


def test_a_crash_while_writing_leaves_no_half_written_release(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    build(settings)
    before = live_release(tmp_path / "store")

    def exploding_quads():
        node = ox.NamedNode("https://w3id.org/gtkg/gene/X")
        yield ox.Quad(node, node, node, ox.NamedNode("https://w3id.org/gtkg/source/x"))
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        write_release(tmp_path / "store", exploding_quads())
    assert live_release(tmp_path / "store") == before
    assert releases(tmp_path / "store") == [before]


def test_another_base_iri_moves_entities_but_not_the_vocabulary(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, BASE_IRI="http://example.org/gt/")
    build(settings)
    store = EmbeddedStore(tmp_path / "store")
    moved = ox.NamedNode("http://example.org/gt/therapy/zolgensma")
    assert list(store.quads(moved, None, None, ox.DefaultGraph()))
    old = ox.NamedNode(DEFAULT_BASE_IRI + "therapy/zolgensma")
    assert not list(store.quads(old, None, None, None))
    therapy_class = ox.NamedNode("https://w3id.org/gtkg/ontology#Therapy")
    assert list(store.quads(moved, None, therapy_class, None))
