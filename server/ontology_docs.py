"""/ontology: the OWL document as HTML documentation (an anchor per term) or as RDF by conneg.

Terms are hash IRIs (``…/ontology#Gene``): a client dereferencing one gets the
whole ontology, and the HTML page has an element with ``id="Gene"``.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, render_template

from graph.describe import local_name, pick_label
from server import conneg
from server.conneg import Offer
from server.iris import ONTOLOGY_IRI, href
from server.linked_data import BY_NAME, HTML, prefixes
from server.store_access import get_store

bp = Blueprint("ontology_docs", __name__)
GT = ONTOLOGY_IRI + "#"
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = {
    OWL + "Class": "class",
    OWL + "ObjectProperty": "object property",
    OWL + "DatatypeProperty": "datatype property",
    OWL + "AnnotationProperty": "annotation property",
}
OFFERS = (
    Offer(HTML, "text/html", ("application/xhtml+xml",)),
    Offer("ttl", "text/turtle", (), ("turtle",)),
    Offer("rdf", "application/rdf+xml", (), ("xml", "owl", "rdfxml")),
    Offer("jsonld", "application/ld+json", ("application/json",), ("json-ld",)),
    Offer("nt", "application/n-triples", (), ("ntriples",)),
)
CLASS_USAGE = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c"
PROPERTY_USAGE = "SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p"


@dataclass
class Term:
    iri: str
    name: str
    kind: str
    label: str = ""
    definition: str = ""
    uses: int = 0
    relations: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))


_cache: dict[str, tuple[list[Term], dict]] = {}
_lock = threading.Lock()


def ontology_quads(store) -> list[ox.Quad]:
    return list(store.quads(None, None, None, ox.NamedNode(ONTOLOGY_IRI)))


def terms(store) -> tuple[list[Term], dict]:
    key = str(getattr(store, "release", id(store)))
    with _lock:
        if key not in _cache:
            _cache[key] = _terms(store)
        return _cache[key]


def _terms(store) -> tuple[list[Term], dict]:
    quads = ontology_quads(store)
    by_subject: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        if isinstance(q.subject, ox.NamedNode):
            by_subject[q.subject.value].append(q)
    labels = {
        s: pick_label(q.object for q in qs if q.predicate.value == RDFS + "label")
        for s, qs in by_subject.items()
    }
    usage = {r["c"].value: int(r["n"].value) for r in store.query(CLASS_USAGE)}
    usage |= {r["p"].value: int(r["n"].value) for r in store.query(PROPERTY_USAGE)}
    found: dict[str, Term] = {}
    for subject, qs in by_subject.items():
        if not subject.startswith(GT):
            continue
        kinds = [
            KINDS[q.object.value]
            for q in qs
            if q.predicate.value == RDF_TYPE and q.object.value in KINDS
        ]
        if not kinds:
            continue
        term = Term(
            subject, subject[len(GT) :], kinds[0], labels.get(subject) or subject[len(GT) :]
        )
        term.definition = pick_label(
            q.object for q in qs if q.predicate.value in (SKOS + "definition", RDFS + "comment")
        )
        term.uses = usage.get(subject, 0)
        for q in qs:
            name = RELATIONS.get(q.predicate.value)
            if name and isinstance(q.object, ox.NamedNode):
                term.relations[name].append(_ref(q.object.value, labels))
            elif q.predicate.value == RDF_TYPE and q.object.value == OWL + "FunctionalProperty":
                term.relations["characteristics"].append(("functional", ""))
            elif q.predicate.value == OWL + "equivalentClass" and not isinstance(
                q.object, ox.NamedNode
            ):
                term.relations["defined class"].append(("filled by the reasoner", ""))
        found[subject] = term
    for term in found.values():
        for _, sup_href in list(term.relations.get("subclass of", [])):
            parent = found.get(_iri_of(sup_href))
            if parent:
                parent.relations["superclass of"].append((term.label, "#" + term.name))
    ordered = sorted(found.values(), key=lambda t: (t.kind != "class", t.kind, t.label.casefold()))
    header = {
        "label": labels.get(ONTOLOGY_IRI)
        or pick_label(
            q.object
            for q in by_subject.get(ONTOLOGY_IRI, [])
            if q.predicate.value == "http://purl.org/dc/terms/title"
        )
        or "gtkg ontology",
        "definition": pick_label(
            q.object
            for q in by_subject.get(ONTOLOGY_IRI, [])
            if q.predicate.value
            in (SKOS + "definition", RDFS + "comment", "http://purl.org/dc/terms/description")
        ),
        "version": next(
            (
                q.object.value
                for q in by_subject.get(ONTOLOGY_IRI, [])
                if q.predicate.value == OWL + "versionInfo"
            ),
            "",
        ),
    }
    return ordered, header


RELATIONS = {
    RDFS + "subClassOf": "subclass of",
    RDFS + "subPropertyOf": "subproperty of",
    RDFS + "domain": "domain",
    RDFS + "range": "range",
    OWL + "inverseOf": "inverse of",
    OWL + "equivalentClass": "equivalent to",
    OWL + "disjointWith": "disjoint with",
}


def _ref(iri: str, labels: dict[str, str]) -> tuple[str, str]:
    if iri.startswith(GT):
        return labels.get(iri) or iri[len(GT) :], "#" + iri[len(GT) :]
    return labels.get(iri) or local_name(ox.NamedNode(iri)), href(iri)


def _iri_of(link: str) -> str:
    return GT + link[1:] if link.startswith("#") else link


@bp.get("/ontology.<suffix>")
def ontology_document(suffix: str) -> Response:
    """``/ontology.ttl``, ``.rdf``, ``.jsonld``, ``.nt``, ``.html``: one format, no negotiation."""
    offer = next((o for o in OFFERS if o.key == suffix or suffix in o.names), None)
    if offer is None:
        raise conneg.NotAcceptableError(OFFERS, f"suffix .{suffix}")
    return ontology(offer)


@bp.get("/ontology")
def ontology(offer: Offer | None = None) -> Response:
    offer = offer or conneg.negotiate(OFFERS)
    store = get_store()
    if offer.key == HTML:
        all_terms, header = terms(store)
        response = Response(
            render_template(
                "ontology.html",
                header=header,
                classes=[t for t in all_terms if t.kind == "class"],
                properties=[t for t in all_terms if t.kind != "class"],
                iri=ONTOLOGY_IRI,
            )
        )
    else:
        fmt = BY_NAME[offer.key].rdf_format
        triples = [q.triple for q in ontology_quads(store)]
        kwargs = {"prefixes": prefixes()} if offer.key in ("ttl", "rdf") else {}
        response = Response(ox.serialize(triples, format=fmt, **kwargs), mimetype=offer.mimetype)
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
