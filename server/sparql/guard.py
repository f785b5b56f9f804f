"""What must be refused before the engine sees a query: updates, federation, runaway nesting.

pyoxigraph evaluates ``SERVICE`` by really calling the remote endpoint, and it
offers no switch to turn that off, so federation is refused here, by a real
parse, and the executors cannot open network sockets anyway (``sandbox``).

The federation check is exact where it is cheap and conservative where it is
not. Oxigraph matches the ``SERVICE`` keyword ASCII-case-insensitively in the
raw text (it expands no ``\\u`` escapes outside strings and IRIs), so a text
that does not contain the letters ``service`` — also after expanding escapes,
in case a later engine does — cannot call a service. A text that does is parsed
with rdflib's SPARQL grammar and refused when the parse holds a
``ServiceGraphPattern``, when the scan sees a bare ``SERVICE``, or when the
parse fails (a query we cannot read we cannot clear).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery

from graph.errors import QueryRefused, QueryTooComplex
from server.sparql.lexer import QueryShape, inspect, keywords

UPDATE_REFUSED = "this endpoint is read-only: SPARQL updates are not accepted"
SERVICE_REFUSED = (
    "SERVICE (federated query) is not allowed: this endpoint never makes outbound requests"
)
# Oxigraph's parser and evaluator recurse: thousands of nested groups overflow their stack.
MAX_DEPTH = 64
MAX_TOKENS = 20_000
# rdflib's parser is pure Python (seconds for tens of kilobytes): a text that names
# "service" and is longer than this is refused rather than parsed in a request thread.
MAX_PARSED_CHARS = 8_000
NONDETERMINISTIC = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})


def check(text: str) -> QueryShape:
    """The query's shape, or ``QueryRefused`` / ``QueryTooComplex`` when it must not run."""
    shape = inspect(text)
    if shape.is_update:
        raise QueryRefused(UPDATE_REFUSED)
    if shape.depth > MAX_DEPTH:
        raise QueryTooComplex(
            f"the query nests {shape.depth} levels of braces, parentheses or brackets; "
            f"at most {MAX_DEPTH} are allowed"
        )
    if shape.tokens > MAX_TOKENS:
        raise QueryTooComplex(
            f"the query has {shape.tokens} tokens; at most {MAX_TOKENS} are allowed"
        )
    if shape.uses_service or calls_service(text):
        raise QueryRefused(SERVICE_REFUSED)
    return shape


def deterministic(text: str) -> bool:
    """False when the query calls a function whose answer changes from run to run."""
    return not NONDETERMINISTIC.intersection(keywords(text))


def calls_service(text: str) -> bool:
    """Whether ``text`` may call a remote service (True when that cannot be ruled out)."""
    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError:  # an escape of no code point: the text is not what it seems
        return True
    if "service" not in text.lower() and "service" not in expanded.lower():
        return False
    if len(text) > MAX_PARSED_CHARS:  # too long to parse in a request thread: not cleared
        return True
    try:
        # SPARQL ends a comment at CR too; rdflib's grammar only at LF
        tree = parseQuery(text.replace("\r", "\n"))
    except Exception:  # rdflib cannot read it, so it cannot be cleared
        return True
    return any(_name(node) == "ServiceGraphPattern" for node in _walk(tree))


def _name(node: Any) -> str | None:
    return getattr(node, "name", None) if isinstance(node, dict) else None


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib parse tree (ParseResults, CompValue, lists), depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)) or hasattr(current, "as_list"):
            stack.extend(list(current))
