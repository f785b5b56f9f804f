"""The SHACL shapes: valid SHACL, one node shape per class, a message on every constraint,
a valid fixture that conforms, and one broken fixture per rule failing with its own message."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, SH, Graph, URIRef

from ontology import GT, load_ontology, load_shapes
from ontology.reasoning import infer
from ontology.validation import ValidationReport, validate, validate_shapes

ONTO = load_ontology()
SHAPES = load_shapes()
B = "https://w3id.org/gtkg/"
GT_NS = str(GT._NS)
DEFINED = set(ONTO.subjects(OWL.equivalentClass, None))
BASE_CLASSES = sorted(
    c for c in ONTO.subjects(RDF.type, OWL.Class) if c.startswith(GT_NS) and c not in DEFINED
)

HEAD = """
@prefix gt: <https://w3id.org/gtkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
@prefix therapy: <https://w3id.org/gtkg/therapy/> .
@prefix gene: <https://w3id.org/gtkg/gene/> .
@prefix disease: <https://w3id.org/gtkg/disease/> .
@prefix vector: <https://w3id.org/gtkg/vector/> .
@prefix serotype: <https://w3id.org/gtkg/serotype/> .
@prefix tissue: <https://w3id.org/gtkg/tissue/> .
@prefix approval: <https://w3id.org/gtkg/approval/> .
@prefix organisation: <https://w3id.org/gtkg/organisation/> .
@prefix price: <https://w3id.org/gtkg/price/> .
@prefix challenge: <https://w3id.org/gtkg/challenge/> .
@prefix source: <https://w3id.org/gtkg/source/> .
@prefix tech: <https://w3id.org/gtkg/editing-technology/> .
@prefix strategy: <https://w3id.org/gtkg/strategy/> .
@prefix approach: <https://w3id.org/gtkg/approach/> .
@prefix trial: <https://w3id.org/gtkg/trial/> .
"""

VALID = (
    HEAD
    + """
therapy:luxturna a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "Luxturna"@en ; skos:definition "An AAV2 gene addition therapy."@en ;
    skos:altLabel "voretigene neparvovec"@en ;
    gt:internationalNonproprietaryName "voretigene neparvovec-rzyl" ;
    gt:usesStrategy strategy:gene-addition ; gt:treats disease:rpe65-ird ; gt:targetsGene gene:RPE65 ; gt:addsGene gene:RPE65 ;
    gt:usesVector vector:aav ; gt:usesSerotype serotype:aav2 ; gt:targetsTissue tissue:rpe ;
    gt:hasDeliveryApproach approach:in-vivo ; gt:hasApproval approval:luxturna-fda ;
    gt:hasPrice price:luxturna-us ; gt:manufacturedBy organisation:spark .
gene:RPE65 a gt:Gene ; rdfs:label "RPE65"@en ; skos:definition "A visual cycle gene."@en ;
    gt:geneSymbol "RPE65" ; gt:codingSequenceLength 1602 ; skos:notation "HGNC:10294" ;
    skos:exactMatch <http://identifiers.org/hgnc/10294> .
disease:rpe65-ird a gt:Disease ; rdfs:label "RPE65 retinal dystrophy"@en ;
    skos:definition "An inherited retinal disease."@en ; gt:hasCausalGene gene:RPE65 ;
    gt:affectsTissue tissue:rpe .
tissue:rpe a gt:Tissue ; rdfs:label "retinal pigment epithelium"@en ; skos:definition "A retinal layer."@en .
tissue:hsc a gt:CellType ; rdfs:label "hematopoietic stem cell"@en ; skos:definition "A blood stem cell."@en .
vector:aav a gt:AAVVector ; rdfs:label "AAV vector"@en ; skos:definition "A small viral vector."@en ;
    gt:packagingCapacityKb 4.7 ; gt:integratesIntoGenome false .
vector:lenti a gt:LentiviralVector ; rdfs:label "lentiviral vector"@en ; skos:definition "An integrating vector."@en ;
    gt:packagingCapacityKb 8 ; gt:integratesIntoGenome true .
serotype:aav2 a gt:AAVSerotype ; rdfs:label "AAV2"@en ; skos:definition "A capsid for the retina."@en ;
    gt:hasTropismFor tissue:rpe ; gt:crossesBloodBrainBarrier false .
