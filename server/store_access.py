"""Opens the store once per process and hands it to the views, following new releases."""

from __future__ import annotations

from flask import Flask, current_app

from graph.store import CURRENT, EmbeddedStore, GraphStore

EXTENSION = "gtkg.store"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = None


def get_store() -> GraphStore:
    """The app's store, opened on first use (after any fork of the WSGI server).

    When ``gtkg build`` has switched the live release since, the new one is
    opened instead: one ``readlink`` per call, no restart needed.
    """
    if current_app.config.get("STORE_OBJECT") is not None:
        return current_app.config["STORE_OBJECT"]
    store = current_app.extensions.get(EXTENSION)
    if store is None or _moved_on(store):
        store = EmbeddedStore(current_app.config["STORE"])
        current_app.extensions[EXTENSION] = store
    return store


def _moved_on(store: EmbeddedStore) -> bool:
    return (store.path / CURRENT).resolve() != store.release
