"""Safe by default: no outbound traffic, time limits that free the CPU, bounded results."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from processes import Listener, cpu_seconds, descendants

LIGHT = "ASK { <https://w3id.org/gtkg/therapy/luxturna> ?p ?o }"
RUNAWAYS = [
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    'SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?c)), "^(a|b|.)*z$")) }',
]


@pytest.fixture
def listener():
    recorder = Listener()
    yield recorder
    recorder.close()


def test_no_outbound_connection_is_ever_attempted(live_server: str, listener: Listener) -> None:
    here = f"http://127.0.0.1:{listener.port}"
    endpoint = live_server + "/sparql"
    attempts = [
        ("get", {"query": f"SELECT * {{ SERVICE <{here}/sparql> {{ ?s ?p ?o }} }}"}),
        ("get", {"query": f"SELECT * {{ SERVICE SILENT <{here}/sparql> {{ ?s ?p ?o }} }}"}),
        ("get", {"query": f"ASK FROM <{here}/x> {{ ?s ?p ?o }}"}),
        ("get", {"query": f"ASK FROM NAMED <{here}/x> {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
        ("get", {"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"{here}/x"}),
        ("get", {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": f"{here}/x"}),
        ("get", {"query": f"DESCRIBE <{here}/x>"}),
        ("get", {"query": f"LOAD <{here}/data.ttl>"}),
        ("post", {"update": f"LOAD <{here}/data.ttl>"}),
        (
            "get",
            {"query": f'CONSTRUCT {{ <{here}/a> <{here}/b> "c" }} WHERE {{}}', "format": "jsonld"},
        ),
    ]
    statuses = []
    for method, params in attempts:
        if method == "get":
            statuses.append(requests.get(endpoint, params=params).status_code)
        else:
            statuses.append(requests.post(endpoint, data=params).status_code)
    time.sleep(0.5)
    assert listener.connections == []
    assert statuses[0] == statuses[1] == 400  # SERVICE refused before execution
    assert statuses[7] == statuses[8] == 400  # LOAD refused
    assert all(code in {200, 400} for code in statuses)


@pytest.fixture(scope="module")
def limited_server(server_factory, built_store_path: Path):
    """One worker, a 3 s time limit and a 5-row result bound."""
    return server_factory(
        built_store_path, GTKG_WORKERS="1", GTKG_QUERY_TIMEOUT="3", GTKG_RESULT_LIMIT="5"
    )


@pytest.mark.parametrize("runaway", RUNAWAYS)
def test_runaway_query_is_stopped_while_others_are_served(limited_server, runaway: str) -> None:
    endpoint = limited_server.url + "/sparql"
    requests.get(endpoint, params={"query": LIGHT})  # warm an executor

    def slow() -> tuple[requests.Response, float]:
        started = time.monotonic()
        response = requests.get(
            endpoint,
            params={"query": runaway, "timeout": "1.5"},
            headers={"Accept": "application/json"},
        )
        return response, time.monotonic() - started

    with ThreadPoolExecutor(2) as pool:
        running = pool.submit(slow)
        time.sleep(0.4)
        started = time.monotonic()
        light = requests.get(
            endpoint, params={"query": LIGHT}, headers={"Accept": "application/json"}
        )
        light_seconds = time.monotonic() - started
        assert not running.done(), "the runaway query should still be running"
        response, slow_seconds = running.result(timeout=30)

    assert light.status_code == 200 and light.json()["boolean"] is True
    assert light_seconds < 1.0
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "QueryTimeout" and "time limit of 1.5 s" in body["message"]
    assert 1.4 < slow_seconds < 5

    time.sleep(0.3)
    family = descendants(limited_server.process.pid)
    before = cpu_seconds(family)
    time.sleep(1.0)
    assert cpu_seconds(family) - before < 0.3, "a killed query is still burning CPU"
    again = requests.get(endpoint, params={"query": LIGHT}, headers={"Accept": "application/json"})
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_a_request_cannot_extend_the_server_limit(limited_server) -> None:
    started = time.monotonic()
    response = requests.get(
        limited_server.url + "/sparql", params={"query": RUNAWAYS[0], "timeout": "100"}
    )
    assert response.status_code == 503
    assert "3 s" in response.text
    assert time.monotonic() - started < 8


def test_truncation_is_announced(limited_server) -> None:
    endpoint = limited_server.url + "/sparql"
    response = requests.get(endpoint, params={"query": "SELECT * { ?s ?p ?o }", "format": "json"})
    assert response.headers["X-GTKG-Truncated"] == "true"
    assert response.headers["X-GTKG-Result-Limit"] == "5"
    assert len(response.json()["results"]["bindings"]) == 5
    for fmt, rows in (("csv", 6), ("tsv", 6)):
        response = requests.get(endpoint, params={"query": "SELECT * { ?s ?p ?o }", "format": fmt})
        assert response.headers["X-GTKG-Truncated"] == "true"
        assert len(response.text.strip().splitlines()) == rows


def test_construct_truncation_is_announced(limited_server) -> None:
    import rdflib

    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    response = requests.get(limited_server.url + "/sparql", params={"query": query, "format": "nt"})
    assert response.headers["X-GTKG-Truncated"] == "true"
    assert len(rdflib.Graph().parse(data=response.text, format="nt")) == 5


@pytest.mark.parametrize("limit", [3, 5])
def test_results_within_the_bound_are_not_flagged(limited_server, limit: int) -> None:
    query = f"SELECT * {{ ?s ?p ?o }} LIMIT {limit}"
    response = requests.get(limited_server.url + "/sparql", params={"query": query})
    assert "X-GTKG-Truncated" not in response.headers
    assert len(response.json()["results"]["bindings"]) == limit
