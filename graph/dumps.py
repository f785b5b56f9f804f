"""Whole-graph download files, made once per store release by ``graph.export.export``, gzip-compressed.

They live next to the release they were made from (``<store>/downloads/<release>/``),
so a new build gets new files and a running server never serves a stale dump.
Each file is written to a temporary name and moved into place with
``os.replace``, under a file lock: concurrent workers make it once, and a
reader never sees half a file. A writer that is killed leaves its temporary
file (``.<name>.<pid>.tmp``), which the next writer of that folder removes.
"""

from __future__ import annotations

import fcntl
import gzip
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from graph.export import FORMATS, export
from graph.store import GraphStore, writer_alive

DOWNLOADS = "downloads"


@dataclass(frozen=True)
class Dump:
    fmt: str  # key of graph.export.FORMATS
    title: str
    graphs: bool  # keeps the named graph (source) of every fact

    @property
    def filename(self) -> str:
        return f"gtkg.{FORMATS[self.fmt].extension}.gz"

    @property
    def media_type(self) -> str:
        return FORMATS[self.fmt].media_type


DUMPS: tuple[Dump, ...] = (
    Dump("ttl", "Turtle", False),
    Dump("nt", "N-Triples", False),
    Dump("nq", "N-Quads (with the source graph of every fact)", True),
    Dump("trig", "TriG (with the source graph of every fact)", True),
    Dump("jsonld", "JSON-LD (with the source graph of every fact)", True),
    Dump("xml", "RDF/XML", False),
)
BY_FILENAME = {dump.filename: dump for dump in DUMPS}


def downloads_dir(store: GraphStore) -> Path:
    """Where the files of the store's live release go (a temp folder for stores without one)."""
    release = getattr(store, "release", None)
    root = getattr(store, "path", None)
    if release is None or root is None:
        import tempfile

        return Path(tempfile.gettempdir()) / f"gtkg-downloads-{id(store)}"
    return Path(root) / DOWNLOADS / Path(release).name


def ensure(store: GraphStore, dump: Dump) -> Path:
    """The dump's file, written first if this release does not have it yet."""
    directory = downloads_dir(store)
    target = directory / dump.filename
    if target.exists():
        return target
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _remove_dead_partials(directory)
        if not target.exists():
            partial = directory / f".{dump.filename}.{os.getpid()}.tmp"
            try:
                with gzip.open(partial, "wb", compresslevel=6) as out:
                    export(store, dump.fmt, out)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
    _prune(directory)
    return target


def prepare_all(store: GraphStore) -> list[Path]:
    """Write every dump of the live release (e.g. right after a build)."""
    return [ensure(store, dump) for dump in DUMPS]


def _remove_dead_partials(directory: Path) -> None:
    """Temporary files (``.<name>.<pid>.tmp``) of writers that were killed."""
    for partial in directory.glob(".*.tmp"):
        pid = partial.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not writer_alive(int(pid)):
            partial.unlink(missing_ok=True)


def _prune(current: Path) -> None:
    """Remove the files of releases other than the live one and the one before."""
    siblings = sorted(p for p in current.parent.iterdir() if p.is_dir() and p != current)
    for stale in siblings[:-1]:
        shutil.rmtree(stale, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m graph.dumps STORE``: write the live release's downloads, at the lowest priority.

    ``gtkg serve`` runs this in the background once the server is up, so the first
    download of a new release does not wait for the export.
    """
    import signal
    import sys

    from graph.store import EmbeddedStore

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m graph.dumps STORE", file=sys.stderr)
        return 2
    os.nice(19)
    # Die at once on SIGTERM: at nice 19 on a busy machine, running a handler and
    # shutting the interpreter down took over 10 s. The file being written stays
    # under its temporary name, removed by the next writer.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    prepare_all(EmbeddedStore(args[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
