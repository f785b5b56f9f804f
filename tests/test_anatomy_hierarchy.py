"""The anatomy has a part-of hierarchy (gt:partOf) that tropism questions walk up.

The links are those Uberon and the Cell Ontology state (graph/data/anatomy.trig, graphs src:uberon
and src:cl). A neuron is part of the nervous system, not of the central nervous system only, so
"which serotypes reach the central nervous system" is answered by tropism for the CNS or one of
its parts, or by crossing the blood-brain barrier (how AAV9 gets there); "which serotypes have
tropism for the nervous system" reaches AAV9 through its neurons.

The checks run on an in-memory store loaded straight from graph/data/*.trig and the ontology; each
structural check is also run on a deliberately broken store to show that it can fail.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "graph" / "data"
ONTOLOGY = ROOT / "ontology" / "gtkg.ttl"
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/gtkg/ontology")
BASE = "https://w3id.org/gtkg/"
GT = "https://w3id.org/gtkg/ontology#"

HEADER = f"""PREFIX gt: <{GT}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX tissue: <{BASE}tissue/>
PREFIX serotype: <{BASE}serotype/>
PREFIX src: <{BASE}source/>
"""


def load(store: ox.Store) -> ox.Store:
    for path in sorted(DATA.rglob("*.trig")):
        store.load(path=path, format=ox.RdfFormat.TRIG)
    store.load(path=ONTOLOGY, format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    return store


@pytest.fixture(scope="session")
def data() -> ox.Store:
    return load(ox.Store())


@pytest.fixture
def broken() -> ox.Store:
    """The real data plus a cycle and an untyped part: every structural check must object."""
    store = load(ox.Store())
    graph = ox.NamedNode(BASE + "source/uberon")
    part_of = ox.NamedNode(GT + "partOf")
    store.add(
        ox.Quad(
            ox.NamedNode(BASE + "tissue/nervous-system"),
            part_of,
            ox.NamedNode(BASE + "tissue/neuron"),
            graph,
        )
    )
    store.add(
        ox.Quad(
            ox.NamedNode(BASE + "tissue/nowhere"),
            part_of,
            ox.NamedNode(BASE + "tissue/brain"),
            graph,
        )
    )
    return store


def select(store: ox.Store, body: str) -> set[tuple[str, ...]]:
    results = store.query(HEADER + body, use_default_graph_as_union=True)
    return {tuple(term.value for term in row) for row in results}


def ask(store: ox.Store, body: str) -> bool:
    return bool(store.query(HEADER + body, use_default_graph_as_union=True))


def short(iri: str) -> str:
    return iri.removeprefix(BASE)


# -------------------------------------------------------------- the links a researcher expects


@pytest.mark.parametrize(
    ("part", "whole"),
    [
        ("neuron", "nervous-system"),
        ("motor-neuron", "nervous-system"),
        ("central-nervous-system", "nervous-system"),
        ("brain", "central-nervous-system"),
        ("putamen", "central-nervous-system"),
        ("retinal-pigment-epithelium", "eye"),
        ("photoreceptor-cell", "eye"),
        ("hepatocyte", "liver"),
        ("cardiomyocyte", "heart"),
        ("bone-marrow", "hematopoietic-system"),
        ("blood", "hematopoietic-system"),
        ("t-cell", "immune-system"),
    ],
)
def test_a_part_walks_up_to_its_whole(data: ox.Store, part: str, whole: str) -> None:
    assert ask(data, f"ASK {{ tissue:{part} gt:partOf+ tissue:{whole} }}")


def test_the_retinal_pigment_epithelium_is_part_of_the_eye_through_the_retina(
    data: ox.Store,
) -> None:
    assert ask(data, "ASK { tissue:retinal-pigment-epithelium gt:partOf tissue:retina }")
    assert ask(data, "ASK { tissue:retina gt:partOf tissue:eye }")
    assert not ask(data, "ASK { tissue:retinal-pigment-epithelium gt:partOf tissue:eye }"), (
        "state the step through the retina, not a shortcut"
    )


def test_hepatocytes_are_part_of_the_liver(data: ox.Store) -> None:
    assert ask(data, "ASK { tissue:hepatocyte gt:partOf tissue:liver }")


def test_a_neuron_is_not_claimed_for_the_central_nervous_system_alone(data: ox.Store) -> None:
    # The Cell Ontology puts neurons in the nervous system; peripheral neurons are not in the CNS.
    assert not ask(data, "ASK { tissue:neuron gt:partOf+ tissue:central-nervous-system }")


def test_every_link_is_stated_by_uberon_or_the_cell_ontology(data: ox.Store) -> None:
    sources = select(data, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?part gt:partOf ?whole } }")
    assert sources == {(BASE + "source/uberon",), (BASE + "source/cl",)}
    described = select(
        data,
        """SELECT ?s WHERE { GRAPH <https://w3id.org/gtkg/graph/sources> {
               VALUES ?s { src:uberon src:cl } ?s a gt:Source ; rdfs:label ?l } }""",
    )
    assert len(described) == 2


# ----------------------------------------------------------------- tropism questions walk it


def test_nervous_system_tropism_finds_aav9_through_its_neurons(data: ox.Store) -> None:
    rows = select(
        data,
        """SELECT DISTINCT ?serotype WHERE {
               ?serotype gt:hasTropismFor ?t . ?t gt:partOf* tissue:nervous-system }""",
    )
    assert {(BASE + "serotype/aav9",), (BASE + "serotype/aav-php-eb",)} <= rows


def test_the_central_nervous_system_and_its_parts_reach_aav9(data: ox.Store) -> None:
    tropism = select(
        data,
        """SELECT DISTINCT ?serotype WHERE {
               ?serotype gt:hasTropismFor ?t . ?t gt:partOf* tissue:central-nervous-system }""",
    )
    assert (BASE + "serotype/aav-php-eb",) in tropism
    reaching = select(
        data,
        """SELECT DISTINCT ?serotype WHERE {
               { ?serotype gt:hasTropismFor ?t . ?t gt:partOf* tissue:central-nervous-system }
               UNION { ?serotype gt:crossesBloodBrainBarrier true } }""",
    )
    assert {(BASE + "serotype/aav9",), (BASE + "serotype/aav-php-eb",)} <= reaching


def test_eye_tropism_finds_aav2_through_the_retina(data: ox.Store) -> None:
    rows = select(
        data,
        "SELECT DISTINCT ?s WHERE { ?s gt:hasTropismFor ?t . ?t gt:partOf* tissue:eye }",
    )
    assert (BASE + "serotype/aav2",) in rows


# --------------------------------------------------------------- the hierarchy is well formed


def cycles(store: ox.Store) -> set[str]:
    return {short(row[0]) for row in select(store, "SELECT DISTINCT ?x WHERE { ?x gt:partOf+ ?x }")}


def untyped(store: ox.Store) -> set[str]:
    rows = select(
        store,
        """SELECT DISTINCT ?x WHERE {
               { ?x gt:partOf ?y } UNION { ?y gt:partOf ?x }
               FILTER NOT EXISTS { ?x rdf:type/rdfs:subClassOf* gt:AnatomicalEntity } }""",
    )
    return {short(row[0]) for row in rows}


def test_the_hierarchy_has_no_cycles(data: ox.Store) -> None:
    assert cycles(data) == set()


def test_every_part_and_whole_is_an_anatomical_entity(data: ox.Store) -> None:
    assert ask(data, "ASK { ?x gt:partOf ?y }")
    assert untyped(data) == set()


def test_the_checks_catch_a_broken_hierarchy(broken: ox.Store) -> None:
    assert {"tissue/neuron", "tissue/nervous-system"} <= cycles(broken)
    assert untyped(broken) == {"tissue/nowhere"}
