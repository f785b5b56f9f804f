"""Our /sparql (memory and disk, cached and uncached) against `oxigraph serve` and rdflib-endpoint.

Two graphs: the built curated store and a synthetic graph of the same shape
(benchmarks/synthetic.py, about 1M triples). Every server holds the same data
with the default graph as the union. Each cell runs at most ``--requests``
requests or ``--seconds`` seconds (a peer whose single request already takes
longer than that is measured at concurrency 1 only). "uncached" sends each
request with a unique trailing comment (a different cache key, same work);
"cached" repeats one text. Prints Markdown tables with ratios. Not part of pytest.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/sparql_endpoint.py [--store PATH] [--triples 1000000]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX gt: <https://w3id.org/gtkg/ontology#>
"""
QUERIES = {
    "point_lookup": "SELECT ?p ?o { <https://w3id.org/gtkg/therapy/luxturna> ?p ?o }",
    "label_search": 'SELECT ?s ?l { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "aav")) } LIMIT 100',
    "join_groupby": """SELECT ?disease (COUNT(DISTINCT ?therapy) AS ?n) {
        ?therapy gt:treats ?disease . ?therapy gt:targetsGene ?gene . ?gene rdfs:label ?g
    } GROUP BY ?disease ORDER BY DESC(?n) LIMIT 25""",
    "construct_neighbourhood": """CONSTRUCT { ?t ?p ?o . ?o ?p2 ?o2 } WHERE {
        BIND(<https://w3id.org/gtkg/therapy/luxturna> AS ?t)
        ?t ?p ?o OPTIONAL { ?o ?p2 ?o2 } }""",
}
HEAVY = ("label_search", "join_groupby", "construct_neighbourhood")
ACCEPT = {"construct_neighbourhood": "text/turtle"}
CONCURRENCY = (1, 8)


@dataclass
class Server:
    name: str
    port: int
    path: str  # the query path
    process: subprocess.Popen
    ready_seconds: float = 0.0
    unique: bool = False  # send a unique comment with every request (defeats our cache)


@dataclass
class Cell:
    p50: float  # ms
    p99: float  # ms
    rate: float  # requests per second
    count: int
    errors: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(conn: http.client.HTTPConnection, path: str, query: str, accept: str) -> int:
    body = urlencode({"query": query})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    conn.request("POST", path, body, headers)
    response = conn.getresponse()
    response.read()
    return response.status


