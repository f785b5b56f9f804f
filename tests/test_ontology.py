"""The OWL source: it parses, its header is complete, every term is documented and typed,
and the closed ``GT`` namespace matches it in both directions."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

import ontology
from ontology import GT, ONTOLOGY_PATH, load_ontology
from ontology.namespace import INDIVIDUALS, ONTOLOGY_IRI, PREFIXES

VANN = "http://purl.org/vocab/vann/"
GT_NS = str(GT._NS)
ONTO = load_ontology()


def declared(kind: URIRef) -> list[URIRef]:
    return sorted(s for s in ONTO.subjects(RDF.type, kind) if str(s).startswith(GT_NS))


CLASSES = declared(OWL.Class)
OBJECT_PROPERTIES = declared(OWL.ObjectProperty)
DATATYPE_PROPERTIES = declared(OWL.DatatypeProperty)
TERMS = CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES


def short(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def test_the_ontology_parses_with_its_terms() -> None:
    graph = Graph().parse(ONTOLOGY_PATH, format="turtle")
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert len(CLASSES) >= 40 and len(OBJECT_PROPERTIES) >= 30 and len(DATATYPE_PROPERTIES) >= 30


@pytest.mark.parametrize(
    "predicate",
    [
        DCTERMS.title,
        DCTERMS.description,
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
        DCTERMS.modified,
        URIRef(VANN + "preferredNamespacePrefix"),
        URIRef(VANN + "preferredNamespaceUri"),
    ],
    ids=short,
)
def test_header_is_complete(predicate: URIRef) -> None:
    assert ONTO.value(ONTOLOGY_IRI, predicate) is not None, f"header lacks {predicate}"


def test_header_values() -> None:
    version = str(ONTO.value(ONTOLOGY_IRI, OWL.versionInfo))
    assert ONTO.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    assert ONTO.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(ONTO.value(ONTOLOGY_IRI, URIRef(VANN + "preferredNamespaceUri"))) == GT_NS


@pytest.mark.parametrize("term", TERMS, ids=short)
def test_every_term_has_one_english_label_and_definition(term: URIRef) -> None:
    for predicate in (RDFS.label, SKOS.definition):
        values = list(ONTO.objects(term, predicate))
        assert len(values) == 1, f"{term} needs exactly one {predicate}"
        assert isinstance(values[0], Literal) and values[0].language == "en"
        assert len(str(values[0])) > 3


@pytest.mark.parametrize("prop", OBJECT_PROPERTIES, ids=short)
def test_object_properties_have_domain_and_range(prop: URIRef) -> None:
    assert ONTO.value(prop, RDFS.domain) is not None, f"{prop} has no rdfs:domain"
    assert ONTO.value(prop, RDFS.range) is not None, f"{prop} has no rdfs:range"


@pytest.mark.parametrize("prop", DATATYPE_PROPERTIES, ids=short)
def test_datatype_properties_have_domain_and_a_datatype_range(prop: URIRef) -> None:
    assert ONTO.value(prop, RDFS.domain) is not None
    datatype = ONTO.value(prop, RDFS.range)
    assert str(datatype).startswith(("http://www.w3.org/2001/XMLSchema#", str(RDF)))


@pytest.mark.parametrize(
    ("prop", "inverse"),
    [
        (GT.treats, GT.treatedBy),
        (GT.targetsGene, GT.targetedBy),
        (GT.hasCausalGene, GT.isCausalGeneOf),
        (GT.hasTropismFor, GT.isTransducedBy),
        (GT.affects, GT.isAffectedBy),
        (GT.hasRegulatoryEvent, GT.concernsTherapy),
    ],
    ids=lambda t: short(t),
)
def test_inverses_are_declared_both_ways(prop: URIRef, inverse: URIRef) -> None:
    assert (prop, OWL.inverseOf, inverse) in ONTO
    assert (inverse, OWL.inverseOf, prop) in ONTO


def test_has_approval_is_a_kind_of_regulatory_event() -> None:
    assert (GT.hasApproval, RDFS.subPropertyOf, GT.hasRegulatoryEvent) in ONTO


@pytest.mark.parametrize(
    "prop",
    [
        GT.hasDeliveryApproach,
        GT.eventDate,
        GT.eventYear,
        GT.amount,
        GT.currency,
        GT.packagingCapacityKb,
        GT.integratesIntoGenome,
        GT.transgeneCodingLength,
        GT.codingSequenceLength,
    ],
    ids=short,
)
def test_functional_properties(prop: URIRef) -> None:
    assert (prop, RDF.type, OWL.FunctionalProperty) in ONTO


def disjoint(a: URIRef, b: URIRef) -> bool:
    if (a, OWL.disjointWith, b) in ONTO or (b, OWL.disjointWith, a) in ONTO:
        return True
    for axiom in ONTO.subjects(RDF.type, OWL.AllDisjointClasses):
        members = set(Collection(ONTO, ONTO.value(axiom, OWL.members)))
        if {a, b} <= members:
            return True
    return False


TOP_LEVEL = [
    GT.Gene,
    GT.Disease,
    GT.Therapy,
    GT.Vector,
    GT.AAVSerotype,
    GT.AnatomicalEntity,
    GT.Organisation,
    GT.RegulatoryEvent,
    GT.Price,
    GT.Challenge,
    GT.Source,
    GT.TherapeuticStrategy,
    GT.DeliveryApproach,
]


@pytest.mark.parametrize(
    ("a", "b"),
    [(GT.ViralVector, GT.NonViralVector), (GT.Tissue, GT.CellType)]
    + [(a, b) for i, a in enumerate(TOP_LEVEL) for b in TOP_LEVEL[i + 1 :]],
    ids=lambda t: short(t),
)
def test_disjoint_classes(a: URIRef, b: URIRef) -> None:
    assert disjoint(a, b)


def test_subclasses_are_not_declared_disjoint_with_their_parents() -> None:
    assert not disjoint(GT.AAVVector, GT.Vector)
    assert not disjoint(GT.CellType, GT.AnatomicalEntity)


@pytest.mark.parametrize(
    "cls",
    [
        GT.GeneAdditionTherapy,
        GT.GeneEditingTherapy,
        GT.GeneSilencingTherapy,
        GT.CellBasedGeneTherapy,
        GT.AAVDeliveredTherapy,
        GT.LentiviralTherapy,
        GT.IntegratingVectorTherapy,
        GT.ExVivoTherapy,
        GT.InVivoTherapy,
        GT.ApprovedTherapy,
        GT.TreatedDisease,
    ],
    ids=short,
)
def test_defined_classes_have_an_equivalent_class_expression(cls: URIRef) -> None:
    expression = ONTO.value(cls, OWL.equivalentClass)
    assert expression is not None and not isinstance(expression, URIRef)


@pytest.mark.parametrize("individual", INDIVIDUALS, ids=short)
def test_the_ontology_defines_the_strategy_and_approach_individuals(individual: URIRef) -> None:
    kinds = {
        "strategy": GT.TherapeuticStrategy,
        "approach": GT.DeliveryApproach,
        "cell-source": GT.CellSource,
        "market-status": GT.MarketStatusValue,
    }
    kind = kinds[individual.split("/")[-2]]
    assert (individual, RDF.type, kind) in ONTO
    assert (individual, RDF.type, OWL.NamedIndividual) in ONTO
    assert ONTO.value(individual, RDFS.label) is not None
    assert ONTO.value(individual, SKOS.definition) is not None


def test_the_individuals_are_all_different() -> None:
    axiom = next(ONTO.subjects(RDF.type, OWL.AllDifferent))
    assert set(Collection(ONTO, ONTO.value(axiom, OWL.distinctMembers))) == set(INDIVIDUALS)


def test_annotation_properties_in_use_are_declared() -> None:
    used = {p for p in ONTO.predicates() if str(p).startswith((str(SKOS), str(DCTERMS), VANN))}
    missing = {p for p in used if (p, RDF.type, OWL.AnnotationProperty) not in ONTO}
    assert not missing


def test_alignments_point_to_the_standard_vocabularies() -> None:
    assert (GT.Gene, SKOS.exactMatch, URIRef("https://w3id.org/biolink/vocab/Gene")) in ONTO
    assert (
        GT.Therapy,
        SKOS.closeMatch,
        URIRef("http://purl.obolibrary.org/obo/NCIT_C15238"),
    ) in ONTO
    assert (GT.Organisation, SKOS.exactMatch, URIRef("https://schema.org/Organization")) in ONTO


# ------------------------------------------------------------------ the closed namespace


GT_NAMES = sorted(GT.__annotations__)


def test_every_gt_namespace_term_is_declared_in_the_ontology() -> None:
    assert len(GT_NAMES) == len(TERMS)
    missing = [name for name in GT_NAMES if GT[name] not in set(TERMS)]
    assert not missing, f"in GT but not in gtkg.ttl: {missing}"


def test_every_declared_term_is_in_the_gt_namespace() -> None:
    names = set(GT_NAMES)
    missing = [str(t) for t in TERMS if str(t)[len(GT_NS) :] not in names]
    assert not missing, f"in gtkg.ttl but not in GT: {missing}"


def test_gt_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        _ = GT.Therapie


def test_every_gt_iri_used_in_the_ontology_is_declared() -> None:
    used = {t for triple in ONTO for t in triple if isinstance(t, URIRef) and t.startswith(GT_NS)}
    assert used <= set(TERMS)


def test_prefixes() -> None:
    assert PREFIXES["gt"] == GT_NS
    assert {"rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "schema", "prov", "sh"} <= set(PREFIXES)


def test_public_surface() -> None:
    assert set(ontology.__all__) >= {"GT", "ONTOLOGY_PATH", "SHAPES_PATH", "load_ontology"}
    assert ontology.SHAPES_PATH.exists()
