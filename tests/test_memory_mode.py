"""Memory mode: same answers as on disk, reported in /health, and runaway queries still killed."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from graph.settings import load_settings
from server.sparql.runtime import in_memory

QUERIES = [
    "SELECT ?p ?o { <https://w3id.org/gtkg/therapy/luxturna> ?p ?o }",
    'SELECT ?s ?l { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "aav")) }',
    """SELECT ?disease (COUNT(DISTINCT ?therapy) AS ?n) {
        ?therapy gt:treats ?disease . ?therapy gt:targetsGene ?gene } GROUP BY ?disease""",
    "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "ASK { <https://w3id.org/gtkg/therapy/zolgensma> gt:usesSerotype ?s }",
]
CONSTRUCT = """CONSTRUCT { ?t ?p ?o . ?o ?p2 ?o2 } WHERE {
    BIND(<https://w3id.org/gtkg/therapy/luxturna> AS ?t) ?t ?p ?o OPTIONAL { ?o ?p2 ?o2 } }"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "ASK { <https://w3id.org/gtkg/therapy/luxturna> ?p ?o }"


@pytest.fixture(scope="module")
def servers(server_factory, built_store_path: Path) -> dict:
    """The built store served from memory and from disk (no cache: the engines answer)."""
    common = {"GTKG_WORKERS": "1", "GTKG_CACHE_BYTES": "0", "GTKG_QUERY_TIMEOUT": "3"}
    return {
        memory: server_factory(built_store_path, GTKG_IN_MEMORY=str(memory).lower(), **common)
        for memory in (True, False)
    }


def lines(url: str, query: str, fmt: str) -> list[str]:
    response = requests.get(url + "/sparql", params={"query": query, "format": fmt})
    assert response.status_code == 200, response.text
    head, *rows = response.text.splitlines()
    return [head, *sorted(rows)]


def test_health_reports_the_mode(servers) -> None:
    for memory, server in servers.items():
        health = requests.get(server.url + "/health").json()
        assert health["memory"] is memory
        assert health["executors"] == (2 if memory else 4)


@pytest.mark.parametrize("query", QUERIES)
def test_memory_and_disk_give_the_same_answers(servers, query: str) -> None:
    fmt = "json" if query.startswith("ASK") else "tsv"
    answers = [lines(server.url, query, fmt) for server in servers.values()]
    assert answers[0] == answers[1] and len(answers[0]) >= 1


def test_memory_and_disk_construct_the_same_graph(servers) -> None:
    graphs = [set(lines(server.url, CONSTRUCT, "nt")) for server in servers.values()]
    assert graphs[0] == graphs[1] and len(graphs[0]) > 10


def test_a_runaway_query_is_killed_in_memory_mode(servers) -> None:
    endpoint = servers[True].url + "/sparql"
    params = {"query": RUNAWAY, "timeout": "1.5", "format": "json"}
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        running = pool.submit(requests.get, endpoint, params=params)
        time.sleep(0.3)
        light = requests.get(endpoint, params={"query": LIGHT, "format": "json"})
        assert light.status_code == 200 and light.json()["boolean"] is True
        response = running.result(timeout=30)
    assert response.status_code == 503 and response.json()["error"] == "QueryTimeout"
    assert time.monotonic() - started < 5
    again = requests.get(endpoint, params={"query": LIGHT, "format": "json"})
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_auto_means_memory_up_to_the_quad_ceiling() -> None:
    config = load_settings(environ={})
    assert config["IN_MEMORY"] == "auto"
    assert in_memory(config, lambda: 9_000) is True
    assert in_memory(config, lambda: config["IN_MEMORY_MAX_QUADS"] + 1) is False
    assert in_memory({**config, "IN_MEMORY": "false"}, lambda: 1) is False
    assert in_memory({**config, "IN_MEMORY": "true"}, lambda: 10**9) is True
    with pytest.raises(ValueError, match="GTKG_IN_MEMORY"):
        load_settings(environ={"GTKG_IN_MEMORY": "sometimes"})


def test_auto_stays_on_disk_above_the_ceiling(server_factory, built_store_path: Path) -> None:
    server = server_factory(built_store_path, GTKG_WORKERS="1", GTKG_IN_MEMORY_MAX_QUADS="100")
    assert requests.get(server.url + "/health").json()["memory"] is False
