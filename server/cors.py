"""CORS for read requests (GET, HEAD, POST of queries, OPTIONS preflight) from any origin.

Browser tools such as YASGUI on other origins query /sparql; the server is
read-only, so answering reads to every origin exposes nothing new.
"""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

EXPOSED = ["X-GTKG-Truncated", "X-GTKG-Result-Limit", "X-GTKG-Cache", "ETag", "Content-Length"]


def init_app(app: Flask) -> None:
    CORS(
        app,
        methods=["GET", "HEAD", "POST", "OPTIONS"],
        expose_headers=EXPOSED,
        max_age=86400,
    )
