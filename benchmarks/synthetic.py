"""A deterministic synthetic graph with the curated graph's shape, at any scale (for benchmarks).

Why: the curated graph (~4.5k distinct triples) is too small to show where an
engine or a cache matters. This one has the same kinds, gt: terms, labels and
one named graph per source, so the same queries mean the same thing on it;
linkage is seeded-random, with a few hub genes and diseases as real data has.
``therapy/luxturna`` exists, so point lookups written for the curated graph work.

    .venv/bin/python benchmarks/synthetic.py --triples 1000000 --store /tmp/synthetic
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/gtkg/"
GT = "https://w3id.org/gtkg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
DEFINITION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#definition")
NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
SOURCES = 60
# Per therapy, about: 1 therapy (~16 triples) + 0.5 gene (~6) + 0.5 disease (~7)
# + 1 approval (~6) + shared small kinds; ~26 distinct triples per therapy.
TRIPLES_PER_THERAPY = 26


def gt(term: str) -> ox.NamedNode:
    return ox.NamedNode(GT + term)


def entity(kind: str, slug: str) -> ox.NamedNode:
    return ox.NamedNode(f"{BASE}{kind}/{slug}")


def en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def quads(triples: int, seed: int = 7) -> Iterator[ox.Quad]:
    """About ``triples`` quads, each in a source's named graph (the build adds the union)."""
    rng = random.Random(seed)
    therapies = max(10, triples // TRIPLES_PER_THERAPY)
    genes, diseases = max(5, therapies // 2), max(5, therapies // 2)
    sources = [entity("source", f"source-{i}") for i in range(SOURCES)]
    small = {
        "vector": [f"AAV vector {i}" for i in range(20)]
        + [f"lentiviral vector {i}" for i in range(20)],
        "serotype": [f"AAV{i}" for i in range(1, 41)],
        "tissue": [f"tissue {i}" for i in range(200)],
        "route": [f"route {i}" for i in range(15)],
        "organisation": [f"company {i}" for i in range(300)],
        "disease-area": [f"area {i}" for i in range(30)],
    }
    strategies = [
        entity("strategy", s) for s in ("gene-addition", "gene-editing", "gene-silencing")
    ]

    def slug(text: str) -> str:
        return text.lower().replace(" ", "-")

    def graph() -> ox.NamedNode:
        return sources[int(rng.paretovariate(1.2)) % SOURCES]

    classes = {"vector": "AAVVector", "serotype": "AAVSerotype", "tissue": "Tissue",
               "route": "RouteOfAdministration", "organisation": "Company",
               "disease-area": "DiseaseArea"}  # fmt: skip
    for kind, labels in small.items():
        for label in labels:
            node, g = entity(kind, slug(label)), graph()
            yield ox.Quad(node, RDF_TYPE, gt(classes[kind]), g)
            yield ox.Quad(node, LABEL, en(label), g)
            yield ox.Quad(node, DEFINITION, en(f"A synthetic {kind}: {label}."), g)
    for i in range(1, 41):
        serotype, g = entity("serotype", f"aav{i}"), graph()
        for _ in range(3):
            tissue = entity("tissue", slug(rng.choice(small["tissue"])))
            yield ox.Quad(serotype, gt("hasTropismFor"), tissue, g)
    for i in range(genes):
        gene, g = entity("gene", f"G{i}"), graph()
        yield ox.Quad(gene, RDF_TYPE, gt("Gene"), g)
        yield ox.Quad(gene, LABEL, en(f"gene G{i}"), g)
        yield ox.Quad(gene, gt("geneSymbol"), ox.Literal(f"G{i}"), g)
        yield ox.Quad(gene, NOTATION, ox.Literal(f"HGNC:{100000 + i}"), g)
        yield ox.Quad(
            gene, gt("codingSequenceLength"), ox.Literal(str(300 + i % 9000), datatype=XSD_INT), g
        )
        yield ox.Quad(gene, ALT, en(f"G{i} protein coding gene"), g)
    for i in range(diseases):
        disease, g = entity("disease", f"disease-{i}"), graph()
        yield ox.Quad(disease, RDF_TYPE, gt("Disease"), g)
        yield ox.Quad(disease, LABEL, en(f"disease {i} syndrome"), g)
        yield ox.Quad(disease, DEFINITION, en(f"A synthetic monogenic disease, number {i}."), g)
        yield ox.Quad(disease, gt("hasCausalGene"), entity("gene", f"G{_hub(rng, genes)}"), g)
        area = entity("disease-area", slug(rng.choice(small["disease-area"])))
        yield ox.Quad(disease, gt("inDiseaseArea"), area, g)
        yield ox.Quad(disease, NOTATION, ox.Literal(f"MONDO:{i:07d}"), g)
        yield ox.Quad(disease, gt("inClinicalDevelopment"), ox.Literal(i % 3 == 0), g)
    for i in range(therapies):
        name = "luxturna" if i == 0 else f"therapy-{i}"
        therapy, g = entity("therapy", name), graph()
        yield ox.Quad(therapy, RDF_TYPE, gt("Therapy"), g)
        yield ox.Quad(therapy, LABEL, en("Luxturna" if i == 0 else f"Therapy {i}"), g)
        yield ox.Quad(therapy, ALT, en(f"synthetic-{i}vec"), g)
        yield ox.Quad(therapy, DEFINITION, en(f"A synthetic AAV gene therapy, number {i}."), g)
        yield ox.Quad(
            therapy, gt("internationalNonproprietaryName"), ox.Literal(f"synthogene {i}"), g
        )
        for _ in range(1 + i % 2):
            yield ox.Quad(
                therapy, gt("treats"), entity("disease", f"disease-{_hub(rng, diseases)}"), g
            )
        yield ox.Quad(therapy, gt("targetsGene"), entity("gene", f"G{_hub(rng, genes)}"), graph())
        yield ox.Quad(therapy, gt("usesStrategy"), strategies[i % 3], g)
        yield ox.Quad(
            therapy, gt("usesVector"), entity("vector", slug(rng.choice(small["vector"]))), g
        )
        serotype = entity("serotype", slug(rng.choice(small["serotype"])))
        yield ox.Quad(therapy, gt("usesSerotype"), serotype, g)
        route = entity("route", slug(rng.choice(small["route"])))
        yield ox.Quad(therapy, gt("administeredBy"), route, g)
        tissue = entity("tissue", slug(rng.choice(small["tissue"])))
        yield ox.Quad(therapy, gt("targetsTissue"), tissue, g)
        company = entity("organisation", slug(rng.choice(small["organisation"])))
        yield ox.Quad(therapy, gt("manufacturedBy"), company, g)
        approval = entity("approval", f"{name}-fda")
        yield ox.Quad(therapy, gt("hasApproval"), approval, g)
        yield ox.Quad(approval, RDF_TYPE, gt("RegulatoryApproval"), g)
        yield ox.Quad(approval, gt("concernsTherapy"), therapy, g)
        yield ox.Quad(approval, gt("byAgency"), entity("organisation", "fda"), g)
        date = f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        yield ox.Quad(approval, gt("eventDate"), ox.Literal(date, datatype=XSD_DATE), g)
        yield ox.Quad(approval, LABEL, en(f"FDA approval of therapy {i}"), g)
        if i % 4 == 0:  # a fact a second source states too
            yield ox.Quad(therapy, LABEL, en(f"Therapy {i}" if i else "Luxturna"), graph())


def _hub(rng: random.Random, n: int) -> int:
    """Mostly uniform, with a heavy head: a few genes and diseases have many therapies."""
    return int(rng.paretovariate(1.0)) % n if rng.random() < 0.3 else rng.randrange(n)


def write(store: str | Path, triples: int) -> Path:
    """Write the synthetic graph as a release of ``store`` (default graph = union, as built)."""
    from graph.store import write_release

    return write_release(store, quads(triples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--store", required=True)
    args = parser.parse_args()
    release = write(args.store, args.triples)
    print(f"{release}: {len(ox.Store.read_only(str(release)))} quads")


if __name__ == "__main__":
    main()
