"""Opens the store once per process and hands it to the views."""

from __future__ import annotations

from flask import Flask, current_app

from graph.store import EmbeddedStore, GraphStore

EXTENSION = "gtkg.store"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = None


def get_store() -> GraphStore:
    """The app's store, opened on first use (after any fork of the WSGI server)."""
    store = current_app.extensions.get(EXTENSION)
    if store is None:
        store = current_app.config.get("STORE_OBJECT") or EmbeddedStore(current_app.config["STORE"])
        current_app.extensions[EXTENSION] = store
    return store
