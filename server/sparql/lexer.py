"""Reads the shape of a SPARQL text without parsing it: form, dataset clauses, nesting, size.

Strings, IRIs, comments, variables and prefixed names are tokenised away first
(with the terminals of the SPARQL grammar, ``PN_LOCAL_ESC`` escapes such as
``ex:a\\#b`` included), so a keyword is only a keyword when it stands bare
(``ex:service``, ``?from``, ``"FROM"`` and ``<http://x/from>`` are not). The
scan picks the result formats, measures nesting and size, and finds the letters
of SERVICE wherever the engine could read them as code; ``server.sparql.guard``
decides what to refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Character classes of the SPARQL grammar as Oxigraph 0.5 reads them (its PN_CHARS_BASE
# stops at U+FFFD); ``\w`` is not the same set (it lacks U+0300-U+036F, for one).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?\#@%-]"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"

_TOKEN = re.compile(
    rf"""
    (?P<ws>[\ \t\r\n]+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '(?:[^'\\\n\r]|\\.)*'
             | "(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_VERBS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
PROLOGUE = frozenset({"PREFIX", "BASE"})


@dataclass(frozen=True)
class QueryShape:
    """What the scan saw: ``form`` is SELECT/ASK/CONSTRUCT/DESCRIBE, an update verb, or None."""

    form: str | None
    has_dataset_clause: bool
    uses_service: bool
    depth: int = 0  # deepest nesting of { ( [
    tokens: int = 0  # tokens other than white space and comments

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_VERBS


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, in order."""
    return [m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


OPEN = frozenset("{([")
CLOSE = frozenset("})]")
UNARY = frozenset("!+-")
# Where a keyword can hide from a token scan: Oxigraph's grammar backtracks and needs
# no word boundary after a keyword, so "SERVICEex:g" or "SERVICESILENT<…>" is a SERVICE
# to it; the scan therefore looks for the letters anywhere outside strings, IRIs,
# comments, variables and the local part of prefixed names.
CODE = frozenset({"word", "lang", "other"})


def inspect(text: str) -> QueryShape:
    """Scan ``text`` once and report its form, its clauses, how deep it nests and how long it is.

    Depth counts open brackets and runs of unary operators (``!!!x``): the
    engine's parser recurses on both.
    """
    words: list[str] = []
    depth = deepest = tokens = unary = 0
    service = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        tokens += 1
        token = match.group()
        if kind in CODE or kind == "pname":
            code = token.split(":", 1)[0] if kind == "pname" else token
            service = service or "SERVICE" in code.upper()
        if kind == "word":
            words.append(token.upper())
        unary = unary + 1 if kind == "other" and token in UNARY else 0
        if kind == "other" and token in OPEN:
            depth += 1
        elif kind == "other" and token in CLOSE:
            depth = max(0, depth - 1)
        deepest = max(deepest, depth + unary)
    form = next((w for w in words if w not in PROLOGUE), None)
    return QueryShape(
        form=form if form in QUERY_FORMS or form in UPDATE_VERBS else None,
        has_dataset_clause="FROM" in words,
        uses_service=service,
        depth=deepest,
        tokens=tokens,
    )
