"""The pre-execution scan: keywords count only where they stand bare."""

from __future__ import annotations

import pytest

from server.sparql.lexer import inspect


@pytest.mark.parametrize(
    ("text", "form", "dataset", "service"),
    [
        ("SELECT * { ?s ?p ?o }", "SELECT", False, False),
        ("PREFIX ex: <http://x/> BASE <http://y/> ask { ?s ex:p ?o }", "ASK", False, False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False, False),
        ("DESCRIBE <http://x/a>", "DESCRIBE", False, False),
        ("SELECT * FROM <http://g/> { ?s ?p ?o }", "SELECT", True, False),
        ("select * from named <http://g/> { graph ?g { ?s ?p ?o } }", "SELECT", True, False),
        ("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }", "SELECT", False, True),
        ("SELECT * { service silent ?endpoint { ?s ?p ?o } }", "SELECT", False, True),
        # the same words inside strings, IRIs, comments, variables and prefixed names are not keywords
        ('SELECT * { ?s ?p "FROM SERVICE" }', "SELECT", False, False),
        ("SELECT * { ?s ?p '''multi\nline FROM\n''' }", "SELECT", False, False),
        ("SELECT * { ?s <http://x/from> <http://x/service> }", "SELECT", False, False),
        ("# FROM <http://g/> SERVICE\nSELECT * { ?s ?p ?o }", "SELECT", False, False),
        ("SELECT ?from ?service { ?from ex:service $service }", "SELECT", False, False),
        ('SELECT * { ?s ?p "a \\" FROM" }', "SELECT", False, False),
        ("INSERT DATA { <a> <b> <c> }", "INSERT", False, False),
        ("LOAD <http://127.0.0.1:9/x>", "LOAD", False, False),
        ("PREFIX ex: <http://x/> DELETE WHERE { ?s ?p ?o }", "DELETE", False, False),
        ("this is not sparql", None, False, False),
    ],
)
def test_inspect(text: str, form: str | None, dataset: bool, service: bool) -> None:
    shape = inspect(text)
    assert (shape.form, shape.has_dataset_clause, shape.uses_service) == (form, dataset, service)


def test_updates_are_recognised() -> None:
    assert inspect("CLEAR ALL").is_update
    assert not inspect("SELECT * {}").is_update
