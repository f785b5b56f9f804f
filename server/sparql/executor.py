"""Runs SPARQL queries in killable child processes, because pyoxigraph cannot cancel a query.

Each server process keeps a small pool of executor processes (fresh
interpreters started with ``subprocess``, never forked from a threaded worker,
talking over a socket pair with ``multiprocessing.connection`` framing). An executor opens the
read-only store itself, then loops: receive a ``Job``, run it, serialise the
result with pyoxigraph into bytes, send a header and the bytes in chunks over
its pipe. The caller waits at most the job's time limit; past it, the executor
is killed with SIGKILL (its CPU freed at once) and a fresh one takes its place
on the next request, while the other executors keep serving other requests.

Memory mode: with ``memory`` on, an executor copies the read-only release into
an in-memory ``pyoxigraph.Store`` once at start and queries the copy (several
times faster on joins and scans than RocksDB); each executor holds its own
copy, so the pool is smaller then and starts its executors ahead of demand.

Result bounds: SELECT results are written as TSV (one line per row, Rust-side)
through a writer that stops the engine after ``limit + 1`` rows or ``max_bytes``
bytes; the cut TSV is re-read by pyoxigraph and written in the asked format
(rows dropped again if its markup pushes it past ``max_bytes``).
CONSTRUCT/DESCRIBE triples are bounded the same way. Either way the caller
learns whether the bound cut the result.

Memory: while it waits for a result the caller watches the executor's resident
memory and kills it past its ceiling (``QueryMemoryExceeded``); an executor that
dies on its own is reported as ``EngineCrashed``; one that kept much more memory
than it started with after a query is replaced rather than reused.
"""

from __future__ import annotations

import io
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from graph.errors import (
    EngineCrashed,
    Overloaded,
    QueryAbandoned,
    QueryError,
    QueryMemoryExceeded,
    QueryTimeout,
    StoreError,
)
from server.sparql.sandbox import SandboxUnavailable, forbid_network

CHUNK = 256 * 1024
WATCH_SECONDS = 0.05  # how often a running query's memory and client are looked at
START_SECONDS = 30
MEMORY_START_SECONDS = 300  # copying a few million quads takes seconds, not minutes
NICENESS = 5
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Job:
    """One query to run: dataset options, output format key, row bound."""

    query: str
    format: str
    limit: int
    max_bytes: int = 32 * 1024 * 1024
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    # Saved-query parameters, bound as RDF terms (pyoxigraph ``substitutions``): (variable, term).
    substitutions: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Header:
    """What came back before the body: the kind of result and whether the bound cut it."""

    kind: str  # "boolean", "solutions" or "triples"
    format: str  # the format key the body is in
    truncated: bool
    length: int


class _Enough(Exception):
    """Raised by the line counter to stop the engine once the bound is passed."""


class _LineLimiter(io.RawIOBase):
    """A write-only sink that keeps whole lines up to ``limit`` lines and ``max_bytes`` bytes.

    It stops the writer (raising ``_Enough``) as soon as either bound is passed.
    """

    def __init__(self, limit: int, max_bytes: int) -> None:
        self.buffer = bytearray()
        self.limit = limit
        self.max_bytes = max_bytes
        self.lines = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        room = self.max_bytes + 1 - len(self.buffer)
        self.buffer += memoryview(data)[: max(0, room)]
        self.lines += bytes(data).count(b"\n")
        if self.lines > self.limit or len(self.buffer) > self.max_bytes:
            raise _Enough
        return len(data)

    def kept(self) -> bytes:
        """The whole lines within both bounds."""
        cut = 0
        for _ in range(self.limit):
            end = self.buffer.find(b"\n", cut, self.max_bytes)
            if end < 0:
                break
            cut = end + 1
        return bytes(self.buffer[:cut])


def _options(job: Job) -> dict[str, Any]:
    options: dict[str, Any] = {"prefixes": job.prefixes or None}
    if job.default_graph is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graph or ()]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    if job.substitutions:
        options["substitutions"] = {ox.Variable(name): term for name, term in job.substitutions}
    return options


