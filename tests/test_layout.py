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


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """Every gtkg module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in known}


def test_no_module_imports_itself_through_others() -> None:
    """No import circles: following imports from any module never leads back to it (a circle
    forces late imports inside functions and breaks when someone tidies them to the top)."""
    paths = {module_name(p): p for pkg in ORDER for p in (ROOT / pkg).rglob("*.py")}
    known = set(paths)
    edges = {name: imported_modules(path, known) - {name} for name, path in paths.items()}
    for name in edges:  # a package's __init__ is imported with any of its modules: no edge to it
        edges[name] = {m for m in edges[name] if not name.startswith(m + ".")}
    circles = []
    for start in sorted(edges):
        seen, stack = set(), [(start, [start])]
        while stack:
            current, trail = stack.pop()
            for nxt in edges[current]:
                if nxt == start:
                    circles.append(" -> ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert circles == []


def test_the_gtkg_vocabulary_iri_is_spelled_in_one_module() -> None:
    """Code names gt: terms through ontology.GT (or sparql_prefixes): a typo in a hand-typed
    namespace IRI would silently match nothing, so it is written once."""
    iri = "https://w3id.org/gtkg/ontology#"
    home = ROOT / "ontology" / "namespace.py"
    offenders = [
        str(path.relative_to(ROOT))
        for package in ORDER
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != home and iri in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
