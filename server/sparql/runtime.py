"""The SPARQL runtime: the executor pool, the response cache, and running a job through them.

Views (``/sparql``, the saved queries, ``/health``) call ``respond``; nothing here parses a
request. The fast path in front of Flask gets its two needs from here when the app is built
(``cache_of`` and ``release_of``) instead of importing this module.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from flask import Response, current_app, request

from graph.errors import (
    EngineCrashed,
    Overloaded,
    QueryAbandoned,
    QueryError,
    QueryMemoryExceeded,
    QueryTimeout,
    StoreError,
)
from graph.store import live_release
from graph.summary import read_summary
from server.sparql import fastpath
from server.sparql.cache import Entry, ResponseCache, cache_key, etag_for
from server.sparql.executor import Executor, ExecutorPool, Header, Job
from server.sparql.formats import RDF_OFFERS, RESULT_OFFERS
from server.sparql.guard import deterministic
from server.store_access import get_store

POOL = "gtkg.executors"
CACHE = "gtkg.response-cache"
_POOL_LOCK = threading.Lock()
EXPRESS_SECONDS = 2.0  # the longest a query may run in the quick lane
MEDIA_TYPES = {o.key: o.mimetype for o in (*RESULT_OFFERS, *RDF_OFFERS)}


def release_of(app: Any) -> str | None:
    """The live release of ``app``'s store, as the pool and the cache keys name it."""
    release = live_release(app.config["STORE"])
    return str(release) if release is not None else None


def cache_of(app: Any) -> ResponseCache | None:
    """This process's response cache of ``app``, if one was made (None after a fork)."""
    owner, cache = app.extensions.get(CACHE) or (None, None)
    return cache if owner == os.getpid() else None


def respond(job: Job, seconds: float, conditional: bool = True) -> tuple[Response, Header | None]:
    """304 if the client holds it, the cached body if we do, else run and stream (and keep).

    Returns the response and the result's header (None for a 304). ``conditional``
    off ignores If-None-Match (for callers that wrap the body in a page of their own).
    """
    pool = get_pool()
    if not deterministic(job.query):  # NOW(), RAND(), UUID() …: a new answer every time
        executor, header = execute(pool, job, seconds)
        response = stream(pool, executor, header, job.limit)
        response.cache_control.no_store = True
        response.headers["X-GTKG-Cache"] = "off"
        return response, header
    cache = get_cache()
    key = cache_key(pool.release, pool.memory, job)
    etag = etag_for(key)
    if conditional and request.if_none_match.contains_weak(etag):
        request.environ[fastpath.MARK] = (key, etag)
        response = Response(status=304)
        return _cacheable(response, etag, "hit"), None
    entry = cache.get(key)
    if entry is not None:
        if conditional:  # the caller replies with this response as it is
            request.environ[fastpath.MARK] = (key, etag)
        response = Response(entry.body, content_type=content_type(entry.header.format))
        _result_headers(response, entry.header, job.limit)
        return _cacheable(response, etag, "hit"), entry.header
    executor, header = execute(pool, job, seconds)
    keep = None
    if cache.accepts(header.length):

        def keep(body: bytes) -> None:
            cache.put(key, Entry(header, body))

    response = stream(pool, executor, header, job.limit, keep)
    return _cacheable(response, etag, "miss"), header


def _cacheable(response: Response, etag: str, state: str) -> Response:
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = int(current_app.config["CACHE_MAX_AGE"])
    response.vary.add("Accept")
    response.headers["X-GTKG-Cache"] = state
    return response


def get_cache() -> ResponseCache:
    """This process's response cache (one per worker; created after any fork)."""
    with _POOL_LOCK:
        owner, cache = current_app.extensions.get(CACHE) or (None, None)
        if owner != os.getpid() or cache is None:
            config = current_app.config
            cache = ResponseCache(int(config["CACHE_BYTES"]), int(config["CACHE_ENTRY_BYTES"]))
            current_app.extensions[CACHE] = (os.getpid(), cache)
        return cache


def time_limit(asked: float | None) -> float:
    """The server's QUERY_TIMEOUT, or less when the request asks for less."""
    ceiling = float(current_app.config["QUERY_TIMEOUT"])
    return min(asked, ceiling) if asked else ceiling


def execute(pool: ExecutorPool, job: Job, seconds: float) -> tuple[Executor, Header]:
    """Run ``job`` on a pooled executor within ``seconds``; the executor is held until streamed.

    It is stopped early past its memory ceiling, or when the client hangs up.
    """
    deadline = time.monotonic() + seconds
    executor = pool.acquire(deadline)
    if executor.express:  # every other executor is busy: quick queries only
        deadline = min(deadline, time.monotonic() + EXPRESS_SECONDS)
    ceiling = executor_memory(current_app.config)
    try:
        return executor, executor.submit(job, deadline, ceiling, client_gone(request.environ))
    except QueryTimeout:
        pool.release_slot(executor)  # killed: a fresh one takes its place
        if executor.express and seconds > EXPRESS_SECONDS:
            raise Overloaded(
                f"every query executor is busy and the lane kept for quick queries allows "
                f"{EXPRESS_SECONDS:g} s: try again shortly"
            ) from None
        raise QueryTimeout(
            f"the query ran past its time limit of {seconds:g} s and was stopped"
        ) from None
    except (QueryMemoryExceeded, EngineCrashed, QueryAbandoned):
        pool.release_slot(executor)  # killed: a fresh one takes its place
        raise
    except QueryError:
        pool.release_slot(executor)  # a clean error reply: the executor is fine
        raise
    except BaseException:
        executor.kill()
        pool.release_slot(executor)
        raise


