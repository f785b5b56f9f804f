"""The SPARQL 1.1 Protocol on a real `gtkg serve`: the three ways to ask, and every error case."""

from __future__ import annotations

import json

import pytest
import requests

LABEL = "SELECT ?label { <https://w3id.org/gtkg/therapy/luxturna> rdfs:label ?label }"
JSON = "application/sparql-results+json"


def labels(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    bindings = json.loads(response.content)["results"]["bindings"]
    return [row["label"]["value"] for row in bindings]


@pytest.fixture(scope="module")
def endpoint(live_server: str) -> str:
    return live_server + "/sparql"


def test_get_with_query(endpoint: str) -> None:
    response = requests.get(endpoint, params={"query": LABEL}, headers={"Accept": JSON})
    assert "Luxturna" in labels(response)
    assert response.headers["Content-Type"].startswith(JSON)


def test_post_form(endpoint: str) -> None:
    response = requests.post(endpoint, data={"query": LABEL}, headers={"Accept": JSON})
    assert "Luxturna" in labels(response)


def test_post_sparql_query_body(endpoint: str) -> None:
    headers = {"Content-Type": "application/sparql-query", "Accept": JSON}
    response = requests.post(endpoint, data=LABEL.encode(), headers=headers)
    assert "Luxturna" in labels(response)


def test_post_sparql_query_with_utf8_charset(endpoint: str) -> None:
    headers = {"Content-Type": "application/sparql-query; charset=UTF-8", "Accept": JSON}
    response = requests.post(endpoint, data=LABEL.encode(), headers=headers)
    assert "Luxturna" in labels(response)


def test_syntax_error_is_400_with_message_and_position(endpoint: str) -> None:
    response = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p "})
    assert response.status_code == 400
    assert "syntax error" in response.text
    assert "1:" in response.text  # line:column of the parser


def test_syntax_error_as_json_when_json_is_asked(endpoint: str) -> None:
    response = requests.get(endpoint, params={"query": "SELEC *"}, headers={"Accept": JSON})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["error"] == "QueryError"
    assert "error at 1:" in body["message"]


def test_two_query_parameters_are_400(endpoint: str) -> None:
    response = requests.get(endpoint, params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert response.status_code == 400
    assert "one query" in response.text


def test_query_in_url_and_body_is_400(endpoint: str) -> None:
    headers = {"Content-Type": "application/sparql-query"}
    response = requests.post(endpoint, params={"query": "ASK {}"}, data=b"ASK {}", headers=headers)
    assert response.status_code == 400


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json"])
def test_wrong_or_missing_content_type_is_415(endpoint: str, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = requests.post(endpoint, data=b"ASK {}", headers=headers)
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


def test_non_utf8_charset_is_415(endpoint: str) -> None:
    headers = {"Content-Type": "application/sparql-query; charset=ISO-8859-1"}
    response = requests.post(endpoint, data="ASK {}".encode("latin-1"), headers=headers)
    assert response.status_code == 415
    assert "UTF-8" in response.text


def test_invalid_utf8_body_is_400(endpoint: str) -> None:
    headers = {"Content-Type": "application/sparql-query"}
    response = requests.post(endpoint, data=b'ASK { ?s ?p "\xff\xfe" }', headers=headers)
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_unsupported_method_is_405_with_allow(endpoint: str, method: str) -> None:
    response = requests.request(method, endpoint, data=b"ASK {}")
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed


def test_post_without_query_is_400(endpoint: str) -> None:
    response = requests.post(endpoint, data={"default-graph-uri": "http://x/"})
    assert response.status_code == 400


def test_oversized_body_is_413(endpoint: str) -> None:
    padding = "#" + "x" * 1_100_000 + "\nASK {}"
    headers = {"Content-Type": "application/sparql-query"}
    response = requests.post(endpoint, data=padding.encode(), headers=headers)
    assert response.status_code == 413


@pytest.mark.parametrize(
    "how",
    [
        {"params": {"update": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}},
        {"data": {"update": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}},
        {
            "data": b"DELETE WHERE { ?s ?p ?o }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"params": {"query": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}},
        {"params": {"query": "PREFIX ex: <http://x/> DROP ALL"}},
    ],
)
def test_updates_are_refused(endpoint: str, live_server: str, how: dict) -> None:
    before = requests.get(live_server + "/health").json()["triples"]
    method = "GET" if "params" in how and "data" not in how else "POST"
    response = requests.request(method, endpoint, **how)
    assert response.status_code == 400
    assert "read-only" in response.text
    assert requests.get(live_server + "/health").json()["triples"] == before


def test_timeout_parameter_must_be_a_number(endpoint: str) -> None:
    response = requests.get(endpoint, params={"query": "ASK {}", "timeout": "soon"})
    assert response.status_code == 400


def test_cors_preflight_and_simple_request(endpoint: str) -> None:
    origin = "https://yasgui.example.org"
    preflight = requests.options(
        endpoint,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] in {origin, "*"}
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    response = requests.get(endpoint, params={"query": "ASK {}"}, headers={"Origin": origin})
    assert response.headers["Access-Control-Allow-Origin"] in {origin, "*"}
    assert "X-GTKG-Truncated" in response.headers["Access-Control-Expose-Headers"]


def test_head_is_answered(endpoint: str) -> None:
    response = requests.head(endpoint, params={"query": "ASK {}"})
    assert response.status_code == 200
