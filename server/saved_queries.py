"""Saved queries over HTTP: the catalogue, one URL per query, OpenAPI and an API page.

    /queries                 the catalogue (HTML or JSON by Accept / ?format=)
    /queries/<name>          run it: parameters from the query string or a form POST;
                             the result in any format of /sparql (Accept, ?format=, or a
                             suffix: /queries/<name>.csv, .json, .tsv, .xml, .ttl, .nt …);
                             in a browser a form, the SPARQL text and a results table
    /openapi.json            the OpenAPI 3 description, generated from the query headers
    /api                     that description as a page

Queries run through the SPARQL endpoint's executors (same time limit, result
bound and ``X-GTKG-Truncated`` header); parameters travel as bound RDF terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request

from graph.describe import LABEL, pick_label
from graph.errors import BadParameter
from ontology import PREFIXES
from queries import Catalogue, PreparedQuery, SavedQuery, load_catalogue, prepare
from server.conneg import NotAcceptableError, Offer, negotiate
from server.iris import href
from server.openapi import openapi_document
from server.public_url import public_url
from server.sparql import runtime
from server.sparql.executor import Job
from server.sparql.formats import offers_for
from server.sparql.protocol import parse_timeout
from server.store_access import get_store

bp = Blueprint("saved_queries", __name__)

HTML = Offer("html", "text/html", ("application/xhtml+xml",))
JSON = Offer("json", "application/json")
RESERVED = frozenset({"format", "timeout"})
SUFFIXES = {"rdf": "rdfxml", "xml": "xml", "html": "html", "htm": "html"}
CATALOGUE = "gtkg.saved_queries"
# A parameter's variable in a projection (?__status_iri, ?_gene_iri, ?__currency): oxigraph
# binds parameters only to projected variables, so tables show the word instead ("status").
PARAMETER_VARIABLE = re.compile(r"^(\??)_+([A-Za-z][A-Za-z0-9]*?)(?:_iri)?$")
TABLE_SEPARATORS = {"csv": b",", "tsv": b"\t"}
# Literal datatypes a results table shows without a note (numbers, dates and text read as such).
PLAIN_TYPES = frozenset(
    {
        "string",
        "langString",
        "integer",
        "decimal",
        "double",
        "nonNegativeInteger",
        "date",
        "gYear",
        "boolean",
        "dateTime",
    }
)


def get_catalogue() -> Catalogue:
    """The packaged catalogue, with IRIs under this server's base."""
    return load_catalogue(base_iri=current_app.config["BASE_IRI"])


@bp.get("/queries")
def index() -> Response:
    catalogue = get_catalogue()
    offer = negotiate((HTML, JSON))
    if offer is JSON:
        response = jsonify(
            queries=[dict(q.to_json(), url=f"/queries/{q.name}") for q in catalogue.values()]
        )
    else:
        response = Response(render_template("queries/index.html", catalogue=catalogue))
    response.vary.add("Accept")
    return response


@bp.route("/queries/<name>", methods=["GET", "POST"])
def saved_query(name: str) -> Response:
    name, suffix = split_suffix(name)
    query = get_catalogue()[name]
    offer = choose_offer(query, suffix)
    values = parameter_values()
    if offer is HTML:
        return page(query, values)
    prepared = prepare(query, values, base_iri=current_app.config["BASE_IRI"])
    response, _ = run_job(prepared, offer.key)
    response.headers["Link"] = f'</queries/{query.name}>; rel="describedby"'
    separator = TABLE_SEPARATORS.get(offer.key)
    if separator and response.status_code == 200:
        with_readable_header(response, separator)
    return response


def readable_names(names: list[str]) -> list[str]:
    """``__status_iri`` → ``status`` (unless a column of that name exists already)."""
    taken = set(names)
    readable = []
    for name in names:
        match = PARAMETER_VARIABLE.match(name)
        word = match.group(1) + match.group(2) if match else name
        if word != name and word in taken:
            word = name
        taken.add(word)
        readable.append(word)
    return readable


def readable_header(body: bytes, separator: bytes) -> bytes:
    """A CSV or TSV body with its header line's parameter variables renamed."""
    head, newline, rest = body.partition(b"\n")
    ending = b"\r" if head.endswith(b"\r") else b""
    names = head.removesuffix(b"\r").decode().split(separator.decode())
    renamed = separator.decode().join(readable_names(names)).encode()
    return renamed + ending + newline + rest


def with_readable_header(response: Response, separator: bytes) -> None:
    """Rename the header line of a CSV or TSV response in place, Content-Length kept exact.

    Only the first line is read ahead (for a HEAD request too, so its Content-Length is the
    GET's); the rest streams as it comes.
    """
    if response.is_sequence:
        response.set_data(readable_header(response.get_data(), separator))
        return
    body = response.response
    chunks = iter(body)
    first = b""
    for chunk in chunks:
        first += chunk
        if b"\n" in first:
            break
    renamed = readable_header(first, separator) if first else first
    if response.content_length is not None:
        response.content_length = response.content_length + len(renamed) - len(first)
    response.response = RenamedBody(renamed, chunks, body)


class RenamedBody:
    """The renamed first line, then the rest of ``body``; closing it closes ``body`` (which
    gives its query executor back)."""

    def __init__(self, first: bytes, rest: Iterator[bytes], body: Any) -> None:
        self.first, self.rest, self.body = first, rest, body

    def __iter__(self) -> Iterator[bytes]:
        if self.first:
            yield self.first
        yield from self.rest

    def close(self) -> None:
        close = getattr(self.body, "close", None)
        if close is not None:
            close()


