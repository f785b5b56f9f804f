"""/compare?ids=…: two to four entities of one kind side by side, property by property.

Why: "how do Zolgensma and Itvisma differ?" or "AAV8 against AAV9" is a question about rows
that line up, which two entity pages side by side do not give. Each cell lists the values with
the sources that state them, as the entity pages do. Entities are named by path or slug
(``therapy/luxturna``, ``luxturna`` once the kind is known, or the full IRI); ``ids`` may be
one comma-separated value or repeated. JSON with ``Accept: application/json`` or
``format=json``.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import BadRequest, NotFound

from graph.describe import TYPE, describe
from server import describe as view
from server.conneg import Offer, negotiate
from server.iris import iri_for_path, local_path, named_node
from server.store_access import get_store

bp = Blueprint("compare", __name__)
OFFERS = (Offer("html", "text/html", ("application/xhtml+xml",)), Offer("json", "application/json"))
MIN_IDS, MAX_IDS = 2, 4


def requested_paths() -> list[str]:
    """The entities asked for, as local paths (``therapy/luxturna``), in the order given."""
    raw = [part.strip() for value in request.args.getlist("ids") for part in value.split(",")]
    raw = [part for part in raw if part]
    if not MIN_IDS <= len(raw) <= MAX_IDS:
        raise BadRequest(f"ids: give {MIN_IDS} to {MAX_IDS} entities of one kind, not {len(raw)}")
    paths = []
    kind = next((p for p in raw if "/" in p or p.startswith("http")), None)
    kind_name = _path_of(kind).split("/", 1)[0] if kind else "therapy"
    for part in raw:
        path = _path_of(part) if ("/" in part or part.startswith("http")) else f"{kind_name}/{part}"
        paths.append(path)
    kinds = {p.split("/", 1)[0] for p in paths}
    if len(kinds) != 1:
        raise BadRequest(f"ids: entities of one kind only, not {', '.join(sorted(kinds))}")
    if len(set(paths)) != len(paths):
        raise BadRequest("ids: an entity is named twice")
    return paths


def _path_of(value: str) -> str:
    if value.startswith(("http://", "https://")):
        local = local_path(value)
        if local is None:
            raise BadRequest(f"ids: {value!r} is not an entity of this graph")
        return local.lstrip("/")
    return value.lstrip("/")


@bp.get("/compare")
def compare() -> Response:
    offer = negotiate(OFFERS)
    store = get_store()
    entities = []
    for path in requested_paths():
        node = named_node(iri_for_path(path))
        desc = describe(store, node.value) if node is not None else None
        if desc is None or not desc.exists:
            raise NotFound(f"no entity at /{path}")
        entities.append(desc)
    rows: dict[str, dict] = {}
    for column, desc in enumerate(entities):
        for group in view.group([f for f in desc.outgoing if f.predicate != TYPE], desc, False):
            row = rows.setdefault(
                group.predicate,
                {"label": group.label, "link": group.link, "cells": [[] for _ in entities]},
            )
            row["cells"][column] = group.values
    ordered = sorted(rows.values(), key=lambda r: (_rank(r["label"]), r["label"].casefold()))
    for row in ordered:
        texts = [sorted(v.text for v in cell) for cell in row["cells"]]
        row["same"] = all(t == texts[0] for t in texts)
    heads = [
        {"iri": d.iri.value, "label": d.label(d.iri), "href": local_path(d.iri.value)}
        for d in entities
    ]
    if offer.key == "json":
        response = jsonify(
            entities=heads,
            properties=[
                {
                    "property": predicate,
                    "label": row["label"],
                    "values": [
                        [{"text": v.text, "sources": [s["iri"] for s in v.sources]} for v in cell]
                        for cell in row["cells"]
                    ],
                }
                for predicate, row in sorted(rows.items(), key=lambda r: r[1]["label"].casefold())
            ],
        )
    else:
        response = Response(render_template("compare.html", heads=heads, rows=ordered))
    response.vary.add("Accept")
    return response


# What a reader compares first: name and definition, then what the therapy does and to what.
FIRST = ("label", "definition", "international nonproprietary name", "uses strategy", "treats")


def _rank(label: str) -> int:
    return FIRST.index(label) if label in FIRST else len(FIRST)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
