"""Pages for researchers: home, class lists, search, and the SPARQL editor page."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request

from graph.describe import local_name
from graph.search import SearchIndex, open_index
from graph.summary import read_summary, summarise
from server.class_lists import SORTS, class_members, mentioned
from server.describe import GT
from server.errors import NOT_FOUND_PAGE
from server.iris import href, local_path, named_node
from server.store_access import get_store

bp = Blueprint("pages", __name__)
INDEX = "gtkg.search_index"
_index_lock = threading.Lock()

# Entry points on the home page: (class local name, heading).
ENTRY_POINTS = (
    ("GeneTherapyProduct", "Gene therapy products"),
    ("NucleicAcidDrug", "Nucleic-acid drugs"),
    ("Therapy", "All therapies"),
    ("Gene", "Genes"),
    ("Disease", "Diseases"),
    ("Vector", "Vectors"),
    ("AAVSerotype", "AAV serotypes"),
    ("AnatomicalEntity", "Tissues and cell types"),
    ("RouteOfAdministration", "Routes of administration"),
    ("TherapeuticStrategy", "Strategies"),
    ("RegulatoryEvent", "Regulatory events"),
    ("Organisation", "Organisations"),
    ("Challenge", "Challenges"),
    ("Source", "Sources"),
)
PAGE_SIZES = (10, 25, 50, 100, 200)
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def search_index() -> SearchIndex:
    """The search index of the live store release: its file, opened once per worker.

    A release built before the index existed gets its file now (once, under a file lock).
    """
    store = get_store()
    key = str(getattr(store, "release", id(store)))
    cached = current_app.extensions.get(INDEX)
    if cached and cached[0] == key:
        return cached[1]
    with _index_lock:
        cached = current_app.extensions.get(INDEX)
        if not cached or cached[0] != key:
            cached = (key, open_index(store))
            current_app.extensions[INDEX] = cached
    return cached[1]


SUMMARY = "gtkg.home_summary"


def home_summary() -> dict:
    """The home page's aggregates: from the release summary the build wrote, read once per
    release and worker; computed here only for a release written before summaries existed."""
    store = get_store()
    key = str(getattr(store, "release", id(store)))
    cached = current_app.extensions.get(SUMMARY)
    if not cached or cached[0] != key:
        stored = read_summary(getattr(store, "release", None)) or summarise(store)
        summary = {
            "counts": class_counts(stored["classes"]),
            "approvals": approvals_by_year(stored["approvalsByYear"]),
            "quads": stored["quads"],
        }
        cached = (key, summary)
        current_app.extensions[SUMMARY] = cached
    return cached[1]


def approvals_by_year(found: list[dict]) -> list[dict]:
    """Approvals per year, split by agency: the rows of the home page's bar chart."""
    years: dict[str, dict] = {}
    for r in found:
        year = years.setdefault(r["year"], {"year": r["year"], "total": 0, "agencies": []})
        label = r["label"] or local_name(ox.NamedNode(r["agency"]))
        year["agencies"].append({"label": label, "iri": r["agency"], "count": r["count"]})
        year["total"] += r["count"]
    rows = sorted(years.values(), key=lambda y: y["year"])
    widest = max((y["total"] for y in rows), default=1)
    for row in rows:
        for agency in row["agencies"]:
            agency["percent"] = round(100 * agency["count"] / widest, 1)
    return rows


def class_counts(found: list[dict]) -> list[dict]:
    return [
        {
            "iri": r["iri"],
            "name": local_name(ox.NamedNode(r["iri"])),
            "label": r["label"] or local_name(ox.NamedNode(r["iri"])),
            "count": r["count"],
        }
        for r in found
    ]


@bp.get("/")
def home() -> str:
    summary = home_summary()
    counts = summary["counts"]
    by_name = {c["name"]: c for c in counts}
    entries = [
        {"name": name, "heading": heading, "count": by_name[name]["count"]}
        for name, heading in ENTRY_POINTS
        if name in by_name
    ]
    return render_template(
        "home.html",
        entries=entries,
        counts=counts,
        quads=summary["quads"],
        approvals=summary["approvals"],
        saved=saved_queries()[:8],
    )


def saved_queries() -> list[dict]:
    """Saved queries a researcher can run as they are (no required parameter), for examples."""
    try:
        from queries.catalogue import load_catalogue

        catalogue = load_catalogue(base_iri=current_app.config["BASE_IRI"])
    except Exception:  # a broken catalogue must not take the pages down; /queries reports it
        current_app.logger.exception("cannot load the saved-query catalogue")
        return []
    return [
        {"name": q.name, "title": q.title, "text": q.sparql}
        for q in catalogue.values()
        if not any(p.required for p in q.parameters)
    ]


@bp.get("/class/<name>")
def class_list(name: str) -> str:
    store = get_store()
    cls = named_node(GT + name)
    if cls is None or not mentioned(store, cls):
        abort(404)
    label = next(iter(store.quads(cls, ox.NamedNode(RDFS + "label"), None, None)), None)
    listed = class_members(cls)
    size = len(listed)
    if not size and label is None:
        abort(404)
    sort = request.args.get("sort", "label")
    sort = sort if sort in SORTS else "label"
    order = "desc" if request.args.get("order") == "desc" else "asc"
    size_arg = request.args.get("size", type=int) or 50
    per_page = size_arg if size_arg in PAGE_SIZES else 50
    pages = max(1, -(-size // per_page))
    page = min(max(1, request.args.get("page", type=int) or 1), pages)
    start = (page - 1) * per_page
    members = [
        {"iri": iri, "label": text or local_name(iri), "href": href(iri)}
        for iri, text in listed.page(sort, order == "desc", start, start + per_page)
    ]
    return render_template(
        "class_list.html",
        name=name,
        cls=cls.value,
        label=label.object.value if label else name,
        members=members,
        size=size,
        sort=sort,
        order=order,
        page=page,
        pages=pages,
        per_page=per_page,
        page_sizes=PAGE_SIZES,
    )


@bp.get("/search")
def search() -> Response | str:
    query = request.args.get("q", "").strip()[:200]
    limit = min(max(request.args.get("limit", type=int) or 20, 1), 100)
    hits = search_index().search(query, limit=limit) if query else []
    results = [
        {
            "iri": h.iri,
            "label": h.label,
            "matched": h.matched,
            "href": local_path(h.iri) or h.iri,
            "kind": (local_path(h.iri) or "/").strip("/").split("/")[0],
        }
        for h in hits
    ]
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if request.args.get("format") == "json" or (best == "application/json"):
        response = jsonify({"query": query, "results": results})
    else:
        response = Response(
            render_template("search.html", query=query, search_query=query, results=results)
        )
    response.vary.add("Accept")
    return response


def sparql_editor() -> str:
    """The YASGUI page; the SPARQL view delegates here for browsers sending no query."""
    return render_template("sparql_editor.html", examples=saved_queries())


def page_not_found(error: Exception) -> Response:
    """A browser's 404: a page with a way on (the error handler in server.errors calls it)."""
    query = request.path.strip("/").replace("/", " ").replace("-", " ")
    suggestions = search_index().suggest(query.split(" ", 1)[-1]) if query else []
    body = render_template(
        "not_found.html", path=request.path, suggestions=suggestions, no_citation=True
    )
    response = Response(body, status=404)
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.extensions[NOT_FOUND_PAGE] = page_not_found
    app.jinja_env.globals["static_version"] = _static_version()


def _static_version() -> str:
    css = Path(__file__).parent / "static" / "css" / "gtkg.css"
    return str(int(css.stat().st_mtime)) if css.exists() else "0"
