"""The /sparql route, a thin view: read the protocol request, refuse what must not run, pick the
format, and hand the job to the runtime (``server.sparql.runtime``)."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import BadRequest

from ontology import PREFIXES
from server.conneg import negotiate
from server.pages import sparql_editor
from server.public_url import public_url
from server.sparql import description, runtime
from server.sparql.executor import Job
from server.sparql.formats import RDF_OFFERS, offers_for
from server.sparql.guard import check
from server.sparql.protocol import QueryRequest, read_request
from server.store_access import get_store

bp = Blueprint("sparql", __name__)

DESCRIPTION_OFFERS = tuple(o for o in RDF_OFFERS if o.key in {"ttl", "jsonld", "rdfxml", "nt"})


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
            return sparql_editor()  # the YASGUI page, for browsers
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
    endpoint = public_url() + "sparql"
    triples = description.service_description(endpoint, get_store())
    fmt = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}.get(offer.key)
    fmt = fmt or {"rdfxml": ox.RdfFormat.RDF_XML, "nt": ox.RdfFormat.N_TRIPLES}[offer.key]
    body = ox.serialize(triples, format=fmt, prefixes=description.DESCRIPTION_PREFIXES)
    response = Response(body, content_type=runtime.content_type(offer.key))
    response.vary.add("Accept")
    return response


def answer(query_request: QueryRequest) -> Response:
    """Refuse what must not run, pick the format, run in an executor, stream the bytes."""
    shape = check(query_request.query)
    offer = negotiate(offers_for(shape.form))
    limit = current_app.config["RESULT_LIMIT"]
    job = Job(
        query=query_request.query,
        format=offer.key,
        limit=limit,
        max_bytes=int(current_app.config["RESULT_BYTES"]),
        default_graph=query_request.default_graphs if query_request.has_protocol_dataset else None,
        named_graphs=query_request.named_graphs if query_request.has_protocol_dataset else None,
        prefixes=PREFIXES,
    )
    response, _ = runtime.respond(job, runtime.time_limit(query_request.timeout))
    return response
