"""HermiT through owlready2: the ontology is consistent, the defined classes fill up as
expected on a small ABox, and an inconsistent ABox raises a message naming what clashes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from ontology import GT, load_ontology
from ontology.reasoning import InconsistentOntology, ReasonerError, infer, unsatisfiable_classes

B = "https://w3id.org/gtkg/"
HEAD = """
@prefix gt: <https://w3id.org/gtkg/ontology#> .
@prefix therapy: <https://w3id.org/gtkg/therapy/> .
@prefix vector: <https://w3id.org/gtkg/vector/> .
@prefix disease: <https://w3id.org/gtkg/disease/> .
@prefix tissue: <https://w3id.org/gtkg/tissue/> .
@prefix approval: <https://w3id.org/gtkg/approval/> .
@prefix strategy: <https://w3id.org/gtkg/strategy/> .
@prefix approach: <https://w3id.org/gtkg/approach/> .
"""

ABOX = (
    HEAD
    + """
therapy:casgevy a gt:Therapy ; gt:usesStrategy strategy:gene-editing ;
    gt:hasDeliveryApproach approach:ex-vivo ; gt:treats disease:scd .
therapy:zolgensma a gt:Therapy ; gt:usesStrategy strategy:gene-addition ;
    gt:usesVector vector:aav ; gt:hasDeliveryApproach approach:in-vivo .
vector:aav a gt:AAVVector .
approval:zolgensma-fda a gt:RegulatoryApproval ; gt:concernsTherapy therapy:zolgensma .
therapy:lyfgenia gt:usesVector vector:lenti .
vector:lenti a gt:SelfInactivatingLentiviralVector .
therapy:strimvelis a gt:Therapy ; gt:usesVector vector:retro .
vector:retro a gt:Vector ; gt:integratesIntoGenome true .
therapy:onpattro a gt:Therapy ; gt:usesStrategy strategy:gene-silencing ;
    gt:hasApproval approval:onpattro-fda .
