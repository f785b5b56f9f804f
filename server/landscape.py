"""/landscape: every product in one table, with facets, a text filter, sorting and exports.

Why: "which AAV products for eye diseases are authorised in Japan?" should be one table, not
twenty entity pages. One row per product (gene therapy products and nucleic-acid drugs):
category, strategy, genes with their role, diseases (and the parent disease), vector, serotype,
route, approach, cell source, first approval and current status per jurisdiction, maker, the
latest price. The state lives in the query string (a permalink); ``?format=csv|tsv|json`` or
``Accept`` export the rows shown. The rows of a release are assembled once per worker.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import BadRequest

from graph.describe import pick_label
from ontology import sparql_prefixes
from server.conneg import Offer, negotiate
from server.iris import href
from server.store_access import get_store

bp = Blueprint("landscape", __name__)
CACHE = "gtkg.landscape"
_lock = threading.Lock()

OFFERS = (
    Offer("html", "text/html", ("application/xhtml+xml",)),
    Offer("csv", "text/csv"),
    Offer("tsv", "text/tab-separated-values"),
    Offer("json", "application/json"),
)
ROLES = {
    "addsGene": "adds",
    "knocksDownGene": "knocks down",
    "disruptsGene": "disrupts",
    "correctsGene": "corrects",
    "expressesPayloadGene": "expresses",
    "modulatesSplicingOf": "modulates splicing of",
    "targetsAntigen": "targets antigen",
}
# facet parameter → (the Product attribute holding its values, heading)
FACETS = {
    "category": ("category", "Category"),
    "strategy": ("strategies", "Strategy"),
    "vector": ("vectors", "Vector"),
    "serotype": ("serotypes", "Serotype / capsid"),
    "route": ("routes", "Route"),
    "approach": ("approaches", "In vivo / ex vivo"),
    "cellsource": ("cell_sources", "Cell source"),
    "agency": ("agencies", "Approved by"),
    "status": ("statuses", "Status where it was approved"),
    "area": ("areas", "Disease area"),
}
SORTS = ("name", "category", "first", "price")

FACTS = (
    sparql_prefixes("gt", "rdfs")
    + """
SELECT ?t ?p ?o ?label ?symbol WHERE {
  { SELECT DISTINCT ?t { ?event gt:concernsTherapy ?t } }
  VALUES ?p { rdfs:label gt:internationalNonproprietaryName gt:usesStrategy gt:treats
              gt:usesVector gt:usesSerotype gt:administeredBy gt:hasDeliveryApproach
              gt:hasCellSource gt:manufacturedBy gt:addsGene gt:knocksDownGene gt:disruptsGene
              gt:correctsGene gt:expressesPayloadGene gt:modulatesSplicingOf gt:targetsAntigen }
  ?t ?p ?o .
  OPTIONAL { ?o rdfs:label ?label }
  OPTIONAL { ?o gt:geneSymbol ?symbol }
}"""
)

CATEGORIES = (
    sparql_prefixes("gt", "rdfs")
    + """
SELECT ?t ?category ?label WHERE {
  { SELECT DISTINCT ?t { ?event gt:concernsTherapy ?t } }
  ?t a ?category .
  ?category rdfs:subClassOf* ?top .
  VALUES ?top { gt:GeneTherapyProduct gt:NucleicAcidDrug }
  FILTER NOT EXISTS { ?t a ?narrower . ?narrower rdfs:subClassOf+ ?category .
                      ?narrower rdfs:subClassOf* ?top }
  OPTIONAL { ?category rdfs:label ?label }
}"""
)

DISEASES = (
    sparql_prefixes("gt", "rdfs")
    + """
SELECT ?t ?parent ?parentLabel ?area ?areaLabel WHERE {
  { SELECT DISTINCT ?t { ?event gt:concernsTherapy ?t } }
  ?t gt:treats ?d .
  { ?d gt:hasParentDisease+ ?parent . OPTIONAL { ?parent rdfs:label ?parentLabel } }
  UNION
  { ?d gt:hasParentDisease* ?withArea . ?withArea gt:inDiseaseArea ?area .
    OPTIONAL { ?area rdfs:label ?areaLabel } }
}"""
)

EVENTS = (
    sparql_prefixes("gt", "rdfs")
    + """