approval:luxturna-fda a gt:RegulatoryApproval ; rdfs:label "Luxturna FDA approval"@en ;
    gt:concernsTherapy therapy:luxturna ; gt:byAgency organisation:fda ;
    gt:eventDate "2017-12-19"^^xsd:date ; gt:approvalPathway "standard" .
organisation:fda a gt:RegulatoryAgency ; rdfs:label "FDA"@en ; skos:definition "The US regulator."@en .
organisation:spark a gt:Company ; rdfs:label "Spark Therapeutics"@en ; skos:definition "A company."@en .
price:luxturna-us a gt:Price ; rdfs:label "Luxturna US price"@en ; gt:amount 850000.00 ;
    gt:currency "USD" ; gt:priceBasis "both eyes"@en ; gt:priceYear "2018"^^xsd:gYear .
challenge:antibodies a gt:Challenge ; rdfs:label "pre-existing antibodies"@en ;
    skos:definition "Antibodies that block a vector."@en ; gt:affects vector:aav ;
    gt:excludedPatientsMinPercent 20 ; gt:excludedPatientsMaxPercent 50 .
tech:crispr a gt:EditingTechnology ; rdfs:label "CRISPR-Cas9"@en ; skos:definition "A nuclease."@en .
source:seed a gt:Source ; rdfs:label "Gene therapy explained"@en ; gt:fileName "000_8327220291109cc9.txt" .
"""
)


def check(extra: str) -> ValidationReport:
    return validate(Graph().parse(data=VALID + extra, format="turtle"), SHAPES, ONTO)


# ------------------------------------------------------------------ the shapes themselves


def test_shapes_are_valid_shacl() -> None:
    report = validate_shapes(SHAPES)
    assert report.conforms, report.text


def test_shacl_shacl_catches_a_broken_shape() -> None:
    broken = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:property [ sh:path <urn:p> ; sh:minCount "one" ] .""",
        format="turtle",
    )
    assert not validate_shapes(broken).conforms


@pytest.mark.parametrize("cls", BASE_CLASSES, ids=lambda c: c[len(GT_NS) :])
def test_one_node_shape_per_class(cls: URIRef) -> None:
    shapes = [s for s in SHAPES.subjects(SH.targetClass, cls)]
    assert len(shapes) == 1, f"{cls} has {len(shapes)} node shapes"
    assert (shapes[0], RDF.type, SH.NodeShape) in SHAPES


def test_every_target_class_is_in_the_ontology() -> None:
    targets = set(SHAPES.objects(None, SH.targetClass))
    assert targets <= set(BASE_CLASSES)


PROPERTY_SHAPES = sorted(
    set(SHAPES.objects(None, SH.property)) | set(SHAPES.subjects(RDF.type, SH.PropertyShape)),
    key=str,
)


def test_there_are_many_property_shapes() -> None:
    assert len(PROPERTY_SHAPES) > 80


@pytest.mark.parametrize("shape", PROPERTY_SHAPES, ids=str)
def test_every_property_shape_has_a_message(shape) -> None:
    messages = list(SHAPES.objects(shape, SH.message))
    assert messages, f"property shape on {SHAPES.value(shape, SH.path)} has no sh:message"


SPARQL_CONSTRAINTS = sorted(set(SHAPES.objects(None, SH.sparql)), key=str)


@pytest.mark.parametrize("constraint", SPARQL_CONSTRAINTS, ids=str)
def test_every_sparql_constraint_has_a_message(constraint) -> None:
    assert SHAPES.value(constraint, SH.message) is not None


def test_at_least_two_sparql_constraints_encode_domain_knowledge() -> None:
    assert len(SPARQL_CONSTRAINTS) >= 4


# ------------------------------------------------------------------ valid data


def test_the_valid_fixture_conforms() -> None:
    report = check("")
    assert report.conforms, report.text
    assert report.results == []


