"""The README's SPARQL examples run on the built graph and answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```sparql\n(.*?)```", README, flags=re.DOTALL)


def test_the_readme_has_examples() -> None:
    assert EXAMPLES


@pytest.mark.parametrize("sparql", EXAMPLES)
def test_readme_example_answers(store, sparql: str) -> None:
    assert list(store.query(sparql)), sparql
