"""The saved-query catalogue: every real .rq file parses, is documented, and binds safely."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import BadParameter, QueryNotFound, SourceError
from queries import QUERY_DIR, bind, get_query, load_catalogue, prepare, run
from queries.catalogue import load_query, parse_variable

RQ_FILES = sorted(QUERY_DIR.glob("*.rq"))
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_there_are_at_least_25_saved_queries() -> None:
    assert len(RQ_FILES) >= 25
    assert len(load_catalogue()) == len(RQ_FILES)


@pytest.mark.parametrize("path", RQ_FILES, ids=lambda p: p.stem)
def test_header_parses_and_documents_every_parameter(path: Path) -> None:
    query = load_query(path)
    assert query.summary and query.description, "summary and description are required"
    assert query.tags, "at least one tag"
    for parameter in query.parameters:
        assert parameter.description, f"{parameter.name} has no description"
        assert parameter.example is not None or parameter.default is not None, parameter.name
        if parameter.enum and parameter.example is not None:
            assert parameter.example in parameter.enum


@pytest.mark.parametrize("path", RQ_FILES, ids=lambda p: p.stem)
def test_query_parses_and_runs_on_an_empty_store(path: Path) -> None:
    query = load_query(path)
    results = run(ox.Store(), query, query.examples)
    if not isinstance(results, ox.QueryBoolean):
        list(results)


@pytest.mark.parametrize("path", RQ_FILES, ids=lambda p: p.stem)
def test_select_queries_project_their_parameters(path: Path) -> None:
    """Oxigraph substitution (SEP-0007) needs every parameter variable in the projection."""
    query = load_query(path)
    if query.form != "SELECT":
        return
    projection = query.sparql.split("WHERE")[0]
    for parameter in query.parameters:
        assert "?" + parameter.variable in projection, parameter.name


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        ("_disease_iri", ("disease", "iri", None)),
        ("__currency", ("currency", "literal", None)),
        ("_year_integer", ("year", "integer", None)),
        ("_amount_decimal", ("amount", "decimal", None)),
        ("_when_xsd_date", ("when", "date", None)),
        ("_label_en", ("label", "language", "en")),
        ("_text", ("text", "literal", None)),
    ],
)
def test_grlc_variable_names(variable: str, expected: tuple) -> None:
    assert parse_variable(variable) == expected


def test_unknown_type_is_refused() -> None:
    with pytest.raises(SourceError):
        parse_variable("_thing_wobbly")


def test_unknown_query_is_not_found() -> None:
    with pytest.raises(QueryNotFound):
        get_query("no-such-question")


def test_values_become_typed_terms() -> None:
    year = bind(get_query("approvals-in-year"), {"year": "2017"})
    assert year == {
        ox.Variable("_year_integer"): ox.Literal("2017", datatype=ox.NamedNode(XSD + "integer"))
    }
    price = bind(get_query("therapies-priced-above"), {"amount": "2000000.50"})
    assert price[ox.Variable("_amount_decimal")].datatype.value == XSD + "decimal"
    assert price[ox.Variable("_currency")].value == "USD"  # the default
    disease = bind(get_query("therapies-for-disease"), {"disease": "disease/hemophilia-b"})
    assert disease[ox.Variable("_disease_iri")] == ox.NamedNode(
        "https://w3id.org/gtkg/disease/hemophilia-b"
    )


def test_optional_parameter_left_out_stays_unbound() -> None:
    assert bind(get_query("approved-therapies-by-price"), {}) == {}


@pytest.mark.parametrize(
    ("name", "values", "blamed"),
    [
        ("therapies-for-disease", {}, "disease"),
        ("therapies-for-disease", {"disease": "not an iri"}, "disease"),
        ("therapies-for-disease", {"disease": "https://x.org/a b"}, "disease"),
        ("therapies-for-disease", {"disease": "https://x.org/a>"}, "disease"),
        ("therapies-for-disease", {"disease": "https://x.org/{a}"}, "disease"),
        ("therapies-for-disease", {"disease": "<https://x.org/a> ; DROP ALL"}, "disease"),
        ("therapies-for-disease", {"disease": "disease/x", "colour": "red"}, "colour"),
        ("approvals-in-year", {"year": "2017.5"}, "year"),
        ("approvals-in-year", {"year": "twenty"}, "year"),
        ("approvals-in-year", {"year": "2017 } UNION {"}, "year"),
        ("therapies-priced-above", {"amount": "1e9"}, "amount"),
        (
            "therapies-by-approach",
            {"approach": "https://w3id.org/gtkg/approach/sideways"},
            "approach",
        ),
        ("search-entities", {"text": "a\x00b"}, "text"),
        ("search-entities", {"text": "x" * 5000}, "text"),
    ],
)
def test_bad_parameters_name_the_parameter(name: str, values: dict, blamed: str) -> None:
    with pytest.raises(BadParameter) as raised:
        prepare(name, values)
    assert raised.value.name == blamed
    assert blamed in str(raised.value)


def test_query_text_is_never_changed_by_values() -> None:
    """Bind, never splice: the SPARQL text is the file's, whatever the values."""
    query = get_query("search-entities")
    prepared = prepare(query, {"text": '" } UNION { ?entity ?p ?o } #'})
    assert prepared.sparql == query.sparql


def test_catalogue_rebases_entity_iris_but_not_the_vocabulary() -> None:
    catalogue = load_catalogue(base_iri="http://example.org/kg/")
    query = catalogue["genes-too-large-for-aav"]
    assert query.parameter("vector").default == "http://example.org/kg/vector/aav"
    assert "<https://w3id.org/gtkg/ontology#>" in query.sparql
