"""The whole graph: curated facts with the HGNC / MONDO reference layer, as `gtkg serve` builds it.

One full build per session (about a minute): the reference layer is imported from the
vendored files, loaded beside the curated graph and linked to it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, URIRef

from graph.build import build
from graph.settings import load_settings
from graph.store import EmbeddedStore
from ontology import load_ontology, load_shapes
from ontology.reasoning import infer
from ontology.validation import validate

pytestmark = pytest.mark.slow
BASE = "https://w3id.org/gtkg/"
GT = "https://w3id.org/gtkg/ontology#"
PREFIXES = f"PREFIX gt: <{GT}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
REFERENCE_GRAPHS = (BASE + "source/hgnc-complete-set", BASE + "source/mondo-reports")


@pytest.fixture(scope="module")
def full_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("full") / "store"
    started = time.perf_counter()
    result = build(load_settings({"STORE": str(path), "REFERENCE_LAYER": True}, environ={}))
    print(f"full build: {time.perf_counter() - started:.1f} s, steps {result.timings}")
    return path


@pytest.fixture(scope="module")
def full_store(full_store_path: Path) -> EmbeddedStore:
    return EmbeddedStore(full_store_path)


def count(store: EmbeddedStore, sparql: str) -> int:
    return int(next(iter(store.query(PREFIXES + sparql)))["n"].value)


def test_every_approved_gene_and_mondo_disease_is_there(full_store: EmbeddedStore) -> None:
    genes = count(full_store, "SELECT (COUNT(DISTINCT ?g) AS ?n) { ?g a gt:Gene }")
    diseases = count(
        full_store,
        f"SELECT (COUNT(?d) AS ?n) {{ ?d a gt:Disease FILTER STRSTARTS(STR(?d), '{BASE}mondo/') }}",
    )
    assert genes >= 43_000
    assert diseases >= 30_000


def test_a_therapy_walks_to_its_genes_reference_record(full_store: EmbeddedStore) -> None:
    rows = list(
        full_store.query(
            PREFIXES
            + """SELECT ?notation ?graph WHERE {
                 <https://w3id.org/gtkg/therapy/luxturna> gt:targetsGene ?gene .
                 GRAPH ?graph { ?gene skos:notation ?notation } }"""
        )
    )
    found = {(r["notation"].value, r["graph"].value) for r in rows}
    assert ("NCBIGene:6121", BASE + "source/hgnc-complete-set") in found


def test_curated_diseases_link_to_mondo_classes_with_parents_and_genes(
    full_store: EmbeddedStore,
) -> None:
    rows = list(
        full_store.query(
            PREFIXES
            + """SELECT ?record ?parent ?gene WHERE {
                 <https://w3id.org/gtkg/disease/spinal-muscular-atrophy-type-1>
                     gt:hasReferenceRecord ?record .
                 ?record gt:hasParentDisease ?parent .
                 OPTIONAL { ?record gt:hasCausalGene ?gene } }"""
        )
    )
    assert {r["record"].value for r in rows} == {BASE + "mondo/MONDO_0009669"}
    assert all(r["parent"].value.startswith(BASE + "mondo/") for r in rows)
    assert BASE + "gene/SMN1" in {r["gene"].value for r in rows if r["gene"]}
    links = ox.NamedNode(BASE + "graph/links")
    assert (
        len(list(full_store.quads(None, ox.NamedNode(GT + "hasReferenceRecord"), None, links))) > 10
    )


def _sample_reference_graph(store: EmbeddedStore, every: int) -> tuple[Graph, set[URIRef]]:
    """Every ``every``-th entity of the reference graphs with all its reference triples.

    The entities it links to come with their types only, so that value-type rules
    can be checked; only the sampled entities are judged.
    """
    graph = Graph()
    sampled: set[URIRef] = set()
    for name in REFERENCE_GRAPHS:
        source = ox.NamedNode(name)
        entities = sorted({q.subject.value for q in store.quads(None, None, None, source)})[::every]
        sampled.update(URIRef(iri) for iri in entities)
        for iri in entities:
            for quad in store.quads(ox.NamedNode(iri), None, None, source):
                graph.add((URIRef(iri), URIRef(quad.predicate.value), _rdflib(quad.object)))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for linked in {o for o in graph.objects() if isinstance(o, URIRef)}:
        for quad in store.quads(ox.NamedNode(str(linked)), rdf_type, None, ox.DefaultGraph()):
            graph.add((linked, URIRef(rdf_type.value), URIRef(quad.object.value)))
    return graph, sampled


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def test_a_sample_of_the_reference_layer_passes_the_shapes(full_store: EmbeddedStore) -> None:
    sample, sampled = _sample_reference_graph(full_store, every=40)
    assert len(sampled) > 1_500
    ontology = load_ontology()
    report = validate(sample + ontology, load_shapes(), ontology)
    broken = [v for v in report.results if v.focus_node in sampled]
    assert not broken, "\n".join(f"{v.focus_node} {v.path}: {v.message}" for v in broken[:20])


def test_the_whole_graph_is_consistent_under_the_reasoner(full_store: EmbeddedStore) -> None:
    """HermiT over every class assertion and object-property link, both layers (~2 min)."""
    links = Graph()
    for quad in full_store.quads(graph=ox.DefaultGraph()):
        if isinstance(quad.object, ox.NamedNode) and isinstance(quad.subject, ox.NamedNode):
            links.add(
                (
                    URIRef(quad.subject.value),
                    URIRef(quad.predicate.value),
                    URIRef(quad.object.value),
                )
            )
    assert len(links) > 250_000
    infer(load_ontology(), links)  # raises InconsistentOntology naming the culprits


def test_serve_includes_the_reference_layer(server_factory, full_store_path: Path) -> None:
    server = server_factory(full_store_path, GTKG_WORKERS="1")
    page = requests.get(
        server.url + "/mondo/MONDO_0010679", headers={"Accept": "text/turtle"}, timeout=30
    )
    assert page.status_code == 200
    graph = Graph().parse(data=page.text, format="turtle")
    label = graph.value(
        URIRef(BASE + "mondo/MONDO_0010679"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    )
    assert str(label) == "Duchenne muscular dystrophy"
