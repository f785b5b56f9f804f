"""Runs the app under gunicorn, never Flask's development server.

Workers are gunicorn's ASGI workers (``server.asgi_worker``): requests are read
on an event loop (headers within a deadline, then the whole body through
``server.asgi_adapter``) and only a complete request takes one of the
``GTKG_THREADS`` threads that run the Flask app, so slow clients cost a socket,
never a thread; a client that hangs up is noticed (``gtkg.client_gone``).

Nothing store-related is opened before the fork: each worker builds its own app
(``preload_app`` off), opens the read-only store on first use and starts its
own query executors. gunicorn's arbiter handles SIGTERM (graceful) and SIGINT
(quick) and exits 0 — or 1 when a worker crashed meanwhile (``CrashWatch``);
workers close their executors on the way out.

Once the server is up, a separate low-priority process writes the whole-graph
download files of the live release (``python -m graph.dumps``), so the first
download does not wait for them; it is stopped when the server stops.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from server.asgi_adapter import WsgiInThreads
from server.sparql.runtime import POOL

BODY_TIMEOUT = 30.0  # seconds a client has to send its request body
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class GtkgApplication(BaseApplication):
    """gunicorn configured from gtkg settings; the app is built in each worker."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.crashes = CrashWatch()
        super().__init__()

    def load_config(self) -> None:
        for name, value in gunicorn_options(self.settings, self.crashes).items():
            self.cfg.set(name, value)

    def load(self) -> WsgiInThreads:
        from server import create_app

        return WsgiInThreads(
            create_app(dict(self.settings)),
            threads=int(self.settings["THREADS"]),
            max_body=int(self.settings["MAX_REQUEST_BYTES"]),
            body_timeout=BODY_TIMEOUT,
        )


def gunicorn_options(settings: dict[str, Any], crashes: CrashWatch | None = None) -> dict[str, Any]:
    """gunicorn settings derived from ours: bind, workers, threads, timeouts, one log line a request."""
    return {
        "bind": [f"{settings['HOST']}:{settings['PORT']}"],
        "workers": int(settings["WORKERS"]),
        "worker_class": "server.asgi_worker.GtkgAsgiWorker",
        "worker_connections": 1000,  # open sockets per worker; slow ones are cut at the deadlines
        "timeout": int(float(settings["QUERY_TIMEOUT"])) + 30,
        "graceful_timeout": 4,  # SIGTERM stops everything within 5 s
        "keepalive": 5,
        "limit_request_line": 8190,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "access_log_format": ACCESS_LOG_FORMAT,
        "preload_app": False,
        "proc_name": "gtkg",
        "control_socket_disable": True,  # no shared socket in $HOME: many servers may run
        **(crashes.hooks() if crashes is not None else {"worker_exit": worker_exit}),
        **BackgroundDownloads(settings.get("STORE")).hooks(),
    }


def worker_exit(server: Any, worker: Any) -> None:
    """gunicorn hook (in the worker, on its way out)."""
    close_executors(worker)


def close_executors(worker: Any) -> None:
    """Stop this worker's query executors as it exits."""
    front = getattr(worker, "asgi", None) or getattr(worker, "wsgi", None)
    app = getattr(front, "wsgi_app", front)  # the Flask app inside the adapter
    extensions = getattr(app, "extensions", {})
    _, pool = extensions.get(POOL) or (None, None)
    if pool is not None:
        pool.close()


class CrashWatch:
    """Tells a worker that died (a signal, an abort) from one that exited cleanly.

    gunicorn restarts a crashed worker and still exits 0 at shutdown; a
    supervisor must learn of the crash, so ``gtkg serve`` then exits 1. A
    worker says goodbye (a file named by its pid, written in ``worker_exit``)
    before it exits cleanly; a worker reaped without one crashed.
    """

    def __init__(self) -> None:
        self.owner = os.getpid()  # the arbiter; workers are forked from it
        self.folder = Path(tempfile.mkdtemp(prefix="gtkg-workers-"))
        self.crashed: list[int] = []

    def hooks(self) -> dict[str, Any]:
        return {"worker_exit": self.worker_exit, "child_exit": self.child_exit}

    def worker_exit(self, server: Any, worker: Any) -> None:
        """gunicorn hook (in the worker, on a clean exit): close executors, leave the mark."""
        close_executors(worker)
        (self.folder / str(os.getpid())).touch()

    def child_exit(self, server: Any, worker: Any) -> None:
        """gunicorn hook (arbiter, the worker reaped): no mark means it crashed."""
        mark = self.folder / str(worker.pid)
        if mark.exists():
            mark.unlink()
        else:
            self.crashed.append(worker.pid)
            server.log.error("worker %s crashed: gtkg serve will exit with status 1", worker.pid)

    def close(self) -> None:
        """Remove the marks' folder (in the arbiter only: workers leave it alone)."""
        if os.getpid() == self.owner:
            shutil.rmtree(self.folder, ignore_errors=True)


class BackgroundDownloads:
    """The process writing the download files of a store, from server start to shutdown."""

    def __init__(self, store: str | None) -> None:
        self.store = store
        self.process: subprocess.Popen | None = None

    def hooks(self) -> dict[str, Any]:
        return {"when_ready": self.start, "on_exit": self.stop} if self.store else {}

    def start(self, server: Any) -> None:
        """gunicorn hook (arbiter, once listening): start writing the files of the live release."""
        command = [sys.executable, "-m", "graph.dumps", str(self.store)]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        server.log.info("writing the download files in the background (pid %s)", self.process.pid)

    def stop(self, server: Any) -> None:
        """gunicorn hook (arbiter, on the way out): stop the writer if it is still running.

        A file it had not finished is left as a temporary name, never in place.
        """
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve(settings: dict[str, Any]) -> None:
    """Build the store when it is missing, then serve until SIGTERM/SIGINT."""
    from graph.store import store_exists

    if not store_exists(settings["STORE"]):
        from graph.build import build
        from graph.progress import Progress

        progress = Progress()
        progress.say(f"no store at {settings['STORE']} yet: building it first")
        build(settings, progress)
    application = GtkgApplication(settings)
    status: Any = 0
    try:
        application.run()
    except SystemExit as stop:
        if os.getpid() != application.crashes.owner:
            raise  # a worker on its way out (it was forked inside run())
        status = stop.code
    finally:
        application.crashes.close()
    if application.crashes.crashed and not status:
        status = 1
    if status:
        raise SystemExit(status)
