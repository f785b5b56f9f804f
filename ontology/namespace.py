"""The gtkg vocabulary as a closed rdflib namespace, and the prefixes gtkg binds.

``GT.Therapy`` is the IRI ``https://w3id.org/gtkg/ontology#Therapy``; a typo such as
``GT.Therapie`` raises ``AttributeError``. ``tests/test_ontology.py`` keeps this list and
``gtkg.ttl`` equal in both directions.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/gtkg/ontology")
DEFAULT_BASE_IRI = "https://w3id.org/gtkg/"


class GT(DefinedNamespace):
    """Terms of ``https://w3id.org/gtkg/ontology#`` (see ``ontology/gtkg.ttl``)."""

    _NS = Namespace("https://w3id.org/gtkg/ontology#")
    _fail = True

    # classes
    AAVDeliveredTherapy: URIRef
    AAVSerotype: URIRef
    AAVVector: URIRef
    AdenoviralVector: URIRef
    AllogeneicCellTherapy: URIRef
    AnatomicalEntity: URIRef
    AntisenseOligonucleotideDrug: URIRef
    ApprovedTherapy: URIRef
    AutologousCellTherapy: URIRef
    CargoType: URIRef
    CellBasedGeneTherapy: URIRef
    CellSource: URIRef
    CellType: URIRef
    Challenge: URIRef
    ChangeOfHolder: URIRef
    ClinicalTrial: URIRef
    Company: URIRef
    ConventionalTreatment: URIRef
    CurrentlyAuthorisedTherapy: URIRef
    DeliveryApproach: URIRef
    Discontinuation: URIRef
    Disease: URIRef
    DiseaseArea: URIRef
    DiseaseMechanism: URIRef
    EditingTechnology: URIRef
    EngineeredCapsid: URIRef
    ExVivoTherapy: URIRef
    GammaRetroviralVector: URIRef
    GapmerOligonucleotide: URIRef
    Gene: URIRef
    GeneAdditionTherapy: URIRef
    GeneEditingTherapy: URIRef
    GeneProduct: URIRef
    GeneSilencingTherapy: URIRef
    GeneTherapyProduct: URIRef
    GeneticallyModifiedCellTherapy: URIRef
    HSVVector: URIRef
    InheritancePattern: URIRef
    IntegratingVectorTherapy: URIRef
    InVivoTherapy: URIRef
    LabelExpansion: URIRef
    LabelRestriction: URIRef
    LentiviralTherapy: URIRef
    LentiviralVector: URIRef
    LipidNanoparticle: URIRef
    MarketStatus: URIRef
    MarketStatusValue: URIRef
    NonViralVector: URIRef
    NucleicAcidDrug: URIRef
    OncolyticVirus: URIRef
    Organisation: URIRef
    PaymentModel: URIRef
    Price: URIRef
    RegulatoryAgency: URIRef
    RegulatoryApproval: URIRef
    RegulatoryEvent: URIRef
    RouteOfAdministration: URIRef
    SafetyLabelChange: URIRef
    SelfInactivatingLentiviralVector: URIRef
    SilencingMechanism: URIRef
    SmallInterferingRNADrug: URIRef
    Source: URIRef
    SpliceSwitchingOligonucleotide: URIRef
    TherapeuticStrategy: URIRef
    Therapy: URIRef
    Tissue: URIRef
    TreatedDisease: URIRef
    Vector: URIRef
    ViralVector: URIRef
    Withdrawal: URIRef

    # object properties
    addsGene: URIRef
    administeredBy: URIRef
    affects: URIRef
    affectsTissue: URIRef
    byAgency: URIRef
    capsidOf: URIRef
    carriesCargo: URIRef
    concernsTherapy: URIRef
    correctsGene: URIRef
    decidedBy: URIRef
    deliversTo: URIRef
    disruptsGene: URIRef
    editsGene: URIRef
    encodedBy: URIRef
    encodes: URIRef
    evaluatedIn: URIRef
    evaluatesTherapy: URIRef
    expressesPayloadGene: URIRef
    hasApproval: URIRef
    hasCausalGene: URIRef
    hasCellSource: URIRef
    hasDeliveryApproach: URIRef
    hasDiseaseMechanism: URIRef
    hasInheritancePattern: URIRef
    hasMarketStatus: URIRef
    hasParentDisease: URIRef
    hasPrice: URIRef
    hasReferenceRecord: URIRef
    hasRegulatoryEvent: URIRef
    hasTropismFor: URIRef
    increasesLevelOf: URIRef
    inDiseaseArea: URIRef
    inJurisdictionOf: URIRef
    isAffectedBy: URIRef
    isCausalGeneOf: URIRef
    isTransducedBy: URIRef
    jurisdiction: URIRef
    knocksDownGene: URIRef
    manufacturedBy: URIRef
    mitigatedBy: URIRef
    modulatesSplicingOf: URIRef
    partOf: URIRef
    statusOf: URIRef
    statusValue: URIRef
    suitedToMechanism: URIRef
    supportedBy: URIRef
    supportsEvent: URIRef
    targetedBy: URIRef
    targetsAntigen: URIRef
    targetsGene: URIRef
    targetsTissue: URIRef
    treatedBy: URIRef
    treats: URIRef
    usesEditingTechnology: URIRef
    usesSerotype: URIRef
    usesSilencingMechanism: URIRef
    usesStrategy: URIRef
    usesVector: URIRef
    withLabelChange: URIRef

    # datatype properties
    amount: URIRef
    approvalPathway: URIRef
    atcCode: URIRef
    cargoType: URIRef
    chemblId: URIRef
    codingSequenceLength: URIRef
    consultedOn: URIRef
    crossesBloodBrainBarrier: URIRef
    currency: URIRef
    deliversShortenedTransgene: URIRef
    derivedFromVirus: URIRef
    drugBankId: URIRef
    editedRegion: URIRef
    emaProductNumber: URIRef
    encodesProduct: URIRef
    enrollment: URIRef
    eudraCtNumber: URIRef
    eventDate: URIRef
    eventYear: URIRef
    excludedPatientsMaxPercent: URIRef
    excludedPatientsMinPercent: URIRef
    fdaApplicationNumber: URIRef
    fileName: URIRef
    geneSymbol: URIRef
    hasPreexistingImmunity: URIRef
    inClinicalDevelopment: URIRef
    indication: URIRef
    integratesIntoGenome: URIRef
    internationalNonproprietaryName: URIRef
    locusType: URIRef
    maxAmount: URIRef
    mechanismOfAction: URIRef
    minAmount: URIRef
    ncitCode: URIRef
    nctId: URIRef
    noTargetGeneReason: URIRef
    packagingCapacityKb: URIRef
    priceBasis: URIRef
    priceCountry: URIRef
    priceDate: URIRef
    priceKind: URIRef
    priceYear: URIRef
    primaryEndpoint: URIRef
    reportedOutcome: URIRef
    splicingEffect: URIRef
    statusSince: URIRef
    statusSinceYear: URIRef
    transducesNonDividingCells: URIRef
    transgeneCodingLength: URIRef
    transgeneVariant: URIRef
    trialPhase: URIRef
    unii: URIRef
    wikidataId: URIRef