def stream(
    pool: ExecutorPool,
    executor: Executor,
    header: Header,
    limit: int,
    keep: Callable[[bytes], None] | None = None,
) -> Response:
    """The body as it comes off the executor's socket; the executor goes back to ``pool`` after.

    With ``keep``, the chunks are also gathered and the whole body handed to it
    just before the last chunk goes out (so a client's next request finds it),
    never for a body cut short.
    """

    body = ExecutorBody(pool, executor, header, keep)
    response = Response(body, content_type=content_type(header.format))
    _result_headers(response, header, limit)
    return response


class ExecutorBody:
    """A response body read off an executor, which goes back to its pool on ``close()``.

    A class, not a generator: the server calls ``close()`` whether or not it
    read the body (a HEAD request reads none), and a generator that never
    started would skip its ``finally`` and keep the executor for ever.
    """

    def __init__(
        self,
        pool: ExecutorPool,
        executor: Executor,
        header: Header,
        keep: Callable[[bytes], None] | None,
    ) -> None:
        self.pool = pool
        self.executor = executor
        self.header = header
        self.keep = keep
        self.complete = False
        self.released = False

    def __iter__(self) -> Iterator[bytes]:
        kept: list[bytes] = []
        received = 0
        for chunk in self.executor.body(self.header):
            received += len(chunk)
            if self.keep is not None:
                kept.append(chunk)
                if received >= self.header.length:
                    self.keep(b"".join(kept))
            yield chunk
        self.complete = True
        self.close()  # read to the end: callers that never close() free it too

    def close(self) -> None:
        """Give the executor back (killed when its pipe may still hold part of the body)."""
        if self.released:
            return
        self.released = True
        if not self.complete:
            self.executor.kill()
        self.pool.release_slot(self.executor)


def _result_headers(response: Response, header: Header, limit: int) -> None:
    response.content_length = header.length
    response.headers["X-GTKG-Result-Limit"] = str(limit)
    if header.truncated:
        response.headers["X-GTKG-Truncated"] = "true"
    response.vary.add("Accept")


def content_type(key: str) -> str:
    media_type = MEDIA_TYPES[key]
    text = media_type.startswith("text/") or key in {"nt", "nq", "trig"}
    return f"{media_type}; charset=utf-8" if text else media_type


def get_pool() -> ExecutorPool:
    """This process's executor pool: a new one after a fork or when a new release went live."""
    release = release_of(current_app)
    if release is None:
        store = Path(current_app.config["STORE"])
        raise StoreError(f"no store at {store}: run `gtkg build` first")
    with _POOL_LOCK:
        owner, pool = current_app.extensions.get(POOL) or (None, None)
        if owner != os.getpid() or pool is None or pool.release != release:
            if pool is not None and owner == os.getpid():
                pool.close()  # busy executors of the old release stop when they finish
            memory = in_memory(current_app.config, release_quads)
            size = int(current_app.config["EXECUTORS"])
            if memory:  # each executor holds a copy of the graph
                size = min(size, int(current_app.config["MEMORY_EXECUTORS"]))
            config = current_app.config
            keep = executor_memory(config) // 2
            pool = ExecutorPool(release, size, memory, int(config["QUERY_QUEUE"]), keep)
            current_app.extensions[POOL] = (os.getpid(), pool)
        return pool


def release_quads() -> int:
    """The live release's quad count: from its summary, else counted (an older release)."""
    store = get_store()
    summary = read_summary(getattr(store, "release", None))
    return int(summary["quads"]) if summary else len(store)


def in_memory(config: Mapping[str, object], quads: Callable[[], int]) -> bool:
    """GTKG_IN_MEMORY: true, false, or auto (in memory up to GTKG_IN_MEMORY_MAX_QUADS quads)."""
    mode = str(config["IN_MEMORY"]).lower()
    if mode in {"true", "1", "yes", "on"}:
        return True
    if mode in {"false", "0", "no", "off"}:
        return False
    return quads() <= int(config["IN_MEMORY_MAX_QUADS"])  # type: ignore[call-overload]


def executor_memory(config: Mapping[str, object]) -> int:
    """GTKG_EXECUTOR_MEMORY in bytes; 0 sizes it for the machine.

    Auto: a quarter of physical memory shared by every executor the server may
    run (workers × executors), between 256 MiB and 4 GiB each, so eight hostile
    queries at their ceilings still leave most of the machine free.
    """
    given = int(config["EXECUTOR_MEMORY"])  # type: ignore[call-overload]
    if given > 0:
        return given
    executors = int(config["WORKERS"]) * int(config["EXECUTORS"])  # type: ignore[call-overload]
    share = physical_memory() // (4 * max(1, executors))
    return max(256 * 2**20, min(4 * 2**30, share))


def physical_memory() -> int:
    """Bytes of RAM (8 GiB when the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 * 2**30


def client_gone(environ: Mapping[str, object]) -> Callable[[], bool] | None:
    """A check that the client hung up; None when the server cannot tell.

    Under ``gtkg serve`` the ASGI adapter says so (``gtkg.client_gone``); under a
    threaded WSGI server whose environ carries the socket, EOF on it says so.
    """
    check = environ.get("gtkg.client_gone")
    if callable(check):
        return check  # type: ignore[return-value]
    sock = environ.get("gunicorn.socket")
    if not isinstance(sock, socket.socket):
        return None

    def gone() -> bool:
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    return gone
