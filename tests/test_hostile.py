"""Hostile queries and clients on the real server: no outbound traffic, clear answers, no crash.

Every loop here is bounded in count and time, and every server binds to 127.0.0.1.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from server.sparql.executor import Executor, Job


class Listener:
    """A local TCP listener that records every connection it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    recorder = Listener()
    yield recorder
    recorder.close()


def bypass_corpus(here: str) -> list[str]:
    """Ways to smuggle a SERVICE call past a keyword scanner (``here`` is the listener)."""
    pattern = "{ ?a ?b ?c }"
    return [
        # the reproduction: a prefixed name ending in \# makes the rest look like a comment
        f"PREFIX ex: <http://e/> SELECT ?a {{ OPTIONAL {{ ?x ex:p\\# ?y }} "
        f"SERVICE <{here}> {pattern} }}",
        # \' in a prefixed name makes the rest look like a string
        f"PREFIX ex: <http://e/> SELECT ?a {{ OPTIONAL {{ ?x ex:p\\' ?y }} "
        f"SERVICE <{here}> {pattern} }}",
        f"SELECT * {{ sErViCe <{here}> {pattern} }}",
        f"SELECT * {{ SERVICE SILENT <{here}> {pattern} }}",
        f"SELECT * {{ \\u0053ERVICE <{here}> {pattern} }}",
        f"SELECT * {{ SERV\\u0049CE <{here}> {pattern} }}",
        f"SELECT * {{ OPTIONAL {{ {{ SELECT * {{ SERVICE <{here}> {pattern} }} }} }} }}",
        f"SELECT * {{ FILTER EXISTS {{ SERVICE <{here}> {pattern} }} }}",
        f"SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{here}> {pattern} }} }}",
        f"ASK {{ MINUS {{ SERVICE <{here}> {pattern} }} }}",
        f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ SERVICE <{here}> {pattern} }}",
        f"SELECT * {{ BIND(<{here}> AS ?endpoint) SERVICE ?endpoint {pattern} }}",
        # a less-than a keyword scanner may read as the start of an IRI
        f"SELECT * {{ BIND(<{here}> AS ?s) FILTER(?a<?b)SERVICE?s#>\n{pattern} }}",
        # comments, strings and IRIs around the real call
        f'# "\nSELECT * {{ ?x ?y "SERVICE" . SERVICE <{here}> {pattern} }}',
        f"SELECT * {{ ?x <http://x/#> ?y . #\n SERVICE <{here}> {pattern} }}",
        f"SELECT * {{ ?x ?y '''\\''' . SERVICE <{here}> {pattern} }}",
        f"SELECT * {{ ?x ?y ?z . #\rSERVICE <{here}> {pattern} }}",
        f"SELECT*{{SERVICE<{here}>{{?a?b?c}}}}",
        f"SELECT * {{ SERVICE\t\r\n<{here}>{pattern} }}",
    ]


def test_the_bypass_corpus_reaches_no_listener(live_server: str, listener: Listener) -> None:
    endpoint = live_server + "/sparql"
    statuses = []
    for query in bypass_corpus(listener.url):
        statuses.append(requests.get(endpoint, params={"query": query}, timeout=30).status_code)
        statuses.append(requests.post(endpoint, data={"query": query}, timeout=30).status_code)
        response = requests.post(
            endpoint,
            data=query.encode(),
            headers={"Content-Type": "application/sparql-query"},
            timeout=30,
        )
        statuses.append(response.status_code)
    time.sleep(0.3)
    assert listener.connections == 0
    assert set(statuses) == {400}, statuses


def test_the_refusal_names_federation(live_server: str, listener: Listener) -> None:
    query = bypass_corpus(listener.url)[0]
    response = requests.get(
        live_server + "/sparql", params={"query": query}, headers={"Accept": "text/plain"}
    )
    assert response.status_code == 400
    assert "SERVICE (federated query) is not allowed" in response.text


def test_service_words_in_strings_and_iris_still_run(live_server: str) -> None:
    query = 'SELECT ?x { BIND("customer service" AS ?x) FILTER(?x != <http://x/service>) }'
    response = requests.get(live_server + "/sparql", params={"query": query, "format": "json"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "customer service"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("search-entities", {"text": 'x" } SERVICE <{here}> { ?a ?b ?c } #'}),
        ("therapies-targeting-gene", {"gene": "{here}> } SERVICE <{here}"}),
        ("therapies-priced-above", {"amount": "1", "currency": 'USD" } SERVICE <{here}> {'}),
    ],
)
def test_saved_query_parameters_cannot_inject_service(
    live_server: str, listener: Listener, name: str, params: dict[str, str]
) -> None:
    values = {key: value.replace("{here}", listener.url) for key, value in params.items()}
    response = requests.get(f"{live_server}/queries/{name}.json", params=values, timeout=30)
    time.sleep(0.2)
    assert listener.connections == 0
    assert response.status_code in {200, 400}


def test_the_executor_itself_cannot_reach_the_network(
    built_store_path: Path, listener: Listener
) -> None:
    """The second wall alone: a SERVICE query handed straight to an executor, past the guard."""
    release = str((built_store_path / "current").resolve())
    executor = Executor(release)
    try:
        query = f"SELECT * {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}"
        with pytest.raises(Exception, match="Operation not permitted"):
            executor.submit(Job(query=query, format="json", limit=10), time.monotonic() + 20)
    finally:
        executor.kill()
    time.sleep(0.2)
    assert listener.connections == 0


def test_without_the_sandbox_oxigraph_does_call_out(listener: Listener) -> None:
    """The control: the engine really makes the request the two walls stop (so they matter)."""
    code = (
        "import pyoxigraph as ox\n"
        "try:\n"
        f"    list(ox.Store().query('SELECT * {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}'))\n"
        "except Exception:\n"
        "    pass\n"
    )
    subprocess.run([sys.executable, "-c", code], timeout=30, check=True)
    time.sleep(0.2)
    assert listener.connections >= 1
