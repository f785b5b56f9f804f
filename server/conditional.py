"""ETags and 304s for pages and linked-data documents, compared weakly as RFC 9110 asks.

A view renders as before; its 200 gets a strong ETag, the hash of its bytes (the
same in every worker for one release and representation), and werkzeug's
``make_conditional`` answers ``If-None-Match`` with the weak comparison
(RFC 9110 §13.1.2), so ``W/"…"`` — what a compressing proxy turns our tag into —
gets its 304 too. Responses that carry their own ETag (SPARQL results, files)
are left as they are.
"""

from __future__ import annotations

from flask import Flask, Response, request

BLUEPRINTS = {"linked_data", "ontology_docs", "pages", "downloads"}


def conditional(response: Response) -> Response:
    """Tag a rendered 200 and answer 304 when the client already holds it."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or request.blueprint not in BLUEPRINTS
        or response.direct_passthrough
        or response.is_streamed
        or "ETag" in response.headers
    ):
        return response
    response.add_etag()
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    app.after_request(conditional)
