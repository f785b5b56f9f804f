"""gunicorn's ASGI worker with a deadline on a connection's first request headers.

Why: gunicorn's threaded worker reads each request in a pool thread, so fifty
clients sending their headers a byte a second held every thread. The ASGI
worker reads requests on its event loop; ``server.asgi_adapter`` then buffers
the body there too, and only a complete request takes a thread. gunicorn 27's
ASGI protocol times out the headers of a connection's later requests (the
keep-alive timer) but not of its first: this protocol closes a connection whose
first request has not got its headers through within ``HEADER_TIMEOUT``.

gunicorn builds the protocol from the module name ``ASGIProtocol`` in
``gunicorn.workers.gasgi``; importing this module points that name here
(pyproject pins gunicorn 27.0.x, where this holds).
"""

from __future__ import annotations

from typing import Any

import gunicorn.workers.gasgi as gasgi
from gunicorn.asgi.protocol import ASGIProtocol

HEADER_TIMEOUT = 10.0  # seconds from connect to the end of the first request's headers


class HeaderTimeoutProtocol(ASGIProtocol):
    """gunicorn's HTTP protocol, closing a connection whose first headers are too slow."""

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._header_timer = self.worker.loop.call_later(HEADER_TIMEOUT, self._header_deadline)

    def _header_deadline(self) -> None:
        if self._current_request is None and self.req_count <= 1 and not self._closed:
            self.transport.close()  # connection_lost does the bookkeeping

    def connection_lost(self, exc: Exception | None) -> None:
        self._header_timer.cancel()
        super().connection_lost(exc)


gasgi.ASGIProtocol = HeaderTimeoutProtocol


class GtkgAsgiWorker(gasgi.ASGIWorker):
    """The worker class ``gtkg serve`` names (``server.asgi_worker.GtkgAsgiWorker``)."""
