"""`gtkg serve`: health, one log line per request, clean shutdown, build when the store is missing."""

from __future__ import annotations

import re
import shutil
import signal
import time
from pathlib import Path

import pytest
import requests

from server.serve import gunicorn_options


def test_health_reports_an_open_store(live_server: str, store) -> None:
    response = requests.get(live_server + "/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["store"] == "open"
    assert body["quads"] == len(store)
    union = next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"]
    assert body["triples"] == int(union.value) < body["quads"]


def test_one_log_line_per_request(live_server_process) -> None:
    marker = f"/health?probe={time.monotonic_ns()}"
    requests.get(live_server_process.url + marker)
    requests.get(live_server_process.url + "/sparql", params={"query": "ASK {}"})
    time.sleep(0.3)
    log = live_server_process.log.read_text(errors="replace")
    assert re.search(r'"GET /health" 200 \d+ \d+ms', log)
    assert re.search(r'"GET /sparql" 200 \d+ \d+ms', log)


def test_gunicorn_options_follow_settings() -> None:
    options = gunicorn_options(
        {"HOST": "127.0.0.1", "PORT": 8123, "WORKERS": 3, "THREADS": 2, "QUERY_TIMEOUT": 30.0}
    )
    assert options["bind"] == ["127.0.0.1:8123"]
    assert options["workers"] == 3
    assert options["worker_class"] == "server.asgi_worker.GtkgAsgiWorker"
    assert options["graceful_timeout"] < 5
    assert options["timeout"] > 30 and options["preload_app"] is False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_clean_shutdown(server_factory, built_store_path: Path, tmp_path: Path, signum) -> None:
    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy, symlinks=True)
    server = server_factory(copy, GTKG_WORKERS="1")
    assert requests.get(server.url + "/sparql", params={"query": "ASK {}"}).status_code == 200
    assert processes_mentioning(str(copy)), "the query executors should be running"
    server.process.send_signal(signum)
    assert server.process.wait(30) == 0
    assert "Shutting down" in server.log.read_text(errors="replace")
    time.sleep(0.5)
    assert processes_mentioning(str(copy)) == [], "executors outlived the server"


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line mentions ``text`` (executors name their store)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().decode(
                errors="replace"
            ):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_serve_builds_the_store_when_missing(server_factory, tmp_path: Path) -> None:
    path = tmp_path / "fresh-store"
    server = server_factory(path, GTKG_WORKERS="1", GTKG_REFERENCE_LAYER="false")
    assert (path / "current").exists()
    assert requests.get(server.url + "/health").json()["triples"] > 0


def test_queries_follow_a_new_release(server_factory, tmp_path: Path) -> None:
    import pyoxigraph as ox

    from graph.store import write_release

    path = tmp_path / "store"
    thing = ox.NamedNode("https://w3id.org/gtkg/test/thing")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    graph = ox.NamedNode("https://w3id.org/gtkg/source/test")
    write_release(path, [ox.Quad(thing, label, ox.Literal("first"), graph)])
    server = server_factory(path, GTKG_WORKERS="1")
    query = {
        "query": f"SELECT DISTINCT ?l {{ <{thing.value}> <{label.value}> ?l }}",
        "format": "csv",
    }
    assert requests.get(server.url + "/sparql", params=query).text.split() == ["l", "first"]
    write_release(path, [ox.Quad(thing, label, ox.Literal("second"), graph)])
    assert requests.get(server.url + "/sparql", params=query).text.split() == ["l", "second"]


def test_download_files_are_written_in_the_background(
    server_factory, built_store_path: Path, tmp_path: Path
) -> None:
    from graph.dumps import DOWNLOADS, DUMPS

    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy, symlinks=True)
    shutil.rmtree(copy / DOWNLOADS, ignore_errors=True)
    server = server_factory(copy, GTKG_WORKERS="1")
    folder = copy / DOWNLOADS / (copy / "current").resolve().name
    wanted = {dump.filename for dump in DUMPS}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not wanted <= {p.name for p in folder.glob("*")}:
        time.sleep(0.2)
    assert wanted <= {p.name for p in folder.glob("*")}, "no request asked for them"
    assert "writing the download files in the background" in server.log.read_text()
