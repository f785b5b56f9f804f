"""Every approved product (issue 6): the FDA CBER list is covered row by row, and each approved
therapy carries the required facts, each stated in the named graph of a described source.

The FDA list is the vendored copy in ``graph/reference/gene_therapy/``; a row is either a therapy
in the graph (matched by its FDA product page, ``schema:url`` in the FDA list's graph, or by its
trade name as ``skos:altLabel``) or a deliberate exclusion in ``graph/fda_cber_exclusions.csv``.
The queries run on the session ``store`` (one full build of graph/data); its default graph is
the union of the named graphs, so no ``use_default_graph_as_union``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FDA_CSV = ROOT / "graph" / "reference" / "gene_therapy" / "fda_cber_approved_cgt_products.csv"
EXCLUSIONS_CSV = ROOT / "graph" / "fda_cber_exclusions.csv"
BASE = "https://w3id.org/gtkg/"
FDA_GRAPH = BASE + "source/fda-approved-cgt-products"

PREFIXES = f"""
PREFIX gt: <https://w3id.org/gtkg/ontology#>
PREFIX therapy: <{BASE}therapy/>
PREFIX gene: <{BASE}gene/>
PREFIX disease: <{BASE}disease/>
PREFIX org: <{BASE}organisation/>
PREFIX src: <{BASE}source/>
PREFIX strategy: <{BASE}strategy/>
PREFIX approach: <{BASE}approach/>
PREFIX silencing: <{BASE}silencing-mechanism/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# Derived from the data: 32 gene therapies of the FDA list (53 rows minus 9 cord-blood and
# 12 other cell or tissue products), Strimvelis and Glybera (EU only) and 21 oligonucleotide
# drugs (16 gene-silencing antisense and siRNA drugs, 5 splice-switching antisense drugs).
APPROVED_PRODUCTS = 71
FDA_LISTED_PRODUCTS = 32
EXCLUDED_ROWS = 21

# Products without an INN, with the reason recorded in the data.
# No INN in any source read: Strimvelis, and the first products approved in China, the
# Philippines, Russia, Korea and India (each says so in an editorial note).
NO_INN = {"strimvelis", "gendicine", "oncorine", "rexin-g", "neovasculgen", "invossa", "nexcar19"}


