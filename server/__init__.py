"""The Flask application: one factory, every component registers itself."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from flask import Flask

from graph.settings import load_settings

# Each module has an ``init_app(app)`` that registers its blueprint, hooks or extensions.
COMPONENTS = (
    "server.store_access",
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from defaults and ``GTKG_*`` variables, then ``test_config``."""
    app = Flask(__name__)
    app.config.update(load_settings(test_config))
    if test_config:
        app.config.update(test_config)
    for name in COMPONENTS:
        import_module(name).init_app(app)
    return app
