"""Every fact of the two seed documents (and the identifiers that back them) is answerable by
SPARQL together with the source that states it.

Each row of QUESTIONS is (question id, SPARQL SELECT, expected rows). A row is a tuple of the
selected values in order: IRIs are abbreviated with the prefixes below (``src:`` for sources),
literals are their lexical form. The expected rows must all be among the answers; other sources
may state the same fact too. The queries run on the shared built store when the build pipeline
is available, otherwise on an in-memory store loaded straight from graph/data/*.trig.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

DATA = Path(__file__).resolve().parent.parent / "graph" / "data"
BASE = "https://w3id.org/gtkg/"
SEED = "src:gene-therapy-explained"
CLEVELAND = "src:cleveland-clinic-gene-therapy"

PREFIXES = {
    "gt": "https://w3id.org/gtkg/ontology#",
    "src": BASE + "source/",
    "therapy": BASE + "therapy/",
    "gene": BASE + "gene/",
    "disease": BASE + "disease/",
    "vector": BASE + "vector/",
    "serotype": BASE + "serotype/",
    "tissue": BASE + "tissue/",
    "route": BASE + "route/",
    "strategy": BASE + "strategy/",
    "approach": BASE + "approach/",
    "editing": BASE + "editing-technology/",
    "silencing": BASE + "silencing-mechanism/",
    "approval": BASE + "approval/",
    "org": BASE + "organisation/",
    "price": BASE + "price/",
    "challenge": BASE + "challenge/",
    "payment": BASE + "payment-model/",
    "mechanism": BASE + "mechanism/",
    "inheritance": BASE + "inheritance/",
    "area": BASE + "disease-area/",
    "obo": "http://purl.obolibrary.org/obo/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
}
HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def q(where: str, select: str = "?source") -> str:
    return f"{HEADER}SELECT DISTINCT {select} WHERE {{ {where} }}"


def fact(pattern: str) -> str:
    """Which source states ``pattern``?"""
    return q(f"GRAPH ?source {{ {pattern} }}")


QUESTIONS: list[tuple[str, str, set[tuple[str, ...]]]] = [
    # --- strategies -----------------------------------------------------------------------
    (
        "addition-aka-augmentation",
        fact('strategy:gene-addition skos:altLabel "gene augmentation"@en'),
        {(SEED,)},
    ),
    (
        "addition-aka-replacement",
        fact('strategy:gene-addition skos:altLabel "gene replacement"@en'),
        {(SEED,)},
    ),
    (
        "addition-suits-loss-of-function",
        fact("strategy:gene-addition gt:suitedToMechanism mechanism:loss-of-function"),
        {(SEED,), (CLEVELAND,)},
    ),
    (
        "addition-recessive",
        fact('strategy:gene-addition skos:scopeNote ?n FILTER(CONTAINS(?n, "recessive"))'),
        {(SEED,)},
    ),
    (
        "silencing-suits-gain-of-function",
        fact("strategy:gene-silencing gt:suitedToMechanism mechanism:gain-of-function"),
        {(SEED,)},
    ),
    (
        "silencing-ttr-hattr",
        fact(
            'strategy:gene-silencing skos:scopeNote ?n FILTER(CONTAINS(?n, "TTR") && CONTAINS(?n, "amyloidosis"))'
        ),
        {(SEED,)},
    ),
    (
        "editing-capabilities",
        fact(
            'strategy:gene-editing skos:scopeNote ?n FILTER(CONTAINS(?n, "point mutations") && CONTAINS(?n, "repeat expansions") && CONTAINS(?n, "silencers") && CONTAINS(?n, "disrupt"))'
        ),
        {(SEED,)},
    ),
    (
        "editing-technologies",
        q("GRAPH ?source { ?t a gt:EditingTechnology }", "?t ?source"),
        {
            ("editing:crispr-cas9", SEED),
            ("editing:zinc-finger-nuclease", SEED),
            ("editing:talen", SEED),
        },
    ),
    (
        "silencing-mechanisms",
        q("GRAPH ?source { ?m a gt:SilencingMechanism ; skos:altLabel ?abbr }", "?abbr ?source"),
        {("siRNA", SEED), ("shRNA", SEED), ("ASO", SEED)},
    ),
    (
        "cell-based-car-t",
        q(
            "GRAPH ?source { therapy:car-t-cell-therapy gt:usesStrategy strategy:cell-based-gene-therapy ; gt:targetsTissue tissue:t-cell ; gt:treats disease:cancer ; gt:hasDeliveryApproach approach:ex-vivo }"
        ),
        {(SEED,)},
    ),
    (
        "cell-based-myeloablative",
        fact(
            'strategy:cell-based-gene-therapy skos:scopeNote ?n FILTER(CONTAINS(?n, "myeloablative"))'
        ),
        {(SEED,)},
    ),
    # --- vectors --------------------------------------------------------------------------
    (
        "aav-capacity",
        q("GRAPH ?source { vector:aav gt:packagingCapacityKb ?kb }", "?kb ?source"),
        {("4.7", SEED)},
    ),
    (
        "aav-properties",
        fact(
            "vector:aav gt:integratesIntoGenome false ; gt:transducesNonDividingCells true ; gt:hasPreexistingImmunity true"
        ),
        {(SEED,)},
    ),
    (
        "aav-no-disease",
        fact('vector:aav skos:scopeNote ?n FILTER(CONTAINS(?n, "no human disease"))'),
        {(SEED,)},
    ),
    (
        "aav-years-post-mitotic",
        fact('vector:aav skos:scopeNote ?n FILTER(CONTAINS(?n, "post-mitotic"))'),
        {(SEED,)},
    ),
    (
        "aav-usual-vector",
        fact('vector:aav skos:scopeNote ?n FILTER(CONTAINS(?n, "usually"))'),
        {(CLEVELAND,)},
    ),
    (
        "lentiviral-hiv-integrating",
        fact(
            'vector:lentiviral a gt:LentiviralVector ; gt:derivedFromVirus "HIV-1" ; gt:integratesIntoGenome true'
        ),
        {(SEED,)},
    ),
    (
        "sin-mitigates-mutagenesis",
        fact(
            "challenge:insertional-mutagenesis gt:mitigatedBy vector:sin-lentiviral ; gt:affects vector:lentiviral"
        ),
        {(SEED,)},
    ),
    (
        "sin-is-lentiviral",
        fact("vector:sin-lentiviral a gt:SelfInactivatingLentiviralVector"),
        {(SEED,)},
    ),
    (
        "lnp-cargo",
        q("GRAPH ?source { vector:lipid-nanoparticle gt:cargoType ?c }", "?c ?source"),
        {("mRNA", SEED), ("gene-editing components", SEED)},
    ),
    (
        "lnp-liver-no-immunity",
        fact(
            "vector:lipid-nanoparticle a gt:LipidNanoparticle ; gt:hasTropismFor tissue:liver ; gt:hasPreexistingImmunity false"
        ),
        {(SEED,)},
    ),
    (
        "lnp-covid",
        fact('vector:lipid-nanoparticle skos:scopeNote ?n FILTER(CONTAINS(?n, "COVID-19"))'),
        {(SEED,)},
    ),
    (
        "adenoviral-and-hsv",
        q("GRAPH ?source { ?v a ?k } VALUES ?k { gt:AdenoviralVector gt:HSVVector }", "?v ?source"),
        {("vector:adenoviral", "src:fda-adstiladrin"), ("vector:hsv", "src:fda-vyjuvek")},
    ),
    # --- serotypes ------------------------------------------------------------------------
    (
        "aav1-to-aav9",
        q(
            "GRAPH ?source { ?s a gt:AAVSerotype ; gt:capsidOf vector:aav } FILTER(?source = src:gene-therapy-explained)",
            "?s",
        ),
        {(f"serotype:aav{i}",) for i in range(1, 10)},
    ),
    (
        "tropism",
        q("GRAPH ?source { ?s gt:hasTropismFor ?t }", "?s ?t ?source"),
        {
            ("serotype:aav8", "tissue:liver", SEED),
            ("serotype:aav5", "tissue:liver", SEED),
            ("serotype:aav9", "tissue:neuron", SEED),
            ("serotype:aav9", "tissue:muscle-tissue", SEED),
            ("serotype:aav2", "tissue:retina", SEED),
            ("serotype:aav-php-eb", "tissue:central-nervous-system", SEED),
        },
    ),
    ("aav9-bbb", fact("serotype:aav9 gt:crossesBloodBrainBarrier true"), {(SEED,)}),
    ("php-eb-engineered", fact("serotype:aav-php-eb a gt:EngineeredCapsid"), {(SEED,)}),
    ("aavrh74-cited", fact("serotype:aavrh74 a gt:AAVSerotype"), {("src:fda-elevidys",)}),
    # --- ex vivo / in vivo, routes --------------------------------------------------------
    (
        "ex-vivo-hsc-steps",
        fact(
            'approach:ex-vivo skos:scopeNote ?n FILTER(CONTAINS(?n, "apheresis") && CONTAINS(?n, "myeloablative"))'
        ),
        {(SEED,)},
    ),
    (
        "ex-vivo-qc",
        fact('approach:ex-vivo skos:scopeNote ?n FILTER(CONTAINS(?n, "quality-tested"))'),
        {(SEED,)},
    ),
    (
        "ex-vivo-no-vector",
        fact('approach:ex-vivo skos:scopeNote ?n FILTER(CONTAINS(?n, "without a vector"))'),
        {(CLEVELAND,)},
    ),
    (
        "in-vivo-tissues",
        fact(
            'approach:in-vivo skos:scopeNote ?n FILTER(CONTAINS(?n, "brain") && CONTAINS(?n, "retina"))'
        ),
        {(SEED,)},
    ),
    (
        "routes",
        q("GRAPH ?source { ?r gt:deliversTo ?t }", "?r ?t ?source"),
        {
            ("route:subretinal", "tissue:photoreceptor-cell", SEED),
            ("route:subretinal", "tissue:retinal-pigment-epithelium", SEED),
            ("route:intravenous", "tissue:liver", SEED),
            ("route:intrathecal", "tissue:central-nervous-system", SEED),
            ("route:intrathecal", "tissue:cerebrospinal-fluid", SEED),
            ("route:intramuscular", "tissue:muscle-tissue", SEED),
        },
    ),
    (
        "cleveland-shot-or-infusion",
        q(
            "GRAPH ?source { route:injection a gt:RouteOfAdministration . route:intravenous skos:scopeNote ?n }"
        ),
        {(CLEVELAND,)},
    ),
    # --- approved therapies ---------------------------------------------------------------
    (
        "inns",
        q(
            "GRAPH ?source { ?t gt:internationalNonproprietaryName ?inn ; skos:altLabel ?inn2 FILTER(STR(?inn2) = ?inn) }",
            "?t ?inn ?source",
        ),
        {
            ("therapy:luxturna", "voretigene neparvovec", SEED),
            ("therapy:zolgensma", "onasemnogene abeparvovec", SEED),
            ("therapy:hemgenix", "etranacogene dezaparvovec", SEED),
            ("therapy:casgevy", "exagamglogene autotemcel", SEED),
        },
    ),
    (
        "approval-years",
        q(
            "GRAPH ?source { ?t gt:hasApproval ?a . ?a a gt:RegulatoryApproval ; gt:eventYear ?y }",
            "?t ?y ?source",
        ),
        {
            ("therapy:luxturna", "2017", SEED),
            ("therapy:zolgensma", "2019", SEED),
            ("therapy:hemgenix", "2022", SEED),
            ("therapy:casgevy", "2023", SEED),
        },
    ),
    (
        "fda-dates",
        q("GRAPH ?source { ?a gt:byAgency org:fda ; gt:eventDate ?d }", "?a ?d ?source"),
        {
            ("approval:luxturna-2017", "2017-12-19", "src:fda-approved-cgt-products"),
            ("approval:zolgensma-2019", "2019-05-24", "src:fda-approved-cgt-products"),
            ("approval:hemgenix-2022", "2022-11-22", "src:fda-approved-cgt-products"),
            ("approval:casgevy-2023", "2023-12-08", "src:fda-approved-cgt-products"),
            ("approval:casgevy-tdt-2024", "2024-01-16", "src:fda-casgevy"),
        },
    ),
    (
        "therapy-profiles",
        q(
            "GRAPH ?source { ?t gt:addsGene ?g ; gt:treats ?d ; gt:usesSerotype ?s ; gt:hasDeliveryApproach approach:in-vivo ; gt:usesStrategy strategy:gene-addition ; gt:usesVector vector:aav }",
            "?t ?g ?d ?s ?source",
        ),
        {
            (
                "therapy:luxturna",
                "gene:RPE65",
                "disease:rpe65-associated-inherited-retinal-dystrophy",
                "serotype:aav2",
                SEED,
            ),
            (
                "therapy:zolgensma",
                "gene:SMN1",
                "disease:spinal-muscular-atrophy-type-1",
                "serotype:aav9",
                SEED,
            ),
            ("therapy:hemgenix", "gene:F9", "disease:hemophilia-b", "serotype:aav5", SEED),
        },
    ),
    (
        "therapy-routes",
        q("?t a gt:Therapy . GRAPH ?source { ?t gt:administeredBy ?r }", "?t ?r ?source"),
        {
            ("therapy:luxturna", "route:subretinal", SEED),
            ("therapy:zolgensma", "route:intravenous", SEED),
            ("therapy:hemgenix", "route:intravenous", "src:fda-hemgenix"),
            ("therapy:casgevy", "route:intravenous", "src:fda-casgevy"),
        },
    ),
    (
        "therapy-targets",
        q("GRAPH ?source { ?t a gt:Therapy ; gt:targetsTissue ?c }", "?t ?c ?source"),
        {
            ("therapy:luxturna", "tissue:retinal-pigment-epithelium", SEED),
            ("therapy:zolgensma", "tissue:motor-neuron", SEED),
            ("therapy:hemgenix", "tissue:hepatocyte", SEED),
            ("therapy:casgevy", "tissue:hematopoietic-stem-cell", SEED),
        },
    ),
    (
        "luxturna-outcome",
        fact('therapy:luxturna gt:reportedOutcome ?o FILTER(CONTAINS(?o, "four years"))'),
        {(SEED,)},
    ),
    (
        "zolgensma-outcome",
        fact('therapy:zolgensma gt:reportedOutcome ?o FILTER(CONTAINS(?o, "sitting"))'),
        {(SEED,)},
    ),
    (
        "hemgenix-outcome",
        fact('therapy:hemgenix gt:reportedOutcome ?o FILTER(CONTAINS(?o, "5 percent"))'),
        {(SEED,)},
    ),
    (
        "zolgensma-price",
        q(
            'GRAPH ?source { therapy:zolgensma gt:hasPrice ?p . ?p gt:amount ?a ; gt:currency "USD" ; gt:priceBasis ?b FILTER(CONTAINS(?b, "per dose")) }',
            "?a ?source",
        ),
        {("2100000", SEED)},
    ),
    (
        "hemgenix-price",
        q(
            'GRAPH ?source { therapy:hemgenix gt:hasPrice ?p . ?p gt:amount ?a ; gt:currency "USD" }',
            "?a ?source",
        ),
        {("3500000", SEED)},
    ),
    (
        "factor-replacement-cost",
        q(
            "GRAPH ?source { ?t a gt:ConventionalTreatment ; gt:treats disease:hemophilia-b ; gt:hasPrice ?p . ?p gt:minAmount ?lo ; gt:maxAmount ?hi }",
            "?lo ?hi ?source",
        ),
        {("20000000", "30000000", SEED)},
    ),
    (
        "casgevy-editing",
        q(
            'GRAPH ?source { therapy:casgevy gt:usesEditingTechnology editing:crispr-cas9 ; gt:disruptsGene gene:BCL11A ; gt:hasDeliveryApproach approach:ex-vivo ; gt:usesStrategy strategy:gene-editing ; gt:mechanismOfAction ?m FILTER(CONTAINS(?m, "erythroid enhancer") && CONTAINS(?m, "fetal")) }'
        ),
        {(SEED,)},
    ),
    (
        "casgevy-diseases",
        q("GRAPH ?source { therapy:casgevy gt:treats ?d }", "?d ?source"),
        {
            ("disease:sickle-cell-disease", SEED),
            ("disease:transfusion-dependent-beta-thalassemia", SEED),
        },
    ),
    # --- diseases and genes ---------------------------------------------------------------
    (
        "in-development",
        q("GRAPH ?source { ?d gt:inClinicalDevelopment true }", "?d ?source"),
        {
            ("disease:muscular-dystrophy", SEED),
            ("disease:inherited-deafness", SEED),
            ("disease:cystic-fibrosis", SEED),
            ("disease:cancer", CLEVELAND),
            ("disease:hiv-infection", CLEVELAND),
        },
    ),
    (
        "causal-genes-seed",
        q("GRAPH ?source { ?d gt:hasCausalGene ?g }", "?d ?g ?source"),
        {
            ("disease:duchenne-muscular-dystrophy", "gene:DMD", SEED),
            ("disease:hereditary-transthyretin-amyloidosis", "gene:TTR", SEED),
            ("disease:sickle-cell-disease", "gene:HBB", "src:mondo"),
            ("disease:hemophilia-b", "gene:F9", "src:mondo"),
        },
    ),
    (
        "mondo-ids",
        q(
            "GRAPH ?source { ?d a gt:Disease } GRAPH src:mondo { ?d skos:notation ?n ; skos:exactMatch ?m }",
            "?d ?n",
        ),
        {
            ("disease:spinal-muscular-atrophy-type-1", "MONDO:0009669"),
            ("disease:hemophilia-b", "MONDO:0010604"),
            ("disease:sickle-cell-disease", "MONDO:0011382"),
            ("disease:duchenne-muscular-dystrophy", "MONDO:0010679"),
            ("disease:rpe65-associated-inherited-retinal-dystrophy", "MONDO:0100368"),
            ("disease:cystic-fibrosis", "MONDO:0009061"),
        },
    ),
    (
        "omim-orphanet",
        q(
            "GRAPH src:mondo-sssom { disease:spinal-muscular-atrophy-type-1 skos:notation ?n }",
            "?n",
        ),
        {("OMIM:253300",), ("Orphanet:83330",)},
    ),
    (
        "gene-ids",
        q(
            "GRAPH ?source { ?g a gt:Gene ; gt:geneSymbol ?s ; skos:notation ?n ; skos:exactMatch ?m }",
            "?s ?n ?source",
        ),
        {
            ("RPE65", "HGNC:10294", "src:hgnc"),
            ("RPE65", "NCBIGene:6121", "src:hgnc"),
            ("SMN1", "HGNC:11117", "src:hgnc"),
            ("F9", "HGNC:3551", "src:hgnc"),
            ("BCL11A", "HGNC:13221", "src:hgnc"),
            ("TTR", "HGNC:12405", "src:hgnc"),
            ("DMD", "HGNC:2928", "src:hgnc"),
            ("HBB", "HGNC:4827", "src:hgnc"),
        },
    ),
    (
        "dmd-too-large-for-aav",
        q(
            "GRAPH ?gs { ?g gt:codingSequenceLength ?bp } GRAPH ?vs { vector:aav gt:packagingCapacityKb ?kb } FILTER(?bp > ?kb * 1000)",
            "?g ?gs ?vs",
        ),
        {("gene:DMD", "src:uniprot-P11532", SEED)},
    ),
    (
        "anatomy-ids",
        q("GRAPH src:mondo { ?t skos:notation ?n }", "?t ?n"),
        {
            ("tissue:liver", "UBERON:0002107"),
            ("tissue:motor-neuron", "CL:0000100"),
            ("tissue:hematopoietic-stem-cell", "CL:0000037"),
            ("tissue:retinal-pigment-epithelium", "UBERON:0001782"),
        },
    ),
    # --- challenges -----------------------------------------------------------------------
    (
        "nab-exclusion",
        q(
            "GRAPH ?source { challenge:pre-existing-neutralising-antibodies gt:excludedPatientsMinPercent ?lo ; gt:excludedPatientsMaxPercent ?hi ; gt:affects vector:aav }",
            "?lo ?hi ?source",
        ),
        {("20", "50", SEED)},
    ),
    (
        "capsid-hepatotoxicity",
        fact(
            'challenge:capsid-immune-response gt:affects tissue:liver ; skos:definition ?d FILTER(CONTAINS(?d, "hepatotoxicity") && CONTAINS(?d, "same serotype"))'
        ),
        {(SEED,)},
    ),
    (
        "durability",
        fact("challenge:loss-from-dividing-cells gt:affects vector:aav , tissue:hepatocyte"),
        {(SEED,)},
    ),
    (
        "packaging-excludes-dmd",
        fact("challenge:aav-packaging-capacity gt:affects gene:DMD , vector:aav"),
        {(SEED,)},
    ),
    (
        "editing-delivery",
        fact("challenge:delivery-efficiency gt:affects strategy:gene-editing"),
        {(SEED,)},
    ),
    (
        "payment-models",
        q(
            "GRAPH ?source { challenge:high-cost gt:mitigatedBy ?m . ?m a gt:PaymentModel }",
            "?m ?source",
        ),
        {
            ("payment:outcomes-based-contract", SEED),
            ("payment:instalment-plan", SEED),
            ("payment:gene-therapy-insurance", SEED),
        },
    ),
    (
        "manufacturing",
        fact(
            'challenge:manufacturing-scalability skos:definition ?d FILTER(CONTAINS(?d, "bioreactors") && CONTAINS(?d, "quality testing"))'
        ),
        {(SEED,)},
    ),
    (
        "cleveland-risks",
        q("GRAPH ?source { ?c a gt:Challenge }", "?c ?source"),
        {
            ("challenge:limited-availability", CLEVELAND),
            ("challenge:side-effects", CLEVELAND),
            ("challenge:preparatory-treatment", CLEVELAND),
        },
    ),
    (
        "cleveland-benefits",
        q(
            'GRAPH ?g { ?source dcterms:abstract ?a FILTER(CONTAINS(?a, "Benefits") && CONTAINS(?a, "one-time")) }'
        ),
        {(CLEVELAND,)},
    ),
    ("single-gene-best", fact("area:single-gene-disorder a gt:DiseaseArea"), {(CLEVELAND,)}),
    # --- sources --------------------------------------------------------------------------
    (
        "seed-files",
        q("GRAPH ?g { ?source a gt:Source ; gt:fileName ?f }", "?source ?f"),
        {(SEED, "000_8327220291109cc9.txt"), (CLEVELAND, "003_eb51832d832772db.txt")},
    ),
    (
        "seed-dates",
        q("GRAPH ?g { ?source a gt:Source ; dcterms:modified ?d ; gt:fileName ?f }", "?source ?d"),
        {(SEED, "2026-05"), (CLEVELAND, "2025-06-17")},
    ),
]


def _short(term: ox.NamedNode | ox.Literal) -> str:
    value = term.value
    for prefix, iri in PREFIXES.items():
        if isinstance(term, ox.NamedNode) and value.startswith(iri):
            return f"{prefix}:{value[len(iri) :]}"
    return value


@pytest.mark.parametrize(
    ("qid", "sparql", "expected"), QUESTIONS, ids=[row[0] for row in QUESTIONS]
)
def test_seed_fact_with_source(
    store, qid: str, sparql: str, expected: set[tuple[str, ...]]
) -> None:
    solutions = store.query(sparql)
    names = [v.value for v in solutions.variables]
    rows = {tuple(_short(s[n]) for n in names) for s in solutions}
    missing = expected - rows
    assert not missing, f"{qid}: missing {sorted(missing)}; got {sorted(rows)}"


# --- the curated files themselves ---------------------------------------------------------

TRIG_FILES = sorted(DATA.rglob("*.trig"))
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DEFINITION = ox.NamedNode(PREFIXES["skos"] + "definition")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ONTOLOGY_INDIVIDUALS = {
    ox.NamedNode(BASE + slug)
    for slug in (
        "strategy/gene-addition",
        "strategy/gene-editing",
        "strategy/gene-silencing",
        "strategy/splice-modulation",
        "strategy/cell-based-gene-therapy",
        "approach/ex-vivo",
        "approach/in-vivo",
    )
}


def _quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def _all_quads() -> list[ox.Quad]:
    return [quad for path in TRIG_FILES for quad in _quads(path)]


@pytest.mark.parametrize("path", TRIG_FILES, ids=[p.name for p in TRIG_FILES])
def test_trig_file_parses_without_blank_nodes_or_default_graph(path: Path) -> None:
    quads = _quads(path)
    assert quads, f"{path.name} is empty"
    for quad in quads:
        terms = (quad.subject, quad.predicate, quad.object, quad.graph_name)
        assert not any(isinstance(t, ox.BlankNode) for t in terms), (
            f"blank node in {path.name}: {quad}"
        )
        assert isinstance(quad.graph_name, ox.NamedNode), (
            f"outside a GRAPH block in {path.name}: {quad}"
        )
        assert quad.graph_name.value.startswith(BASE), (
            f"graph outside the base in {path.name}: {quad}"
        )


def test_every_subject_has_one_english_label_and_one_definition() -> None:
    quads = _all_quads()
    subjects = {quad.subject for quad in quads} - ONTOLOGY_INDIVIDUALS
    problems = []
    for subject in sorted(subjects, key=str):
        for prop in (LABEL, DEFINITION):
            values = {q.object for q in quads if q.subject == subject and q.predicate == prop}
            if len(values) != 1 or any(getattr(v, "language", None) != "en" for v in values):
                problems.append(f"{subject} {prop}: {sorted(map(str, values))}")
    assert not problems, "\n".join(problems)


def test_ontology_individuals_get_no_second_label_definition_or_type() -> None:
    for quad in _all_quads():
        if quad.subject in ONTOLOGY_INDIVIDUALS:
            assert quad.predicate not in (LABEL, DEFINITION, RDF_TYPE), quad


def test_every_graph_is_a_described_source() -> None:
    quads = _all_quads()
    sources_graph = ox.NamedNode(BASE + "graph/sources")
    source_class = ox.NamedNode(PREFIXES["gt"] + "Source")
    described = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object == source_class}
    used = {q.graph_name for q in quads} - {sources_graph}
    assert used <= described, sorted(map(str, used - described))
