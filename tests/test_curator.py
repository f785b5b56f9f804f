"""A curator follows graph/data/README.md: one new product file, no other edit.

The worked example is taken from the guide itself (its first ```turtle block), so the guide
and this test cannot drift apart. The file is added to a copy of the data, built for real, and
the product must then have its page, its derived market status, its rows in the saved queries
and its place in the counts.
"""

from __future__ import annotations

import re
import shutil
import urllib.request
from pathlib import Path

import pytest

from graph.build import build
from graph.settings import load_settings
from graph.store import EmbeddedStore
from queries.run import run

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "graph" / "data"
GUIDE = DATA / "README.md"
BASE = "https://w3id.org/gtkg/"
EXAMPLE = BASE + "therapy/examplevec"

pytestmark = pytest.mark.slow

GENE_THERAPY_COUNT = """PREFIX gt: <https://w3id.org/gtkg/ontology#>
SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a gt:GeneTherapyProduct }"""


def worked_example() -> str:
    blocks = re.findall(r"```turtle\n(.*?)```", GUIDE.read_text(), flags=re.S)
    assert blocks, "the guide has no turtle example"
    return blocks[0]


def count(store) -> int:
    return int(next(iter(store.query(GENE_THERAPY_COUNT)))["n"].value)


@pytest.fixture(scope="module")
def curated_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("curator")
    data = root / "data"
    shutil.copytree(DATA, data)
    (data / "products").mkdir(exist_ok=True)
    (data / "products" / "examplevec.trig").write_text(worked_example())
    store_path = root / "store"
    settings = {"STORE": str(store_path), "DATA_DIR": str(data), "REFERENCE_LAYER": False}
    build(load_settings(settings, environ={}))
    return store_path


def test_the_new_product_is_built_with_a_derived_market_status(curated_copy: Path) -> None:
    store = EmbeddedStore(curated_copy)
    solutions = list(
        store.query(
            f"""PREFIX gt: <https://w3id.org/gtkg/ontology#>
            SELECT ?value ?since WHERE {{ <{EXAMPLE}> gt:hasMarketStatus ?s .
              ?s gt:jurisdiction <{BASE}organisation/fda> ; gt:statusValue ?value ;
                 gt:statusSince ?since }}"""
        )
    )
    assert [(s["value"].value, s["since"].value) for s in solutions] == [
        (BASE + "market-status/authorised", "2026-01-15")
    ]
    assert bool(
        store.query(
            f"""PREFIX gt: <https://w3id.org/gtkg/ontology#>
            ASK {{ <{EXAMPLE}> gt:hasApproval ?a ; gt:targetsGene <{BASE}gene/SMN1> ;
                   a gt:ApprovedTherapy , gt:AAVDeliveredTherapy }}"""
        )
    )


def test_the_new_product_is_in_the_saved_queries_and_the_counts(curated_copy: Path, store) -> None:
    copy = EmbeddedStore(curated_copy)
    approved = {s["therapy"].value for s in run(copy, "approved-gene-therapies")}
    assert EXAMPLE in approved
    by_role = run(copy, "products-by-gene-role", {"gene": BASE + "gene/SMN1"})
    assert EXAMPLE in {s["therapy"].value for s in by_role}
    assert count(copy) == count(store) + 1


def test_the_new_product_has_its_page(curated_copy: Path, server_factory) -> None:
    server = server_factory(curated_copy)
    request = urllib.request.Request(
        server.url + "/therapy/examplevec", headers={"Accept": "text/html"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        html = response.read().decode()
    assert response.status == 200
    assert "Examplevec" in html and "authorised" in html
