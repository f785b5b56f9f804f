"""Killed writers never lose the live release, and what they leave behind is cleaned up.

Real processes only: ``gtkg build`` (curated graph, no reasoner, to stay fast) is
SIGKILLed at fixed delays and the moment each file of its new release appears;
the release that was live must come out byte-identical and stay live, and the
next build must keep it and remove what the killed builds left. The background
download writer must stop at once on SIGTERM, even starved of CPU.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.dumps import DOWNLOADS, DUMPS, ensure
from graph.search import index_path, write_index
from graph.store import COMPLETE, CURRENT, RELEASES, EmbeddedStore, complete_marker, write_release
from graph.summary import summary_path

GTKG = Path(sys.executable).parent / "gtkg"
FAST = {"GTKG_REASONER": "false", "GTKG_REFERENCE_LAYER": "false"}
EX = "https://w3id.org/gtkg/"

Trigger = Callable[[float, set[str]], bool]  # (seconds since start, new names in releases/)


def _later_than(*suffixes: str) -> Trigger:
    """Fires on any of these names: a poll that misses one step still kills at the next."""
    return lambda _, new: any(name.endswith(suffixes) or ".tmp-" in name for name in new)


# In build order. The first three windows last 0.3 s or more: the kill always lands
# before the switch. The last ones last milliseconds, so the build may finish first.
KILL_POINTS: dict[str, Trigger] = {
    "0.5 s in (reading the sources)": lambda elapsed, _: elapsed > 0.5,
    "3 s in (validating)": lambda elapsed, _: elapsed > 3,
    "a new release directory appears": lambda _, new: bool(new),
    "the search index is being written": _later_than(".search.sqlite", COMPLETE),
    "the search index is in place": lambda _, new: any(
        name.endswith((".search.sqlite", COMPLETE)) for name in new
    ),
    "the summary is being written": lambda _, new: any(".summary.json" in name for name in new),
    "the complete marker is written": lambda _, new: any(name.endswith(COMPLETE) for name in new),
}
BEFORE_THE_SWITCH = list(KILL_POINTS)[:3]


def start_build(store: Path, log: Path) -> subprocess.Popen:
    """A real ``gtkg build`` of the curated graph into ``store``."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            [str(GTKG), "build", "--store", str(store), "--quiet"],
            env={**os.environ, **FAST},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def kill_when(process: subprocess.Popen, watch: Path, trigger: Trigger, limit: float = 60) -> bool:
    """SIGKILL ``process`` once ``trigger`` holds for new names in ``watch``; whether it was killed."""
    before = set(os.listdir(watch))
    start = time.monotonic()
    try:
        while time.monotonic() - start < limit:
            if trigger(time.monotonic() - start, set(os.listdir(watch)) - before):
                break
            if process.poll() is not None:
                break
            time.sleep(0.001)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    return process.returncode == -signal.SIGKILL