def test_the_valid_fixture_conforms_after_reasoning() -> None:
    data = Graph().parse(data=VALID, format="turtle")
    inferred = infer(ONTO, data)
    assert (URIRef(B + "therapy/luxturna"), RDF.type, GT.AAVDeliveredTherapy) in inferred
    report = validate(data + inferred + ONTO, SHAPES, ONTO)
    assert report.conforms, report.text


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(
            """therapy:elevidys a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "Elevidys"@en ; skos:definition "d"@en ;
                gt:usesStrategy strategy:gene-addition ; gt:treats disease:rpe65-ird ;
                gt:usesVector vector:aav ; gt:targetsGene gene:DMD ; gt:addsGene gene:DMD ;
                gt:deliversShortenedTransgene true .
            gene:DMD a gt:Gene ; rdfs:label "DMD"@en ; skos:definition "Dystrophin."@en ;
                gt:codingSequenceLength 11058 .""",
            id="shortened-transgene-fits",
        ),
        pytest.param("therapy:luxturna gt:transgeneCodingLength 4000 .", id="stated-length-fits"),
        pytest.param('approval:luxturna-fda gt:eventYear "2017"^^xsd:gYear .', id="date-and-year"),
        pytest.param(
            "price:luxturna-us gt:minAmount 400000 ; gt:maxAmount 850000 .", id="price-range"
        ),
        pytest.param(
            """trial:nct00999609 a gt:ClinicalTrial ; rdfs:label "Study 301"@en ;
                gt:nctId "NCT00999609" ; gt:trialPhase "3" ; gt:enrollment "31"^^xsd:nonNegativeInteger ;
                gt:primaryEndpoint "change in multi-luminance mobility testing at one year"@en ;
                gt:evaluatesTherapy therapy:luxturna ; gt:supportsEvent approval:luxturna-fda .""",
            id="pivotal-trial",
        ),
        pytest.param(
            'source:seed gt:consultedOn "2026-12-02"^^xsd:date .', id="source-consulted-on"
        ),
    ],
)
def test_valid_variants_conform(extra: str) -> None:
    report = check(extra)
    assert report.conforms, report.text


# ------------------------------------------------------------------ one broken fixture per rule