def _solutions(job: Job, results: ox.QuerySolutions, key: str) -> tuple[bytes, bool]:
    sink = _LineLimiter(job.limit + 1, job.max_bytes)  # the header line plus ``limit`` rows
    try:
        results.serialize(sink, ox.QueryResultsFormat.TSV)
        tsv, truncated = bytes(sink.buffer), False
    except _Enough:
        tsv, truncated = sink.kept(), True
    if key == "tsv":
        return tsv, truncated
    from server.sparql.formats import RESULT_FORMATS

    while True:
        out = io.BytesIO()
        ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(out, RESULT_FORMATS[key])
        body = out.getvalue()
        if len(body) <= job.max_bytes or tsv.count(b"\n") <= 1:
            return body, truncated
        lines = tsv.split(b"\n")  # markup made it too big: keep half the rows and try again
        rows = len(lines) - 2
        tsv, truncated = b"\n".join(lines[: 1 + rows // 2]) + b"\n", True


def _triples(job: Job, results: ox.QueryTriples, key: str) -> tuple[bytes, bool]:
    """At most ``limit`` triples whose N-Triples form fits ``max_bytes``, serialised as asked."""
    from server.sparql.formats import RDF_FORMATS

    kept: list[ox.Triple] = []
    size = 0
    truncated = False
    for triple in results:
        size += len(str(triple)) + 3
        if len(kept) >= job.limit or size > job.max_bytes:
            truncated = True
            break
        kept.append(triple)
    out = io.BytesIO()
    ox.serialize(kept, out, RDF_FORMATS[key], prefixes=job.prefixes or None)
    return out.getvalue(), truncated


def run(store: ox.Store, job: Job) -> tuple[Header, bytes]:
    """Execute ``job`` on ``store`` and serialise its result (this is the executor's work)."""
    from server.sparql.formats import RESULT_FORMATS

    results = store.query(job.query, **_options(job))
    if isinstance(results, ox.QueryBoolean):
        out = io.BytesIO()
        results.serialize(out, RESULT_FORMATS.get(job.format, ox.QueryResultsFormat.JSON))
        body, kind, truncated = out.getvalue(), "boolean", False
        key = job.format if job.format in RESULT_FORMATS else "json"
    elif isinstance(results, ox.QuerySolutions):
        key = job.format if job.format in RESULT_FORMATS else "json"
        body, truncated = _solutions(job, results, key)
        kind = "solutions"
    else:
        key = job.format if job.format in ("ttl", "nt", "jsonld", "rdfxml", "trig", "nq") else "ttl"
        body, truncated = _triples(job, results, key)
        kind = "triples"
    return Header(kind, key, truncated, len(body)), body


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL us when the server process goes (best effort elsewhere)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:
        os._exit(0)


def open_release(release: str, memory: bool) -> ox.Store:
    """The release read-only on disk, or copied into memory (bulk_extend: measured fastest)."""
    disk = ox.Store.read_only(release)
    if not memory:
        return disk
    copy = ox.Store()
    copy.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    return copy


def executor_main(conn: Connection, release: str, memory: bool = False) -> None:
    """The executor process: open the store (or copy it to memory), then serve jobs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when we stop
    _die_with_parent()
    os.nice(NICENESS)  # runaway queries yield the CPU to pages, health and cached answers
    try:
        forbid_network()  # before anything else runs here: no query can reach the network
    except SandboxUnavailable as error:
        conn.send(("error", "StoreError", str(error)))
        return
    try:
        store = open_release(release, memory)
    except OSError as error:
        conn.send(("error", "StoreError", f"cannot open the store: {error}"))
        return
    conn.send(("ready", os.getpid(), memory))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            header, body = run(store, job)
        except SyntaxError as error:
            conn.send(("error", "QueryError", f"syntax error: {error}"))
            continue
        except Exception as error:  # the message goes back to the client
            conn.send(("error", "QueryError", f"{type(error).__name__}: {error}"))
            continue
        conn.send(("ok", header))
        view = memoryview(body)
        for start in range(0, len(body), CHUNK):
            conn.send_bytes(view[start : start + CHUNK])


class Executor:
    """One child process and the parent's end of its socket."""

    def __init__(self, release: str, memory: bool = False) -> None:
        self.started_rss = 0
        self.express = False  # set by the pool when it runs in the quick lane
        ours, theirs = socket.socketpair()
        mode = "memory" if memory else "disk"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.sparql.executor", release, str(theirs.fileno()), mode],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C at the terminal is for the server, not for us
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        ready = self.conn.poll(MEMORY_START_SECONDS if memory else START_SECONDS)
        reply = self.conn.recv() if ready else ("error", "StoreError", "executor did not start")
        if reply[0] != "ready":
            self.kill()
            raise StoreError(reply[2])
        self.started_rss = self.rss()

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss(self) -> int:
        """Resident memory of the child, in bytes (0 once it is gone)."""
        return resident_bytes(self.pid)

    def bloated(self, grown: int) -> bool:
        """Whether the child kept more than ``grown`` bytes beyond what it started with."""
        return self.rss() > self.started_rss + grown

    def kill(self) -> None:
        """Stop the child now (SIGKILL) and reap it."""
        if self.alive():
            self.process.kill()
        self.process.wait(5)
        self.conn.close()

    def submit(
        self,
        job: Job,
        deadline: float,
        memory_limit: int = 0,
        abandoned: Callable[[], bool] | None = None,
    ) -> Header:
        """Send ``job`` and wait for its header, killing the child when it must stop.

        It is stopped at ``deadline`` (monotonic; ``QueryTimeout``), when its
        resident memory grows by more than ``memory_limit`` bytes over what it
        started with (``QueryMemoryExceeded``),
        or when ``abandoned()`` says nobody waits for the answer any more
        (``QueryAbandoned``). A child that dies on its own raises ``EngineCrashed``.
        """
        try:
            self.conn.send(job)
        except OSError:  # it died while idle
            self.kill()
            raise EngineCrashed("the query engine had stopped; it was restarted") from None
        while not self.conn.poll(max(0.0, min(WATCH_SECONDS, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                self.kill()
                raise QueryTimeout("timeout")
            if memory_limit and self.rss() > self.started_rss + memory_limit:
                self.kill()
                raise QueryMemoryExceeded(
                    f"the query exceeded its memory limit of {memory_limit // 2**20} MiB "
                    "and was stopped"
                )
            if abandoned is not None and abandoned():
                self.kill()
                raise QueryAbandoned("the client went away; the query was stopped")
        try:
            reply = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise EngineCrashed(
                "the query crashed the engine; the engine was restarted "
                "(a simpler or smaller query may work)"
            ) from None
        if reply[0] == "error":
            raise QueryError(reply[2])
        return reply[1]

    def body(self, header: Header):
        """Yield the body's chunks as they arrive."""
        received = 0
        while received < header.length:
            chunk = self.conn.recv_bytes()
            received += len(chunk)
            yield chunk


def resident_bytes(pid: int) -> int:
    """A process's resident set size from /proc (0 when it is gone or /proc is missing)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


class ExecutorPool:
    """Up to ``size`` executors for one server process, replaced when killed.

    On disk they start on demand (opening RocksDB is instant); in memory they
    start ahead, in a background thread, so no request waits for a copy.
    """

    def __init__(
        self,
        release: str,
        size: int,
        memory: bool = False,
        queue: int = 4,
        keep_bytes: int = 512 * 2**20,
    ) -> None:
        self.release = release
        self.size = max(1, size)
        self.memory = memory
        self.queue = max(0, queue)  # requests that may wait for a busy pool; more get Overloaded
        self.keep_bytes = keep_bytes  # an executor that kept more than this after a query goes
        self.idle: list[Executor] = []
        self.running = 0
        self.waiting = 0
        self.ready = threading.Condition()
        self.closed = False
        # One more executor, used only while every other one is busy, for queries
        # the caller allows a short time (on disk only: a memory copy starts slowly).
        self.express = not memory
        self.express_busy = False
        self.express_idle: Executor | None = None
        if memory:
            self.fill()

    def fill(self) -> None:
        """Start executors up to ``size`` in the background (a failed start is left to demand)."""
        _spawner().put(self)

    def fill_now(self) -> None:
        """The spawner thread's work: start executors until the pool is full."""
        while True:
            with self.ready:
                if self.closed or self.running + len(self.idle) >= self.size:
                    return
                self.running += 1
            try:
                executor = Executor(self.release, self.memory)
            except StoreError:
                with self.ready:  # give the slot back without asking for another try
                    self.running -= 1
                    self.ready.notify()
                return
            self.release_slot(executor)

    def acquire(self, deadline: float) -> Executor:
        """An idle executor, a new one if below size, else wait for one until ``deadline``.

        At most ``queue`` requests wait at once: one more is refused at once
        (``Overloaded``), so that waiting queries cannot take every request thread.
        While every executor is busy, the quick lane's is taken when free. A new
        process is started outside the lock.
        """
        with self.ready:
            express, executor = self._claim(deadline)
        if executor is not None:
            return executor
        try:
            executor = Executor(self.release, self.memory)
        except BaseException:
            if express:
                with self.ready:
                    self.express_busy = False
                    self.ready.notify()
            else:
                self.release_slot(None)
            raise
        executor.express = express
        return executor

    def _claim(self, deadline: float) -> tuple[bool, Executor | None]:
        """Under the lock: (quick lane?, an idle executor or None when one must be started)."""
        if not self.idle and self.running >= self.size and self._express_free():
            return self._take_express()
        if not self.idle and self.running >= self.size:
            if self.waiting >= self.queue:
                raise Overloaded(
                    f"all {self.size} query executors are busy and {self.waiting} queries "
                    "are waiting: try again shortly"
                )
            self.waiting += 1
            try:
                while not self.idle and self.running >= self.size:
                    if self._express_free():  # freed while we waited
                        return self._take_express()
                    if not self.ready.wait(max(0.0, deadline - time.monotonic())):
                        raise Overloaded("no query executor became free in time: try again shortly")
            finally:
                self.waiting -= 1
        self.running += 1
        return False, self.idle.pop() if self.idle else None

    def _express_free(self) -> bool:
        return self.express and not self.express_busy

    def _take_express(self) -> tuple[bool, Executor | None]:
        """The quick lane, marked busy (under the lock); its idle executor if it has one."""
        self.express_busy = True
        executor, self.express_idle = self.express_idle, None
        return True, executor

    def release_slot(self, executor: Executor | None) -> None:
        """Give ``executor`` back (dead or None when it was killed or failed: its slot frees up)."""
        if executor is not None and executor.express:
            with self.ready:
                self.express_busy = False
                if self.reusable(executor) and self.express_idle is None:
                    self.express_idle, executor = executor, None
                self.ready.notify()
            if executor is not None:
                executor.kill()
            return
        with self.ready:
            self.running -= 1
            if executor is not None and self.reusable(executor):
                self.idle.append(executor)
            elif executor is not None:
                executor.kill()
            self.ready.notify()
            refill = self.memory and not self.closed and executor not in self.idle
        if refill:  # a killed copy is replaced ahead of the next request
            self.fill()

    def reusable(self, executor: Executor) -> bool:
        """Alive, of an open pool, and not holding on to memory a query made it grow."""
        return executor.alive() and not self.closed and not executor.bloated(self.keep_bytes)

    def close(self) -> None:
        with self.ready:
            self.closed = True
            idle, self.idle = self.idle, []
            if self.express_idle is not None:
                idle.append(self.express_idle)
                self.express_idle = None
        for executor in idle:
            executor.kill()

    def pids(self) -> list[int]:
        with self.ready:
            return [e.pid for e in self.idle if e.pid]


_SPAWNER: tuple[int, queue.SimpleQueue] | None = None
_SPAWNER_LOCK = threading.Lock()


def _spawner() -> queue.SimpleQueue:
    """One long-lived thread per process that starts executors ahead of demand.

    Long-lived because an executor asks to be killed when the *thread* that
    started it exits (PR_SET_PDEATHSIG follows the thread, not the process).
    """
    global _SPAWNER
    with _SPAWNER_LOCK:
        if _SPAWNER is None or _SPAWNER[0] != os.getpid():
            jobs: queue.SimpleQueue = queue.SimpleQueue()

            def loop() -> None:
                while True:
                    jobs.get().fill_now()

            threading.Thread(target=loop, name="gtkg-executor-spawner", daemon=True).start()
            _SPAWNER = (os.getpid(), jobs)
        return _SPAWNER[1]


if __name__ == "__main__":
    # Import ourselves by name so pickled classes (Header) resolve in the server process.
    from server.sparql.executor import executor_main as _main

    _main(Connection(int(sys.argv[2])), sys.argv[1], sys.argv[3:4] == ["memory"])