def fingerprint(release: Path) -> dict[str, str]:
    """SHA-256 of every file of a release and beside it (temporary files of others aside)."""
    files = [p for p in release.rglob("*") if p.is_file()]
    files += [p for p in release.parent.glob(f"{release.name}.*") if ".tmp-" not in p.name]
    return {
        str(p.relative_to(release.parent)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
    }


def live(store: Path) -> Path:
    return (store / CURRENT).resolve()


def release_dirs(store: Path) -> set[Path]:
    return {p.resolve() for p in (store / RELEASES).iterdir() if p.is_dir()}


@pytest.mark.slow
def test_builds_killed_at_any_moment_never_lose_the_live_release(tmp_path: Path) -> None:
    store, log = tmp_path / "store", tmp_path / "build.log"
    assert start_build(store, log).wait(120) == 0, log.read_text()
    good, link = live(store), os.readlink(store / CURRENT)
    files = fingerprint(good)
    outcomes = {}
    for moment, trigger in KILL_POINTS.items():
        killed = kill_when(start_build(store, log), store / RELEASES, trigger)
        assert fingerprint(good) == files, f"killed at {moment}: the live release changed"
        switched = os.readlink(store / CURRENT) != link
        outcomes[moment] = "after the switch" if switched or not killed else "before the switch"
        if moment in BEFORE_THE_SWITCH:
            assert killed and not switched, f"killed at {moment}: {outcomes}\n{log.read_text()}"
        if switched:  # the build had finished: what it made live is complete, the old one kept
            assert complete_marker(live(store)).exists()
            good, link = live(store), os.readlink(store / CURRENT)
            files = fingerprint(good)
        assert EmbeddedStore(store).release == good and len(EmbeddedStore(store)) > 1000
        if moment == "a new release directory appears":  # the next build removes it first
            assert any(not complete_marker(r).exists() for r in release_dirs(store) - {good})

    assert start_build(store, log).wait(120) == 0, log.read_text()
    new = live(store)
    assert new != good and complete_marker(new).exists()
    assert release_dirs(store) == {good, new}, outcomes
    assert fingerprint(good) == files
    left = sorted(p.name for p in (store / RELEASES).iterdir() if not p.is_dir())
    assert left == sorted(
        name
        for release in (good, new)
        for name in (release.name + COMPLETE, index_path(release).name, summary_path(release).name)
    ), outcomes
    assert not list(store.glob("tmp*.nt")) and not list(store.glob(".*.tmp-*"))


def small_quads(text: str) -> list[ox.Quad]:
    source = ox.NamedNode(EX + "source/test")
    thing = ox.NamedNode(EX + "gene/X")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    return [ox.Quad(thing, label, ox.Literal(text, language="en"), source)]


def write_nquads(path: Path, count: int) -> Path:
    source = f"<{EX}source/bulk>"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            out.write(f'<{EX}gene/g{i}> <{EX}ontology#geneSymbol> "G{i}" {source} .\n')
    return path


WRITE = "import sys; from graph.store import write_release; write_release(sys.argv[1], [], [sys.argv[2]])"


def test_leftovers_of_killed_writers_go_and_an_old_live_release_stays(tmp_path: Path) -> None:
    """A release from an older gtkg (no marker) stays live; temp files of dead processes go."""
    store = tmp_path / "store"
    old = write_release(store, small_quads("old"), finish=write_index)
    complete_marker(old).unlink()  # as an older gtkg wrote it
    files, link = fingerprint(old), os.readlink(store / CURRENT)

    writer = subprocess.Popen(
        [sys.executable, "-c", WRITE, str(store), str(write_nquads(tmp_path / "bulk.nq", 200_000))]
    )
    assert kill_when(writer, store, lambda _, new: any(n.startswith("tmp") for n in new))
    assert list(store.glob("tmp*.nt")), "killed too late: no temporary N-Triples file left"
    assert release_dirs(store) - {old.resolve()}, "no partial release left"
    assert os.readlink(store / CURRENT) == link and fingerprint(old) == files
    assert EmbeddedStore(store).release == old.resolve() and len(EmbeddedStore(store)) == 2

    releases = store / RELEASES
    dead = releases / f"{old.name}.search.sqlite.tmp-{writer.pid}"  # killed, so not running
    dead.write_bytes(b"half an index")
    writing = releases / f"{old.name}.search.sqlite.tmp-{os.getpid()}"  # as a live server would
    writing.write_bytes(b"being written")
    os.symlink(f"{RELEASES}/{old.name}", store / f".{CURRENT}.tmp-{writer.pid}")

    new = write_release(store, small_quads("new"), finish=write_index)
    assert release_dirs(store) == {old.resolve(), new.resolve()}
    assert fingerprint(old) == files
    assert not list(store.glob("tmp*.nt")) and not dead.exists()
    assert not (store / f".{CURRENT}.tmp-{writer.pid}").is_symlink()
    assert writing.exists()


def test_the_download_writer_stops_at_once_on_sigterm_even_starved(tmp_path: Path) -> None:
    """At nice 19 behind a busy process on its core, it must still exit well within 5 s."""
    store = tmp_path / "store"
    write_release(
        store,
        ox.parse(
            write_nquads(tmp_path / "bulk.nq", 100_000).read_bytes(), format=ox.RdfFormat.N_QUADS
        ),
    )
    downloads = store / DOWNLOADS / live(store).name
    writer = subprocess.Popen(
        [sys.executable, "-m", "graph.dumps", str(store)], stdin=subprocess.DEVNULL
    )
    hog = None
    try:
        deadline = time.monotonic() + 60
        while not list(downloads.glob(".*.tmp")) and time.monotonic() < deadline:
            assert writer.poll() is None, "the writer finished before it could be stopped"
            time.sleep(0.005)
        core = {min(os.sched_getaffinity(0))}
        hog = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import time\nend = time.monotonic() + 15\nwhile time.monotonic() < end: pass",
            ]
        )
        os.sched_setaffinity(hog.pid, core)
        os.sched_setaffinity(writer.pid, core)
        time.sleep(0.5)
        start = time.monotonic()
        writer.terminate()
        try:
            writer.wait(5)
        except subprocess.TimeoutExpired:
            pytest.fail("the download writer was still running 5 s after SIGTERM")
        took = time.monotonic() - start
    finally:
        for process in (writer, hog):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(10)
    assert took < 5
    for dump in DUMPS:  # any file in place is whole
        if (downloads / dump.filename).exists():
            with gzip.open(downloads / dump.filename) as whole:
                whole.read()
    partial = list(downloads.glob(".*.tmp"))
    assert partial and all(f".{writer.pid}." in p.name for p in partial)

    done = ensure(EmbeddedStore(store), DUMPS[-1])  # the next writer removes the dead one's file
    assert done.exists() and not list(downloads.glob(".*.tmp"))