def rows(store, sparql: str) -> list[tuple[str, ...]]:
    solutions = store.query(PREFIXES + sparql)
    names = [v.value for v in solutions.variables]
    return [tuple(s[n].value if s[n] is not None else None for n in names) for s in solutions]


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def fda_rows() -> list[dict[str, str]]:
    with open(FDA_CSV, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def exclusions() -> dict[str, str]:
    with open(EXCLUSIONS_CSV, newline="", encoding="utf-8") as f:
        return {row["product"]: row["reason"] for row in csv.DictReader(f)}


def trade_name(product: str) -> str:
    """'KYMRIAH (tisagenlecleucel)' -> 'KYMRIAH'; 'OTARMENI™ (…)' -> 'OTARMENI'."""
    return re.split(r"[ (,™]", product, maxsplit=1)[0]


@pytest.fixture(scope="module")
def listed(store) -> dict[str, str]:
    """FDA product page URL -> therapy, as stated in the FDA list's graph."""
    found = rows(
        store,
        f"SELECT ?url ?t WHERE {{ GRAPH <{FDA_GRAPH}> {{ ?t schema:url ?url }} ?t a gt:Therapy }}",
    )
    return {url: t for url, t in found}


@pytest.fixture(scope="module")
def approved(store) -> list[str]:
    found = rows(
        store,
        "SELECT DISTINCT ?t WHERE { ?t a gt:Therapy ; gt:hasApproval ?a . ?a a gt:RegulatoryApproval }",
    )
    return sorted(t for (t,) in found)


# --- the FDA list, row by row ---------------------------------------------------------------


def test_vendored_fda_list_is_the_expected_file() -> None:
    data = fda_rows()
    assert len(data) == 53
    assert sum(1 for r in data if r["excluded"] == "cord_blood") == 9
    assert len({r["url"] for r in data}) == 53


@pytest.mark.parametrize("row", fda_rows(), ids=lambda r: trade_name(r["product"]))
def test_every_fda_row_is_a_product_or_a_deliberate_exclusion(store, listed, row) -> None:
    excluded = exclusions()
    by_url = listed.get(row["url"])
    by_name = rows(
        store,
        f'SELECT ?t WHERE {{ ?t a gt:Therapy ; skos:altLabel "{trade_name(row["product"])}"@en }}',
    )
    mapped = by_url or (by_name[0][0] if by_name else None)
    assert mapped or row["product"] in excluded, (
        f"{row['product']}: neither in the graph nor excluded"
    )
    assert not (mapped and row["product"] in excluded), (
        f"{row['product']}: both mapped and excluded"
    )
    if row["excluded"] == "cord_blood":
        assert row["product"] in excluded


def test_exclusions_name_real_rows_and_give_reasons() -> None:
    products = {r["product"] for r in fda_rows()}
    excluded = exclusions()
    assert len(excluded) == EXCLUDED_ROWS
    assert set(excluded) <= products, set(excluded) - products
    assert all(len(reason) > 20 for reason in excluded.values())


def test_each_fda_page_maps_to_one_therapy_and_the_first_approval_date_matches(
    store, listed
) -> None:
    data = {r["url"]: r for r in fda_rows()}
    assert len(listed) == FDA_LISTED_PRODUCTS
    assert len(set(listed.values())) == FDA_LISTED_PRODUCTS, "two FDA rows on one therapy"
    dates = rows(
        store,
        f"""SELECT ?t ?date WHERE {{
                {{ ?t gt:hasApproval ?a .
                   GRAPH <{FDA_GRAPH}> {{ ?a gt:byAgency org:fda ; gt:eventDate ?date }} }}
                UNION
                # a list date that is no FDA action (Elevidys): kept as the list's date, with
                # the event that replaces it
                {{ GRAPH <{FDA_GRAPH}> {{ ?n dcterms:date ?date ; dcterms:isReplacedBy ?a }}
                   ?a gt:concernsTherapy ?t }} }}""",
    )
    by_therapy: dict[str, set[str]] = {}
    for t, date in dates:
        by_therapy.setdefault(t, set()).add(date)
    for url, therapy in listed.items():
        assert data[url]["approval_date"] in by_therapy.get(therapy, set()), (therapy, url)


# --- the approved products and their facts --------------------------------------------------


def test_count_of_approved_products(approved) -> None:
    assert len(approved) == APPROVED_PRODUCTS, [_slug(t) for t in approved]


def test_count_by_strategy(store) -> None:
    found = rows(
        store,
        """SELECT ?s (COUNT(DISTINCT ?t) AS ?n) WHERE {
               ?t gt:hasApproval ?a . ?a a gt:RegulatoryApproval . ?t gt:usesStrategy ?s
           } GROUP BY ?s""",
    )
    counts = {_slug(s): int(n) for s, n in found}
    assert counts == {
        "gene-silencing": 16,
        "splice-modulation": 5,
        "cell-based-gene-therapy": 25,
        "gene-addition": 28,
        "gene-editing": 1,
        "oncolytic-virotherapy": 2,  # Oncorine (China), Delytact (Japan)
        "protein-binding": 3,  # the aptamers Macugen and Izervay, and imetelstat (Rytelo)
    }


def test_count_by_agency(store) -> None:
    found = rows(
        store,
        """SELECT ?agency (COUNT(DISTINCT ?t) AS ?n) WHERE {
               ?t gt:hasApproval ?a . ?a a gt:RegulatoryApproval ; gt:byAgency ?agency
           } GROUP BY ?agency""",
    )
    counts = {_slug(a): int(n) for a, n in found}
    assert counts == {
        "fda": 55,  # all but Strimvelis, Glybera, Waylivra, Zalmoxis and the products first
        # approved in Asia, Russia and the Philippines
        "european-commission": 39,
        "mhra": 7,
        "mhlw": 13,
        "health-canada": 11,
        "swissmedic": 12,
        "tga": 5,
        "nmpa": 8,
        "mfds": 3,
        "anvisa": 4,
        "cdsco": 1,
        "minzdrav": 1,
        "moh-ukraine": 1,
        "fda-philippines": 1,
        "isaf-macao": 1,
        "hong-kong-department-of-health": 1,
    }


# fact -> (statement that must sit in a source's graph, condition checked on the union)
REQUIRED = {
    "label": ("?t rdfs:label ?v", ""),
    "strategy": ("?t gt:usesStrategy ?v", ""),
    "disease": ("?t gt:treats ?v", "?v a gt:Disease"),
    "delivery approach": ("?t gt:hasDeliveryApproach ?v", ""),
    "approval with agency": (
        "?v gt:byAgency ?agency",
        "?t gt:hasApproval ?v . ?v a gt:RegulatoryApproval",
    ),
    "approval with date": (
        "{ ?v gt:eventDate ?d } UNION { ?v gt:eventYear ?d }",
        "?t gt:hasApproval ?v . ?v a gt:RegulatoryApproval",
    ),
}


def _sourced(store, therapy: str, pattern: str, condition: str = "") -> list[tuple[str, ...]]:
    """Values of ?v in ``pattern`` whose statement sits in the graph of a described source."""
    return rows(
        store,
        f"""SELECT DISTINCT ?v ?g WHERE {{
                BIND(<{therapy}> AS ?t)
                {condition}
                GRAPH ?g {{ {pattern} }}
                ?g a gt:Source .
            }}""",
    )


@pytest.mark.parametrize("fact", sorted(REQUIRED))
def test_every_approved_product_has_the_fact_with_its_source(store, approved, fact) -> None:
    missing = [_slug(t) for t in approved if not _sourced(store, t, *REQUIRED[fact])]
    assert not missing, f"{fact} missing or unsourced for {missing}"


def test_inn_where_one_exists(store, approved) -> None:
    for t in approved:
        inn = _sourced(store, t, "?t gt:internationalNonproprietaryName ?v")
        if _slug(t) in NO_INN:
            assert not inn
            assert rows(
                store,
                f"SELECT ?n WHERE {{ <{t}> skos:editorialNote ?n FILTER(CONTAINS(?n, 'INN')) }}",
            )
            continue
        assert inn, f"{_slug(t)}: no INN"
        alt = rows(store, f"SELECT ?a WHERE {{ <{t}> skos:altLabel ?a }}")
        assert {v for v, _ in inn} <= {a for (a,) in alt}, f"{_slug(t)}: INN not an altLabel"


def test_gene_or_documented_reason_for_none(store, approved) -> None:
    for t in approved:
        roles = "gt:addsGene|gt:knocksDownGene|gt:disruptsGene|gt:correctsGene|gt:editsGene|"
        roles += "gt:expressesPayloadGene|gt:modulatesSplicingOf|gt:targetsAntigen"
        gene = _sourced(store, t, f"?t {roles} ?v", "?v a gt:Gene")
        reason = _sourced(store, t, "?t gt:noTargetGeneReason ?v")
        assert gene or reason, f"{_slug(t)}: no target gene and no reason"
        assert not (gene and reason), f"{_slug(t)}: both a target gene and a reason for none"


def test_every_product_source_is_locatable(store, approved) -> None:
    values = " ".join(f"<{t}>" for t in approved)
    found = rows(
        store,
        f"""SELECT DISTINCT ?g WHERE {{ VALUES ?t {{ {values} }} GRAPH ?g {{ ?t ?p ?o }}
                FILTER(?g NOT IN (<{BASE}graph/inferred>, <{BASE}graph/derived>)) }}""",
    )
    for (g,) in found:
        assert rows(
            store,
            f"SELECT ?x WHERE {{ <{g}> a gt:Source . {{ <{g}> schema:url ?x }} UNION {{ <{g}> gt:fileName ?x }} }}",
        ), g


def test_silencing_drugs_name_their_mechanism(store) -> None:
    found = rows(
        store,
        """SELECT DISTINCT ?t ?m WHERE { ?t gt:usesStrategy strategy:gene-silencing ;
                                   gt:hasApproval ?a ; gt:usesSilencingMechanism ?m }""",
    )
    mechanisms = Counter(_slug(m) for _, m in found)
    assert mechanisms == {"sirna": 8, "antisense-oligonucleotide": 8}


# --- spot checks ----------------------------------------------------------------------------


def test_kymriah_fda_approval_on_2017_08_30(store) -> None:
    found = rows(
        store,
        """SELECT ?g WHERE { GRAPH ?g { ?a gt:concernsTherapy therapy:kymriah .
                ?a gt:byAgency org:fda ; gt:eventDate "2017-08-30"^^xsd:date } }""",
    )
    assert (FDA_GRAPH,) in found


def test_spinraza_modulates_smn2_splicing_and_does_not_silence(store) -> None:
    """EMA CHMP summary of opinion (21 April 2017) and the ISS-N1 review (PMC5382937): nusinersen
    is a splice-switching antisense oligonucleotide, not a gene-silencing drug."""
    found = rows(
        store,
        """SELECT ?g WHERE { GRAPH ?g { therapy:spinraza gt:usesStrategy strategy:splice-modulation } }""",
    )
    assert sorted(_slug(g) for (g,) in found) == ["ema-chmp-spinraza", "pmc-iss-n1-nusinersen"]
    assert not rows(
        store,
        """SELECT ?x WHERE { { therapy:spinraza gt:usesStrategy strategy:gene-silencing BIND(1 AS ?x) }
               UNION { therapy:spinraza gt:usesSilencingMechanism ?x }
               UNION { therapy:spinraza a gt:GeneSilencingTherapy BIND(2 AS ?x) } }""",
    )
    assert rows(
        store, "SELECT ?g WHERE { GRAPH ?g { therapy:spinraza gt:modulatesSplicingOf gene:SMN2 } }"
    )
    mechanism = rows(store, "SELECT ?m WHERE { therapy:spinraza gt:mechanismOfAction ?m }")
    assert mechanism and "SMN2" in mechanism[0][0]


def test_spinraza_is_made_by_biogen_not_ionis(store) -> None:
    """Biogen release relayed by flcube (2025): Biogen licensed Spinraza from Ionis."""
    makers = {
        _slug(o)
        for (o,) in rows(store, "SELECT ?o WHERE { therapy:spinraza gt:manufacturedBy ?o }")
    }
    assert makers == {"biogen"}


def test_beqvez_discontinued_on_2025_02_20(store) -> None:
    """Pfizer announced it on Thursday 20 February 2025 (Reuters, relayed by Financetom)."""
    found = rows(
        store,
        """SELECT ?d ?g WHERE { ?e gt:concernsTherapy therapy:beqvez . ?e a gt:Discontinuation .
                GRAPH ?g { ?e gt:eventDate ?d } }""",
    )
    assert found == [("2025-02-20", BASE + "source/financetom-beqvez")]


def test_zynteglo_withdrawn_in_the_eu(store) -> None:
    found = rows(
        store,
        """SELECT ?year ?g WHERE { GRAPH ?g { ?e gt:concernsTherapy therapy:zynteglo .
                ?e a gt:Withdrawal ; gt:eventYear ?year } }""",
    )
    assert found == [("2021", BASE + "source/scribd-588794498")]


def test_skysona_label_restricted_on_2025_08_07(store) -> None:
    found = rows(
        store,
        """SELECT ?d WHERE { ?e gt:concernsTherapy therapy:skysona .
                ?e a gt:LabelRestriction ; gt:byAgency org:fda ; gt:eventDate ?d }""",
    )
    assert found == [("2025-08-07",)]


def test_kebilidi_and_lenmeldy_are_the_eu_products_under_their_us_names(store, listed) -> None:
    assert (
        listed["https://www.fda.gov/vaccines-blood-biologics/kebilidi"] == BASE + "therapy/upstaza"
    )
    lenmeldy = (
        "https://www.fda.gov/vaccines-blood-biologics/cellular-gene-therapy-products/lenmeldy"
    )
    assert listed[lenmeldy] == BASE + "therapy/libmeldy"


def test_car_t_therapies_are_cell_based_ex_vivo_t_cell_products(store) -> None:
    for slug in ("kymriah", "yescarta", "tecartus", "breyanzi", "abecma", "carvykti", "aucatzyl"):
        ask = f"""ASK {{ therapy:{slug} gt:usesStrategy strategy:cell-based-gene-therapy ;
                         gt:hasDeliveryApproach approach:ex-vivo ; gt:targetsTissue ?cells }}"""
        assert bool(store.query(PREFIXES + ask)), slug


def test_car_t_vectors_from_the_product_information(store) -> None:
    """SmPCs (emc for Kymriah, Yescarta, Tecartus; a copy of the EU SmPC for Abecma): Kymriah and
    Abecma are made with a lentiviral vector, Yescarta and Tecartus with a gamma-retroviral one."""
    expected = {
        "kymriah": ("lentiviral", "emc-smpc-kymriah"),
        "abecma": ("lentiviral", "patient-info-smpc-abecma"),
        "yescarta": ("gamma-retroviral", "emc-smpc-yescarta"),
        "tecartus": ("gamma-retroviral", "emc-smpc-tecartus"),
    }
    for slug, (vector, src) in expected.items():
        found = rows(
            store,
            f"SELECT ?v ?g WHERE {{ GRAPH ?g {{ therapy:{slug} gt:usesVector ?v }} }}",
        )
        assert found == [(f"{BASE}vector/{vector}", f"{BASE}source/{src}")], slug
        assert not rows(
            store,
            f"SELECT ?n WHERE {{ therapy:{slug} skos:editorialNote ?n FILTER(CONTAINS(?n, 'UNCONFIRMED')) }}",
        ), slug


def test_six_car_t_products_have_the_2024_t_cell_malignancy_boxed_warning(store) -> None:
    """FDA safety page of 18 April 2024."""
    found = rows(
        store,
        """SELECT ?t WHERE { GRAPH src:fda-car-t-boxed-warning-2024 {
               ?e gt:concernsTherapy ?t . ?e a gt:SafetyLabelChange ; gt:byAgency org:fda ;
               gt:eventDate "2024-04-18"^^xsd:date } }""",
    )
    assert sorted(_slug(t) for (t,) in found) == [
        "abecma",
        "breyanzi",
        "carvykti",
        "kymriah",
        "tecartus",
        "yescarta",
    ]


def test_glybera_first_eu_gene_therapy_approved_then_withdrawn(store) -> None:
    """uniQure's release of 20 April 2017 (Gene Therapy Net): the authorisation expired on 25
    October 2017 without renewal."""
    found = rows(
        store,
        """SELECT ?date ?end ?g WHERE {
               ?a gt:concernsTherapy therapy:glybera . ?w gt:concernsTherapy therapy:glybera .
               ?a gt:byAgency org:european-commission ; gt:eventDate ?date .
               ?w a gt:Withdrawal . GRAPH ?g { ?w gt:eventDate ?end }
               FILTER NOT EXISTS { ?w gt:eventYear ?y } }""",
    )
    assert found == [("2012-10-25", "2017-10-25", BASE + "source/genetherapynet-glybera-renewal")]


# --- fact-check corrections (one test per correction, naming product and source) -----------


def _event(store, therapy: str, where: str) -> list[tuple[str, ...]]:
    return rows(
        store,
        f"""SELECT ?e WHERE {{ therapy:{therapy} ^gt:concernsTherapy ?e .
                ?e gt:concernsTherapy therapy:{therapy} . {where} }}""",
    )


def test_elevidys_first_fda_approval_is_the_2023_accelerated_one(store) -> None:
    """Maestro Database relay of the FDA release of 22 June 2023; the FDA list's 2024-01-10 is
    the date of its product page, kept in the list's graph with a note, not a first licensure."""
    found = rows(
        store,
        """SELECT ?d ?p WHERE { ?a gt:concernsTherapy therapy:elevidys .
               ?a a gt:RegulatoryApproval ; gt:byAgency org:fda ; gt:eventDate ?d .
               OPTIONAL { ?a gt:approvalPathway ?p } } ORDER BY ?d LIMIT 1""",
    )
    assert found == [("2023-06-22", "accelerated")]
    sourced = rows(
        store,
        f"""SELECT ?i WHERE {{ GRAPH src:maestro-elevidys-fda-2023 {{
               <{BASE}approval/elevidys-fda-2023> gt:eventDate "2023-06-22"^^xsd:date ;
               gt:approvalPathway "accelerated" ; gt:indication ?i }} }}""",
    )
    assert sourced and "4 through 5 years" in sourced[0][0]
    # The list's page date is no regulatory event: nothing concerns Elevidys on 2024-01-10.
    assert not rows(
        store,
        """SELECT ?a WHERE { ?a gt:concernsTherapy therapy:elevidys ;
               gt:eventDate "2024-01-10"^^xsd:date }""",
    )
    listed = rows(
        store,
        f"""SELECT ?n ?r WHERE {{ GRAPH <{FDA_GRAPH}> {{ <{BASE}approval/elevidys-fda>
               dcterms:date "2024-01-10"^^xsd:date ; skos:editorialNote ?n ;
               dcterms:isReplacedBy ?r }} }}""",
    )
    assert listed and "22 June 2023" in listed[0][0]
    assert listed[0][1] == f"{BASE}approval/elevidys-fda-2023"


def test_elevidys_2024_expansion_and_2025_boxed_warning_and_restriction(store) -> None:
    """FDA releases of 20 June 2024 and 14 November 2025."""
    found = rows(
        store,
        """SELECT ?kind ?d ?g WHERE { therapy:elevidys ^gt:concernsTherapy ?e .
               ?e a ?kind ; gt:byAgency org:fda . GRAPH ?g { ?e gt:eventDate ?d }
               VALUES ?kind { gt:LabelExpansion gt:SafetyLabelChange gt:LabelRestriction } }""",
    )
    got = {(_slug_hash(k), d, _slug(g)) for k, d, g in found}
    assert got == {
        ("LabelExpansion", "2024-06-20", "fda-release-elevidys-2024"),
        ("SafetyLabelChange", "2025-11-14", "fda-release-elevidys-2025"),
        ("LabelRestriction", "2025-11-14", "fda-release-elevidys-2025"),
    }


def _slug_hash(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def test_zolgensma_fda_indication_and_wholesale_price(store) -> None:
    """Reuters brief of 24 May 2019 (indication, boxed warning); BioProcess International (WAC)."""
    indication = rows(
        store,
        """SELECT ?i WHERE { GRAPH src:reuters-zolgensma-2019 {
               ?a gt:indication ?i } ?a gt:concernsTherapy therapy:zolgensma }""",
    )
    assert indication and "SMN1" in indication[0][0] and "less than 2 years" in indication[0][0]
    assert _event(
        store, "zolgensma", '?e a gt:SafetyLabelChange ; gt:eventDate "2019-05-24"^^xsd:date'
    )
    price = rows(
        store,
        """SELECT ?amount WHERE { GRAPH src:bioprocessintl-zolgensma {
               therapy:zolgensma gt:hasPrice ?p . ?p gt:amount ?amount ; gt:currency "USD" } }""",
    )
    assert price == [("2125000",)]


def test_hemgenix_fda_indication_is_adults_in_three_groups(store) -> None:
    """Medical Laboratory Observer relay of the FDA release (22 November 2022)."""
    found = rows(
        store,
        """SELECT ?i WHERE { GRAPH src:mlo-hemgenix { ?a gt:indication ?i }
               ?a gt:concernsTherapy therapy:hemgenix ; gt:byAgency org:fda }""",
    )
    assert found and found[0][0].startswith("adults with hemophilia B")


def test_roctavian_ec_conditional_on_2022_08_24(store) -> None:
    """MedPath mirror of the EMA record (EMEA/H/C/005830)."""
    found = rows(
        store,
        """SELECT ?d ?p ?g WHERE { ?a gt:concernsTherapy therapy:roctavian .
               ?a gt:byAgency org:european-commission ; gt:approvalPathway ?p .
               GRAPH ?g { ?a gt:eventDate ?d } FILTER NOT EXISTS { ?a gt:eventYear ?y } }""",
    )
    assert found == [("2022-08-24", "conditional", BASE + "source/medpath-ema-roctavian")]


def test_roctavian_fda_indication_and_date_note(store) -> None:
    """BioPharm International, citing the FDA release of 29 June 2023."""
    found = rows(
        store,
        """SELECT ?i ?n WHERE { GRAPH src:biopharmintl-roctavian-fda {
               ?a gt:indication ?i ; skos:editorialNote ?n }
               ?a gt:concernsTherapy therapy:roctavian }""",
    )
    assert found and "serotype 5" in found[0][0] and "29 June 2023" in found[0][1]


def test_upstaza_ec_under_exceptional_circumstances(store) -> None:
    """EMA EPAR of Upstaza."""
    found = rows(
        store,
        """SELECT ?p ?i WHERE { GRAPH src:ema-epar-upstaza {
               ?a gt:approvalPathway ?p ; gt:indication ?i }
               ?a gt:concernsTherapy therapy:upstaza ; gt:byAgency org:european-commission }""",
    )
    assert len(found) == 1 and found[0][0] == "exceptional circumstances"
    assert "18 months" in found[0][1]


def test_itvisma_and_otarmeni_capsids(store) -> None:
    """NeuRoots (Itvisma, AAV9); ASGCT CHORD abstract (Otarmeni, AAV1)."""
    for slug, serotype, src in (
        ("itvisma", "aav9", "neuroots-itvisma"),
        ("otarmeni", "aav1", "asgct-chord-otarmeni"),
    ):
        ask = f"""ASK {{ GRAPH src:{src} {{ therapy:{slug} gt:usesSerotype
                    <{BASE}serotype/{serotype}> }} }}"""
        assert bool(store.query(PREFIXES + ask)), slug


def test_other_agencies_are_described_regulators(store) -> None:
    for slug in ("mhra", "mhlw", "health-canada"):
        found = rows(
            store,
            f"""SELECT ?l ?d WHERE {{ org:{slug} a gt:RegulatoryAgency ; rdfs:label ?l ;
                   skos:definition ?d }}""",
        )
        assert len(found) == 1, slug


def test_kymriah_ec_authorisation_keeps_one_date_and_notes_the_other(store) -> None:
    """myHealthbox mirror of the EMA record (22 August 2018) vs GeneTherapyNet (27 August)."""
    found = rows(
        store,
        f"""SELECT ?d ?g WHERE {{ GRAPH ?g {{ <{BASE}approval/kymriah-ec> gt:eventDate ?d }} }}""",
    )
    assert found == [("2018-08-22", BASE + "source/myhealthbox-kymriah")]
    note = rows(
        store,
        f"""SELECT ?n WHERE {{ GRAPH src:genetherapynet-kymriah {{
               <{BASE}approval/kymriah-ec> skos:editorialNote ?n }} }}""",
    )
    assert note and "27 August 2018" in note[0][0]


def test_kymriah_label_expansions(store) -> None:
    """Lymphoma Research Foundation: large B-cell lymphoma (2018), follicular lymphoma (2022)."""
    found = rows(
        store,
        """SELECT ?d ?p WHERE { ?a gt:concernsTherapy therapy:kymriah . ?a a gt:LabelExpansion ;
               gt:eventDate ?d OPTIONAL { ?a gt:approvalPathway ?p } } ORDER BY ?d""",
    )
    assert found == [("2018-05-01", None), ("2022-05-27", "accelerated")]


def test_yescarta_ec_authorisation_dated_2018_08_23(store) -> None:
    """MedPath mirror of the EMA record; 27 August 2018 was Kite's announcement."""
    found = rows(
        store,
        f"""SELECT ?d ?g WHERE {{ GRAPH ?g {{ <{BASE}approval/yescarta-ec> gt:eventDate ?d }} }}""",
    )
    assert found == [("2018-08-23", BASE + "source/medpath-ema-yescarta")]


def test_tecelra_passed_to_us_worldmeds(store) -> None:
    """US WorldMeds release (Health Technology Insights): sale closed 31 July 2025; Adaptimmune
    stays as the maker at approval."""
    found = rows(
        store,
        """SELECT ?d ?g WHERE { ?e gt:concernsTherapy therapy:tecelra . ?e a gt:ChangeOfHolder .
               GRAPH ?g { ?e gt:eventDate ?d } }""",
    )
    assert found == [("2025-07-31", BASE + "source/usworldmeds-tecelra-2025")]
    makers = {
        _slug(o) for (o,) in rows(store, "SELECT ?o WHERE { therapy:tecelra gt:manufacturedBy ?o }")
    }
    assert makers == {"adaptimmune", "us-worldmeds"}


def test_tecelra_date_conflict_is_noted_in_the_fda_notice_graph(store) -> None:
    """ONS relay of the FDA notice (2 August 2024) vs the FDA list (1 August 2024)."""
    note = rows(
        store,
        f"""SELECT ?n WHERE {{ GRAPH src:ons-tecelra-2024 {{
               <{BASE}approval/tecelra-fda> skos:editorialNote ?n }} }}""",
    )
    assert note and "2 August 2024" in note[0][0]


def test_skysona_eu_authorised_2021_07_16_and_withdrawn_2021_11_18(store) -> None:
    """EMA EPAR of Skysona (withdrawn)."""
    found = rows(
        store,
        """SELECT ?kind ?d WHERE { GRAPH src:ema-epar-skysona {
               ?e gt:concernsTherapy therapy:skysona ; gt:byAgency org:european-commission ;
               gt:eventDate ?d } ?e a ?kind VALUES ?kind { gt:RegulatoryApproval gt:Withdrawal } }""",
    )
    assert sorted((_slug_hash(k), d) for k, d in found) == [
        ("RegulatoryApproval", "2021-07-16"),
        ("Withdrawal", "2021-11-18"),
    ]
    assert rows(
        store,
        """SELECT ?e WHERE { ?e gt:concernsTherapy therapy:skysona . ?e a gt:Withdrawal ;
               gt:eventDate "2021-11-18"^^xsd:date }""",
    )


def test_adstiladrin_us_name_suffix_is_vncg(store) -> None:
    """openFDA label and NDC listing spell it -vncg; the '-vcng' of the FDA list is not recorded."""
    alt = {a for (a,) in rows(store, "SELECT ?a WHERE { therapy:adstiladrin skos:altLabel ?a }")}
    assert "nadofaragene firadenovec-vncg" in alt
    assert "nadofaragene firadenovec-vcng" not in alt
    indication = rows(
        store,
        """SELECT ?i ?g WHERE { ?a gt:concernsTherapy therapy:adstiladrin ; gt:byAgency org:fda .
               GRAPH ?g { ?a gt:indication ?i } }""",
    )
    assert len(indication) == 1 and "high-risk" in indication[0][0]
    assert indication[0][1] == BASE + "source/openfda-label-adstiladrin"


def test_strimvelis_eu_date_and_transfer_to_fondazione_telethon(store) -> None:
    """Fondazione Telethon / Orchard releases of 12 September 2023."""
    date = rows(
        store,
        f"SELECT ?d ?y WHERE {{ <{BASE}approval/strimvelis-ec> gt:eventDate ?d OPTIONAL {{ <{BASE}approval/strimvelis-ec> gt:eventYear ?y }} }}",
    )
    assert date == [("2016-05-26", None)]
    found = rows(
        store,
        """SELECT ?d WHERE { GRAPH src:telethon-orchard-strimvelis-transfer {
               ?e gt:concernsTherapy therapy:strimvelis . ?e a gt:ChangeOfHolder ;
               gt:byAgency org:european-commission ; gt:eventDate ?d } }""",
    )
    assert found == [("2023-07-17",)]


def test_libmeldy_eu_authorised_2020_12_17(store) -> None:
    """EMA orphan designation page EU/3/07/446."""
    found = rows(
        store,
        f"""SELECT ?d ?g WHERE {{ GRAPH ?g {{ <{BASE}approval/libmeldy-ec> gt:eventDate ?d }}
               FILTER NOT EXISTS {{ <{BASE}approval/libmeldy-ec> gt:eventYear ?y }} }}""",
    )
    assert found == [("2020-12-17", BASE + "source/ema-orphan-eu-3-07-446")]


def test_bluebird_products_now_listed_under_genetix(store) -> None:
    """openFDA NDC listings of Lyfgenia and Zynteglo; bluebird bio stays as the maker at approval."""
    for slug in ("lyfgenia", "zynteglo"):
        makers = {
            (_slug(o), _slug(g))
            for o, g in rows(
                store,
                f"SELECT ?o ?g WHERE {{ GRAPH ?g {{ therapy:{slug} gt:manufacturedBy ?o }} }}",
            )
        }
        assert ("genetix-biotherapeutics", f"openfda-ndc-{slug}") in makers, slug
        assert any(m == "bluebird-bio" for m, _ in makers), slug


def test_zevaskyn_route_and_date_conflicts_are_kept_and_noted(store) -> None:
    """Drugs.com label (topical, 29 April 2025) vs talk.bio (surgical) and the FDA list (28 April)."""
    routes = {
        _slug(r)
        for (r,) in rows(store, "SELECT ?r WHERE { therapy:zevaskyn gt:administeredBy ?r }")
    }
    assert routes == {"topical", "surgical-application-to-wounds"}
    note = rows(
        store,
        f"""SELECT ?n WHERE {{ GRAPH src:drugs-com-zevaskyn {{
               <{BASE}approval/zevaskyn-fda> skos:editorialNote ?n }} }}""",
    )
    assert note and "29 April 2025" in note[0][0]


def test_casgevy_first_authorised_by_the_mhra(store) -> None:
    """Big Molecule Watch, 16 November 2023."""
    found = rows(
        store,
        """SELECT ?d ?p WHERE { GRAPH src:bigmoleculewatch-casgevy-mhra {
               ?a gt:concernsTherapy therapy:casgevy . ?a gt:byAgency org:mhra ; gt:eventDate ?d ;
               gt:approvalPathway ?p } }""",
    )
    assert found == [("2023-11-16", "conditional")]


def test_amvuttra_fda_dates(store) -> None:
    """FDA Drug Trial Snapshot (13 June 2022); Reuters (ATTR cardiomyopathy, 20 March 2025)."""
    found = rows(
        store,
        """SELECT ?d ?g WHERE { ?a gt:concernsTherapy therapy:amvuttra . ?a gt:byAgency org:fda .
               GRAPH ?g { ?a gt:eventDate ?d } FILTER NOT EXISTS { ?a gt:eventYear ?y } } ORDER BY ?d""",
    )
    assert found == [
        ("2022-06-13", BASE + "source/fda-snapshot-amvuttra"),
        ("2025-03-20", BASE + "source/reuters-amvuttra-cm-2025"),
    ]


def test_oxlumo_ec_authorised_2020_11_19(store) -> None:
    """EMA orphan designation page EU/3/16/1637."""
    found = rows(
        store,
        f"""SELECT ?d ?g WHERE {{ GRAPH ?g {{ <{BASE}approval/oxlumo-ec> gt:eventDate ?d }}
               FILTER NOT EXISTS {{ <{BASE}approval/oxlumo-ec> gt:eventYear ?y }} }}""",
    )
    assert found == [("2020-11-19", BASE + "source/ema-orphan-eu-3-16-1637")]


def test_tegsedi_dates_and_boxed_warning(store) -> None:
    """MedPath mirror of the EMA record and Biopharmanalyses (EC 6 July, FDA 5 October 2018); copy
    of the FDA label (boxed warning, REMS)."""
    dates = dict(
        rows(
            store,
            """SELECT ?a ?d WHERE { ?a gt:concernsTherapy therapy:tegsedi ; a gt:RegulatoryApproval .
                   ?a gt:eventDate ?d ;
                   gt:byAgency ?agency FILTER(?agency IN (org:fda, org:european-commission))
                   FILTER NOT EXISTS { ?a gt:eventYear ?y } }""",
        )
    )
    assert dates == {
        BASE + "approval/tegsedi-ec": "2018-07-06",
        BASE + "approval/tegsedi-fda": "2018-10-05",
    }
    assert rows(
        store,
        """SELECT ?e WHERE { GRAPH src:themeditary-tegsedi-label { ?e gt:concernsTherapy therapy:tegsedi .
               ?e a gt:SafetyLabelChange ; gt:eventDate "2018-10-05"^^xsd:date } }""",
    )


def test_qfitlia_boxed_warning_at_approval(store) -> None:
    """FDA news release of 28 March 2025."""
    assert rows(
        store,
        """SELECT ?e WHERE { GRAPH src:fda-release-qfitlia { ?e gt:concernsTherapy therapy:qfitlia .
               ?e a gt:SafetyLabelChange ; gt:byAgency org:fda ; gt:eventDate "2025-03-28"^^xsd:date } }""",
    )


def test_leqvio_current_label_noted_and_expansions_recorded(store) -> None:
    """National Lipid Association (2023) and Pharmaceutical Executive (2025) on the US label."""
    found = rows(
        store,
        """SELECT ?y WHERE { ?a gt:concernsTherapy therapy:leqvio . ?a a gt:LabelExpansion ;
               gt:byAgency org:fda ; gt:eventYear ?y } ORDER BY ?y""",
    )
    assert found == [("2023",), ("2025",)]
    note = rows(
        store,
        """SELECT ?n WHERE { GRAPH src:pharmexec-leqvio-2025 { therapy:leqvio skos:editorialNote ?n } }""",
    )
    assert note and "hypercholesterolaemia" in note[0][0]


# --- antisense and siRNA drugs added after the oligonucleotide fact check --------------------


def _in_graph(store, source: str, pattern: str) -> list[tuple[str, ...]]:
    return rows(store, f"SELECT * WHERE {{ GRAPH src:{source} {{ {pattern} }} }}")


def test_exondys_51_fda_accelerated_approval_and_exon_51_skipping(store) -> None:
    """FDA news release of 19 September 2016 (mailing-list copy): accelerated approval of
    eteplirsen, which makes DMD skip exon 51: splice modulation, not silencing."""
    assert _in_graph(
        store,
        "fda-release-exondys-51",
        """?a gt:concernsTherapy therapy:exondys-51 . therapy:exondys-51 gt:usesStrategy strategy:splice-modulation ;
               gt:modulatesSplicingOf gene:DMD ; gt:treats disease:duchenne-muscular-dystrophy .
           ?a gt:byAgency org:fda ; gt:eventDate "2016-09-19"^^xsd:date ;
              gt:approvalPathway "accelerated" .""",
    )
    assert _in_graph(
        store,
        "reuters-exondys-51",
        '?a gt:concernsTherapy therapy:exondys-51 . ?a gt:eventDate "2016-09-19"^^xsd:date',
    )
    assert not rows(
        store,
        """SELECT ?x WHERE { { therapy:exondys-51 gt:usesStrategy strategy:gene-silencing BIND(1 AS ?x) }
               UNION { therapy:exondys-51 gt:usesSilencingMechanism ?x } }""",
    )


def test_exondys_51_eu_refusal_is_a_note_not_an_event(store) -> None:
    """EMA page 'Exondys: refused' (refusal of 6 December 2018)."""
    note = _in_graph(store, "ema-epar-exondys", "therapy:exondys-51 skos:editorialNote ?n")
    assert note and "6 December 2018" in note[0][0] and "refused" in note[0][0]
    assert not rows(
        store,
        "SELECT ?e WHERE { therapy:exondys-51 ^gt:concernsTherapy ?e . ?e gt:byAgency org:european-commission }",
    )


@pytest.mark.parametrize(
    "therapy, source, date",
    [
        ("vyondys-53", "maestro-vyondys-53", "2019-12-12"),
        ("viltepso", "hayes-viltepso", "2020-08-12"),
        ("amondys-45", "hayes-amondys-45", "2021-02-25"),
    ],
)
def test_other_exon_skippers_fda_accelerated_and_splice_modulating(
    store, therapy, source, date
) -> None:
    """Vyondys 53 (Maestro relay of the FDA release), Viltepso (Hayes), Amondys 45 (Hayes)."""
    assert _in_graph(
        store,
        source,
        f"""?a gt:concernsTherapy therapy:{therapy} . ?a gt:byAgency org:fda ;
               gt:eventDate "{date}"^^xsd:date ; gt:approvalPathway "accelerated" .""",
    )
    assert rows(
        store,
        f"""SELECT ?g WHERE {{ GRAPH ?g {{ therapy:{therapy} gt:usesStrategy strategy:splice-modulation ;
               gt:modulatesSplicingOf gene:DMD }} }}""",
    )
    assert not rows(store, f"SELECT ?m WHERE {{ therapy:{therapy} gt:usesSilencingMechanism ?m }}")


def test_kynamro_fda_approval_boxed_warning_and_discontinuation(store) -> None:
    """National Lipid Association and MedWorm (FDA approval of 29 January 2013, boxed warning),
    BeneCard PBF (US sales stopped on 31 May 2018), GEN (APOB antisense)."""
    assert _in_graph(
        store,
        "nla-kynamro",
        """?a gt:concernsTherapy therapy:kynamro . ?a gt:byAgency org:fda ;
               gt:eventDate "2013-01-29"^^xsd:date .""",
    )
    assert _in_graph(
        store,
        "medworm-kynamro-fda",
        """?e gt:concernsTherapy therapy:kynamro . ?e a gt:SafetyLabelChange ;
               gt:byAgency org:fda ; gt:eventDate "2013-01-29"^^xsd:date .""",
    )
    found = rows(
        store,
        """SELECT ?d ?g WHERE { ?e gt:concernsTherapy therapy:kynamro . ?e a gt:Discontinuation .
               GRAPH ?g { ?e gt:eventDate ?d } }""",
    )
    assert found == [("2018-05-31", BASE + "source/benecard-kynamro")]
    assert _in_graph(
        store,
        "gen-kynamro-kastle",
        """therapy:kynamro gt:knocksDownGene gene:APOB ; gt:usesStrategy strategy:gene-silencing ;
               gt:usesSilencingMechanism silencing:antisense-oligonucleotide""",
    )
    assert not rows(
        store,
        "SELECT ?e WHERE { ?e gt:concernsTherapy therapy:kynamro . ?e gt:byAgency org:european-commission }",
    )


def test_vitravene_eu_approval_and_withdrawal_2002_07_30(store) -> None:
    """EMA page 'Vitravene: withdrawn': authorised 29 July 1999, withdrawn 30 July 2002."""
    found = rows(
        store,
        """SELECT ?kind ?d WHERE { GRAPH src:ema-epar-vitravene {
               therapy:vitravene ^gt:concernsTherapy ?e .
               ?e a ?kind ; gt:byAgency org:european-commission ; gt:eventDate ?d } }
           ORDER BY ?d""",
    )
    assert found == [
        ("https://w3id.org/gtkg/ontology#RegulatoryApproval", "1999-07-29"),
        ("https://w3id.org/gtkg/ontology#Withdrawal", "2002-07-30"),
    ]


def test_vitravene_fda_year_us_discontinuation_conflict_and_viral_target(store) -> None:
    """PubMed 11365956 and 11497353 (FDA approval, August 1998, day not given); Acta
    Pharmaceutica Hungarica (US withdrawal 2001) against a Wikipedia mirror (2006)."""
    assert _in_graph(
        store,
        "pubmed-11365956",
        """?a gt:concernsTherapy therapy:vitravene . ?a gt:byAgency org:fda ; gt:eventYear "1998"^^xsd:gYear
           FILTER NOT EXISTS { ?a gt:eventDate ?d }""",
    )
    years = rows(
        store,
        """SELECT ?y ?g WHERE { ?e gt:concernsTherapy therapy:vitravene . ?e a gt:Discontinuation .
               GRAPH ?g { ?e gt:eventYear ?y } }""",
    )
    assert years == [("2001", BASE + "source/acta-pharm-hung-fomivirsen")]
    note = rows(
        store,
        """SELECT ?n WHERE { GRAPH src:piglix-fomivirsen { ?e a gt:Discontinuation ;
               gt:concernsTherapy therapy:vitravene ; skos:editorialNote ?n } }""",
    )
    assert note and "2006" in note[0][0]
    assert not rows(store, "SELECT ?g WHERE { therapy:vitravene gt:targetsGene ?g }")
    assert _in_graph(
        store,
        "pubmed-11497353",
        'therapy:vitravene gt:noTargetGeneReason ?n FILTER(CONTAINS(?n, "cytomegalovirus"))',
    )


def test_waylivra_eu_conditional_approval_and_no_us_approval(store) -> None:
    """NHS Specialist Pharmacy Service: conditional EU authorisation in May 2019; STAT: FDA
    complete response letter of 27 August 2018 (a note, not an event)."""
    assert _in_graph(
        store,
        "nhs-sps-volanesorsen",
        """?a gt:concernsTherapy therapy:waylivra . ?a gt:byAgency org:european-commission ;
               gt:eventYear "2019"^^xsd:gYear ; gt:approvalPathway "conditional" .""",
    )
    assert not rows(
        store, "SELECT ?a WHERE { ?a gt:concernsTherapy therapy:waylivra . ?a gt:byAgency org:fda }"
    )
    note = _in_graph(store, "stat-volanesorsen-2018", "therapy:waylivra skos:editorialNote ?n")
    assert note and "27 August 2018" in note[0][0]
    assert _in_graph(
        store,
        "pharmaceuticals-2025-hypertriglyceridemia",
        "therapy:waylivra gt:knocksDownGene gene:APOC3",
    )


def test_dawnzera_fda_approval_kallikrein_antisense_for_hereditary_angioedema(store) -> None:
    """FDA Drug Trials Snapshot (copy): approved 21 August 2025; label copy: prekallikrein ASO."""
    assert _in_graph(
        store,
        "fda-snapshot-dawnzera",
        """?a gt:concernsTherapy therapy:dawnzera . therapy:dawnzera gt:treats disease:hereditary-angioedema .
           ?a gt:byAgency org:fda ; gt:eventDate "2025-08-21"^^xsd:date .""",
    )
    assert _in_graph(
        store,
        "label-copy-dawnzera",
        "therapy:dawnzera gt:knocksDownGene gene:KLKB1 ; gt:usesSilencingMechanism silencing:antisense-oligonucleotide",
    )
    assert rows(
        store,
        'SELECT ?x WHERE { disease:hereditary-angioedema skos:notation "MONDO:0019623" BIND(1 AS ?x) }',
    )


def test_redemplo_fda_approval_apoc3_sirna(store) -> None:
    """AJMC and ConsultantLive (FDA approval of 18 November 2025); Arrowhead release (siRNA)."""
    found = rows(
        store,
        """SELECT ?g WHERE { GRAPH ?g { ?a gt:concernsTherapy therapy:redemplo .
               ?a gt:byAgency org:fda ; gt:eventDate "2025-11-18"^^xsd:date } } ORDER BY ?g""",
    )
    assert [_slug(g) for (g,) in found] == ["ajmc-redemplo", "consultantlive-redemplo"]
    assert _in_graph(
        store,
        "arrowhead-redemplo-release",
        "therapy:redemplo gt:knocksDownGene gene:APOC3 ; gt:usesSilencingMechanism silencing:sirna",
    )


def test_no_literal_refers_to_internal_team_material() -> None:
    """Published literals name sources, never the team's own files (curation sheet, audits)."""
    import pyoxigraph as ox

    bad = re.compile(r"curation\.md|\baudit|\bR\d{1,2}\b")
    problems = []
    for path in sorted((ROOT / "graph" / "data").rglob("*.trig")):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
            if isinstance(quad.object, ox.Literal) and bad.search(quad.object.value):
                problems.append(f"{path.name}: {quad.subject} {quad.object.value[:80]}")
    assert not problems, "\n".join(problems)
