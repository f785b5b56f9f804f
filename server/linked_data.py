"""Dereferenceable entity IRIs: ``/{kind}/{slug}`` answers HTML to browsers and RDF to clients.

The Cool-URIs choice (documented in README "Linked data"): an entity IRI
answers **200 with the negotiated representation, ``Vary: Accept`` and a
``Content-Location``** naming the format-specific document
(``/therapy/luxturna.ttl``, ``…​.html``), rather than a 303 to a separate
document IRI. This is the one-round-trip variant the W3C note mentions, and
what the 2012 TAG httpRange-14 resolution allows; each document URL also works
on its own, as does ``?format=ttl``. Explicit suffixes and ``format`` win over
``Accept``.

Triple formats (and JSON-LD) carry the facts once each plus ``<entity> prov:wasDerivedFrom
<source>``; TriG and N-Quads carry every fact in the graph of its source (see
``graph.describe``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request
from werkzeug.exceptions import NotFound

from graph.describe import LABEL as LABEL_NODE
from graph.describe import TYPE, Description, describe, local_name, pick_label
from queries import run
from server import conneg
from server import describe as view
from server.conneg import Offer
from server.iris import iri_for_path, local_path, named_node
from server.store_access import get_store

bp = Blueprint("linked_data", __name__)


@dataclass(frozen=True)
class RdfFormat:
    suffix: str
    media_type: str
    rdf_format: ox.RdfFormat
    aliases: tuple[str, ...] = ()

    @property
    def quads(self) -> bool:
        """TriG and N-Quads carry the source graphs; JSON-LD stays a plain graph for clients."""
        return self.rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("ttl", "text/turtle", ox.RdfFormat.TURTLE, ("turtle",)),
    RdfFormat("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("json-ld", "json")),
    RdfFormat("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("ntriples", "n-triples")),
    RdfFormat("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("xml", "rdfxml", "rdf-xml")),
    RdfFormat("trig", "application/trig", ox.RdfFormat.TRIG),
    RdfFormat("nq", "application/n-quads", ox.RdfFormat.N_QUADS, ("nquads", "n-quads")),
)
BY_NAME = {name: f for f in RDF_FORMATS for name in (f.suffix, *f.aliases)}
HTML = "html"
# Offers in server preference order: a browser (or no Accept) gets HTML; Turtle is the first RDF.
EXTRA_TYPES = {"jsonld": ("application/json",), "nt": ("text/plain",)}
OFFERS: tuple[Offer, ...] = (
    Offer(HTML, "text/html", ("application/xhtml+xml",)),
    *(Offer(f.suffix, f.media_type, EXTRA_TYPES.get(f.suffix, ()), f.aliases) for f in RDF_FORMATS),
)


def negotiate(explicit: str | None = None, offers: tuple[Offer, ...] = OFFERS) -> str:
    """The format key to answer with: an explicit suffix, then ``format=``, then ``Accept``.

    Raises ``NotAcceptableError`` (406, listing the offers) when nothing fits.
    """
    return conneg.negotiate(offers, format_param=explicit).key


def serialise(fmt: str, triples, quads, prefixes: dict[str, str] | None = None) -> bytes:
    chosen = BY_NAME[fmt]
    data = quads if chosen.quads else triples
    kwargs = {"prefixes": prefixes} if prefixes and chosen.rdf_format in PREFIXED else {}
    return ox.serialize(data, format=chosen.rdf_format, **kwargs)


PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


def prefixes() -> dict[str, str]:
    try:
        from ontology.namespace import PREFIXES
    except ImportError:  # the namespace module is the ontology package's; stay useful without it
        PREFIXES = {}
    found = {name: str(iri) for name, iri in PREFIXES.items()}
    found.setdefault("gt", view.GT)
    found.setdefault("rdfs", "http://www.w3.org/2000/01/rdf-schema#")
    found.setdefault("skos", view.SKOS)
    found.setdefault("prov", "http://www.w3.org/ns/prov#")
    return found


def rdf_response(body: bytes, fmt: str, location: str | None = None) -> Response:
    chosen = BY_NAME[fmt]
    response = Response(body, mimetype=chosen.media_type)
    if chosen.media_type.startswith("text/"):
        response.mimetype = chosen.media_type
        response.charset = "utf-8"
    if location:
        response.headers["Content-Location"] = location
    response.vary.add("Accept")
    return response


def split_suffix(path: str) -> tuple[str, str | None]:
    """``therapy/luxturna.ttl`` → (``therapy/luxturna``, ``ttl``); no known suffix → (path, None)."""
    stem, dot, suffix = path.rpartition(".")
    if dot and (suffix in BY_NAME or suffix == HTML) and "/" not in suffix:
        return stem, suffix
    return path, None


@bp.get("/<kind>/<path:rest>")
def entity(kind: str, rest: str) -> Response:
    path = f"{kind}/{rest}"
    store = get_store()
    desc = find(store, path)
    suffix = None
    if desc is None:
        stem, suffix = split_suffix(path)
        if suffix:
            desc = find(store, stem)
            path = stem
    if desc is None:
        canonical = other_case(store, path)
        if canonical is not None:  # /serotype/AAV9 → /serotype/aav9, /gene/rpe65 → /gene/RPE65
            query = request.query_string.decode()
            target = "/" + canonical + (f".{suffix}" if suffix else "")
            return redirect(target + (f"?{query}" if query else ""), code=301)
        return not_found(path)
    fmt = negotiate(suffix)
    canonical = local_path(desc.iri.value) or "/" + path
    location = None if suffix else f"{canonical}.{fmt}"
    if fmt == HTML:
        response = Response(render_entity(desc))
        if location:
            response.headers["Content-Location"] = location
        response.vary.add("Accept")
        return response
    body = serialise(fmt, desc.triples(), desc.quads(), prefixes())
    return rdf_response(body, fmt, location)


def other_case(store, path: str) -> str | None:
    """The entity path that differs from ``path`` only in the case of its slug, if one exists
    (slugs are lower case, gene symbols upper case: a reader types either)."""
    kind, _, slug = path.partition("/")
    for variant in {slug.lower(), slug.upper()} - {slug}:
        node = named_node(iri_for_path(f"{kind}/{variant}"))
        if node is not None and next(iter(store.quads(node, None, None, None)), None) is not None:
            return f"{kind}/{variant}"
    return None


def find(store, path: str) -> Description | None:
    """The description of the entity at ``path``; ``None`` if there is none or the path is no IRI."""
    node = named_node(iri_for_path(path))
    if node is None:
        return None
    desc = describe(store, node.value)
    return desc if desc.exists else None


def render_entity(desc) -> str:
    alternates = [(f.suffix, f.media_type) for f in RDF_FORMATS]
    path = local_path(desc.iri.value)
    return render_template(
        "entity.html",
        desc=desc,
        iri=desc.iri.value,
        path=path,
        label=desc.label(desc.iri),
        definition=view.first_literal(desc, view.SKOS + "definition"),
        types=view.types(desc),
        outgoing=view.group(desc.outgoing, desc, incoming=False),
        incoming=view.group(desc.incoming, desc, incoming=True),
        sources=view.source_refs(desc.sources, desc),
        graph=view.neighbourhood(desc),
        alternates=alternates,
        therapies=disease_therapies(desc),
        statements=source_statements(desc),
    )


MAX_STATEMENTS = 400


def source_statements(desc: Description) -> dict:
    """On a source's page, the statements it supports (its named graph), grouped by entity.

    Read as a bounded scan of the graph's first quads (the reference sources hold hundreds of
    thousands), then one label lookup per entity shown: the cost never grows with the source.
    """
    source = view.GT + "Source"
    if not any(f.predicate == TYPE and f.object.value == source for f in desc.outgoing):
        return {}
    store = get_store()
    quads = []
    for quad in store.quads(None, None, None, desc.iri):
        quads.append(quad)
        if len(quads) > MAX_STATEMENTS:
            break
    truncated = len(quads) > MAX_STATEMENTS
    quads = quads[:MAX_STATEMENTS]
    labels: dict[str, str] = {}

    def label(term: ox.NamedNode) -> str:
        if term.value not in labels:
            found = store.quads(term, LABEL_NODE, None, None)
            labels[term.value] = pick_label(q.object for q in found) or local_name(term)
        return labels[term.value]

    groups: dict[str, dict] = {}
    for quad in quads:
        subject = quad.subject
        key = getattr(subject, "value", str(subject))
        group = groups.setdefault(
            key,
            {
                "label": label(subject) if isinstance(subject, ox.NamedNode) else key,
                "href": local_path(key) or key,
                "facts": [],
            },
        )
        obj = quad.object
        if isinstance(obj, ox.NamedNode):
            text, link = label(obj), local_path(obj.value) or obj.value
        else:
            text, link = (obj.value if isinstance(obj, ox.Literal) else str(obj)), None
        group["facts"].append({"predicate": label(quad.predicate), "text": text, "link": link})
    ordered = sorted(groups.values(), key=lambda g: g["label"].casefold())
    return {"groups": ordered, "truncated": truncated}


def disease_therapies(desc: Description) -> list[dict]:
    """On a disease page, the therapies for it and for each of its subtypes.

    The saved query ``therapies-for-disease`` rolls up along ``gt:hasParentDisease``, so the
    page of spinal muscular atrophy lists Zolgensma (which treats its type 1) as the query does.
    """
    disease = view.GT + "Disease"
    if not any(f.predicate == TYPE and f.object.value == disease for f in desc.outgoing):
        return []
    results = run(
        get_store(),
        "therapies-for-disease",
        {"disease": desc.iri.value},
        base_iri=current_app.config["BASE_IRI"],
    )
    rows: dict[tuple[str, str], dict] = {}
    for row in results:
        therapy, treated = row["therapy"].value, row["disease"].value
        rows[(therapy, treated)] = {
            "therapy": row["therapyLabel"].value,
            "therapy_href": local_path(therapy) or therapy,
            "category": row["category"].value,
            "disease": row["diseaseLabel"].value if row["diseaseLabel"] else treated,
            "disease_href": local_path(treated) or treated,
            "subtype": treated != desc.iri.value,
            "approved": row["approved"].value == "true",
        }
    return sorted(rows.values(), key=lambda r: (r["therapy"].casefold(), r["disease"]))


def not_found(path: str) -> NoReturn:
    """The one error handler (server.errors) answers it: a page for browsers, else JSON/text."""
    raise NotFound(f"no entity at /{path}")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
