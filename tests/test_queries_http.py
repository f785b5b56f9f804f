"""Saved queries over HTTP: catalogue, formats, errors, browser view, OpenAPI, a schema-driven run."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from queries import QUERY_DIR
from server import create_app

SMA = "https://w3id.org/gtkg/disease/spinal-muscular-atrophy"
NAMES = sorted(path.stem for path in QUERY_DIR.glob("*.rq"))


@pytest.fixture
def client(built_store_path):
    app = create_app({"STORE": str(built_store_path), "TESTING": True, "EXECUTORS": 1})
    return app.test_client()


def test_catalogue_as_json(client) -> None:
    response = client.get("/queries", headers={"Accept": "application/json"})
    assert response.status_code == 200
    names = [q["name"] for q in response.get_json()["queries"]]
    assert names == NAMES


def test_catalogue_as_html(client) -> None:
    page = client.get("/queries", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Which gene therapies treat a disease?" in page
    assert 'href="/queries/therapies-for-disease"' in page


@pytest.mark.parametrize(
    ("how", "media_type"),
    [
        ({"suffix": ".csv"}, "text/csv"),
        ({"suffix": ".tsv"}, "text/tab-separated-values"),
        ({"suffix": ".json"}, "application/sparql-results+json"),
        ({"suffix": ".xml"}, "application/sparql-results+xml"),
        ({"format": "csv"}, "text/csv"),
        ({"accept": "application/sparql-results+json"}, "application/sparql-results+json"),
        ({"accept": "text/csv"}, "text/csv"),
        ({}, "application/sparql-results+json"),
    ],
)
def test_results_in_every_format(client, how: dict, media_type: str) -> None:
    url = "/queries/therapies-for-disease" + how.get("suffix", "")
    params = {"disease": SMA, **({"format": how["format"]} if "format" in how else {})}
    headers = {"Accept": how["accept"]} if "accept" in how else {}
    response = client.get(url, query_string=params, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == media_type
    assert "zolgensma" in response.get_data(as_text=True)
    assert response.headers["X-GTKG-Result-Limit"]


def test_csv_rows(client) -> None:
    body = client.get("/queries/therapies-for-disease.csv", query_string={"disease": SMA}).text
    rows = list(csv.DictReader(io.StringIO(body)))
    assert "https://w3id.org/gtkg/therapy/zolgensma" in {r["therapy"] for r in rows}


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_renamed_table_headers_keep_content_length_exact(client, suffix: str) -> None:
    """GET (a miss, then a cache hit) and HEAD all announce the length of the renamed body."""
    url = f"/queries/approved-gene-therapies{suffix}"
    lengths = []
    for _ in range(2):
        response = client.get(url)
        body = response.get_data()
        assert int(response.headers["Content-Length"]) == len(body)
        assert b"__" not in body.split(b"\n", 1)[0]
        lengths.append(len(body))
    head = client.head(url)
    assert int(head.headers["Content-Length"]) == lengths[0] == lengths[1]


def test_drop_down_choices_show_labels_and_send_iris(client) -> None:
    page = client.get("/queries/products-by-cell-source", headers={"Accept": "text/html"}).text
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', page))
    allogeneic = "https://w3id.org/gtkg/cell-source/allogeneic"
    assert allogeneic in options, page
    assert "allogeneic" in options[allogeneic].lower() and "http" not in options[allogeneic]


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_table_headers_name_parameters_as_words(client, suffix: str) -> None:
    """The parameter variables ?__status_iri, ?_gene_iri are columns "status", "gene"."""
    for name, values, word in (
        ("approved-gene-therapies", {}, "status"),
        ("products-by-gene-role", {"gene": "DMD"}, "gene"),
    ):
        body = client.get(f"/queries/{name}{suffix}", query_string=values).text
        header, _, rest = body.partition("\n")
        columns = header.strip().replace("?", "").split("," if suffix == ".csv" else "\t")
        assert word in columns and not [c for c in columns if c.startswith("_")], header
        assert rest.strip(), body


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".rdf"])
def test_graph_results_in_rdf_formats(client, suffix: str) -> None:
    response = client.get(
        f"/queries/describe-entity{suffix}", query_string={"entity": "therapy/luxturna"}
    )
    assert response.status_code == 200
    assert "voretigene" in response.get_data(as_text=True)


def test_form_post_runs_the_query(client) -> None:
    response = client.post(
        "/queries/therapies-for-disease", data={"disease": SMA}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert "zolgensma" in response.text


def test_bad_parameter_is_400_naming_it(client) -> None:
    response = client.get(
        "/queries/approvals-in-year",
        query_string={"year": "last"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    body = response.get_json()
    assert (
        body["error"] == "BadParameter"
        and "'year'" in body["message"]
        and "integer" in body["message"]
    )


def test_missing_parameter_is_400(client) -> None:
    response = client.get("/queries/therapies-for-disease.json")
    assert response.status_code == 400
    assert "disease" in response.text


def test_unknown_query_is_404(client) -> None:
    assert client.get("/queries/what-is-the-answer.json").status_code == 404


def test_format_a_query_cannot_give_is_406(client) -> None:
    assert client.get("/queries/vectors-compared.ttl").status_code == 406


def test_browser_view_has_form_select_sparql_and_linked_results(client) -> None:
    page = client.get(
        "/queries/therapies-by-approach",
        query_string={"approach": "https://w3id.org/gtkg/approach/ex-vivo"},
        headers={"Accept": "text/html"},
    ).get_data(as_text=True)
    assert '<select id="param-approach" name="approach">' in page
    assert "hasDeliveryApproach" in page  # the SPARQL text
    assert 'href="/therapy/casgevy"' in page  # IRIs link to entity pages


def test_browser_view_without_parameters_shows_only_the_form(client) -> None:
    page = client.get("/queries/therapies-for-disease", headers={"Accept": "text/html"}).text
    assert 'name="disease"' in page and 'class="results"' not in page


def test_browser_view_escapes_values(client) -> None:
    page = client.get(
        "/queries/search-entities",
        query_string={"text": "<script>alert(1)</script>"},
        headers={"Accept": "text/html"},
    ).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_browser_view_reports_bad_parameter_in_the_page(client) -> None:
    response = client.get(
        "/queries/approvals-in-year", query_string={"year": "x"}, headers={"Accept": "text/html"}
    )
    assert response.status_code == 400
    assert "parameter &#39;year&#39;" in response.text and 'name="year"' in response.text


def test_openapi_document_validates(client) -> None:
    from openapi_spec_validator import validate

    document = client.get("/openapi.json").get_json()
    validate(document)
    operation = document["paths"]["/queries/therapies-by-approach"]["get"]
    approach = next(p for p in operation["parameters"] if p["name"] == "approach")
    assert approach["required"] and approach["schema"]["enum"]
    year = document["paths"]["/queries/approvals-in-year"]["get"]["parameters"][0]
    assert year["schema"]["type"] == "integer" and year["example"] == 2017
    assert len(document["paths"]) == len(NAMES) + 1


def test_api_page_lists_every_operation(client) -> None:
    page = client.get("/api").text
    for name in NAMES:
        assert f"GET /queries/{name}" in page


@pytest.mark.slow
def test_schema_driven_run_finds_no_server_error(live_server) -> None:
    """Schemathesis generates requests from /openapi.json against the live server: no 5xx."""
    import requests
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_url(f"{live_server}/openapi.json")
    failures = []
    calls: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = operation.as_strategy()

        @given(case=strategy)
        @settings(
            max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case) -> None:
            calls.append(case.path)
            response = case.call(base_url=live_server)
            if response.status_code >= 500:
                failures.append((case.path, case.query, response.status_code, response.text[:200]))

        check()
    assert not failures, json.dumps(failures, indent=1)
    assert len(set(calls)) == len(NAMES) + 1, "every operation was exercised"
    assert requests.get(
        f"{live_server}/queries/therapies-for-disease.json", params={"disease": SMA}, timeout=30
    ).ok
