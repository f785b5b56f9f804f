"""Printing query results for people (a table) and programs (SPARQL JSON, CSV, RDF)."""

from __future__ import annotations

from typing import IO, Any

import pyoxigraph as ox

TERMINAL_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV}


def print_results(results: Any, fmt: str, output: IO[bytes]) -> None:
    """Write SELECT/ASK results as a table, SPARQL JSON or CSV; graphs as Turtle."""
    if isinstance(results, ox.QueryTriples):
        results.serialize(output, ox.RdfFormat.TURTLE)
    elif fmt in TERMINAL_FORMATS:
        results.serialize(output, TERMINAL_FORMATS[fmt])
    elif isinstance(results, ox.QueryBoolean):
        output.write(b"true\n" if bool(results) else b"false\n")
    else:
        output.write(format_table(results).encode("utf-8"))
    output.flush()


def format_table(solutions: ox.QuerySolutions) -> str:
    """A plain text table with one column per variable."""
    names = [v.value for v in solutions.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in solutions]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    line = "  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True))
    out = [line, "  ".join("-" * width for width in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cell(term: Any) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, ox.Literal | ox.NamedNode) else str(term)