def run_cell(server: Server, name: str, conc: int, count: int, seconds: float) -> Cell:
    """Up to ``count`` requests or ``seconds``, at ``conc`` clients each with a keep-alive connection."""
    accept = ACCEPT.get(name, "application/sparql-results+json")
    deadline = time.monotonic() + seconds
    serial = itertools.count()

    def text() -> str:
        tail = f"\n# {next(serial)}-{time.monotonic_ns()}" if server.unique else ""
        return PREFIXES + QUERIES[name] + tail

    def client() -> tuple[list[float], int]:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        times, errors = [], 0
        for _ in range(max(1, count // conc)):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                ok = post(conn, server.path, text(), accept) == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            times.append(time.perf_counter() - started)
            errors += not ok
        conn.close()
        return times, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(conc) as pool:
        parts = list(pool.map(lambda _: client(), range(conc)))
    elapsed = time.perf_counter() - started
    times = sorted(t for part, _ in parts for t in part)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return Cell(
        statistics.median(times) * 1e3,
        p99 * 1e3,
        len(times) / elapsed,
        len(times),
        sum(e for _, e in parts),
    )


def wait_until(check: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise RuntimeError("a server did not come up")


def answers(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        return post(conn, path, "ASK {}", "application/sparql-results+json") == 200
    finally:
        conn.close()


def family_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (shared pages counted per process)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    family, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        children = [c for c, p in parents.items() if p == parent]
        family += children
        frontier += children
    total = 0
    for member in family:
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def start_servers(store: Path, work: Path, log) -> list[Server]:
    """Our server (memory, disk), `oxigraph serve` in memory, rdflib-endpoint; all answering."""
    bin_dir = Path(sys.executable).parent
    release = ox.Store.read_only(str((store / "current").resolve()))
    nquads, ntriples = work / "data.nq", work / "data.nt"
    release.dump(str(nquads), ox.RdfFormat.N_QUADS)
    release.dump(str(ntriples), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    del release
    servers = []

    def launch(
        name: str, command: list[str], path: str, env: dict | None = None
    ) -> tuple[Server, float]:
        port = free_port()
        command = [c.replace("{port}", str(port)) for c in command]
        process = subprocess.Popen(
            command, stdout=log, stderr=log, env={**os.environ, **(env or {})}
        )
        server = Server(name, port, path, process)
        started = time.perf_counter()
        servers.append(server)
        return server, started

    for memory in (True, False):
        server, started = launch(
            f"gtkg-{'memory' if memory else 'disk'}",
            [str(bin_dir / "gtkg"), "serve", "--port", "{port}", "--store", str(store)],
            "/sparql",
            {"GTKG_IN_MEMORY": str(memory).lower(), "GTKG_QUERY_TIMEOUT": "120"},
        )
        wait_until(lambda s=server: answers(s.port, "/sparql"), 300)
        warm(server)  # every executor of every worker started (memory: copied)
        server.ready_seconds = time.perf_counter() - started
    server, started = launch(
        "oxigraph-memory",
        [str(bin_dir / "oxigraph"), "serve", "--bind", "127.0.0.1:{port}"],
        "/query",
    )
    wait_until(lambda: answers(server.port, "/query"), 60)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    conn.request("POST", "/store", nquads.read_bytes(), {"Content-Type": "application/n-quads"})
    assert conn.getresponse().status in (200, 201, 204)
    conn.close()
    server.ready_seconds = time.perf_counter() - started
    server, started = launch(
        "rdflib-endpoint",
        [
            str(bin_dir / "rdflib-endpoint"),
            "serve",
            str(ntriples),
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
        ],
        "/",  # rdflib-endpoint serve answers at the root
    )
    wait_until(lambda: answers(server.port, "/"), 600)
    server.ready_seconds = time.perf_counter() - started
    return servers


def warm(server: Server) -> None:
    """A few requests at concurrency 8, so every worker and executor has started."""
    for name in QUERIES:
        run_cell(server, name, 8, 16, 120)


def measure(servers: list[Server], count: int, seconds: float) -> dict[tuple, Cell | None]:
    """Every (server variant, query, concurrency) cell; None for a skipped one."""
    cells: dict[tuple, Cell | None] = {}
    variants: list[tuple[str, Server, bool]] = []
    for server in servers:
        if server.name.startswith("gtkg"):
            variants += [
                (f"{server.name} uncached", server, True),
                (f"{server.name} cached", server, False),
            ]
        else:
            variants.append((server.name, server, False))
    for name in QUERIES:
        for label, server, unique in variants:
            server.unique = unique
            run_cell(server, name, 1, 2, seconds)  # warm (and fill the cache)
            for conc in CONCURRENCY:
                first = cells.get((label, name, 1))
                if conc > 1 and first is not None and first.p50 > seconds * 1e3:
                    cells[(label, name, conc)] = None  # one request outlasts the cell
                    continue
                cells[(label, name, conc)] = run_cell(server, name, conc, count, seconds)
    return cells


def ratio(a: Cell | None, b: Cell | None) -> str:
    if a is None or b is None:
        return "—"
    value = a.rate / b.rate
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def report(title: str, quads: int, servers: list[Server], cells: dict, rss: dict) -> None:
    print(f"\n### {title} ({quads:,} quads incl. the default-graph union)\n")
    print("| server | ready s | RSS MB (all processes) |")
    print("|---|---|---|")
    for server in servers:
        print(f"| {server.name} | {server.ready_seconds:.1f} | {rss[server.name]:.0f} |")
    print("\n| server | query | conc | p50 ms | p99 ms | req/s | requests | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for (label, name, conc), cell in cells.items():
        if cell is None:
            print(f"| {label} | {name} | {conc} | skipped: one request > cell time | | | | |")
        else:
            print(
                f"| {label} | {name} | {conc} | {cell.p50:.2f} | {cell.p99:.2f} | {cell.rate:,.1f} | {cell.count} | {cell.errors} |"
            )
    print("\nThroughput ratios (ours ÷ peer; aim: heavy ≥ 0.9× oxigraph and ≥ 50× rdflib-endpoint;")
    print("point lookup ≥ 0.3× oxigraph uncached, > 1× cached, ≥ 3× rdflib-endpoint):\n")
    print(
        "| query | conc | mem uncached ÷ oxigraph | mem cached ÷ oxigraph | disk uncached ÷ oxigraph | mem uncached ÷ rdflib-endpoint | mem cached ÷ rdflib-endpoint |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in QUERIES:
        for conc in CONCURRENCY:
            ox_cell = cells.get(("oxigraph-memory", name, conc))
            rdf_cell = cells.get(("rdflib-endpoint", name, conc)) or cells.get(
                ("rdflib-endpoint", name, 1)
            )
            mem_u = cells.get(("gtkg-memory uncached", name, conc))
            mem_c = cells.get(("gtkg-memory cached", name, conc))
            disk_u = cells.get(("gtkg-disk uncached", name, conc))
            print(
                f"| {name} | {conc} | {ratio(mem_u, ox_cell)} | {ratio(mem_c, ox_cell)} | {ratio(disk_u, ox_cell)} | {ratio(mem_u, rdf_cell)} | {ratio(mem_c, rdf_cell)} |"
            )


def executor_startup(release: str) -> list[tuple[bool, float, float]]:
    """Seconds to start one executor and its RSS, on disk and in memory."""
    from server.sparql.executor import Executor, Job

    rows = []
    for memory in (False, True):
        started = time.perf_counter()
        executor = Executor(release, memory)
        seconds = time.perf_counter() - started
        header = executor.submit(
            Job(PREFIXES + QUERIES["join_groupby"], "json", 100), time.monotonic() + 120
        )
        b"".join(executor.body(header))
        rows.append((memory, seconds, family_rss_mb(executor.pid)))
        executor.kill()
    return rows


def bench(title: str, source: Path, root: Path, count: int, seconds: float) -> None:
    work = root / title.split()[0]
    work.mkdir()
    store = work / "store"
    shutil.copytree(source, store, symlinks=True)
    release = str((store / "current").resolve())
    quads = len(ox.Store.read_only(release))
    print(f"\n#### executor start-up, {title}\n\n| mode | start s | RSS MB |\n|---|---|---|")
    for memory, start, rss in executor_startup(release):
        print(f"| {'memory' if memory else 'disk'} | {start:.2f} | {rss:.0f} |")
    with (work / "servers.log").open("wb") as log:
        servers = start_servers(store, work, log)
        try:
            cells = measure(servers, count, seconds)
            rss = {s.name: family_rss_mb(s.process.pid) for s in servers}
            report(title, quads, servers, cells, rss)
        finally:
            for server in servers:
                server.process.terminate()
            for server in servers:
                try:
                    server.process.wait(30)
                except subprocess.TimeoutExpired:
                    server.process.kill()
                    server.process.wait(10)
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=os.environ.get("GTKG_STORE", ".gtkg/store"))
    parser.add_argument("--synthetic-store", help="an existing synthetic store (else one is made)")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="gtkg-bench-"))
    try:
        source = Path(args.store)
        if not (source / "current").exists():
            from graph.build import build
            from graph.settings import load_settings

            build(load_settings({"STORE": str(source), "REFERENCE_LAYER": False}))
        bench("curated graph", source, root, args.requests, args.seconds)
        synthetic = (
            Path(args.synthetic_store) if args.synthetic_store else root / "synthetic-source"
        )
        if not (synthetic / "current").exists():
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from synthetic import write

            write(synthetic, args.triples)
        bench(
            f"synthetic graph ({args.triples:,} triples asked)",
            synthetic,
            root,
            args.requests,
            args.seconds,
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
