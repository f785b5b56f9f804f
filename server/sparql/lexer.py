"""Reads the shape of a SPARQL text without parsing it: form, dataset clauses, SERVICE, updates.

Strings, IRIs, comments, variables and prefixed names are tokenised away first,
so a keyword is only a keyword when it stands bare (``ex:service``, ``?from``,
``"FROM"`` and ``<http://x/from>`` are not). The engine parses the query
for real; this scan only decides what must be refused or routed before it runs.
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
  | (?P<pname>(?:[^\W\d][\w.-]*)?:[\w.:%\\-]*)
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

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_VERBS


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, in order."""
    return [m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


def inspect(text: str) -> QueryShape:
    """Scan ``text`` once and report its form and the clauses that need routing or refusal."""
    words = keywords(text)
    form = next((w for w in words if w not in PROLOGUE), None)
    return QueryShape(
        form=form if form in QUERY_FORMS or form in UPDATE_VERBS else None,
        has_dataset_clause="FROM" in words,
        uses_service="SERVICE" in words,
    )
