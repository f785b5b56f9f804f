"""/timeline: every regulatory event by date, filterable, exportable, with the SPARQL behind it.

Why a page of its own: an analyst asks "what did the FDA decide in 2024?" or "every withdrawal
since 2015", and the entity pages make them assemble that event by event. The filters live in
the query string (a permalink); ``?format=csv|tsv|json`` or ``Accept`` export the same rows.

The events of a release are read once per worker (a few hundred rows) and filtered here, so a
filter costs no query; the page also shows the equivalent SPARQL, runnable at /sparql.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import Counter
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import BadRequest

from graph.describe import pick_label
from ontology import sparql_prefixes
from server.conneg import Offer, negotiate
from server.iris import href, named_node
from server.store_access import get_store

bp = Blueprint("timeline", __name__)
CACHE = "gtkg.timeline"
_lock = threading.Lock()

HTML = Offer("html", "text/html", ("application/xhtml+xml",))
OFFERS = (
    HTML,
    Offer("csv", "text/csv"),
    Offer("tsv", "text/tab-separated-values"),
    Offer("json", "application/json"),
)
# The event kinds a filter may name: slug → class (the most specific class of each event).
KINDS = {
    "approval": "RegulatoryApproval",
    "label-expansion": "LabelExpansion",
    "label-restriction": "LabelRestriction",
    "safety-label-change": "SafetyLabelChange",
    "withdrawal": "Withdrawal",
    "discontinuation": "Discontinuation",
    "change-of-holder": "ChangeOfHolder",
}
COLUMNS = (
    "date",
    "event",
    "eventLabel",
    "kind",
    "kindLabel",
    "jurisdiction",
    "jurisdictionLabel",
    "product",
    "productLabel",
    "pathway",
    "indication",
)

EVENTS = (
    sparql_prefixes("gt", "rdfs")
    + """
SELECT ?event ?eventLabel ?kind ?kindLabel ?date ?place ?placeLabel ?product ?productLabel
       ?pathway ?indication
WHERE {
  ?event gt:concernsTherapy ?product ; a ?kind .
  ?kind rdfs:subClassOf* gt:RegulatoryEvent .
  FILTER(?kind != gt:RegulatoryEvent)
  FILTER NOT EXISTS { ?event a ?narrower . ?narrower rdfs:subClassOf+ ?kind }
  OPTIONAL { ?event rdfs:label ?eventLabel }
  OPTIONAL { ?kind rdfs:label ?kindLabel }
  OPTIONAL { ?product rdfs:label ?productLabel }
  OPTIONAL { ?event gt:eventDate ?day }
  OPTIONAL { ?event gt:eventYear ?year }
  BIND(COALESCE(STR(?day), STR(?year)) AS ?date)
  OPTIONAL { ?event gt:byAgency|gt:inJurisdictionOf ?place . ?place a gt:RegulatoryAgency .
             OPTIONAL { ?place rdfs:label ?placeLabel } }
  OPTIONAL { ?event gt:approvalPathway ?pathway }
  OPTIONAL { ?event gt:indication ?indication FILTER(LANGMATCHES(LANG(?indication), "en")) }
}"""
)


@dataclass(frozen=True)
class Event:
    date: str
    event: str
    eventLabel: str
    kind: str
    kindLabel: str
    jurisdiction: str
    jurisdictionLabel: str
    product: str
    productLabel: str
    pathway: str
    indication: str

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None

    @property
    def kind_slug(self) -> str:
        name = self.kind.rsplit("#", 1)[-1]
        return next((slug for slug, cls in KINDS.items() if cls == name), name)


@dataclass(frozen=True)
class Filters:
    agency: str = ""
    kind: tuple[str, ...] = ()  # any of these kinds
    product: str = ""
    year_from: int | None = None
    year_to: int | None = None

    def keeps(self, event: Event) -> bool:
        if self.agency and event.jurisdiction != self.agency:
            return False
        if self.kind and event.kind_slug not in self.kind:
            return False
        if self.product and event.product != self.product:
            return False
        if self.year_from is not None and (event.year or 0) < self.year_from:
            return False
        return not (self.year_to is not None and (event.year or 9999) > self.year_to)

    def query_string(self, **change: object) -> str:
        """This view's permalink query, with ``change`` applied (None or "" drops a filter)."""
        values = {
            "agency": self.agency,
            "kind": self.kind,
            "product": self.product,
            "from": self.year_from,
            "to": self.year_to,
        }
        values.update(change)
        pairs = []
        for key, value in values.items():
            for one in value if isinstance(value, tuple) else (value,):
                if one not in (None, ""):
                    pairs.append((key, _slug_of(str(one))))
        return "?" + urlencode(pairs) if pairs else ""

    def sparql(self) -> str:
        """The SPARQL that gives these rows, with the filters written out (runnable at /sparql)."""
        conditions = []
        if self.agency:
            conditions.append(f"FILTER(?place = <{self.agency}>)")
        if self.kind:
            kinds = ", ".join(f"gt:{KINDS[k]}" for k in self.kind)
            conditions.append(f"FILTER(?kind IN ({kinds}))")
        if self.product:
            conditions.append(f"FILTER(?product = <{self.product}>)")
        if self.year_from is not None:
            conditions.append(f"FILTER(xsd:integer(SUBSTR(?date, 1, 4)) >= {self.year_from})")
        if self.year_to is not None:
            conditions.append(f"FILTER(xsd:integer(SUBSTR(?date, 1, 4)) <= {self.year_to})")
        body = EVENTS.rstrip()[:-1] + "".join(f"  {c}\n" for c in conditions) + "}"
        prefix = sparql_prefixes("xsd") if conditions else ""
        return (prefix + body.strip() + "\nORDER BY ?date ?productLabel").strip()


