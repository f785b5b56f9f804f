"""The SPARQL 1.1 Query endpoint at /sparql: protocol, content negotiation, executors."""

from __future__ import annotations

import atexit

from flask import Flask


def init_app(app: Flask) -> None:
    from server.sparql.runtime import POOL
    from server.sparql.views import bp

    app.register_blueprint(bp)

    def close_pool() -> None:
        _, pool = app.extensions.get(POOL) or (None, None)
        if pool is not None:
            pool.close()

    atexit.register(close_pool)