SELECT ?t ?agency ?agencyLabel ?date WHERE {
  ?event gt:concernsTherapy ?t ; a gt:RegulatoryApproval ; gt:byAgency ?agency .
  FILTER NOT EXISTS { ?event a gt:LabelExpansion }
  OPTIONAL { ?agency rdfs:label ?agencyLabel }
  OPTIONAL { ?event gt:eventDate ?day }
  OPTIONAL { ?event gt:eventYear ?year }
  BIND(COALESCE(STR(?day), STR(?year)) AS ?date)
}"""
)

STATUSES = (
    sparql_prefixes("gt", "rdfs")
    + """
SELECT ?t ?place ?placeLabel ?valueLabel ?since WHERE {
  ?t gt:hasMarketStatus ?status .
  ?status gt:jurisdiction ?place ; gt:statusValue ?value .
  OPTIONAL { ?place rdfs:label ?placeLabel }
  OPTIONAL { ?value rdfs:label ?valueLabel }
  OPTIONAL { ?status gt:statusSince ?day }
  OPTIONAL { ?status gt:statusSinceYear ?year }
  BIND(COALESCE(STR(?day), STR(?year)) AS ?since)
}"""
)

PRICES = (
    sparql_prefixes("gt")
    + """
SELECT ?t ?amount ?min ?max ?currency ?date WHERE {
  ?t gt:hasPrice ?price .
  ?price gt:currency ?currency .
  OPTIONAL { ?price gt:amount ?amount }
  OPTIONAL { ?price gt:minAmount ?min }
  OPTIONAL { ?price gt:maxAmount ?max }
  OPTIONAL { ?price gt:priceDate ?day }
  OPTIONAL { ?price gt:priceYear ?year }
  BIND(COALESCE(STR(?day), STR(?year)) AS ?date)
}"""
)


# The queries the table is assembled from, shown on the page (each runnable at /sparql).
QUERIES = (
    ("Product facts: names, INN, strategy, genes by role, diseases, vector, route, maker", FACTS),
    ("Product category (the most specific)", CATEGORIES),
    ("Parent diseases and disease areas", DISEASES),
    ("First approvals (label expansions left out)", EVENTS),
    ("Market status per jurisdiction (derived by the build)", STATUSES),
    ("Prices", PRICES),
)


@dataclass
class Product:
    iri: str
    name: str = ""
    inn: str = ""
    category: list[str] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)
    genes: list[str] = field(default_factory=list)
    diseases: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    vectors: list[str] = field(default_factory=list)
    serotypes: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    approaches: list[str] = field(default_factory=list)
    cell_sources: list[str] = field(default_factory=list)
    makers: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    first_approvals: list[str] = field(default_factory=list)  # "FDA 2017-12-19"
    status: list[str] = field(default_factory=list)  # "FDA: authorised since 2017-12-19"
    statuses: list[str] = field(default_factory=list)  # "European Commission: withdrawn" (facet)
    price: str = ""
    price_amount: float = 0.0  # the largest amount in any currency
    price_usd: float = 0.0
    first: str = ""  # the earliest first approval anywhere

    def row(self) -> dict[str, str]:
        """The exported columns: one text per cell, several values joined by " | "."""
        join = " | ".join
        return {
            "product": self.iri,
            "name": self.name,
            "inn": self.inn,
            "category": join(self.category),
            "strategy": join(self.strategies),
            "genes": join(self.genes),
            "diseases": join(self.diseases),
            "parentDiseases": join(self.parents),
            "diseaseAreas": join(self.areas),
            "vector": join(self.vectors),
            "serotype": join(self.serotypes),
            "route": join(self.routes),
            "approach": join(self.approaches),
            "cellSource": join(self.cell_sources),
            "firstApprovals": join(self.first_approvals),
            "status": join(self.status),
            "makers": join(self.makers),
            "price": self.price,
        }

    def text(self) -> str:
        return " ".join(self.row().values()).casefold()


def products() -> list[Product]:
    """Every product of the live release, by name (assembled once per release and worker)."""
    store = get_store()
    key = str(getattr(store, "release", id(store)))
    with _lock:
        cached = current_app.extensions.get(CACHE)
        if cached and cached[0] == key:
            return cached[1]
    found = _assemble(store)
    with _lock:
        current_app.extensions[CACHE] = (key, found)
    return found


def _assemble(store) -> list[Product]:
    by_iri: dict[str, Product] = {}

    def product(term) -> Product:
        """The product's row; a throwaway one for anything that is no product (a comparator)."""
        return by_iri.get(term.value) or Product(term.value)

    labels: dict[tuple[str, str], list] = defaultdict(list)
    for s in store.query(FACTS):
        predicate = s["p"].value.rsplit("#", 1)[-1]
        labels[(s["t"].value, predicate)].append(s)
    for (iri, predicate), solutions in sorted(labels.items()):
        item = by_iri.setdefault(iri, Product(iri))
        if predicate == "label":
            item.name = pick_label(s["o"] for s in solutions)
        elif predicate == "internationalNonproprietaryName":
            item.inn = sorted(s["o"].value for s in solutions)[0]
        else:
            names = _names(solutions, symbol=predicate in ROLES)
            if predicate in ROLES:
                item.genes.extend(f"{ROLES[predicate]} {n}" for n in names)
            else:
                attribute = {
                    "usesStrategy": "strategies",
                    "treats": "diseases",
                    "usesVector": "vectors",
                    "usesSerotype": "serotypes",
                    "administeredBy": "routes",
                    "hasDeliveryApproach": "approaches",
                    "hasCellSource": "cell_sources",
                    "manufacturedBy": "makers",
                }[predicate]
                setattr(item, attribute, sorted(set(getattr(item, attribute)) | set(names)))
    for s in store.query(CATEGORIES):
        item = product(s["t"])
        label = s["label"].value if s["label"] else s["category"].value.rsplit("#", 1)[-1]
        item.category = sorted(set(item.category) | {label})
    for s in store.query(DISEASES):
        item = product(s["t"])
        if s["parentLabel"]:
            item.parents = sorted(set(item.parents) | {s["parentLabel"].value})
        if s["areaLabel"]:
            item.areas = sorted(set(item.areas) | {s["areaLabel"].value})
    firsts: dict[str, dict[str, str]] = defaultdict(dict)
    for s in store.query(EVENTS):
        if s["date"] is None:
            continue
        agency = s["agencyLabel"].value if s["agencyLabel"] else s["agency"].value
        known = firsts[s["t"].value].get(agency)
        if known is None or s["date"].value < known:
            firsts[s["t"].value][agency] = s["date"].value
    for iri, dates in firsts.items():
        item = by_iri.get(iri) or Product(iri)
        item.agencies = sorted(dates)
        item.first_approvals = [f"{a} {d}" for a, d in sorted(dates.items(), key=lambda x: x[1])]
        item.first = min(dates.values())
    for s in store.query(STATUSES):
        item = product(s["t"])
        place = s["placeLabel"].value if s["placeLabel"] else s["place"].value
        word = s["valueLabel"].value if s["valueLabel"] else ""
        since = f" since {s['since'].value}" if s["since"] else ""
        item.status = sorted(set(item.status) | {f"{place}: {word}{since}"})
        item.statuses = sorted(set(item.statuses) | {f"{place}: {word}"})
    # The latest price in each currency; sorting compares US dollar prices (amounts in
    # different currencies are not comparable), then the others, unpriced products last.
    latest: dict[str, dict[str, tuple[str, float]]] = defaultdict(dict)
    for s in store.query(PRICES):
        amount = s["amount"] or s["max"] or s["min"]
        if amount is None:
            continue
        date = s["date"].value if s["date"] else ""
        currency = s["currency"].value
        known = latest[s["t"].value].get(currency)
        if known is None or date > known[0]:
            latest[s["t"].value][currency] = (date, float(amount.value))
    for iri, by_currency in latest.items():
        item = by_iri.get(iri) or Product(iri)
        item.price = " | ".join(
            f"{currency} {value:,.0f}" + (f" ({date})" if date else "")
            for currency, (date, value) in sorted(by_currency.items(), key=lambda c: c[0] != "USD")
        )
        item.price_usd = by_currency.get("USD", ("", 0.0))[1]
        item.price_amount = max(value for _, value in by_currency.values())
    return sorted(by_iri.values(), key=lambda p: p.name.casefold())


