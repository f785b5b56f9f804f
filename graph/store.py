"""The store behind a small interface, so a remote SPARQL 1.1 store can take its place later.

The embedded store is an on-disk Oxigraph (RocksDB) database. A store path is a
directory holding ``releases/<id>/`` databases and a ``current`` symlink to the
live one. Writing a new release never touches the live one; switching is one
atomic ``rename`` of the symlink, so a failed or interrupted build leaves the
previous store exactly as it was. Files derived from a release sit beside it,
named after it (``releases/<id>.search.sqlite``), and go when it goes.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Protocol

import pyoxigraph as ox

from graph.errors import StoreError

CURRENT = "current"
RELEASES = "releases"
KEEP_RELEASES = 2


class GraphStore(Protocol):
    """What the rest of gtkg needs from a store."""

    def query(self, sparql: str, **options: Any) -> Any: ...

    def named_graphs(self) -> list[ox.NamedNode]: ...

    def quads(
        self, subject: Any = None, predicate: Any = None, obj: Any = None, graph: Any = None
    ) -> Iterator[ox.Quad]: ...

    def dump(self, output: Any, fmt: ox.RdfFormat, from_graph: Any = None) -> Any: ...

    def __len__(self) -> int: ...


class EmbeddedStore:
    """A read-only view of the live release of an on-disk store."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        live = self.path / CURRENT
        if not live.exists():
            raise StoreError(f"no store at {self.path}: run `gtkg build` first")
        self.release = live.resolve()
        try:
            self._store = ox.Store.read_only(str(self.release))
        except OSError as error:
            raise StoreError(f"cannot open the store at {self.release}: {error}") from error

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for code that streams its serialisers."""
        return self._store

    def query(self, sparql: str, **options: Any) -> Any:
        return self._store.query(sparql, **options)

    def named_graphs(self) -> list[ox.NamedNode]:
        return sorted(self._store.named_graphs(), key=lambda g: g.value)

    def quads(
        self, subject: Any = None, predicate: Any = None, obj: Any = None, graph: Any = None
    ) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(subject, predicate, obj, graph)

    def dump(self, output: Any, fmt: ox.RdfFormat, from_graph: Any = None) -> Any:
        if from_graph is None and not fmt.supports_datasets:
            from_graph = ox.DefaultGraph()
        return self._store.dump(output, format=fmt, from_graph=from_graph)

    def __len__(self) -> int:
        return len(self._store)


def store_exists(path: str | os.PathLike[str]) -> bool:
    return (Path(path) / CURRENT).exists()


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """One writer at a time per store path."""
    path.mkdir(parents=True, exist_ok=True)
    with open(path / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise StoreError(f"another build is writing {path}") from error
        yield


def write_release(
    path: str | os.PathLike[str],
    quads: Iterable[ox.Quad],
    files: Iterable[Path] = (),
    derive: Callable[[ox.Store], Iterable[ox.Quad]] | None = None,
    finish: Callable[[ox.Store, Path], None] | None = None,
) -> Path:
    """Write a complete new release and make it live atomically; return the release path.

    ``quads`` are added first, then each N-Quads file in ``files`` is bulk-loaded
    (every line of those files must name its graph).
    Every quad is also copied into the default graph, which therefore *is* the
    union of the named graphs: a set, as RDF says, so a triple two sources state
    counts once, and FROM / FROM NAMED work natively (Oxigraph's own
    union-default-graph mode repeats such triples and ignores FROM).
    ``derive``, if given, computes further quads from the loaded release (links
    between layers) before it goes live. ``finish``, if given, is called with the
    complete release (store and path) before it goes live, to write files derived
    from it beside it (``<path>.<anything>``, removed with the release).
    """
    root = Path(path)
    with _build_lock(root):
        releases = root / RELEASES
        releases.mkdir(parents=True, exist_ok=True)
        release = releases / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        release.mkdir()  # never reuse a directory: it could be the live release
        try:
            store = ox.Store(str(release))
            quads = list(quads)
            store.bulk_extend(quads)
            store.bulk_extend(_in_default_graph(quads))
            for file in files:
                store.bulk_load(path=str(file), format=ox.RdfFormat.N_QUADS)
                with tempfile.NamedTemporaryFile("w", suffix=".nt", dir=root) as triples:
                    _strip_graph_names(file, triples)
                    store.bulk_load(
                        path=triples.name, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph()
                    )
            if derive is not None:
                derived = list(derive(store))
                store.bulk_extend(derived)
                store.bulk_extend(_in_default_graph(derived))
            store.flush()
            store.optimize()
            if finish is not None:
                finish(store, release)
            del store
        except BaseException:
            _remove_release(release)
            raise
        _switch_current(root, release)
        _prune(releases, keep=release)
        return release


def _strip_graph_names(nquads: Path, output: IO[str]) -> None:
    """Copy an N-Quads file as N-Triples, line by line (much faster than quad objects).

    The graph name is the last term before the final " ." and an IRI never holds a
    space, so splitting the line twice from the right is exact.
    """
    with open(nquads, encoding="utf-8") as lines:
        for line in lines:
            head, graph, _ = line.rsplit(" ", 2) if line.count(" ") >= 3 else (line, "", "")
            output.write(f"{head} .\n" if graph.startswith("<") else line)
    output.flush()


def _in_default_graph(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    default = ox.DefaultGraph()
    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _switch_current(root: Path, release: Path) -> None:
    link = root / f".{CURRENT}.tmp-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(release, root), link)
    os.replace(link, root / CURRENT)


def _prune(releases: Path, keep: Path) -> None:
    """Drop old releases, keeping the newest few (a running server may still read one)."""
    old = sorted(
        (p for p in releases.iterdir() if p.is_dir() and p != keep),
        key=lambda p: (p.stat().st_mtime_ns, p.name),  # names only go down to the second
    )
    for stale in old[: max(0, len(old) - (KEEP_RELEASES - 1))]:
        _remove_release(stale)
    for file in releases.iterdir():  # derived files whose release is gone
        if not file.is_dir() and not (releases / file.name.split(".")[0]).is_dir():
            file.unlink(missing_ok=True)


def _remove_release(release: Path) -> None:
    """A release's database and the files derived from it (``<release>.*``)."""
    shutil.rmtree(release, ignore_errors=True)
    for derived in release.parent.glob(f"{release.name}.*"):
        derived.unlink(missing_ok=True)
