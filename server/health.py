"""/health: liveness for load balancers and the test harness (store open, triple count, query mode)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify

from server.sparql.runtime import get_pool
from server.store_access import get_store

bp = Blueprint("health", __name__)
COUNT = "gtkg.health.triples"


@bp.route("/health")
def health() -> Response:
    """Open the store if needed and report its size (counted once per process and release)."""
    from flask import current_app

    store = get_store()
    key = (COUNT, str(getattr(store, "release", "")))
    if key not in current_app.extensions:
        # The default graph is the union of the sources (DESIGN): its size is the triple count.
        triples = next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"]
        current_app.extensions[key] = (len(store), int(triples.value))
    quads, triples = current_app.extensions[key]
    pool = get_pool()  # starts the executors: in memory, ahead of queries
    return jsonify(
        status="ok",
        store="open",
        triples=triples,
        quads=quads,
        memory=pool.memory,
        executors=pool.size,
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
