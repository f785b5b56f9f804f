"""The ``gtkg`` command line. Settings: defaults, then ``GTKG_*`` variables, then these flags."""

from __future__ import annotations

from typing import Any

import click

from graph.settings import load_settings

store_option = click.option(
    "--store", "store", type=click.Path(), default=None, help="store directory (GTKG_STORE)"
)


def settings_from(**flags: Any) -> dict[str, Any]:
    """Resolve settings with the command's flags (upper-cased) as the last word."""
    return load_settings({name.upper(): value for name, value in flags.items()})


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gtkg")
def main() -> None:
    """gtkg: the gene therapy knowledge graph."""
