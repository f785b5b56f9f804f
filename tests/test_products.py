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
"""

# Derived from the data: 32 gene therapies of the FDA list (53 rows minus 9 cord-blood and
# 12 other cell or tissue products), Strimvelis and Glybera (EU only) and 12 nucleic-acid
# silencing drugs.
APPROVED_PRODUCTS = 46
FDA_LISTED_PRODUCTS = 32
EXCLUDED_ROWS = 21

# Products without an INN, with the reason recorded in the data.
NO_INN = {"strimvelis"}


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
        f"""SELECT ?t ?date WHERE {{ ?t gt:hasApproval ?a .
                GRAPH <{FDA_GRAPH}> {{ ?a gt:byAgency org:fda ; gt:eventDate ?date }} }}""",
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
    assert counts["gene-silencing"] == 12
    assert counts["cell-based-gene-therapy"] == 18
    assert counts["gene-addition"] == 24
    assert counts["gene-editing"] == 1


def test_count_by_agency(store) -> None:
    found = rows(
        store,
        """SELECT ?agency (COUNT(DISTINCT ?t) AS ?n) WHERE {
               ?t gt:hasApproval ?a . ?a a gt:RegulatoryApproval ; gt:byAgency ?agency
           } GROUP BY ?agency""",
    )
    counts = {_slug(a): int(n) for a, n in found}
    assert counts["fda"] == 44  # all but Strimvelis and Glybera
    assert counts["european-commission"] == 11


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
        gene = _sourced(store, t, "?t gt:targetsGene ?v", "?v a gt:Gene")
        reason = _sourced(
            store, t, '?t skos:editorialNote ?v FILTER(STRSTARTS(?v, "No gt:targetsGene"))'
        )
        assert gene or reason, f"{_slug(t)}: no target gene and no reason"
        assert not (gene and reason), f"{_slug(t)}: both a target gene and a reason for none"


def test_every_product_source_is_locatable(store, approved) -> None:
    values = " ".join(f"<{t}>" for t in approved)
    found = rows(
        store,
        f"""SELECT DISTINCT ?g WHERE {{ VALUES ?t {{ {values} }} GRAPH ?g {{ ?t ?p ?o }}
                FILTER(?g != <{BASE}graph/inferred>) }}""",
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
    assert mechanisms == {"sirna": 7, "antisense-oligonucleotide": 5}


# --- spot checks ----------------------------------------------------------------------------


def test_kymriah_fda_approval_on_2017_08_30(store) -> None:
    found = rows(
        store,
        """SELECT ?g WHERE { GRAPH ?g { therapy:kymriah gt:hasApproval ?a .
                ?a gt:byAgency org:fda ; gt:eventDate "2017-08-30"^^xsd:date } }""",
    )
    assert (FDA_GRAPH,) in found


def test_spinraza_targets_smn2_with_an_antisense_oligonucleotide(store) -> None:
    found = rows(
        store,
        """SELECT ?g WHERE { GRAPH ?g { therapy:spinraza gt:targetsGene gene:SMN2 ;
                gt:usesStrategy strategy:gene-silencing ;
                gt:usesSilencingMechanism silencing:antisense-oligonucleotide } }""",
    )
    assert found == [(BASE + "source/knobbe-spinraza",)]


def test_beqvez_discontinued_on_2025_02_21(store) -> None:
    found = rows(
        store,
        """SELECT ?g WHERE { GRAPH ?g { therapy:beqvez gt:hasRegulatoryEvent ?e .
                ?e a gt:Discontinuation ; gt:eventDate "2025-02-21"^^xsd:date } }""",
    )
    assert found == [(BASE + "source/cgtlive-2025-recap",)]


def test_zynteglo_withdrawn_in_the_eu(store) -> None:
    found = rows(
        store,
        """SELECT ?year ?g WHERE { GRAPH ?g { therapy:zynteglo gt:hasRegulatoryEvent ?e .
                ?e a gt:Withdrawal ; gt:eventYear ?year } }""",
    )
    assert found == [("2021", BASE + "source/scribd-588794498")]


def test_skysona_label_restricted_on_2025_08_07(store) -> None:
    found = rows(
        store,
        """SELECT ?d WHERE { therapy:skysona gt:hasRegulatoryEvent ?e .
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


def test_unconfirmed_vectors_stay_out(store) -> None:
    """curation.md marks the CAR-T vectors of Kymriah and Yescarta UNCONFIRMED."""
    for slug in ("kymriah", "yescarta"):
        assert not rows(store, f"SELECT ?v WHERE {{ therapy:{slug} gt:usesVector ?v }}"), slug
        note = rows(
            store,
            f"SELECT ?n WHERE {{ therapy:{slug} skos:editorialNote ?n FILTER(CONTAINS(?n, 'UNCONFIRMED')) }}",
        )
        assert note, slug


def test_glybera_first_eu_gene_therapy_approved_then_withdrawn(store) -> None:
    found = rows(
        store,
        """SELECT ?date ?year WHERE {
               therapy:glybera gt:hasApproval ?a ; gt:hasRegulatoryEvent ?w .
               ?a gt:byAgency org:european-commission ; gt:eventDate ?date .
               ?w a gt:Withdrawal ; gt:eventYear ?year }""",
    )
    assert found == [("2012-10-25", "2017")]
