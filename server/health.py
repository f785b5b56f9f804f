"""/health: liveness for load balancers and the test harness (store open, triple count, query mode)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify

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
        current_app.extensions[key] = len(store)
    from server.sparql.views import get_pool  # starts the executors: in memory, ahead of queries

    pool = get_pool()
    return jsonify(
        status="ok",
        store="open",
        triples=current_app.extensions[key],
        memory=pool.memory,
        executors=pool.size,
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
