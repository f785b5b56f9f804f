"""Gets the download files of the live release written outside every request.

Writing them takes about a minute on the full graph; done in request threads
under one lock, eight downloads stalled the whole worker. Now a request for a
file that is not there yet starts ``python -m graph.dumps STORE`` (the same
lowest-priority process ``gtkg serve`` starts at boot) and answers 503. One such
process runs at a time across workers: it holds a lock on ``.preparing`` in the
release's downloads folder for as long as it lives.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import subprocess
import sys
import threading
import time
from pathlib import Path

from graph import dumps

PREPARING = ".preparing"
RESTART_AFTER = 30.0  # seconds before a worker starts another writer for the same folder
log = logging.getLogger(__name__)


class DumpWriter:
    """This worker's writer process (at most one), started on demand and stopped at exit."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self._last: tuple[str, float] = ("", 0.0)
        self._lock = threading.Lock()
        atexit.register(self.stop)

    def start(self, store) -> None:
        """Have the store's live release written, unless a writer is at it or started lately."""
        with self._lock:
            if self.process is not None and self.process.poll() is None:
                return
            directory = dumps.downloads_dir(store)
            folder, started = self._last
            if folder == str(directory) and time.monotonic() - started < RESTART_AFTER:
                return  # a writer that failed is not restarted on every request
            self._last = (str(directory), time.monotonic())
            root = getattr(store, "path", None)
            if getattr(store, "release", None) is None or root is None:
                # A store object without a folder: no process can open it; a thread will do.
                threading.Thread(target=dumps.prepare_all, args=(store,), daemon=True).start()
                return
            try:
                self.process = spawn(Path(root), directory)
            except OSError:
                log.exception("cannot start writing the download files of %s", directory)

    def stop(self) -> None:
        """Stop the writer with the worker (its unfinished file stays under a temporary name)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()


def spawn(root: Path, directory: Path) -> subprocess.Popen | None:
    """Start the writer, handing it the ``.preparing`` lock; ``None`` if another worker's runs."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / PREPARING, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        command = [sys.executable, "-m", "graph.dumps", str(root)]
        # The child inherits the locked file: the lock lasts until it exits.
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, pass_fds=(lock.fileno(),))


_writer: DumpWriter | None = None
_writer_lock = threading.Lock()


def writer() -> DumpWriter:
    """This process's writer (created after the fork of the WSGI server, on first use)."""
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = DumpWriter()
        return _writer
