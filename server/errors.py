"""One error handler: the ``graph.errors`` tree and HTTP errors, answered as JSON, HTML or text.

The status of each domain error lives here, not on the error (domain errors know
nothing of HTTP). The body follows the client's Accept: JSON for API clients
(``{"error", "status", "message"}``), an HTML page for browsers, plain text
otherwise, so a SPARQL tool shows the parser's message as is.
"""

from __future__ import annotations

from html import escape

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from graph import errors

# Most specific first: the first class the error is an instance of decides.
STATUS: tuple[tuple[type[Exception], int], ...] = (
    (errors.QueryTimeout, 503),
    (errors.QueryMemoryExceeded, 503),
    (errors.EngineCrashed, 503),
    (errors.Overloaded, 503),
    (errors.QueryRefused, 400),
    (errors.QueryError, 400),
    (errors.BadParameter, 400),
    (errors.QueryNotFound, 404),
    (errors.StoreError, 503),
    (errors.InvalidGraph, 422),
    (errors.InconsistentOntology, 422),
    (errors.SourceError, 500),
    (errors.GtkgError, 500),
)

# A browser's 404 is a page with a way on (search suggestions), rendered by the pages module;
# it registers that renderer here, so this stays the one error handler.
NOT_FOUND_PAGE = "gtkg.not_found_page"

JSON_TYPES = ("application/json", "application/sparql-results+json", "application/ld+json")


def status_of(error: Exception) -> int:
    """The HTTP status for a domain or HTTP error."""
    if isinstance(error, HTTPException):
        return error.code or 500
    return next((code for cls, code in STATUS if isinstance(error, cls)), 500)


def message_of(error: Exception) -> str:
    if isinstance(error, HTTPException):
        return error.description or error.name
    return str(error) or type(error).__name__


def asks_for_html() -> bool:
    """The client names text/html itself (as browsers do), with a quality above zero."""
    return any(value == "text/html" and quality > 0 for value, quality in request.accept_mimetypes)


def wants(kind: str) -> bool:
    """Whether the request's Accept prefers ``kind`` ('json' or 'html') to plain text."""
    accept = request.accept_mimetypes
    if kind == "json":
        best = accept.best_match([*JSON_TYPES, "text/html", "text/plain"], default="text/plain")
        return best in JSON_TYPES
    best = accept.best_match(["text/plain", "text/html"], default="text/plain")
    return best == "text/html" and accept["text/html"] > accept["*/*"]


def render_error(error: Exception) -> Response:
    """The response for ``error``: status from the tree, body by Accept, HTTP headers kept."""
    status = status_of(error)
    page_for_browsers = current_app.extensions.get(NOT_FOUND_PAGE)
    if status == 404 and page_for_browsers and not wants("json") and asks_for_html():
        return page_for_browsers(error)
    name = type(error).__name__
    message = message_of(error)
    if wants("json"):
        response = jsonify(error=name, status=status, message=message)
    elif wants("html"):
        page = (
            f"<!doctype html><title>{status} {escape(name)}</title><h1>{status} {escape(name)}</h1>"
        )
        response = Response(page + f"<pre>{escape(message)}</pre>", mimetype="text/html")
    else:
        response = Response(f"{status} {name}: {message}\n", mimetype="text/plain")
    response.status_code = status
    if isinstance(error, HTTPException):
        for header, value in error.get_headers():
            if header.lower() != "content-type":
                response.headers[header] = value
    if isinstance(error, errors.Overloaded):
        response.headers["Retry-After"] = str(error.retry_after)
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(errors.GtkgError, render_error)
    app.register_error_handler(HTTPException, render_error)