@bp.get("/openapi.json")
def openapi() -> Response:
    document = openapi_document(get_catalogue(), public_url())
    response = jsonify(document)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/api")
def api_page() -> Response:
    document = openapi_document(get_catalogue(), public_url())
    return Response(render_template("queries/api.html", spec=document))


def split_suffix(name: str) -> tuple[str, str | None]:
    """``therapies-for-disease.csv`` → (``therapies-for-disease``, ``csv``)."""
    stem, dot, suffix = name.rpartition(".")
    return (stem, suffix.lower()) if dot else (name, None)


def choose_offer(query: SavedQuery, suffix: str | None) -> Offer:
    """The suffix decides if there is one; else ``format`` or Accept (HTML for browsers)."""
    offers = (*offers_for(query.form), HTML)
    if suffix is None:
        return negotiate(offers)
    key = SUFFIXES.get(suffix, suffix)
    for offer in offers:
        if offer.key == key:
            return offer
    raise NotAcceptableError(offers, f"suffix .{suffix}")


def parameter_values() -> dict[str, str]:
    """Query-string and form values, minus the protocol's own (``format``, ``timeout``)."""
    values: dict[str, str] = {}
    for key in request.values:
        if key in RESERVED:
            continue
        given = request.values.getlist(key)
        if len(given) > 1:
            raise BadParameter(key, "was given more than once")
        values[key] = given[0]
    return values


def timeout() -> float | None:
    try:
        return parse_timeout(request.values.get("timeout"))
    except ValueError as error:
        raise BadParameter("timeout", str(error).removeprefix("timeout ")) from None


def run_job(prepared: PreparedQuery, key: str, conditional: bool = True) -> tuple[Response, Any]:
    """Run on the SPARQL endpoint's executors (same time limit, bound and cache); stream it."""
    job = Job(
        query=prepared.sparql,
        format=key,
        limit=int(current_app.config["RESULT_LIMIT"]),
        prefixes=PREFIXES,
        substitutions=tuple((v.value, term) for v, term in prepared.substitutions.items()),
    )
    return runtime.respond(job, runtime.time_limit(timeout()), conditional)


def page(query: SavedQuery, values: dict[str, str]) -> Response:
    """The browser view: the form; and, once the required parameters are there, the results."""
    context: dict[str, Any] = {"query": query, "values": values, "error": None, "result": None}
    context["choice_labels"] = choice_labels(query)
    status = 200
    missing = [p for p in query.parameters if p.required and not values.get(p.name)]
    if not missing or request.method == "POST" or values:
        try:
            prepared = prepare(query, values, base_iri=current_app.config["BASE_IRI"])
            context["result"] = html_result(prepared)
        except BadParameter as error:
            context["error"], status = error, 400
    response = Response(render_template("queries/query.html", **context), status=status)
    response.vary.add("Accept")
    return response


def choice_labels(query: SavedQuery) -> dict[str, str]:
    """The label of each IRI a drop-down offers, so the form reads "allogeneic", not an IRI."""
    store = get_store()
    labels: dict[str, str] = {}
    for parameter in query.parameters:
        for choice in parameter.enum or ():
            if choice.startswith(("http://", "https://")) and choice not in labels:
                found = store.quads(ox.NamedNode(choice), LABEL, None, None)
                labels[choice] = pick_label(q.object for q in found) or compact(choice)
    return labels


def html_result(prepared: PreparedQuery) -> dict[str, Any]:
    """Run through the executors and turn the answer into rows of display cells."""
    graph = prepared.query.form in ("CONSTRUCT", "DESCRIBE")
    streamed, header = run_job(prepared, "nt" if graph else "json", conditional=False)
    body = b"".join(streamed.response)
    result: dict[str, Any] = {"truncated": header.truncated, "boolean": None}
    if graph:
        triples = ox.parse(body, ox.RdfFormat.N_TRIPLES)
        result["columns"] = ["subject", "predicate", "object"]
        result["rows"] = [[cell(t.subject), cell(t.predicate), cell(t.object)] for t in triples]
        return result
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        result["boolean"] = bool(parsed)
        return result
    names = [v.value for v in parsed.variables if not v.value.startswith("_")]
    result["columns"] = names
    result["rows"] = [[cell(solution[n]) for n in names] for solution in parsed]
    return result


def cell(term: Any) -> dict[str, Any] | None:
    """One term for the template: text to show, link (entity page or the IRI), annotation."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"text": compact(term.value), "href": href(term.value), "title": term.value}
    if isinstance(term, ox.Literal):
        # Only what a reader needs: a language other than English, an unusual datatype.
        note = term.language if term.language and term.language != "en" else ""
        if not term.language and term.datatype.value.rsplit("#", 1)[-1] not in PLAIN_TYPES:
            note = compact(term.datatype.value)
        return {"text": term.value, "href": None, "title": note}
    return {"text": str(term), "href": None, "title": ""}


def compact(iri: str) -> str:
    """``gt:treats`` for a vocabulary IRI, ``therapy/luxturna`` for an entity; else the IRI."""
    base = current_app.config["BASE_IRI"]
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace) and namespace != base:
            return f"{prefix}:{iri[len(namespace) :]}"
    if iri.startswith(base):
        return iri[len(base) :]
    return iri


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
