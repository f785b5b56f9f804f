"""The store behind a small interface, so a remote SPARQL 1.1 store can take its place later.

The embedded store is an on-disk Oxigraph (RocksDB) database. A store path is a
directory holding ``releases/<id>/`` databases and a ``current`` symlink to the
live one. Writing a new release never touches the live one; switching is one
atomic ``rename`` of the symlink, so a failed or interrupted build leaves the
previous store exactly as it was. Files derived from a release sit beside it,
named after it (``releases/<id>.search.sqlite``), and go when it goes.

A release is complete once its marker ``releases/<id>.complete`` exists: the
build writes it last, after the database and every file beside it are on disk
(fsynced), and only a complete release is made live. Anything else a killed
build leaves (a release without a marker, ``tmp*.nt`` files, ``*.tmp-<pid>``
files of a dead process) is removed by the next build. A live release written
by an older gtkg has no marker and counts as complete.
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
COMPLETE = ".complete"  # suffix of the marker beside a complete release


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


def live_release(path: str | os.PathLike[str]) -> Path | None:
    """The release the ``current`` link points to, if there is one."""
    link = Path(path) / CURRENT
    return link.resolve() if link.exists() else None


def complete_marker(release: Path) -> Path:
    """The file whose presence says the release was completely written and synced."""
    return release.parent / f"{release.name}{COMPLETE}"


def writer_alive(pid: int) -> bool:
    """Whether the process that names a temporary file may still be writing it."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


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
    Then everything is synced, the complete marker written, the release made live,
    and every release but the new and the previous live one removed.
    """
    root = Path(path)
    with _build_lock(root):
        releases = root / RELEASES
        releases.mkdir(parents=True, exist_ok=True)
        previous = live_release(root)
        _prune(root, keep=[r for r in releases.iterdir() if complete_marker(r).exists()])
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
            del store  # closes the database
            _mark_complete(release)
        except BaseException:
            _remove_release(release)
            raise
        _switch_current(root, release)
        _prune(root, keep=[release] + ([previous] if previous else []))
        return release


def _mark_complete(release: Path) -> None:
    """Sync the release and the files beside it, then write its marker: never the other way round."""
    for file in [*release.rglob("*"), *release.parent.glob(f"{release.name}.*"), release]:
        _fsync(file)
    _fsync(release.parent)
    complete_marker(release).touch()
    _fsync(release.parent)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
    _fsync(root)


def _prune(root: Path, keep: list[Path]) -> None:
    """Remove every release neither live nor kept, and what killed writers left behind.

    Runs under the build lock, so no build is writing a release or a ``tmp*.nt``
    file; a server may be writing a release's missing search index
    (``*.tmp-<pid>``), so temporary files of live processes stay.
    """
    releases = root / RELEASES
    live = live_release(root)
    kept = {release.name for release in [*keep, *([live] if live else [])]}  # paths may differ
    for release in releases.iterdir():
        if release.is_dir() and release.name not in kept:
            _remove_release(release)
    for file in releases.iterdir():  # derived files whose release is gone
        if not file.is_dir() and not (releases / file.name.split(".")[0]).is_dir():
            file.unlink(missing_ok=True)
    for leftover in [*root.glob("tmp*.nt"), *_dead_temporaries(root), *_dead_temporaries(releases)]:
        leftover.unlink(missing_ok=True)


def _dead_temporaries(directory: Path) -> Iterator[Path]:
    """Files (or links) named ``*.tmp-<pid>`` whose writer is gone."""
    for file in directory.glob("*.tmp-*"):
        pid = file.name.rsplit(".tmp-", 1)[1]
        if (file.is_symlink() or file.is_file()) and pid.isdigit() and not writer_alive(int(pid)):
            yield file


def _remove_release(release: Path) -> None:
    """A release's database and the files derived from it (``<release>.*``)."""
    shutil.rmtree(release, ignore_errors=True)
    for derived in release.parent.glob(f"{release.name}.*"):
        derived.unlink(missing_ok=True)
