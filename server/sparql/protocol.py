"""Reads a SPARQL 1.1 Protocol query request (GET, POST form, POST sparql-query) or refuses it.

Returns the query text, the protocol dataset (default-graph-uri /
named-graph-uri) and an optional shorter time limit; raises 400/415 for the
protocol's error cases and ``QueryRefused`` for updates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import Request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from graph.errors import QueryRefused
from server.sparql.guard import UPDATE_REFUSED

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
MIN_TIMEOUT = 0.1  # seconds
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    timeout: float | None

    @property
    def has_protocol_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def _check_charset(request: Request) -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in {"utf-8", "utf8"}:
        raise UnsupportedMediaType(f"charset {charset!r} is not supported: send UTF-8")


def _params(request: Request) -> tuple[MultiDict, str | None]:
    """All protocol parameters, and the query text from the body if it came as sparql-query."""
    if request.method in {"GET", "HEAD"}:
        return request.args, None
    mimetype = request.mimetype
    if mimetype == UPDATE:
        raise QueryRefused(UPDATE_REFUSED)
    if mimetype not in {FORM, QUERY}:
        shown = mimetype or "none"
        raise UnsupportedMediaType(f"Content-Type {shown} is not accepted: use {FORM} or {QUERY}")
    _check_charset(request)
    if mimetype == FORM:
        return MultiDict([*request.args.items(multi=True), *request.form.items(multi=True)]), None
    try:
        return request.args, request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the query is not valid UTF-8: {error}") from error


def parse_timeout(raw: str | None) -> float | None:
    """A requested time limit in seconds: finite and at least MIN_TIMEOUT, else ValueError.

    Strict because a NaN or a nanosecond limit would kill (and respawn) an
    executor on every request.
    """
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"timeout must be a number of seconds, not {raw!r}") from None
    if not math.isfinite(value) or value < MIN_TIMEOUT:
        raise ValueError(f"timeout must be a finite number of seconds, at least {MIN_TIMEOUT:g}")
    return value


def _timeout(params: MultiDict) -> float | None:
    try:
        return parse_timeout(params.get("timeout"))
    except ValueError as error:
        raise BadRequest(str(error)) from None


def read_request(request: Request) -> QueryRequest | None:
    """The query request, or None when there is no query (the caller describes the service)."""
    params, body = _params(request)
    if "update" in params:
        raise QueryRefused(UPDATE_REFUSED)
    texts = params.getlist("query") + ([body] if body is not None else [])
    if len(texts) > 1:
        raise BadRequest("exactly one query is allowed, got several")
    if not texts:
        return None
    if not texts[0].strip():
        raise BadRequest("the query is empty")
    return QueryRequest(
        query=texts[0],
        default_graphs=tuple(params.getlist("default-graph-uri")),
        named_graphs=tuple(params.getlist("named-graph-uri")),
        timeout=_timeout(params),
    )
