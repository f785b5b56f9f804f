"""A WSGI app served from an ASGI server: requests are buffered on the event loop, run in threads.

The event loop reads the whole request (headers by the server, the body here,
up to ``max_body`` bytes and within ``body_timeout`` seconds); only then does a
pool thread run the WSGI app. A slow or stalled client therefore costs a
socket and a little memory, never a thread.

The response goes back as it is produced: a list body (what Flask returns for
ordinary responses) in one ``send``, any other iterable (a generator) chunk by
chunk from the thread, each chunk waiting for the loop to take it (so a slow
reader holds back its own producer, no unbounded buffering).

``environ["gtkg.client_gone"]`` is a callable, true once the client hung up
(the ASGI server reported ``http.disconnect`` after the body was read);
streaming stops at the next chunk once it is true.
"""

from __future__ import annotations

import asyncio
import io
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

CLIENT_GONE = "gtkg.client_gone"


class ClientGone(Exception):
    """The client went away while the response was being sent."""


class WsgiInThreads:
    """ASGI application running ``wsgi_app`` in a pool of ``threads`` threads."""

    def __init__(
        self,
        wsgi_app: Callable,
        threads: int = 16,
        max_body: int = 1_000_000,
        body_timeout: float = 30.0,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="wsgi")

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http":
            await self.http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self.lifespan(receive, send)

    async def lifespan(self, receive: Callable, send: Callable) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.pool.shutdown(wait=False, cancel_futures=True)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def http(self, scope: dict, receive: Callable, send: Callable) -> None:
        try:
            body = await asyncio.wait_for(self.read_body(scope, receive), self.body_timeout)
        except TimeoutError:
            return await plain(send, 408, b"request body not received in time\n")
        if body is None:  # the client left before its body arrived
            return
        if body is False:
            return await plain(send, 413, b"request body too large\n")

        gone = threading.Event()
        watcher = asyncio.ensure_future(watch_disconnect(receive, gone))
        loop = asyncio.get_running_loop()
        environ = wsgi_environ(scope, body)
        environ[CLIENT_GONE] = gone.is_set
        try:
            status, headers, chunks = await loop.run_in_executor(
                self.pool, self.run, environ, send, loop, gone
            )
            if chunks is not None:  # a list body: whole, in one message
                await send(start(status, headers))
                await send({"type": "http.response.body", "body": b"".join(chunks)})
        finally:
            watcher.cancel()

    async def read_body(self, scope: dict, receive: Callable) -> bytes | bool | None:
        """The whole body; False past ``max_body``; None when the client disconnected."""
        declared = header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            return False
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return False
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    def run(
        self, environ: dict, send: Callable, loop: asyncio.AbstractEventLoop, gone: threading.Event
    ):
        """In a pool thread: call the app; return a list body, or stream any other body from here."""
        response: list[Any] = []

        def start_response(status: str, headers: list, exc_info: Any = None) -> Callable:
            if exc_info is not None and response and response[2]:
                raise exc_info[1].with_traceback(exc_info[2])
            response[:] = [status, headers, False]  # [status, headers, sent]
            return write_unsupported

        result = self.wsgi_app(environ, start_response)
        try:
            if isinstance(result, (list, tuple)):
                return response[0], response[1], result

            async def sending(message: dict) -> None:
                await send(message)  # some servers' send() returns a non-coroutine awaitable

            def push(message: dict) -> None:
                if gone.is_set():
                    raise ClientGone()
                asyncio.run_coroutine_threadsafe(sending(message), loop).result()

            for chunk in result:
                if not chunk:
                    continue
                if not response[2]:
                    response[2] = True
                    push(start(response[0], response[1]))
                push({"type": "http.response.body", "body": chunk, "more_body": True})
            if not response[2]:
                push(start(response[0], response[1]))
            push({"type": "http.response.body", "body": b"", "more_body": False})
            return response[0], response[1], None
        except ClientGone:
            return response[0], response[1], None
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()


async def watch_disconnect(receive: Callable, gone: threading.Event) -> None:
    """Set ``gone`` when the server reports that the client disconnected."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            gone.set()
            return


def write_unsupported(data: bytes) -> None:
    raise NotImplementedError("the WSGI write() callable is not supported")


def start(status: str, headers: list) -> dict:
    return {
        "type": "http.response.start",
        "status": int(status.split(" ", 1)[0]),
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
    }


async def plain(send: Callable, status: int, text: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain"),
                (b"content-length", str(len(text)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text})


def header(scope: dict, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def wsgi_environ(scope: dict, body: bytes) -> dict:
    """The PEP 3333 environ for an ASGI http scope and its whole body."""
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client")
    script_name = scope.get("root_path", "").encode("utf-8").decode("latin-1")
    path = scope["path"].encode("utf-8").decode("latin-1")
    if script_name and path.startswith(script_name):
        path = path[len(script_name) :]
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path,
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]) if server[1] is not None else "80",
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": client[0] if client else "",
        "REMOTE_PORT": str(client[1]) if client else "",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    if "raw_path" in scope and scope["raw_path"] is not None:
        environ["RAW_URI"] = scope["raw_path"].decode("latin-1")
    for key, value in scope["headers"]:
        name = key.decode("latin-1").upper().replace("-", "_")
        text = value.decode("latin-1")
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = text
            continue
        if name == "CONTENT_LENGTH":
            continue  # the body is whole: its real length stands
        name = "HTTP_" + name
        environ[name] = f"{environ[name]},{text}" if name in environ else text
    return environ
