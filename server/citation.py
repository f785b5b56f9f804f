"""A "cite this" block on every page: the page's URL, the gtkg release it shows and its date.

Why: a researcher who quotes a fact must be able to say which release it came from; releases
change (facts are corrected), the URL alone does not pin the content. The release is the live
store release's directory name (``20261203T012213-…``), whose first part is its build time.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import Flask, request

from graph.errors import StoreError
from graph.void import version as gtkg_version
from server.iris import iri_for_path
from server.linked_data import split_suffix
from server.public_url import public_url
from server.store_access import get_store

TITLE = "gtkg: the gene therapy knowledge graph"


def release_of_store() -> tuple[str, dt.date | None]:
    """The live release's name and build date (None when the store does not say)."""
    try:
        release = getattr(get_store(), "release", None)
    except StoreError:  # no store yet: the error page still renders
        return "", None
    name = getattr(release, "name", "") or ""
    try:
        built = dt.datetime.strptime(name[:15], "%Y%m%dT%H%M%S").date()
    except ValueError:
        built = None
    return name, built


def cited_url() -> str:
    """An entity's page cites its permanent IRI (https://w3id.org/gtkg/…); any other page
    its address on this server, with its query string (a view's permalink)."""
    if request.endpoint == "linked_data.entity":
        return iri_for_path(split_suffix(request.path)[0])  # /therapy/x.ttl → …/therapy/x
    return public_url() + request.full_path.lstrip("/").rstrip("?")


def citation() -> dict[str, Any]:
    """Text, BibTeX and CSL-JSON for the page being rendered."""
    release, built = release_of_store()
    url = cited_url()
    release = f"{gtkg_version()}+{release}" if release else ""
    today = dt.date.today()
    day = built or today
    version = f"release {release}" if release else "unreleased store"
    text = (
        f"{TITLE}. {version}"
        + (f" (built {built.isoformat()})" if built else "")
        + f". {url} (accessed {today.isoformat()})."
    )
    key = "gtkg-" + (built.strftime("%Y%m%d") if built else today.strftime("%Y%m%d"))
    bibtex = (
        f"@misc{{{key},\n"
        f"  title        = {{{TITLE}}},\n"
        f"  year         = {{{day.year}}},\n"
        f"  version      = {{{release or 'unreleased'}}},\n"
        f"  howpublished = {{\\url{{{url}}}}},\n"
        f"  note         = {{Accessed {today.isoformat()}}}\n"
        "}"
    )
    csl = {
        "type": "dataset",
        "id": key,
        "title": TITLE,
        "version": release or "unreleased",
        "URL": url,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "accessed": {"date-parts": [[today.year, today.month, today.day]]},
    }
    return {"text": text, "bibtex": bibtex, "csl": json.dumps(csl, indent=2)}


def init_app(app: Flask) -> None:
    app.jinja_env.globals["citation"] = citation
