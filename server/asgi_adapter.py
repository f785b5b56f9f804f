"""A WSGI app served from an ASGI server: requests are buffered on the event loop, run in threads.

The event loop reads the whole request (headers by the server, the body here,
up to ``max_body`` bytes and within ``body_timeout`` seconds); only then does a
pool thread run the WSGI app. A slow or stalled client therefore costs a
socket and a little memory, never a thread.

The response is gathered in the thread (up to ``BUFFER_BYTES``; query results
are bounded well below that) and sent from the event loop, so the thread — and
for a query its executor — is free as soon as the app is done, however slowly
the client reads. Files (``wsgi.file_wrapper``, which werkzeug's ``send_file``
uses) are read and sent by the loop. A bigger generated body is streamed from
the thread. Every message must be taken within ``WRITE_TIMEOUT`` seconds and is
abandoned when the client hangs up, so a client that stops reading costs a
socket for that long, never a thread for ever.

``environ["gtkg.client_gone"]`` is a callable, true once the client hung up
(the ASGI server reported ``http.disconnect`` after the body was read);
streaming stops at the next chunk once it is true.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

CLIENT_GONE = "gtkg.client_gone"
WRITE_TIMEOUT = 15.0  # seconds a client may leave a response unread before it is dropped
WATCH_SECONDS = 0.25  # how often a pending send looks for a hang-up
SEND_BYTES = 256 * 1024  # the largest piece of body handed to the server at once
BUFFER_BYTES = 64 * 2**20  # a generated body up to this is gathered, then sent from the loop


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
        environ["wsgi.file_wrapper"] = FileBody
        writer = Writer(send, loop, gone)
        try:
            status, headers, rest = await loop.run_in_executor(self.pool, self.run, environ, writer)
            if rest is not None:  # the body is here: sent from the loop, no thread held
                await writer.deliver(status, headers, rest)
        except ClientGone:
            pass  # the connection is given up: nothing more to send
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

    def run(self, environ: dict, writer: Writer) -> tuple[str, list, Any]:
        """In a pool thread: call the app and gather its body, so the thread is free again.

        Returns the status, the headers and the body for the loop to send: a
        list of byte strings, or a ``FileBody``; or None as the body when it was
        larger than ``BUFFER_BYTES`` and went out from here, chunk by chunk.
        """
        response: list[Any] = []

        def start_response(status: str, headers: list, exc_info: Any = None) -> Callable:
            if exc_info is not None and response:
                raise exc_info[1].with_traceback(exc_info[2])
            response[:] = [status, headers]
            return write_unsupported

        result = self.wsgi_app(environ, start_response)
        if isinstance(result, FileBody):
            return response[0], response[1], result  # the loop reads and closes it
        try:
            if isinstance(result, (list, tuple)):
                return response[0], response[1], list(result)
            gathered: list[bytes] = []
            size = 0
            chunks = iter(result)
            for chunk in chunks:
                gathered.append(chunk)
                size += len(chunk)
                if size > BUFFER_BYTES:  # too big to hold: stream the rest from this thread
                    writer.push(start(response[0], response[1]))
                    for piece in itertools.chain(gathered, chunks):
                        writer.push_body(piece, more=True)
                    writer.push_body(b"", more=False)
                    return response[0], response[1], None
            return response[0], response[1], gathered
        except ClientGone:
            return response[0], response[1], None
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()


class FileBody:
    """``wsgi.file_wrapper``: a file the loop sends itself, so a download holds no thread."""

    def __init__(self, file: Any, block_size: int = SEND_BYTES) -> None:
        self.file = file
        self.block_size = block_size

    def __iter__(self) -> Any:  # for callers that iterate it (werkzeug's range wrapper)
        while block := self.file.read(self.block_size):
            yield block

    def read(self) -> bytes:
        return self.file.read(self.block_size)

    def close(self) -> None:
        self.file.close()


class Writer:
    """Sends a response's messages, giving up when the client is gone or stops reading.

    Each message must be taken within ``WRITE_TIMEOUT`` seconds: a client that
    reads nothing for that long, or hung up, gets its connection abandoned
    (``ClientGone``) instead of holding a thread, an executor or memory.
    """

    def __init__(self, send: Callable, loop: asyncio.AbstractEventLoop, gone: threading.Event):
        self.send = send
        self.loop = loop
        self.gone = gone

    async def within(self, message: dict) -> None:
        """Send ``message`` on the loop, or raise ClientGone past the deadline or a hang-up."""
        task = asyncio.ensure_future(self.send(message))
        deadline = self.loop.time() + WRITE_TIMEOUT
        while not task.done():
            await asyncio.wait({task}, timeout=WATCH_SECONDS)
            if not task.done() and (self.gone.is_set() or self.loop.time() > deadline):
                task.cancel()
                raise ClientGone()
        task.result()

    async def deliver(self, status: str, headers: list, body: Any) -> None:
        """On the loop: the start message, then the body in pieces of ``SEND_BYTES``."""
        try:
            await self.within(start(status, headers))
            if isinstance(body, FileBody):
                while block := body.read():
                    await self.within(body_message(block, more=True))
            else:
                for chunk in body:
                    for offset in range(0, len(chunk), SEND_BYTES):
                        piece = chunk[offset : offset + SEND_BYTES]
                        await self.within(body_message(piece, more=True))
            await self.within(body_message(b"", more=False))
        finally:
            if isinstance(body, FileBody):
                body.close()

    def push(self, message: dict) -> None:
        """From a pool thread: send ``message`` through the loop (ClientGone as above)."""
        if self.gone.is_set():
            raise ClientGone()
        asyncio.run_coroutine_threadsafe(self.within(message), self.loop).result()

    def push_body(self, chunk: bytes, more: bool) -> None:
        for offset in range(0, max(1, len(chunk)), SEND_BYTES):
            self.push(body_message(chunk[offset : offset + SEND_BYTES], more=more))


def body_message(chunk: bytes, more: bool) -> dict:
    return {"type": "http.response.body", "body": bytes(chunk), "more_body": more}


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
