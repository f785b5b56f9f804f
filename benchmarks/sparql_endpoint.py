"""Our /sparql against `oxigraph serve-read-only` on a copy of the same store, over HTTP.

Bounded: each cell runs at most ``--requests`` requests or ``--seconds`` seconds.
Also measures the cost of the executor hop (query in a child process, bytes
over a socket) against running the same job in-process. Not part of pytest.

    .venv/bin/python benchmarks/sparql_endpoint.py [--store PATH] [--requests 300] [--seconds 8]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import requests

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX gt: <https://w3id.org/gtkg/ontology#>
"""
QUERIES = {
    "point_lookup": "SELECT ?p ?o { <https://w3id.org/gtkg/therapy/luxturna> ?p ?o }",
    "label_search": 'SELECT ?s ?l { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "aav")) }',
    "join_groupby": """SELECT ?disease (COUNT(DISTINCT ?therapy) AS ?n) {
        ?therapy gt:treats ?disease . ?therapy gt:targetsGene ?gene . ?gene rdfs:label ?g
    } GROUP BY ?disease ORDER BY DESC(?n) LIMIT 25""",
    "construct_neighbourhood": """CONSTRUCT { ?t ?p ?o . ?o ?p2 ?o2 } WHERE {
        BIND(<https://w3id.org/gtkg/therapy/luxturna> AS ?t)
        ?t ?p ?o OPTIONAL { ?o ?p2 ?o2 } }""",
}
ACCEPT = {"construct_neighbourhood": "application/n-triples"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def run_cell(endpoint: str, query: str, accept: str, concurrency: int, count: int, seconds: float):
    """Up to ``count`` requests or ``seconds``, at ``concurrency``; latencies (s) and req/s."""
    deadline = time.monotonic() + seconds
    per_worker = max(1, count // concurrency)

    def worker() -> list[float]:
        session = requests.Session()
        times = []
        for _ in range(per_worker):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            response = session.post(
                endpoint, data={"query": PREFIXES + query}, headers={"Accept": accept}
            )
            response.raise_for_status()
            times.append(time.perf_counter() - started)
        return times

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = [f.result() for f in [pool.submit(worker) for _ in range(concurrency)]]
    elapsed = time.perf_counter() - started
    latencies = [t for part in results for t in part]
    return statistics.median(latencies), len(latencies) / elapsed


def executor_overhead(release: str, rounds: int = 300) -> list[tuple[str, float, float]]:
    """Median ms per query in-process vs through the executor hop."""
    from server.sparql.executor import Executor, Job, run

    store = ox.Store.read_only(release)
    executor = Executor(release)
    rows = []
    try:
        for name, query in QUERIES.items():
            fmt = "nt" if name.startswith("construct") else "json"
            job = Job(PREFIXES + query, fmt, 10000)
            local, hop = [], []
            for _ in range(rounds):
                started = time.perf_counter()
                run(store, job)
                local.append(time.perf_counter() - started)
                started = time.perf_counter()
                header = executor.submit(job, time.monotonic() + 30)
                b"".join(executor.body(header))
                hop.append(time.perf_counter() - started)
            rows.append((name, statistics.median(local) * 1e3, statistics.median(hop) * 1e3))
    finally:
        executor.kill()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=os.environ.get("GTKG_STORE", ".gtkg/store"))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="gtkg-bench-"))
    ours_store, peer_store = root / "ours", root / "peer"
    source = Path(args.store)
    if not (source / "current").exists():
        from graph.build import build
        from graph.settings import load_settings

        build(load_settings({"STORE": str(source), "REFERENCE_LAYER": False}))
    shutil.copytree(source, ours_store, symlinks=True)
    shutil.copytree((source / "current").resolve(), peer_store)
    bin_dir = Path(sys.executable).parent
    ours_port, peer_port = free_port(), free_port()
    log = (root / "servers.log").open("wb")  # closed in the finally below
    servers = [
        subprocess.Popen(
            [str(bin_dir / "gtkg"), "serve", "--port", str(ours_port), "--store", str(ours_store)],
            stdout=log,
            stderr=log,
        ),
        subprocess.Popen(
            [
                str(bin_dir / "oxigraph"),
                "serve-read-only",
                "--location",
                str(peer_store),
                "--bind",
                f"127.0.0.1:{peer_port}",
                "--union-default-graph",
            ],
            stdout=log,
            stderr=log,
        ),
    ]
    try:
        ours = f"http://127.0.0.1:{ours_port}/sparql"
        peer = f"http://127.0.0.1:{peer_port}/query"
        wait_ready(f"http://127.0.0.1:{ours_port}/health")
        wait_ready(f"http://127.0.0.1:{peer_port}/")
        print(f"store: {source} ({len(ox.Store.read_only(str(peer_store)))} quads)\n")
        print(
            "| query | conc | ours p50 ms | oxigraph p50 ms | ours req/s | oxigraph req/s | p50 ratio (ours ÷ peer) | throughput ratio |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for name, query in QUERIES.items():
            accept = ACCEPT.get(name, "application/sparql-results+json")
            for conc in (1, 4):
                for endpoint in (ours, peer):  # warm-up
                    run_cell(endpoint, query, accept, conc, 4 * conc, 5)
                o50, ort = run_cell(ours, query, accept, conc, args.requests, args.seconds)
                p50, prt = run_cell(peer, query, accept, conc, args.requests, args.seconds)
                print(
                    f"| {name} | {conc} | {o50 * 1e3:.2f} | {p50 * 1e3:.2f} | {ort:.0f} | {prt:.0f} | {o50 / p50:.2f}× | {ort / prt:.2f}× |"
                )
        print("\nExecutor hop (median ms per query, same store, no HTTP):\n")
        print("| query | in-process | via executor | overhead ms |")
        print("|---|---|---|---|")
        for name, local, hop in executor_overhead(str((ours_store / "current").resolve())):
            print(f"| {name} | {local:.3f} | {hop:.3f} | {hop - local:.3f} |")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(30)
        log.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
