"""Request bodies without a Content-Length (chunked) are read up to the limit, or refused with 413.

Why: werkzeug can only check ``MAX_CONTENT_LENGTH`` against a declared length;
a chunked body was cut at the limit and the cut text run as if it were whole.
This WSGI middleware reads such a body before the app sees it, one byte past
the limit to know whether it is over, and hands the app a body of known length.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any


class BodyLimit:
    """WSGI middleware: buffer a length-less body up to ``limit`` bytes, 413 beyond it."""

    def __init__(self, wsgi_app: Callable, limit: int) -> None:
        self.wsgi_app = wsgi_app
        self.limit = limit

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("CONTENT_LENGTH") or "HTTP_TRANSFER_ENCODING" not in environ:
            return self.wsgi_app(environ, start_response)
        body = environ["wsgi.input"].read(self.limit + 1)
        if len(body) > self.limit:
            message = f"the request body is larger than the limit of {self.limit} bytes\n"
            start_response(
                "413 Request Entity Too Large",
                [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close")],
            )
            return [message.encode()]
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ["wsgi.input_terminated"] = False
        return self.wsgi_app(environ, start_response)


def init_app(app: Any) -> None:
    app.wsgi_app = BodyLimit(app.wsgi_app, int(app.config["MAX_REQUEST_BYTES"]))
