"""Repeat cache hits and 304s of query responses without going through Flask.

Why: a cache hit through werkzeug + Flask (request object, dispatch, content
negotiation, CORS, header hooks) costs most of a millisecond; the answer is a
body we already hold plus headers Flask already computed once.

How: when Flask answers a query request from the response cache (200 hit) or
with a 304, ``respond`` marks the request with its cache key and ETag; this
middleware then remembers, for that exact request (method, path, query
string, Accept, Origin, Host, and for a POST its content type and body), the
cache key and the status line and headers Flask sent. The next identical
request is answered from here when the key's release is still the live one
and (for a 200) the cache still holds the body — with the recorded headers,
so CORS, security headers, Vary, ETag, Cache-Control, X-GTKG-* and Link are
exactly Flask's. The cache key comes from ``cache.cache_key`` as always (one key
function); this table only maps a request to the key Flask derived for it.
Anything else — another path or method, a request not seen yet, a miss, an
error, a new release — goes to Flask unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from werkzeug.http import parse_etags

MARK = "gtkg.fastpath"  # environ: (cache key, etag) set by runtime.respond for a direct reply
PATHS = ("/sparql", "/queries/")
FORM_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query")
MAX_BODY = 16384  # bigger POST bodies are not remembered (nor read here)
MAX_REQUESTS = 2048  # remembered requests per worker; the table is emptied when full

Headers = list[tuple[str, str]]


@dataclass(frozen=True)
class Known:
    """What Flask answered to one request: its cache key, ETag and recorded replies."""

    key: tuple
    etag: str
    ok: tuple[str, Headers] | None = None  # the 200 (cache hit): status line, headers
    length: int = -1  # its Content-Length
    not_modified: tuple[str, Headers] | None = None  # the 304: status line, headers


class FastPath:
    """WSGI middleware in front of the Flask app (see the module docstring)."""

    def __init__(
        self,
        wsgi_app: Callable,
        live_release: Callable[[], str | None],
        cache: Callable[[], Any],
    ) -> None:
        self.wsgi_app = wsgi_app
        self.live_release = live_release  # the release now live (cache keys start with it)
        self.cache = cache  # this worker's response cache, or None
        self.known: dict[tuple, Known] = {}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        signature = self.signature(environ)
        if signature is None:
            return self.wsgi_app(environ, start_response)
        known = self.known.get(signature)
        if known is not None:
            reply = self.reply(known, environ)
            if reply is not None:
                status, headers, body = reply
                start_response(status, headers)
                return [body]
        return self.through(signature, environ, start_response)

    def signature(self, environ: dict) -> tuple | None:
        """Everything of the request a query reply depends on; None when not a candidate.

        A candidate POST's body is read here and put back for Flask.
        """
        path = environ.get("PATH_INFO", "")
        if not (path == PATHS[0] or path.startswith(PATHS[1])):
            return None
        method = environ.get("REQUEST_METHOD")
        body = b""
        content_type = environ.get("CONTENT_TYPE", "")
        if method == "POST":
            length = environ.get("CONTENT_LENGTH", "")
            if (
                not length.isdigit()
                or int(length) > MAX_BODY
                or "HTTP_TRANSFER_ENCODING" in environ
                or not content_type.startswith(FORM_TYPES)
            ):
                return None
            body = environ["wsgi.input"].read(int(length))
            environ["wsgi.input"] = io.BytesIO(body)
        elif method != "GET":
            return None
        return (
            method,
            environ.get("SCRIPT_NAME", ""),
            path,
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_ACCEPT"),
            environ.get("HTTP_ORIGIN"),
            environ.get("HTTP_HOST"),
            environ.get("wsgi.url_scheme"),
            content_type,
            body,
        )

    def reply(self, known: Known, environ: dict) -> tuple[str, Headers, bytes] | None:
        """The recorded reply when it still holds for this request, else None (ask Flask)."""
        if self.live_release() != known.key[0]:
            return None
        inm = environ.get("HTTP_IF_NONE_MATCH")
        if inm and parse_etags(inm).contains_weak(known.etag):
            if known.not_modified is None:
                return None
            return (*known.not_modified, b"")
        if known.ok is None:
            return None
        cache = self.cache()
        entry = cache.get(known.key) if cache is not None else None
        if entry is None or len(entry.body) != known.length:
            return None
        return (*known.ok, entry.body)

    def through(self, signature: tuple, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Flask answers; a marked 200 hit or 304 is remembered for next time."""
        sent: list[Any] = []

        def recording_start_response(status: str, headers: Headers, exc_info: Any = None) -> Any:
            sent[:] = [status, headers]
            if exc_info is not None:
                return start_response(status, headers, exc_info)
            return start_response(status, headers)

        result = self.wsgi_app(environ, recording_start_response)
        mark = environ.get(MARK)
        if mark is not None and sent:
            self.remember(signature, mark, sent[0], list(sent[1]))
        return result

    def remember(self, signature: tuple, mark: tuple, status: str, headers: Headers) -> None:
        key, etag = mark
        fields = {name.lower(): value for name, value in headers}
        if fields.get("etag") != f'"{etag}"' or fields.get("x-gtkg-cache") != "hit":
            return
        known = self.known.get(signature)
        if known is None or known.key != key:
            known = Known(key, etag)
        code = status.split(" ", 1)[0]
        if code == "200" and fields.get("content-length", "").isdigit():
            length = int(fields["content-length"])
            known = Known(key, etag, (status, headers), length, known.not_modified)
        elif code == "304":
            known = Known(key, etag, known.ok, known.length, (status, headers))
        else:
            return
        if len(self.known) >= MAX_REQUESTS and signature not in self.known:
            self.known.clear()
        self.known[signature] = known


def init_app(app: Any, live_release: Callable[[], str | None], cache: Callable[[], Any]) -> None:
    """Put the fast path in front of everything (call after every other component), with its
    two dependencies: which release is live, and this worker's response cache."""
    app.wsgi_app = FastPath(app.wsgi_app, live_release, cache)