def _names(solutions: list, symbol: bool) -> list[str]:
    names = set()
    for s in solutions:
        if symbol and s["symbol"] is not None:
            names.add(s["symbol"].value)
        elif s["label"] is not None:
            names.add(s["label"].value)
        else:
            names.add(s["o"].value.rsplit("/", 1)[-1])
    return sorted(names)


@dataclass(frozen=True)
class View:
    """The filters, text query and order of one view (all in the query string)."""

    chosen: tuple[tuple[str, str], ...]  # (facet, value) pairs
    text: str = ""
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "name"
    order: str = "asc"

    def keeps(self, item: Product) -> bool:
        for facet, value in self.chosen:
            if value not in getattr(item, FACETS[facet][0]):
                return False
        if self.text and self.text.casefold() not in item.text():
            return False
        year = int(item.first[:4]) if item.first[:4].isdigit() else None
        if self.year_from is not None and (year is None or year < self.year_from):
            return False
        return not (self.year_to is not None and (year is None or year > self.year_to))

    def link(self, **change: object) -> str:
        """This view's permalink with ``change`` applied; ``add=(facet, value)`` adds a filter,
        ``drop=(facet, value)`` removes one."""
        chosen = list(self.chosen)
        if "add" in change:
            chosen.append(change.pop("add"))  # type: ignore[arg-type]
        if "drop" in change:
            chosen.remove(change.pop("drop"))  # type: ignore[arg-type]
        values = {
            "q": self.text,
            "from": self.year_from,
            "to": self.year_to,
            "sort": None if self.sort == "name" else self.sort,
            "order": None if self.order == "asc" else self.order,
        }
        values.update(change)
        pairs = list(chosen) + [(k, v) for k, v in values.items() if v not in (None, "")]
        from urllib.parse import urlencode

        return "/landscape" + ("?" + urlencode(pairs) if pairs else "")