therapy:kymriah a gt:Therapy ; gt:usesStrategy strategy:cell-based-gene-therapy .
disease:scd a gt:Disease .
disease:untreated a gt:Disease .
"""
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def inferred(ontology: Graph) -> Graph:
    return infer(ontology, Graph().parse(data=ABOX, format="turtle"))


def test_the_ontology_alone_is_consistent_and_every_class_satisfiable(ontology: Graph) -> None:
    assert unsatisfiable_classes(ontology) == []
    assert len(infer(ontology, Graph())) == 0


@pytest.mark.parametrize(
    ("individual", "cls"),
    [
        ("therapy/casgevy", GT.GeneEditingTherapy),
        ("therapy/casgevy", GT.ExVivoTherapy),
        ("therapy/zolgensma", GT.GeneAdditionTherapy),
        ("therapy/zolgensma", GT.AAVDeliveredTherapy),
        ("therapy/zolgensma", GT.InVivoTherapy),
        ("therapy/zolgensma", GT.ApprovedTherapy),  # via concernsTherapy, the inverse
        ("therapy/onpattro", GT.GeneSilencingTherapy),
        ("therapy/onpattro", GT.ApprovedTherapy),  # via hasApproval
        ("therapy/kymriah", GT.CellBasedGeneTherapy),
        ("therapy/lyfgenia", GT.Therapy),  # domain of usesVector
        ("therapy/lyfgenia", GT.LentiviralTherapy),  # through the SIN subclass
        ("therapy/lyfgenia", GT.IntegratingVectorTherapy),  # lentiviral vectors integrate
        ("therapy/strimvelis", GT.IntegratingVectorTherapy),  # integratesIntoGenome true
        ("vector/aav", GT.ViralVector),
        ("vector/aav", GT.Vector),
        ("disease/scd", GT.TreatedDisease),
        ("approval/onpattro-fda", GT.RegulatoryApproval),  # range of hasApproval
    ],
)
def test_defined_classes_infer_their_members(inferred: Graph, individual: str, cls: URIRef) -> None:
    assert (URIRef(B + individual), RDF.type, cls) in inferred


@pytest.mark.parametrize(
    ("individual", "cls"),
    [
        ("therapy/casgevy", GT.AAVDeliveredTherapy),
        ("therapy/casgevy", GT.InVivoTherapy),
        ("therapy/casgevy", GT.ApprovedTherapy),
        ("therapy/zolgensma", GT.IntegratingVectorTherapy),
        ("therapy/zolgensma", GT.GeneEditingTherapy),
        ("therapy/strimvelis", GT.LentiviralTherapy),
        ("disease/untreated", GT.TreatedDisease),
    ],
)
def test_non_members_are_not_inferred(inferred: Graph, individual: str, cls: URIRef) -> None:
    assert (URIRef(B + individual), RDF.type, cls) not in inferred


def test_only_new_gt_types_are_returned(inferred: Graph) -> None:
    asserted = Graph().parse(data=ABOX, format="turtle")
    assert not set(inferred) & set(asserted)
    assert all(p == RDF.type and str(o).startswith(str(GT._NS)) for _, p, o in inferred)


INCONSISTENT = [
    pytest.param(
        "tissue:liver a gt:Tissue , gt:CellType .",
        ["tissue/liver", "disjoint"],
        id="tissue-and-cell-type",
    ),
    pytest.param(
        "vector:x a gt:AAVVector , gt:LipidNanoparticle .",
        ["vector/x", "gt:ViralVector", "gt:NonViralVector"],
        id="viral-and-non-viral",
    ),
    pytest.param(
        "therapy:t gt:hasDeliveryApproach approach:ex-vivo , approach:in-vivo .",
        ["therapy/t", "gt:hasDeliveryApproach"],
        id="two-delivery-approaches",
    ),
    pytest.param(
        "vector:l a gt:LentiviralVector ; gt:integratesIntoGenome false .",
        ["vector/l", "gt:integratesIntoGenome"],
        id="non-integrating-lentivirus",
    ),
    pytest.param(
        "therapy:t gt:treats disease:d . disease:d a gt:Gene .",
        ["disease/d", "range of gt:treats", "gt:Gene"],
        id="range-clash",
    ),
]


@pytest.mark.parametrize(("turtle", "named"), INCONSISTENT)
def test_an_inconsistent_abox_raises_naming_the_culprits(
    ontology: Graph, turtle: str, named: list[str]
) -> None:
    data = Graph().parse(data=HEAD + turtle, format="turtle")
    with pytest.raises(InconsistentOntology) as caught:
        infer(ontology, data)
    for fragment in named:
        assert fragment in str(caught.value)
    assert caught.value.culprits


def test_temporary_files_are_removed_even_on_failure(
    ontology: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = Graph().parse(data=HEAD + "tissue:x a gt:Tissue , gt:CellType .", format="turtle")
    with pytest.raises(InconsistentOntology):
        infer(ontology, data)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_java_is_a_reasoner_error(
    ontology: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GTKG_JAVA", str(tmp_path / "no-such-java"))
    with pytest.raises(ReasonerError, match="no-such-java"):
        infer(ontology, Graph())


def test_one_error_tree_from_the_reasoner_to_the_server(ontology: Graph) -> None:
    """The reasoner raises the classes the build, the CLI and the HTTP mapping know (one tree,
    rooted in the ontology package): its culprits reach every caller untranslated."""
    from graph import errors as graph_errors
    from ontology import errors as ontology_errors
    from server.errors import status_of

    assert graph_errors.InconsistentOntology is ontology_errors.InconsistentOntology
    assert ReasonerError is graph_errors.ReasonerFailed
    data = Graph().parse(data=HEAD + "tissue:x a gt:Tissue , gt:CellType .", format="turtle")
    with pytest.raises(graph_errors.GtkgError) as caught:
        infer(ontology, data)
    assert isinstance(caught.value, graph_errors.InconsistentOntology) and caught.value.culprits
    assert status_of(caught.value) == 422
