"""Search on a million-triple graph: gtkg's SQLite index against a plain SPARQL CONTAINS scan.

    .venv/bin/python benchmarks/search.py [--entities 250000] [--store /tmp/gtkg-bench-search]

Builds (once) a synthetic store of ``entities`` genes, each with a label, a
symbol, a notation and two synonyms plus a type (≈ 6 triples each, so 250,000
entities ≈ 1.5 M triples) with its search index (written with the release, as
``gtkg build`` does), then times the same queries both ways and prints the
ratio. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from graph.search import TEXT_QUERY, SearchIndex, index_path, write_index
from graph.store import EmbeddedStore, store_exists, write_release

GT = "https://w3id.org/gtkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
QUERIES = ["RPE65", "hgnc:10294", "voretigene", "aav9", "gene 12345", "kinase"]


def contains_scan(store: ox.Store, query: str, limit: int = 20) -> list[str]:
    """The peer the index is measured against: a plain SPARQL CONTAINS scan."""
    sparql = TEXT_QUERY.replace(
        "FILTER(isIRI(?s))", "FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?text)), LCASE(?q)))"
    ).replace("SELECT ?s ?p ?text", "SELECT DISTINCT ?s ?q")
    rows = store.query(
        sparql + f" LIMIT {int(limit)}", substitutions={ox.Variable("q"): ox.Literal(query)}
    )
    return [r["s"].value for r in rows]


def synthetic(entities: int):
    graph = ox.NamedNode("https://w3id.org/gtkg/source/synthetic")
    gene = ox.NamedNode(GT + "Gene")
    kinds = ["kinase", "receptor", "channel", "transporter", "factor"]
    for i in range(entities):
        s = ox.NamedNode(f"https://w3id.org/gtkg/gene/G{i}")
        yield ox.Quad(
            s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), gene, graph
        )
        yield ox.Quad(s, LABEL, ox.Literal(f"gene {i} {kinds[i % 5]}", language="en"), graph)
        yield ox.Quad(s, ox.NamedNode(GT + "geneSymbol"), ox.Literal(f"G{i}"), graph)
        yield ox.Quad(s, ox.NamedNode(SKOS + "notation"), ox.Literal(f"HGNC:{i}"), graph)
        yield ox.Quad(s, ox.NamedNode(SKOS + "altLabel"), ox.Literal(f"synonym {i} alpha"), graph)
        yield ox.Quad(s, ox.NamedNode(SKOS + "altLabel"), ox.Literal(f"GENE{i}-AS1"), graph)
    named = [
        ("therapy/luxturna", "Luxturna", "voretigene neparvovec"),
        ("gene/RPE65", "RPE65", "HGNC:10294"),
        ("serotype/aav9", "AAV9", "adeno-associated virus 9"),
    ]
    for path, label, alt in named:
        s = ox.NamedNode("https://w3id.org/gtkg/" + path)
        yield ox.Quad(s, LABEL, ox.Literal(label, language="en"), graph)
        yield ox.Quad(s, ox.NamedNode(SKOS + "altLabel"), ox.Literal(alt), graph)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=250_000)
    parser.add_argument("--store", default="/tmp/gtkg-bench-search")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not store_exists(args.store):
        started = time.perf_counter()
        write_release(Path(args.store), synthetic(args.entities), finish=write_index)
        print(f"built the synthetic store in {time.perf_counter() - started:.1f} s")
    store = EmbeddedStore(args.store)
    print(f"store: {len(store):,} quads (named graphs + their union)")
    path = index_path(store.release)
    if not path.exists():  # a store of an older benchmark run
        started = time.perf_counter()
        write_index(store, store.release)
        print(f"index written in {time.perf_counter() - started:.1f} s (once per release)")
    started = time.perf_counter()
    index = SearchIndex(path)
    index.search(QUERIES[0], 20)
    first = time.perf_counter() - started
    size = path.stat().st_size / 1e6
    print(
        f"index: {len(index):,} strings, {size:.0f} MB; open + first search {first * 1000:.1f} ms"
    )
    print(f"{'query':<14}{'index ms':>10}{'CONTAINS ms':>14}{'ratio':>9}")
    ratios = []
    for query in QUERIES:
        fast = timed(lambda q=query: index.search(q, 20), args.repeat)
        slow = timed(lambda q=query: contains_scan(store, q, 20), max(1, args.repeat // 2))
        ratios.append(slow / fast)
        print(f"{query:<14}{fast * 1000:>10.2f}{slow * 1000:>14.1f}{slow / fast:>9.0f}x")
    print(f"median speed-up of the index over the CONTAINS scan: {statistics.median(ratios):.0f}x")


if __name__ == "__main__":
    main()
