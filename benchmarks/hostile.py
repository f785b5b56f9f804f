"""gtkg under attack, beside `oxigraph serve-read-only` on the same release and the same attacks.

Three attacks, each bounded in count and time, each on a fresh server:

- storm: eight runaway queries (a triple cross product) at once, each asking
  for a 20 s limit, while one client times light requests one after another:
  a cached ``ASK {}``, and for gtkg an entity page and ``/health``;
- memory: eight ``ORDER BY`` cross products at once, the family's peak resident
  memory sampled every 50 ms (a peer past ``--memory-cap`` MB is stopped);
- slowloris: 50 connections sending request headers at one byte a second, then
  three normal requests, each allowed 30 s.

Prints a Markdown table with the figures and ours ÷ oxigraph where both apply.
Not part of pytest.

    .venv/bin/python benchmarks/hostile.py [--store .gtkg/store]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sparql_endpoint import family_rss_mb, free_port, wait_until

RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_SORT = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
BIN = Path(sys.executable).parent


class Peer:
    """A server under test: how to start it, where its query endpoint and light pages are."""

    def __init__(self, name: str, command: list[str], query_path: str, pages: list[str]) -> None:
        self.name = name
        self.command = command
        self.query_path = query_path
        self.pages = pages
        self.port = 0
        self.process: subprocess.Popen | None = None

    def start(self, log) -> None:
        self.port = free_port()
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        self.process = subprocess.Popen(command, stdout=log, stderr=log)
        wait_until(lambda: self.get(self.query_url("ASK {}"), 5)[0] == 200, 120)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def query_url(self, query: str, **extra: str) -> str:
        return f"{self.query_path}?{urlencode({'query': query, **extra})}"

    def get(self, path: str, timeout: float) -> tuple[int, float]:
        """Status and seconds of one GET on a new connection (status 0: failed or timed out)."""
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            query = path.startswith(self.query_path + "?")
            accept = "application/sparql-results+json" if query else "text/html"
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
            return response.status, time.monotonic() - started
        except (OSError, http.client.HTTPException):
            return 0, time.monotonic() - started
        finally:
            conn.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def storm(peer: Peer, seconds: float) -> dict[str, float]:
    """Light-request latency (ms) and failures while eight runaways run."""
    light = [peer.query_url("ASK {}"), *peer.pages]
    for path in light * 10:  # warm every worker: cached from now on where the server caches
        peer.get(path, 30)
    stop = threading.Event()

    def runaway(index: int) -> None:
        while not stop.is_set():
            peer.get(peer.query_url(f"{RUNAWAY} # {index}", timeout="20"), seconds + 30)

    threads = [threading.Thread(target=runaway, args=(i,), daemon=True) for i in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    times: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(times) < 2000:
        for path in light:
            status, took = peer.get(path, 30)
            times.append(took * 1000)
            failures += status != 200
    stop.set()
    return {
        "p50": statistics.median(times),
        "p99": percentile(times, 0.99),
        "requests": len(times),
        "failed": failures,
    }


def memory_attack(peer: Peer, cap_mb: float, seconds: float) -> dict[str, float]:
    """Peak family RSS (MB) while eight ORDER BY cross products run; their statuses."""
    assert peer.process is not None
    peak = family_rss_mb(peer.process.pid)
    statuses: list[int] = []
    capped = False
    with ThreadPoolExecutor(8) as pool:
        futures = [
            pool.submit(peer.get, peer.query_url(CROSS_SORT, format="tsv"), seconds)
            for _ in range(8)
        ]
        deadline = time.monotonic() + seconds
        while not all(f.done() for f in futures) and time.monotonic() < deadline:
            peak = max(peak, family_rss_mb(peer.process.pid))
            if peak > cap_mb:
                capped = True
                peer.process.kill()  # protect the machine
                break
            time.sleep(0.05)
        statuses = [f.result()[0] for f in futures]
    return {
        "peak_mb": peak,
        "stopped_503": statuses.count(503),
        "capped": float(capped),
    }


def slowloris(peer: Peer, connections: int = 50, seconds: float = 30) -> dict[str, float]:
    """Seconds for three normal requests while ``connections`` trickle their headers."""
    stop = threading.Event()
    sockets: list[socket.socket] = []
    for _ in range(connections):
        try:
            sock = socket.create_connection(("127.0.0.1", peer.port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            sockets.append(sock)
        except OSError:
            break

    def trickle() -> None:
        while not stop.is_set():
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X")
            stop.wait(1.0)

    dripper = threading.Thread(target=trickle, daemon=True)
    dripper.start()
    time.sleep(2.0)
    results = [peer.get(peer.query_url("ASK {}"), seconds) for _ in range(3)]
    stop.set()
    for sock in sockets:
        sock.close()
    answered = [took for status, took in results if status == 200]
    return {
        "answered": len(answered),
        "slowest_s": max(took for _, took in results),
    }


def run(peer: Peer, attack: Callable[[Peer], dict], log) -> dict:
    peer.start(log)
    try:
        return attack(peer)
    finally:
        peer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path(".gtkg/store"))
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the storm")
    parser.add_argument(
        "--memory-cap", type=float, default=12000, help="MB before a peer is killed"
    )
    args = parser.parse_args()
    release = str((args.store / "current").resolve())
    ours = Peer(
        "gtkg",
        [str(BIN / "gtkg"), "serve", "--port", "{port}", "--store", str(args.store)],
        "/sparql",
        ["/therapy/luxturna", "/health"],
    )
    oxigraph = Peer(
        "oxigraph serve-read-only",
        [
            str(BIN / "oxigraph"),
            "serve-read-only",
            "--location",
            release,
            "--bind",
            "127.0.0.1:{port}",
            "--timeout-s",
            "30",
        ],
        "/query",
        [],
    )
    attacks: dict[str, Callable[[Peer], dict]] = {
        "storm": lambda peer: storm(peer, args.seconds),
        "memory": lambda peer: memory_attack(peer, args.memory_cap, 60),
        "slowloris": slowloris,
    }
    figures: dict[tuple[str, str], dict] = {}
    with open(os.devnull, "wb") as log:
        for name, attack in attacks.items():
            for peer in (ours, oxigraph):
                figures[(name, peer.name)] = run(peer, attack, log)
                print(f"{name:9} {peer.name:26} {figures[(name, peer.name)]}", file=sys.stderr)
    print(f"\nRelease: {release}\n")
    print("| attack | figure | gtkg | oxigraph | gtkg ÷ oxigraph |")
    print("|---|---|---|---|---|")
    for (name, peer_name), values in figures.items():
        if peer_name != ours.name:
            continue
        theirs = figures[(name, oxigraph.name)]
        for key, value in values.items():
            other = theirs.get(key)
            ratio = f"{value / other:.2f}×" if other else "—"
            print(
                f"| {name} | {key} | {value:.1f} | {other if other is None else f'{other:.1f}'} | {ratio} |"
            )


if __name__ == "__main__":
    main()