def _slug_of(value: str) -> str:
    base = current_app.config["BASE_IRI"]
    for kind in ("organisation/", "therapy/"):
        if value.startswith(base + kind):
            return value[len(base + kind) :]
    return value


def all_events() -> list[Event]:
    """Every regulatory event of the live release, oldest first (read once per release)."""
    store = get_store()
    key = str(getattr(store, "release", id(store)))
    with _lock:
        cached = current_app.extensions.get(CACHE)
        if cached and cached[0] == key:
            return cached[1]
    rows: dict[tuple[str, str], dict[str, list]] = {}
    for solution in store.query(EVENTS):
        place = solution["place"].value if solution["place"] else ""
        row = rows.setdefault((solution["event"].value, place), {})
        for name in (
            "eventLabel",
            "kind",
            "kindLabel",
            "date",
            "placeLabel",
            "product",
            "productLabel",
            "pathway",
            "indication",
        ):
            if solution[name] is not None:
                row.setdefault(name, []).append(solution[name])
    events = [_event(event, place, row) for (event, place), row in rows.items()]
    events.sort(key=lambda e: (e.date, e.productLabel.casefold(), e.event))
    with _lock:
        current_app.extensions[CACHE] = (key, events)
    return events


def _event(event: str, place: str, row: dict[str, list]) -> Event:
    def text(name: str) -> str:
        values = row.get(name, [])
        return pick_label(values) if name.endswith("Label") else (values[0].value if values else "")

    return Event(
        date=max((v.value for v in row.get("date", [])), key=len, default=""),  # day over year
        event=event,
        eventLabel=text("eventLabel"),
        kind=text("kind"),
        kindLabel=text("kindLabel"),
        jurisdiction=place,
        jurisdictionLabel=text("placeLabel"),
        product=text("product"),
        productLabel=text("productLabel"),
        pathway=text("pathway"),
        indication=text("indication"),
    )


EXAMPLES = {"agency": "fda", "product": "skysona"}


def read_filters() -> Filters:
    """The filters of the query string; a slug (fda, skysona) names the entity of its kind."""
    base = current_app.config["BASE_IRI"]
    args = request.args

    def entity(name: str, kind: str) -> str:
        """A slug (``fda``, ``Elevidys``: slugs are lower case) or the entity's IRI."""
        value = args.get(name, "").strip()
        if not value:
            return ""
        iri = (
            value
            if value.startswith(("http://", "https://"))
            else f"{base}{kind}/{value.lower().replace(' ', '-')}"
        )
        if named_node(iri) is None or any(c in iri for c in '<>"{}|^`\\ '):
            raise BadRequest(
                f"{name} must be a slug such as {EXAMPLES[name]} or an IRI, not {value!r}"
            )
        return iri

    def year(name: str) -> int | None:
        value = args.get(name, "").strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            raise BadRequest(f"{name} must be a year such as 2017, not {value!r}")
        return int(value)

    kind = tuple(k.strip() for k in args.getlist("kind") if k.strip())
    for one in kind:
        if one not in KINDS:
            raise BadRequest(f"kind must be one of {', '.join(KINDS)}, not {one!r}")
    return Filters(
        entity("agency", "organisation"),
        kind,
        entity("product", "therapy"),
        year("from"),
        year("to"),
    )


@bp.get("/timeline")
def timeline() -> Response:
    filters = read_filters()
    offer = negotiate(OFFERS)
    everything = all_events()
    events = [e for e in reversed(everything) if filters.keeps(e)]  # newest first, as shown
    if offer.key == "json":
        response = jsonify(events=[asdict(e) for e in events], count=len(events))
    elif offer.key in ("csv", "tsv"):
        response = Response(table(events, offer.key), mimetype=offer.mimetype)
        response.headers["Content-Disposition"] = f'inline; filename="gtkg-timeline.{offer.key}"'
    else:
        response = Response(render_template("timeline.html", **page(filters, everything, events)))
    response.vary.add("Accept")
    return response


def table(events: list[Event], key: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if key == "csv" else "\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow([getattr(event, c) for c in COLUMNS])
    return out.getvalue()


def page(filters: Filters, everything: list[Event], events: list[Event]) -> dict:
    """What the template shows: rows grouped by year, facets with counts, links."""
    agencies = Counter((e.jurisdiction, e.jurisdictionLabel) for e in events if e.jurisdiction)
    kinds = Counter((e.kind_slug, e.kindLabel) for e in events)
    years = Counter(e.year for e in events if e.year)
    labels = {e.product: e.productLabel for e in everything}
    places = {e.jurisdiction: e.jurisdictionLabel for e in everything}
    by_year: dict[str, list[Event]] = {}
    for event in events:  # newest first
        by_year.setdefault(event.date[:4] or "undated", []).append(event)
    return {
        "filters": filters,
        "by_year": by_year,
        "count": len(events),
        "total": len(everything),
        "agencies": sorted(agencies.items(), key=lambda a: (-a[1], a[0][1])),
        "kinds": sorted(kinds.items(), key=lambda k: (-k[1], k[0][1])),
        "years": sorted(years.items(), reverse=True),
        "all_years": sorted({e.year for e in everything if e.year}),
        "products": sorted(labels.items(), key=lambda p: p[1].casefold()),
        "places": sorted(((k, v) for k, v in places.items() if k), key=lambda p: p[1].casefold()),
        "kind_names": KINDS,
        "sparql": filters.sparql(),
        "href": href,
    }


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
