"""The layout DESIGN.md fixes: four packages whose imports flow one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["server", "queries", "graph", "ontology"]  # each may import only those after it


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(ORDER)


@pytest.mark.parametrize("package", ORDER)
def test_imports_flow_one_way(package: str) -> None:
    allowed = set(ORDER[ORDER.index(package) :])
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - allowed)
        for path in sorted((ROOT / package).rglob("*.py"))
        if imported_packages(path) - allowed
    }
    assert offenders == {}


def test_the_console_script_is_declared() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'gtkg = "server.cli:main"' in pyproject
