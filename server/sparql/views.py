"""The /sparql route: protocol in, negotiated format, query in an executor, bytes streamed out."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import BadRequest

from graph.errors import QueryError, QueryRefused, QueryTimeout, StoreError
from graph.store import CURRENT
from ontology import PREFIXES
from server.conneg import negotiate
from server.sparql import description
from server.sparql.executor import Executor, ExecutorPool, Header, Job
from server.sparql.formats import RDF_OFFERS, RESULT_OFFERS, offers_for
from server.sparql.lexer import inspect
from server.sparql.protocol import UPDATE_REFUSED, QueryRequest, read_request
from server.store_access import get_store

bp = Blueprint("sparql", __name__)

POOL = "gtkg.executors"
_POOL_LOCK = threading.Lock()
SERVICE_REFUSED = (
    "SERVICE (federated query) is not allowed: this endpoint never makes outbound requests"
)
DESCRIPTION_OFFERS = tuple(o for o in RDF_OFFERS if o.key in {"ttl", "jsonld", "rdfxml", "nt"})
MEDIA_TYPES = {o.key: o.mimetype for o in (*RESULT_OFFERS, *RDF_OFFERS)}


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """SPARQL 1.1 Protocol query operation; a GET without a query describes the service."""
    query_request = read_request(request)
    if query_request is None:
        if request.method == "POST":
            raise BadRequest(
                "no query: send a `query` parameter or an application/sparql-query body"
            )
        if wants_editor():
            from server.pages import sparql_editor  # the YASGUI page, for browsers

            return sparql_editor()
        return describe_service()
    return answer(query_request)


def wants_editor() -> bool:
    """A browser (HTML preferred to every RDF type) gets the query editor, not the description."""
    accept = request.accept_mimetypes
    if "text/html" not in accept.values() or request.args.get("format"):
        return False
    best = accept.best_match(["text/html", *(o.mimetype for o in DESCRIPTION_OFFERS)])
    return best == "text/html" and accept["text/html"] >= accept["text/turtle"]


def describe_service() -> Response:
    offer = negotiate(DESCRIPTION_OFFERS)
    endpoint = request.base_url
    triples = description.service_description(endpoint, get_store())
    fmt = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}.get(offer.key)
    fmt = fmt or {"rdfxml": ox.RdfFormat.RDF_XML, "nt": ox.RdfFormat.N_TRIPLES}[offer.key]
    body = ox.serialize(triples, format=fmt, prefixes=description.DESCRIPTION_PREFIXES)
    response = Response(body, content_type=_content_type(offer.key))
    response.vary.add("Accept")
    return response


def answer(query_request: QueryRequest) -> Response:
    """Refuse what must not run, pick the format, run in an executor, stream the bytes."""
    shape = inspect(query_request.query)
    if shape.is_update:
        raise QueryRefused(UPDATE_REFUSED)
    if shape.uses_service:
        raise QueryRefused(SERVICE_REFUSED)
    offer = negotiate(offers_for(shape.form))
    limit = current_app.config["RESULT_LIMIT"]
    job = Job(
        query=query_request.query,
        format=offer.key,
        limit=limit,
        default_graph=query_request.default_graphs if query_request.has_protocol_dataset else None,
        named_graphs=query_request.named_graphs if query_request.has_protocol_dataset else None,
        prefixes=PREFIXES,
    )
    seconds = time_limit(query_request.timeout)
    pool = get_pool()
    executor, header = execute(pool, job, seconds)
    return stream(pool, executor, header, limit)


def time_limit(asked: float | None) -> float:
    """The server's QUERY_TIMEOUT, or less when the request asks for less."""
    ceiling = float(current_app.config["QUERY_TIMEOUT"])
    return min(asked, ceiling) if asked else ceiling


def execute(pool: ExecutorPool, job: Job, seconds: float) -> tuple[Executor, Header]:
    """Run ``job`` on a pooled executor within ``seconds``; the executor is held until streamed."""
    deadline = time.monotonic() + seconds
    executor = pool.acquire(deadline)
    try:
        return executor, executor.submit(job, deadline)
    except QueryTimeout:
        pool.release_slot(None)
        raise QueryTimeout(
            f"the query ran past its time limit of {seconds:g} s and was stopped"
        ) from None
    except QueryError:
        pool.release_slot(executor)  # a clean error reply: the executor is fine
        raise
    except BaseException:
        executor.kill()
        pool.release_slot(None)
        raise


def stream(pool: ExecutorPool, executor: Executor, header: Header, limit: int) -> Response:
    """The body as it comes off the executor's socket; the executor goes back to ``pool`` after."""

    def chunks() -> Iterator[bytes]:
        complete = False
        try:
            yield from executor.body(header)
            complete = True
        finally:
            if not complete:  # the client went away mid-body: the pipe holds leftovers
                executor.kill()
            pool.release_slot(executor)

    response = Response(chunks(), content_type=_content_type(header.format))
    response.content_length = header.length
    response.headers["X-GTKG-Result-Limit"] = str(limit)
    if header.truncated:
        response.headers["X-GTKG-Truncated"] = "true"
    response.vary.add("Accept")
    return response


def _content_type(key: str) -> str:
    media_type = MEDIA_TYPES[key]
    text = media_type.startswith("text/") or key in {"nt", "nq", "trig"}
    return f"{media_type}; charset=utf-8" if text else media_type


def get_pool() -> ExecutorPool:
    """This process's executor pool: a new one after a fork or when a new release went live."""
    live = Path(current_app.config["STORE"]) / CURRENT
    if not live.exists():
        raise StoreError(f"no store at {live.parent}: run `gtkg build` first")
    release = str(live.resolve())
    with _POOL_LOCK:
        owner, pool = current_app.extensions.get(POOL) or (None, None)
        if owner != os.getpid() or pool is None or pool.release != release:
            if pool is not None and owner == os.getpid():
                pool.close()  # busy executors of the old release stop when they finish
            pool = ExecutorPool(release, int(current_app.config["EXECUTORS"]))
            current_app.extensions[POOL] = (os.getpid(), pool)
        return pool
