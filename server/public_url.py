"""The server's own base URL, from settings, never from the request's ``Host`` header.

Why: the service description, the VoID description and the OpenAPI document
name the endpoint; built from ``Host`` they would repeat whatever a client (or
an attacker poisoning a cache) sent. ``GTKG_PUBLIC_URL`` names it for a server
behind a proxy; without it, the address the server binds to is used.
"""

from __future__ import annotations

from flask import current_app

UNSPECIFIED_HOSTS = {"", "0.0.0.0", "::"}


def public_url() -> str:
    """``GTKG_PUBLIC_URL`` with a trailing slash, else ``http://HOST:PORT/``."""
    config = current_app.config
    configured = str(config.get("PUBLIC_URL") or "")
    if configured:
        return configured.rstrip("/") + "/"
    host = str(config["HOST"])
    host = "localhost" if host in UNSPECIFIED_HOSTS else host
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"http://{host}:{config['PORT']}/"
