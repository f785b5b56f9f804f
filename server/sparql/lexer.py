"""Reads the shape of a SPARQL text without parsing it: form, dataset clauses, nesting, size.

Strings, IRIs, comments, variables and prefixed names are tokenised away first
(with the terminals of the SPARQL grammar, ``PN_LOCAL_ESC`` escapes such as
``ex:a\\#b`` included), so a keyword is only a keyword when it stands bare
(``ex:service``, ``?from``, ``"FROM"`` and ``<http://x/from>`` are not). The
scan picks the result formats and measures nesting and size before the engine
sees the text; it is not what refuses federation (``server.sparql.guard`` is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '(?:[^'\\\n\r]|\\.)*'
             | "(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_](?:[\w.-]*[\w-])?)?:(?:(?:[\w:]|%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?\#@%-])
              (?:(?:[\w.:-]|%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?\#@%-])*
                 (?:[\w:-]|%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?\#@%-]))?)?)
  | (?P<word>[^\W\d]\w*)
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


def inspect(text: str) -> QueryShape:
    """Scan ``text`` once and report its form, its clauses, how deep it nests and how long it is."""
    words: list[str] = []
    depth = deepest = tokens = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        tokens += 1
        if kind == "word":
            words.append(match.group().upper())
        elif kind == "other":
            char = match.group()
            if char in OPEN:
                depth += 1
                deepest = max(deepest, depth)
            elif char in CLOSE:
                depth = max(0, depth - 1)
    form = next((w for w in words if w not in PROLOGUE), None)
    return QueryShape(
        form=form if form in QUERY_FORMS or form in UPDATE_VERBS else None,
        has_dataset_clause="FROM" in words,
        uses_service="SERVICE" in words,
        depth=deepest,
        tokens=tokens,
    )
