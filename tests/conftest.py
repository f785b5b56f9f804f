"""Shared fixtures. Session-scoped ones are read-only; anything that writes gets its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full build of the curated graph (no reference layer), shared read-only by the session."""
    from graph.build import build

    path = tmp_path_factory.mktemp("store") / "store"
    build(load_settings({"STORE": str(path), "REFERENCE_LAYER": False}, environ={}))
    return path


@pytest.fixture(scope="session")
def store(built_store_path: Path):
    from graph.store import EmbeddedStore

    return EmbeddedStore(built_store_path)
