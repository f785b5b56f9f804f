"""The Flask application: one factory, every component registers itself."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from flask import Flask

from graph.settings import load_settings

# Each module has an ``init_app(app)`` that registers its blueprint, hooks or extensions.
COMPONENTS = (
    "server.store_access",
    "server.errors",
    "server.cors",
    "server.health",
    "server.sparql",
    "server.headers",
    "server.conditional",
    "server.iris",
    "server.pages",
    "server.linked_data",
    "server.ontology_docs",
    "server.downloads",
    "server.saved_queries",
    "server.timeline",
    "server.landscape",
    "server.citation",
    "server.compare",
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from defaults and ``GTKG_*`` variables, then ``test_config``."""
    app = Flask(__name__)
    app.config.update(load_settings(test_config))
    if test_config:
        app.config.update(test_config)
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    for name in COMPONENTS:
        import_module(name).init_app(app)
    import_module("server.body_limit").init_app(app)  # chunked bodies past the limit: 413
    from server.sparql import fastpath, runtime

    # outermost: in front of the rest
    fastpath.init_app(app, lambda: runtime.release_of(app), lambda: runtime.cache_of(app))
    return app
