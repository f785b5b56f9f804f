"""/downloads (the whole graph, the ontology, the shapes) and /.well-known/void (VoID + DCAT)."""

from __future__ import annotations

import pyoxigraph as ox
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.http import parse_range_header

from graph import dumps, void
from graph.dumps import BY_FILENAME, DUMPS
from ontology import ONTOLOGY_PATH, SHAPES_PATH
from server import conneg
from server.conneg import Offer
from server.dump_writer import writer
from server.public_url import public_url
from server.store_access import get_store

bp = Blueprint("downloads", __name__)
SCHEMA_FILES = {"gtkg-ontology.ttl": ONTOLOGY_PATH, "gtkg-shapes.ttl": SHAPES_PATH}
VOID_OFFERS = (
    Offer("ttl", "text/turtle", (), ("turtle",)),
    Offer("jsonld", "application/ld+json", ("application/json",), ("json-ld",)),
    Offer("rdf", "application/rdf+xml", (), ("xml", "rdfxml")),
    Offer("nt", "application/n-triples", ("text/plain",), ("ntriples",)),
)
RETRY_AFTER = 30  # seconds; the six files of the full graph take about a minute to write
VOID_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "nt": ox.RdfFormat.N_TRIPLES,
}


@bp.get("/downloads")
def downloads() -> str:
    store = get_store()
    directory = dumps.downloads_dir(store)
    files = []
    for dump in DUMPS:
        path = directory / dump.filename
        files.append(
            {
                "dump": dump,
                "size": path.stat().st_size if path.exists() else None,
                "href": url_for("downloads.download", filename=dump.filename),
            }
        )
    schema = [
        {
            "name": name,
            "size": path.stat().st_size if path.exists() else None,
            "href": url_for("downloads.download", filename=name),
        }
        for name, path in SCHEMA_FILES.items()
    ]
    if any(f["size"] is None for f in files):
        writer().start(store)  # a build switched releases: have the new files written
    return render_template(
        "downloads.html",
        files=files,
        schema=schema,
        release=release_name(store),
        quads=len(store),
    )


@bp.get("/downloads/<filename>")
def download(filename: str) -> Response:
    if filename in SCHEMA_FILES:
        path = SCHEMA_FILES[filename]
        if not path.exists():
            abort(404)
        ignore_unusable_range()
        return send_file(path, mimetype="text/turtle", as_attachment=False, max_age=3600)
    dump = BY_FILENAME.get(filename)
    if dump is None:
        abort(404)
    store = get_store()
    path = dumps.downloads_dir(store) / dump.filename
    if not path.exists():
        writer().start(store)
        raise ServiceUnavailable(
            f"{filename} of this release is being prepared; try again shortly",
            retry_after=RETRY_AFTER,
        )
    ignore_unusable_range()
    response = send_file(path, mimetype="application/gzip", download_name=filename, max_age=3600)
    response.headers["X-Content-Media-Type"] = dump.media_type
    return response


def ignore_unusable_range() -> None:
    """Drop a Range header we cannot honour, so the whole file is sent (RFC 9110 §14.2).

    werkzeug answers 416 to any Range it cannot parse; the RFC says to ignore
    those, and lets a server ignore the ones it does not support (other units,
    several ranges). A valid single byte range is kept: 206, or 416 if unsatisfiable.
    """
    header = request.headers.get("Range")
    if header is None:
        return
    parsed = parse_range_header(header)
    if parsed is None or parsed.units != "bytes" or len(parsed.ranges) != 1:
        request.environ.pop("HTTP_RANGE", None)


def release_name(store) -> str:
    release = getattr(store, "release", None)
    return release.name if release is not None else ""


def issued(store) -> str:
    """The release time, from the release folder's name (``YYYYmmddTHHMMSS-pid``)."""
    name = release_name(store)
    stamp = name.split("-")[0]
    if len(stamp) == 15 and stamp[8] == "T":
        return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}Z"
    return ""


def void_triples(root: str):
    store = get_store()
    base = current_app.config["BASE_IRI"]
    dump_list = [(root + "downloads/" + d.filename, d.media_type, d.title) for d in DUMPS]
    return void.void_description(
        store,
        base=base,
        dataset_iri=base + ".well-known/void#gtkg",
        endpoint=root + "sparql",
        dumps=dump_list,
        release=release_name(store),
        issued=issued(store),
    )


@bp.get("/.well-known/void")
def void_document() -> Response:
    if "text/html" in request.accept_mimetypes.values() and not request.args.get("format"):
        offer = READABLE  # a browser: Turtle, shown as text rather than downloaded
    else:
        offer = conneg.negotiate(VOID_OFFERS)
    body = ox.serialize(
        void_triples(public_url()),
        format=VOID_FORMATS[offer.key],
        **({"prefixes": void.PREFIXES} if offer.key in ("ttl", "rdf") else {}),
    )
    response = Response(body, mimetype=offer.mimetype)
    response.vary.add("Accept")
    return response


READABLE = Offer("ttl", "text/plain")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