# Individuals the ontology itself defines, under the default entity base.
GENE_ADDITION = URIRef(DEFAULT_BASE_IRI + "strategy/gene-addition")
GENE_EDITING = URIRef(DEFAULT_BASE_IRI + "strategy/gene-editing")
GENE_SILENCING = URIRef(DEFAULT_BASE_IRI + "strategy/gene-silencing")
SPLICE_MODULATION = URIRef(DEFAULT_BASE_IRI + "strategy/splice-modulation")
CELL_BASED_GENE_THERAPY = URIRef(DEFAULT_BASE_IRI + "strategy/cell-based-gene-therapy")
EX_VIVO = URIRef(DEFAULT_BASE_IRI + "approach/ex-vivo")
IN_VIVO = URIRef(DEFAULT_BASE_IRI + "approach/in-vivo")
AUTOLOGOUS = URIRef(DEFAULT_BASE_IRI + "cell-source/autologous")
ALLOGENEIC = URIRef(DEFAULT_BASE_IRI + "cell-source/allogeneic")
AUTHORISED = URIRef(DEFAULT_BASE_IRI + "market-status/authorised")
WITHDRAWN = URIRef(DEFAULT_BASE_IRI + "market-status/withdrawn")
DISCONTINUED = URIRef(DEFAULT_BASE_IRI + "market-status/discontinued")
INDIVIDUALS = (
    GENE_ADDITION,
    GENE_EDITING,
    GENE_SILENCING,
    SPLICE_MODULATION,
    CELL_BASED_GENE_THERAPY,
    EX_VIVO,
    IN_VIVO,
    AUTOLOGOUS,
    ALLOGENEIC,
    AUTHORISED,
    WITHDRAWN,
    DISCONTINUED,
)

PREFIXES: dict[str, str] = {
    "gt": str(GT._NS),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "biolink": "https://w3id.org/biolink/vocab/",
    "obo": "http://purl.obolibrary.org/obo/",
    "sh": "http://www.w3.org/ns/shacl#",
}


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for SPARQL text, spelled from this module (the one place IRIs live)."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every gtkg prefix on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
