"""Reads the curated TriG sources and remembers which file stated what, for error reports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from graph.errors import SourceError

LINE_IN_MESSAGE = re.compile(r"at line (\d+)")


@dataclass
class CuratedSources:
    """The curated dataset plus, for each subject, the files that describe it."""

    dataset: Dataset
    files: list[Path]
    origins: dict[Node, set[Path]] = field(default_factory=dict)

    def where(self, node: Node) -> list[tuple[Path, int | None]]:
        """(file, line) pairs where ``node`` is described; the line is a best guess."""
        return [(path, find_line(path, node)) for path in sorted(self.origins.get(node, ()))]


def load_curated(data_dir: str | Path) -> CuratedSources:
    """Parse every ``*.trig`` in ``data_dir`` into one dataset; syntax errors name file and line."""
    directory = Path(data_dir)
    files = sorted(directory.rglob("*.trig"))
    if not files:
        raise SourceError("no curated *.trig files found", str(directory))
    dataset = Dataset()
    origins: dict[Node, set[Path]] = {}
    for path in files:
        part = Dataset()
        try:
            part.parse(path, format="trig")
        except Exception as error:  # rdflib raises several unrelated types for bad syntax
            match = LINE_IN_MESSAGE.search(str(error))
            raise SourceError(
                f"cannot parse: {error}", str(path), int(match.group(1)) if match else None
            ) from error
        for s, p, o, g in part.quads((None, None, None, None)):
            graph_name = g.identifier if isinstance(g, Graph) else g
            dataset.add((s, p, o, graph_name))
            origins.setdefault(s, set()).add(path)
    return CuratedSources(dataset, files, origins)


def find_line(path: Path, node: Node) -> int | None:
    """First line of ``path`` that mentions ``node`` by full IRI or by its last path segment."""
    if not isinstance(node, URIRef):
        return None
    needles = [f"<{node}>"]
    tail = re.split(r"[/#]", str(node))[-1]
    if tail:
        needles.append(f":{tail}")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if any(needle in line and _ends_token(line, needle) for needle in needles):
            return number
    return None


def _ends_token(line: str, needle: str) -> bool:
    end = line.index(needle) + len(needle)
    return end == len(line) or not (line[end].isalnum() or line[end] in "-_")
