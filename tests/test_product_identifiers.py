"""Product identifiers (issue 9): UNII, FDA application number, EMA product number, ATC code, ...

The identifiers sit on the therapies in graph/data/product-identifiers.trig, each in the named
graph of the source that states it. These checks load graph/data/*.trig into an in-memory store
and assert a few sourced values, that no therapy carries two different values of one identifier
kind, and that every identifier triple lies in a graph described as a gt:Source with a schema:url.
Each structural check is also run on a deliberately broken store to show that it can fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "graph" / "data"
BASE = "https://w3id.org/gtkg/"
GT = "https://w3id.org/gtkg/ontology#"
SCHEMA_URL = ox.NamedNode("https://schema.org/url")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SOURCE = ox.NamedNode(GT + "Source")
SOURCES_GRAPH = ox.NamedNode(BASE + "graph/sources")

IDENTIFIERS = {
    "unii": r"[A-Z0-9]{10}",
    "fdaApplicationNumber": r"(BLA|NDA) [0-9]{6}",
    "emaProductNumber": r"EMEA/H/C/[0-9]{6}",
    "atcCode": r"[A-Z][0-9]{2}[A-Z]{2}([0-9]{2})?",
    "drugBankId": r"DB[0-9]{5}",
    "chemblId": r"CHEMBL[0-9]+",
    "ncitCode": r"C[0-9]+",
    "wikidataId": r"Q[0-9]+",
}

HEADER = f"""PREFIX gt: <{GT}>
PREFIX therapy: <{BASE}therapy/>
PREFIX src: <{BASE}source/>
PREFIX schema: <https://schema.org/>
"""

VALUES = "VALUES ?p { " + " ".join(f"gt:{name}" for name in IDENTIFIERS) + " }"


def therapy(slug: str) -> ox.NamedNode:
    return ox.NamedNode(f"{BASE}therapy/{slug}")


def prop(name: str) -> ox.NamedNode:
    return ox.NamedNode(GT + name)


def source(slug: str) -> ox.NamedNode:
    return ox.NamedNode(f"{BASE}source/{slug}")


def load(store: ox.Store) -> ox.Store:
    for path in sorted(DATA.rglob("*.trig")):
        store.load(path=path, format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load(ox.Store())


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [
        tuple(term.value for term in solution)
        for solution in store.query(HEADER + query, use_default_graph_as_union=True)
    ]


def values_in_graph(store: ox.Store, slug: str, name: str, graph: str) -> set[str]:
    return {
        q.object.value
        for q in store.quads_for_pattern(therapy(slug), prop(name), None, source(graph))
    }


# --- specific sourced values -------------------------------------------------------------------

SOURCED = [
    ("kresladi", "unii", "RD86XHH46N", "openfda-ndc-kresladi"),
    ("tecelra", "unii", "CUY18BJ7BP", "openfda-ndc-tecelra"),
    ("skysona", "fdaApplicationNumber", "BLA 125755", "fda-skysona"),
    ("luxturna", "emaProductNumber", "EMEA/H/C/004451", "ema-epar-luxturna"),
    ("kymriah", "emaProductNumber", "EMEA/H/C/004090", "ema-epar-kymriah"),
    ("kymriah", "atcCode", "L01XL04", "ema-epar-kymriah"),
    ("zolgensma", "atcCode", "M09AX09", "medpath-ema-zolgensma"),
    ("spinraza", "drugBankId", "DB13161", "drugbank-nusinersen"),
]


@pytest.mark.parametrize(("slug", "name", "value", "graph"), SOURCED)
def test_sourced_value_in_its_source_graph(store, slug, name, value, graph):
    assert values_in_graph(store, slug, name, graph) == {value}


def test_luxturna_has_no_atc_code(store):
    # The EMA page read lists Luxturna's ATC code as "not yet assigned": none is recorded.
    assert not list(store.quads_for_pattern(therapy("luxturna"), prop("atcCode"), None, None))


# --- structural checks ---------------------------------------------------------------------------


def conflicting_values(store: ox.Store) -> list[tuple[str, ...]]:
    """Therapies with two different values of one identifier kind (across all graphs)."""
    return rows(
        store,
        f"""SELECT DISTINCT ?t ?p ?a ?b WHERE {{
            {VALUES}
            ?t ?p ?a . ?t ?p ?b .
            FILTER(STR(?a) < STR(?b))
        }}""",
    )


def badly_placed(store: ox.Store) -> list[tuple[str, ...]]:
    """Identifier triples outside a named graph described as a gt:Source with a schema:url."""
    bad = []
    for name in IDENTIFIERS:
        for quad in store.quads_for_pattern(None, prop(name), None, None):
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode):
                bad.append((quad.subject.value, name, "default graph"))
                continue
            typed = list(store.quads_for_pattern(graph, RDF_TYPE, SOURCE, SOURCES_GRAPH))
            located = list(store.quads_for_pattern(graph, SCHEMA_URL, None, SOURCES_GRAPH))
            if not typed or not located:
                bad.append((quad.subject.value, name, graph.value))
    return bad


def badly_formed(store: ox.Store) -> list[tuple[str, ...]]:
    """Identifier values that are not plain xsd:string literals of the expected pattern."""
    bad = []
    for name, pattern in IDENTIFIERS.items():
        for quad in store.quads_for_pattern(None, prop(name), None, None):
            value = quad.object
            if not isinstance(value, ox.Literal) or value.datatype != ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#string"
            ):
                bad.append((quad.subject.value, name, str(value)))
            elif not re.fullmatch(pattern, value.value):
                bad.append((quad.subject.value, name, value.value))
    return bad


def not_on_a_therapy(store: ox.Store) -> list[tuple[str, ...]]:
    return rows(
        store,
        f"""SELECT DISTINCT ?t ?p WHERE {{
            {VALUES}
            ?t ?p ?v .
            FILTER NOT EXISTS {{ ?t a gt:Therapy }}
        }}""",
    )


def test_identifiers_are_present(store):
    counts = dict(
        rows(
            store,
            f"SELECT ?p (COUNT(DISTINCT ?t) AS ?n) WHERE {{ {VALUES} ?t ?p ?v }} GROUP BY ?p",
        )
    )
    assert int(counts.get(GT + "unii", 0)) >= 4
    assert int(counts.get(GT + "emaProductNumber", 0)) >= 8
    assert int(counts.get(GT + "atcCode", 0)) >= 8


def test_no_therapy_has_two_values_of_one_identifier(store):
    assert conflicting_values(store) == []


def test_identifiers_sit_in_described_source_graphs(store):
    assert badly_placed(store) == []


def test_identifier_values_are_well_formed(store):
    assert badly_formed(store) == []


def test_identifiers_are_on_therapies(store):
    assert not_on_a_therapy(store) == []


# --- the checks can fail -------------------------------------------------------------------------


def broken_store() -> ox.Store:
    broken = load(ox.Store())
    # A second, different UNII for Kresladi in a graph that is no described source, a UNII in the
    # default graph, and a malformed BLA number.
    broken.add(
        ox.Quad(
            therapy("kresladi"), prop("unii"), ox.Literal("ABCDEFGHIJ"), source("no-such-source")
        )
    )
    broken.add(
        ox.Quad(therapy("hemgenix"), prop("unii"), ox.Literal("0000000000"), ox.DefaultGraph())
    )
    broken.add(
        ox.Quad(
            therapy("skysona"),
            prop("fdaApplicationNumber"),
            ox.Literal("BLA125755"),
            source("fda-skysona"),
        )
    )
    broken.add(
        ox.Quad(
            ox.NamedNode(BASE + "gene/RPE65"),
            prop("drugBankId"),
            ox.Literal("DB00001"),
            source("drugbank-nusinersen"),
        )
    )
    return broken


def test_checks_catch_a_broken_store():
    broken = broken_store()
    conflicts = conflicting_values(broken)
    assert any(row[0] == BASE + "therapy/kresladi" for row in conflicts)
    assert any(row[0] == BASE + "therapy/skysona" for row in conflicts)
    placed = badly_placed(broken)
    assert (BASE + "therapy/kresladi", "unii", BASE + "source/no-such-source") in placed
    assert (BASE + "therapy/hemgenix", "unii", "default graph") in placed
    assert (BASE + "therapy/skysona", "fdaApplicationNumber", "BLA125755") in badly_formed(broken)
    assert (BASE + "gene/RPE65", GT + "drugBankId") in not_on_a_therapy(broken)
    assert values_in_graph(broken, "kresladi", "unii", "openfda-ndc-kresladi") == {"RD86XHH46N"}