BROKEN = [
    ('gene:G2 a gt:Gene ; skos:definition "d"@en .', "gene/G2", "exactly one rdfs:label"),
    ('gene:RPE65 rdfs:label "retinal gene"@en .', "gene/RPE65", "exactly one rdfs:label"),
    (
        'gene:G2 a gt:Gene ; rdfs:label "G2" ; skos:definition "d"@en .',
        "gene/G2",
        'English language-tagged string ("…"@en)',
    ),
    ('gene:G2 a gt:Gene ; rdfs:label "G2"@en .', "gene/G2", "exactly one skos:definition"),
    ('gene:RPE65 skos:definition "Another."@en .', "gene/RPE65", "exactly one skos:definition"),
    (
        'approval:luxturna-fda skos:definition "One."@en , "Two."@en .',
        "approval/luxturna-fda",
        "at most one skos:definition",
    ),
    (
        'gene:G2 a gt:Gene ; rdfs:label "G2"@en ; skos:definition "d" .',
        "gene/G2",
        "skos:definition must be an English",
    ),
    ('gene:RPE65 skos:notation "10294" .', "gene/RPE65", "skos:notation holds a CURIE"),
    ('gene:RPE65 skos:exactMatch "HGNC:10294" .', "gene/RPE65", "skos:exactMatch points to an IRI"),
    (
        'gene:RPE65 gt:codingSequenceLength "long" .',
        "gene/RPE65",
        "gt:codingSequenceLength is one positive xsd:integer",
    ),
    ('gene:RPE65 gt:geneSymbol "RPE65"@en .', "gene/RPE65", "gt:geneSymbol, a plain string"),
    (
        "disease:rpe65-ird gt:hasCausalGene therapy:luxturna .",
        "disease/rpe65-ird",
        "gt:hasCausalGene points to a gt:Gene",
    ),
    (
        "therapy:luxturna gt:treats gene:RPE65 .",
        "therapy/luxturna",
        "treats at least one gt:Disease",
    ),
    (
        'therapy:t2 a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "T2"@en ; skos:definition "d"@en ; gt:treats disease:rpe65-ird .',
        "therapy/t2",
        "names at least one gt:TherapeuticStrategy",
    ),
    (
        "therapy:luxturna gt:hasDeliveryApproach approach:ex-vivo .",
        "therapy/luxturna",
        "at most one gt:hasDeliveryApproach",
    ),
    (
        "therapy:luxturna gt:usesVector tissue:rpe .",
        "therapy/luxturna",
        "gt:usesVector points to a gt:Vector",
    ),
    (
        'therapy:luxturna gt:deliversShortenedTransgene "no" .',
        "therapy/luxturna",
        "gt:deliversShortenedTransgene is one xsd:boolean",
    ),
    # seed 000: AAV packages about 4.7 kb, which excludes dystrophin (DMD)
    (
        """therapy:dmd-full a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "full DMD"@en ; skos:definition "d"@en ;
            gt:usesStrategy strategy:gene-addition ; gt:treats disease:rpe65-ird ;
            gt:usesVector vector:aav ; gt:targetsGene gene:DMD ; gt:addsGene gene:DMD .
           gene:DMD a gt:Gene ; rdfs:label "DMD"@en ; skos:definition "Dystrophin."@en ;
            gt:codingSequenceLength 11058 .""",
        "therapy/dmd-full",
        "An AAV-delivered therapy delivers 11058 bp, more than its AAV vector",
    ),
    (
        "therapy:luxturna gt:transgeneCodingLength 6000 .",
        "therapy/luxturna",
        "delivers 6000 bp, more than",
    ),
    (
        """therapy:edit a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "edit"@en ; skos:definition "d"@en ;
            gt:usesStrategy strategy:gene-editing ; gt:treats disease:rpe65-ird .""",
        "therapy/edit",
        "must name its editing technology",
    ),
    (
        """therapy:silence a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "silence"@en ; skos:definition "d"@en ;
            gt:usesStrategy strategy:gene-silencing ; gt:treats disease:rpe65-ird .""",
        "therapy/silence",
        "must name its silencing mechanism",
    ),
    (  # issue 9: a product without a category
        """therapy:nocat a gt:Therapy ; rdfs:label "nocat"@en ; skos:definition "d"@en ;
            gt:usesStrategy strategy:gene-addition ; gt:treats disease:rpe65-ird ; gt:addsGene gene:RPE65 .
        approval:nocat-fda a gt:RegulatoryApproval ; rdfs:label "nocat approval"@en ;
            gt:concernsTherapy therapy:nocat ; gt:byAgency organisation:fda ;
            gt:eventDate "2020-01-01"^^xsd:date .""",
        "therapy/nocat",
        "must be typed as exactly one product category",
    ),
    (
        "therapy:luxturna a gt:NucleicAcidDrug .",
        "therapy/luxturna",
        "must be typed as exactly one product category",
    ),
    (
        """therapy:bare a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "bare"@en ; skos:definition "d"@en ;
            gt:usesStrategy strategy:gene-addition ; gt:treats disease:rpe65-ird ; gt:targetsGene gene:RPE65 .""",
        "therapy/bare",
        "gt:targetsGene alone: state its role",
    ),
    (
        """therapy:norole a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "norole"@en ; skos:definition "d"@en ;
            gt:usesStrategy strategy:gene-addition ; gt:treats disease:rpe65-ird .""",
        "therapy/norole",
        "at least one role-typed gene link",
    ),
    (
        """therapy:cells a gt:Therapy , gt:GeneticallyModifiedCellTherapy ; rdfs:label "cells"@en ;
            skos:definition "d"@en ; gt:usesStrategy strategy:gene-addition ; gt:treats disease:rpe65-ird ;
            gt:addsGene gene:RPE65 ; gt:hasDeliveryApproach approach:ex-vivo ; gt:targetsTissue tissue:hsc ;
            gt:hasRegulatoryEvent approval:luxturna-fda .""",
        "therapy/cells",
        "needs gt:hasCellSource",
    ),
    (
        """approval:nowhere a gt:Withdrawal ; rdfs:label "nowhere"@en ;
            gt:concernsTherapy therapy:luxturna ; gt:eventDate "2020-01-01"^^xsd:date .""",
        "approval/nowhere",
        "needs its jurisdiction",
    ),
    (
        """approval:nokind a gt:RegulatoryEvent ; rdfs:label "nokind"@en ; gt:concernsTherapy therapy:luxturna ;
            gt:byAgency organisation:fda ; gt:eventDate "2020-01-01"^^xsd:date .""",
        "approval/nokind",
        "needs a kind",
    ),
    (
        'therapy:luxturna skos:editorialNote "Checked against curation.md R7."@en .',
        "therapy/luxturna",
        "refers to the team's internal material",
    ),
    (
        'therapy:luxturna gt:unii "not-a-unii" .',
        "therapy/luxturna",
        "a 10-character FDA UNII",
    ),
    ("vector:aav gt:packagingCapacityKb -1 .", "vector/aav", "one positive number of kilobases"),
    (
        'vector:big a gt:AAVVector ; rdfs:label "big"@en ; skos:definition "d"@en ; gt:packagingCapacityKb 8.0 .',
        "vector/big",
        "An AAV vector packages about 4.7 kb",
    ),
    (
        'vector:lenti2 a gt:LentiviralVector ; rdfs:label "l"@en ; skos:definition "d"@en ; gt:integratesIntoGenome false .',
        "vector/lenti2",
        "A lentiviral vector integrates",
    ),
    (
        'serotype:aav2 gt:crossesBloodBrainBarrier "no" .',
        "serotype/aav2",
        "gt:crossesBloodBrainBarrier is one xsd:boolean",
    ),
    (
        'approval:luxturna-fda gt:eventDate "2099-01-01"^^xsd:date .',
        "approval/luxturna-fda",
        "cannot lie in the future: 2099-01-01",
    ),
    (
        """approval:a2 a gt:RegulatoryApproval ; rdfs:label "a2"@en ; gt:concernsTherapy therapy:luxturna ;
            gt:byAgency organisation:fda ; gt:eventYear "2999"^^xsd:gYear .""",
        "approval/a2",
        "cannot lie in the future: 2999",
    ),
    (
        'approval:a2 a gt:RegulatoryApproval ; rdfs:label "a2"@en ; gt:concernsTherapy therapy:luxturna ; gt:byAgency organisation:fda .',
        "approval/a2",
        "needs a gt:eventDate or",
    ),
    (
        'approval:luxturna-fda gt:eventDate "19 Dec 2017" .',
        "approval/luxturna-fda",
        "gt:eventDate is one valid xsd:date",
    ),
    (
        'approval:a2 a gt:RegulatoryApproval ; rdfs:label "a2"@en ; gt:concernsTherapy therapy:luxturna ; gt:eventYear "2017"^^xsd:gYear .',
        "approval/a2",
        "names the gt:RegulatoryAgency",
    ),
    (
        'approval:a2 a gt:Withdrawal ; rdfs:label "a2"@en ; gt:eventYear "2021"^^xsd:gYear .',
        "approval/a2",
        "concerns exactly one gt:Therapy",
    ),
    (
        'approval:luxturna-fda gt:approvalPathway "fast" .',
        "approval/luxturna-fda",
        "gt:approvalPathway is one of",
    ),
    (
        'price:p2 a gt:Price ; rdfs:label "p2"@en ; gt:amount -5 ; gt:currency "USD" .',
        "price/p2",
        "A price amount cannot be negative.",
    ),
    (
        'price:p2 a gt:Price ; rdfs:label "p2"@en ; gt:amount "lots" ; gt:currency "USD" .',
        "price/p2",
        "gt:amount is one number",
    ),
    (
        'price:p2 a gt:Price ; rdfs:label "p2"@en ; gt:amount 5 ; gt:currency "usd" .',
        "price/p2",
        "exactly one gt:currency",
    ),
    (
        'price:p2 a gt:Price ; rdfs:label "p2"@en ; gt:amount 5 .',
        "price/p2",
        "exactly one gt:currency",
    ),
    (
        'price:p2 a gt:Price ; rdfs:label "p2"@en ; gt:currency "USD" .',
        "price/p2",
        "needs a gt:amount, or",
    ),
    (
        'price:p2 a gt:Price ; rdfs:label "p2"@en ; gt:minAmount 9 ; gt:maxAmount 3 ; gt:currency "USD" .',
        "price/p2",
        "must not end below its start",
    ),
    (
        "challenge:antibodies gt:excludedPatientsMaxPercent 150 .",
        "challenge/antibodies",
        "gt:excludedPatientsMaxPercent is one number from 0 to 100",
    ),
    (
        'challenge:c2 a gt:Challenge ; rdfs:label "c"@en ; skos:definition "d"@en ; gt:excludedPatientsMinPercent 50 ; gt:excludedPatientsMaxPercent 20 .',
        "challenge/c2",
        "must not exceed gt:excludedPatientsMaxPercent",
    ),
    (
        'source:s2 a gt:Source ; rdfs:label "s2"@en .',
        "source/s2",
        "needs a schema:url or a gt:fileName",
    ),
    (
        'source:s2 a gt:Source ; rdfs:label "s2"@en ; schema:url "example.org" .',
        "source/s2",
        "schema:url is an IRI",
    ),
    (
        'trial:t1 a gt:ClinicalTrial ; rdfs:label "T1"@en ; gt:evaluatesTherapy therapy:luxturna .',
        "trial/t1",
        "needs its registry number",
    ),
    (
        'trial:t1 a gt:ClinicalTrial ; rdfs:label "T1"@en ; gt:nctId "NCT123" ;'
        " gt:evaluatesTherapy therapy:luxturna .",
        "trial/t1",
        "gt:nctId is one ClinicalTrials.gov number",
    ),
    (
        'trial:t1 a gt:ClinicalTrial ; rdfs:label "T1"@en ; gt:eudraCtNumber "2015-987-17" ;'
        " gt:evaluatesTherapy therapy:luxturna .",
        "trial/t1",
        "gt:eudraCtNumber is one EudraCT number",
    ),
    (
        'trial:t1 a gt:ClinicalTrial ; rdfs:label "T1"@en ; gt:nctId "NCT00999609" ;'
        ' gt:trialPhase "III" ; gt:evaluatesTherapy therapy:luxturna .',
        "trial/t1",
        "gt:trialPhase is one of",
    ),
    (
        'trial:t1 a gt:ClinicalTrial ; rdfs:label "T1"@en ; gt:nctId "NCT00999609" ;'
        ' gt:enrollment "thirty" ; gt:evaluatesTherapy therapy:luxturna .',
        "trial/t1",
        "gt:enrollment is one xsd:nonNegativeInteger",
    ),
    (
        'trial:t1 a gt:ClinicalTrial ; rdfs:label "T1"@en ; gt:nctId "NCT00999609" .',
        "trial/t1",
        "needs gt:evaluatesTherapy",
    ),
    (
        'trial:t1 a gt:ClinicalTrial ; rdfs:label "T1"@en ; gt:nctId "NCT00999609" ;'
        " gt:evaluatesTherapy therapy:luxturna ; gt:supportsEvent therapy:luxturna .",
        "trial/t1",
        "gt:supportsEvent points to a gt:RegulatoryEvent",
    ),
    (
        'source:seed gt:consultedOn "last week" .',
        "source/seed",
        "gt:consultedOn is one xsd:date",
    ),
]


