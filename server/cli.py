"""The ``gtkg`` command line. Settings: defaults, then ``GTKG_*`` variables, then these flags."""

from __future__ import annotations

from typing import Any

import click

from graph.errors import GtkgError
from graph.settings import load_settings

store_option = click.option(
    "--store", "store", type=click.Path(), default=None, help="store directory (GTKG_STORE)"
)


def settings_from(**flags: Any) -> dict[str, Any]:
    """Resolve settings with the command's flags (upper-cased) as the last word."""
    return load_settings({name.upper(): value for name, value in flags.items()})


class OneLineErrors(click.Group):
    """Every command turns a domain error into one clear line and exit status 1, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GtkgError as error:
            fail(error)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gtkg")
def main() -> None:
    """gtkg: the gene therapy knowledge graph."""


def fail(error: Exception) -> None:
    """Print a domain error for people and exit non-zero."""
    click.echo(f"error: {error}", err=True)
    raise SystemExit(1)


@main.command()
@store_option
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="curated TriG sources (GTKG_DATA_DIR)",
)
@click.option("--base-iri", default=None, help="base of entity IRIs (GTKG_BASE_IRI)")
@click.option(
    "--reference-layer/--no-reference-layer",
    default=None,
    help="include the HGNC / MONDO layer (GTKG_REFERENCE_LAYER)",
)
@click.option("--quiet", is_flag=True, help="no progress output")
def build(
    store: str | None,
    data_dir: str | None,
    base_iri: str | None,
    reference_layer: bool | None,
    quiet: bool,
) -> None:
    """Check the curated sources and write a new store release atomically."""
    from graph.build import build as run_build
    from graph.progress import Progress

    settings = settings_from(
        store=store, data_dir=data_dir, base_iri=base_iri, reference_layer=reference_layer
    )
    result = run_build(settings, Progress(quiet=quiet))
    click.echo(
        f"built {result.release} ({result.curated_quads} curated quads, "
        f"{result.inferred_triples} inferred types)"
    )


@main.command()
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="curated TriG sources (GTKG_DATA_DIR)",
)
def validate(data_dir: str | None) -> None:
    """Check the curated sources (ontology, reasoner, SHACL) and report; write nothing."""
    from graph.build import check
    from graph.progress import Progress

    checked = check(settings_from(data_dir=data_dir), Progress())
    click.echo(
        f"valid: {len(checked.sources.dataset)} curated quads in "
        f"{len(checked.sources.files)} files, {len(checked.inferred)} inferred types"
    )


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
def stats(store: str | None, as_json: bool) -> None:
    """Counts per class, per property and per source graph."""
    import dataclasses
    import json

    from graph.progress import Progress
    from graph.stats import stats as gather

    with Progress().step("counting classes, properties and sources"):
        result = gather(open_store(store))
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(result), indent=2))
        return
    click.echo(f"{result.triples:,} triples in the union graph, {result.quads:,} quads stored")
    for title, rows in (("classes", result.classes), ("properties", result.properties)):
        click.echo(f"\n{title}:")
        for iri, count in rows:
            click.echo(f"  {count:>8,}  {iri}")
    click.echo("\nsources (named graphs):")
    for iri, label, count in result.graphs:
        click.echo(f"  {count:>8,}  {iri}  {label}")


@main.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "xml"]),
    default="trig",
    show_default=True,
    help="RDF format",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="file to write (default: standard output)",
)
def export(store: str | None, fmt: str, output: str | None) -> None:
    """Export the whole graph; quad formats keep the named graph (source) of every fact."""
    from graph.export import export as run_export
    from graph.progress import Progress

    target = output or click.get_binary_stream("stdout")
    with Progress().step(f"exporting the graph as {fmt} to {output or 'standard output'}"):
        run_export(open_store(store), fmt, target)


@main.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="output format (json = SPARQL 1.1 JSON results)",
)
@click.option("--saved", "saved", default=None, help="run the saved query of this name instead")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="a saved-query parameter (repeatable)",
)
@click.argument("sparql", required=False)
def query(
    store: str | None, fmt: str, sparql: str | None, saved: str | None, params: tuple[str, ...]
) -> None:
    """Run a SPARQL query (or a saved one, --saved NAME) on the store and print the results."""
    from graph.results import print_results

    if (sparql is None) == (saved is None):
        fail(click.UsageError("give either a SPARQL query or --saved NAME"))
    if saved is not None:
        results = run_saved_query(open_store(store), saved, params, store)
    else:
        results = run_query(open_store(store), sparql)
    print_results(results, fmt, click.get_binary_stream("stdout"))


@main.command(name="queries")
@click.option("--json", "as_json", is_flag=True, help="the catalogue as JSON")
def list_queries(as_json: bool) -> None:
    """List the saved queries with their summaries and parameters."""
    import json

    from queries import load_catalogue

    catalogue = load_catalogue(base_iri=settings_from()["BASE_IRI"])
    if as_json:
        click.echo(json.dumps([q.to_json() for q in catalogue.values()], indent=2))
        return
    width = max(len(name) for name in catalogue)
    for query_ in catalogue.values():
        click.echo(f"{query_.name.ljust(width)}  {query_.summary}")
        for p in query_.parameters:
            needed = "required" if p.required else f"optional, default {p.default}"
            if p.default is None and not p.required:
                needed = "optional"
            click.echo(f"{'':{width}}    --param {p.name}=…  ({p.type}, {needed})")


def run_saved_query(
    store_object: Any, name: str, params: tuple[str, ...], store: str | None
) -> Any:
    """Bind ``key=value`` pairs to the saved query ``name`` and run it."""
    from graph.errors import BadParameter
    from queries import run

    values: dict[str, str] = {}
    for pair in params:
        key, sep, value = pair.partition("=")
        if not sep:
            raise BadParameter(pair, "write parameters as key=value")
        values[key.strip()] = value
    base = settings_from(store=store)["BASE_IRI"]
    return run(store_object, name, values, base_iri=base)


@main.command(name="import")
@store_option
@click.argument("name", type=click.Choice(["hgnc", "mondo"]))
@click.option(
    "--file",
    "source",
    type=click.Path(exists=True),
    default=None,
    help="newer source file (HGNC) or folder (MONDO reports) to import instead",
)
@click.option("--base-iri", default=None, help="base of entity IRIs (GTKG_BASE_IRI)")
def import_(store: str | None, name: str, source: str | None, base_iri: str | None) -> None:
    """Import a reference source into the cache the next build loads."""
    from pathlib import Path

    from graph.importers import default_sources
    from graph.progress import Progress
    from graph.reference import run_import

    settings = settings_from(store=store, base_iri=base_iri)
    path = Path(source) if source else default_sources(Path(settings["REFERENCE_DIR"]))[name]
    report = run_import(settings, name, path, Progress())
    click.echo(report.summary())
    for problem in report.problems:
        click.echo(f"  skipped {problem.path}:{problem.line}: {problem.message}", err=True)
    click.echo("run `gtkg build` to load it into a new release")


def open_store(store: str | None) -> Any:
    from graph.store import EmbeddedStore

    return EmbeddedStore(settings_from(store=store)["STORE"])


def run_query(store: Any, sparql: str) -> Any:
    from graph.errors import QueryError

    try:
        return store.query(sparql)
    except SyntaxError as error:
        raise QueryError(f"malformed query: {error}") from error


@main.command()
@click.option("--host", default=None, help="interface to bind (GTKG_HOST, default 127.0.0.1)")
@click.option("--port", type=int, default=None, help="TCP port (GTKG_PORT, default 8000)")
@store_option
@click.option("--workers", type=int, default=None, help="worker processes (GTKG_WORKERS)")
def serve(host: str | None, port: int | None, store: str | None, workers: int | None) -> None:
    """Serve the graph under gunicorn; build the store first when it is missing."""
    from server.serve import serve as run_server

    run_server(settings_from(host=host, port=port, store=store, workers=workers))
