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


class ServerProcess:
    """A real `gtkg serve` on 127.0.0.1: its base ``url``, ``process`` and ``log`` file."""

    def __init__(self, store_path: Path, log: Path, env: dict[str, str]) -> None:
        import os
        import subprocess
        import sys

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        gtkg = Path(sys.executable).parent / "gtkg"
        command = [str(gtkg), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        command += ["--store", str(store_path)]
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                command,
                env={**os.environ, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def wait_ready(self, seconds: float = 60) -> bool:
        import time

        import requests

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.url + "/health", timeout=2).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.1)
        return False

    def stop(self) -> int:
        """SIGTERM, then wait for a graceful exit (SIGKILL only as a last resort)."""
        import signal
        import subprocess

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory: pytest.TempPathFactory):
    """Start extra real servers: ``server_factory(store_path, GTKG_RESULT_LIMIT="5")``.

    Every server started is stopped with SIGTERM at the end of the session, and
    must exit cleanly (status 0).
    """
    started: list[ServerProcess] = []

    def start(store_path: Path, **env: str) -> ServerProcess:
        for _attempt in range(3):  # a free port can be taken between probe and bind
            log = tmp_path_factory.mktemp("server") / "server.log"
            server = ServerProcess(store_path, log, {k: str(v) for k, v in env.items()})
            if server.wait_ready():
                started.append(server)
                return server
            server.stop()
        raise RuntimeError(f"gtkg serve did not start:\n{log.read_text(errors='replace')}")

    yield start
    codes = {server.url: server.stop() for server in started}
    assert all(code == 0 for code in codes.values()), f"unclean server exits: {codes}"


@pytest.fixture(scope="session")
def live_server_process(server_factory, built_store_path: Path) -> ServerProcess:
    """The shared real server on the built store (2 workers), as a ``ServerProcess``.

    Its download files are written before any test uses it: until then a download
    answers 503 (they are written in the background, never in a request).
    """
    server = server_factory(built_store_path, GTKG_WORKERS="2")
    wait_for_downloads(built_store_path)
    return server


def wait_for_downloads(store_path: Path, seconds: float = 120) -> None:
    import time

    from graph.dumps import DOWNLOADS, DUMPS

    folder = store_path / DOWNLOADS / (store_path / "current").resolve().name
    deadline = time.monotonic() + seconds
    while not all((folder / dump.filename).exists() for dump in DUMPS):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the download files of {folder} were not written in {seconds} s")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def live_server(live_server_process: ServerProcess) -> str:
    """Base URL (``http://127.0.0.1:PORT``, no trailing slash) of a real `gtkg serve`."""
    return live_server_process.url