@pytest.mark.parametrize(("extra", "focus", "message"), BROKEN, ids=[b[2][:48] for b in BROKEN])
def test_each_broken_fixture_fails_with_its_own_message(
    extra: str, focus: str, message: str
) -> None:
    report = check(extra)
    assert not report.conforms
    hits = [v for v in report.violations if message in v.message]
    assert hits, f"expected {message!r}, got {[v.message for v in report.violations]}"
    assert {v.focus_node for v in hits} == {URIRef(B + focus)}


def test_broken_fixture_messages_are_distinct_rules() -> None:
    assert len({m for _, _, m in BROKEN}) >= 35


def test_an_ex_vivo_therapy_without_cell_type_is_a_warning_not_a_violation() -> None:
    extra = """therapy:exvivo a gt:Therapy , gt:GeneTherapyProduct ; rdfs:label "ex"@en ; skos:definition "d"@en ;
        gt:usesStrategy strategy:gene-addition ; gt:treats disease:rpe65-ird ; gt:addsGene gene:RPE65 ;
        gt:usesVector vector:lenti ; gt:hasDeliveryApproach approach:ex-vivo ."""
    report = check(extra)
    assert report.conforms
    assert [w.message for w in report.warnings] == [
        "An ex vivo therapy should name the cell type it modifies (gt:targetsTissue a gt:CellType)."
    ]
    assert check(extra + " therapy:exvivo gt:targetsTissue tissue:hsc .").results == []


def test_reference_words_like_auditory_or_gene_aliases_are_not_internal_references() -> None:
    """The rule against citing team material must not catch "auditory" or an alias like NTE-R1."""
    extra = """gene:RPE65 skos:altLabel "NTE-R1"@en .
        disease:rpe65-ird skos:altLabel "auditory neuropathy-like retinal disease"@en ."""
    assert check(extra).conforms