MAX_CHOSEN = 24  # facet values one view may combine (each adds a link to the page)


def read_view() -> View:
    args = request.args
    chosen = tuple(dict.fromkeys((f, v) for f in FACETS for v in args.getlist(f) if v))
    if len(chosen) > MAX_CHOSEN:
        raise BadRequest(f"at most {MAX_CHOSEN} facet values at once, not {len(chosen)}")

    def year(name: str) -> int | None:
        value = args.get(name, "").strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            raise BadRequest(f"{name} must be a year such as 2017, not {value!r}")
        return int(value)

    sort = args.get("sort", "name")
    if sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    order = args.get("order", "asc")
    if order not in ("asc", "desc"):
        raise BadRequest(f"order must be asc or desc, not {order!r}")
    return View(chosen, args.get("q", "").strip(), year("from"), year("to"), sort, order)


def ordered(items: list[Product], view: View) -> list[Product]:
    def key(item: Product) -> tuple:
        if view.sort == "category":
            return (" ".join(item.category), item.name.casefold())
        if view.sort == "first":
            return (item.first or "9999", item.name.casefold())
        if view.sort == "price":  # US dollars compared, then other currencies
            return (bool(item.price_usd), item.price_usd or item.price_amount, item.name.casefold())
        return (item.name.casefold(),)

    ranked = sorted(items, key=key, reverse=view.order == "desc")
    if view.sort == "price":  # unpriced products last, in either order
        ranked = [i for i in ranked if i.price] + [i for i in ranked if not i.price]
    return ranked


@bp.get("/landscape")
def landscape() -> Response:
    view = read_view()
    offer = negotiate(OFFERS)
    everything = products()
    shown = ordered([p for p in everything if view.keeps(p)], view)
    if offer.key == "json":
        response = jsonify(products=[p.row() for p in shown], count=len(shown))
    elif offer.key in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.DictWriter(
            out,
            fieldnames=list(Product("").row()),
            delimiter="," if offer.key == "csv" else "\t",
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(p.row() for p in shown)
        response = Response(out.getvalue(), mimetype=offer.mimetype)
        response.headers["Content-Disposition"] = f'inline; filename="gtkg-landscape.{offer.key}"'
    else:
        facets = []
        for name, (attribute, heading) in FACETS.items():
            counts = Counter(v for p in shown for v in getattr(p, attribute))
            facets.append((name, heading, sorted(counts.items(), key=lambda c: (-c[1], c[0]))))
        response = Response(
            render_template(
                "landscape.html",
                view=view,
                items=shown,
                total=len(everything),
                facets=facets,
                headings={k: h for k, (_, h) in FACETS.items()},
                queries=QUERIES,
                href=href,
            )
        )
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
