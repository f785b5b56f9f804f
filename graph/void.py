"""The VoID + DCAT (HCLS profile) description of the dataset, with counts read from the store.

Counts (cached per store release): ``void:triples`` is the number of distinct
triples (the default graph, which is the union of every source graph);
``void:entities`` the distinct subjects under the base IRI; ``void:classes`` the
distinct objects of ``rdf:type``; ``void:properties`` the distinct predicates.
Each source graph is a ``void:subset`` with its own triple count, and each
external target of ``skos:exactMatch`` a ``void:Linkset``.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from importlib import metadata

import pyoxigraph as ox

from graph.store import GraphStore
from ontology import GT

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
PAV = "http://purl.org/pav/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS_EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"
SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"void": VOID, "dcat": DCAT, "dcterms": DCT, "foaf": FOAF, "pav": PAV}

TITLE = "gtkg: the gene therapy knowledge graph"
DESCRIPTION = (
    "Gene therapies and the genes, diseases, vectors, serotypes, routes, tissues, approvals, "
    "prices and challenges around them, every fact in the named graph of the source that states it."
)
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = "The gtkg developers"
EXAMPLES = ("therapy/luxturna", "therapy/zolgensma", "gene/RPE65", "disease/sma-type-1")

# Link-set targets: (name, target dataset IRI, IRI prefixes of its entities).
LINK_TARGETS = (
    (
        "HGNC",
        "https://www.genenames.org/",
        (
            "http://identifiers.org/hgnc/",
            "https://identifiers.org/hgnc:",
            "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/",
        ),
    ),
    (
        "NCBI Gene",
        "https://www.ncbi.nlm.nih.gov/gene/",
        ("https://www.ncbi.nlm.nih.gov/gene/", "http://identifiers.org/ncbigene/"),
    ),
    (
        "MONDO",
        "http://purl.obolibrary.org/obo/mondo.owl",
        ("http://purl.obolibrary.org/obo/MONDO_",),
    ),
    (
        "UBERON",
        "http://purl.obolibrary.org/obo/uberon.owl",
        ("http://purl.obolibrary.org/obo/UBERON_",),
    ),
    ("CL", "http://purl.obolibrary.org/obo/cl.owl", ("http://purl.obolibrary.org/obo/CL_",)),
    ("NCIT", "http://purl.obolibrary.org/obo/ncit.owl", ("http://purl.obolibrary.org/obo/NCIT_",)),
    (
        "Wikidata",
        "http://www.wikidata.org/",
        ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/"),
    ),
)
# Product identifiers, linked with rdfs:seeAlso to their identifiers.org resolvers (the build
# derives the links from gt:unii, gt:drugBankId, gt:atcCode, gt:chemblId, gt:ncitCode, gt:nctId).
SEE_ALSO_TARGETS = (
    ("FDA UNII", "https://precision.fda.gov/uniisearch", ("https://identifiers.org/unii:",)),
    ("DrugBank", "https://go.drugbank.com/", ("https://identifiers.org/drugbank:",)),
    ("WHO ATC", "https://atcddd.fhi.no/atc_ddd_index/", ("https://identifiers.org/atc:",)),
    ("ChEMBL", "https://www.ebi.ac.uk/chembl/", ("https://identifiers.org/chembl.compound:",)),
    ("NCI Thesaurus", "https://ncit.nci.nih.gov/", ("https://identifiers.org/ncit:",)),
    (
        "ClinicalTrials.gov",
        "https://clinicaltrials.gov/",
        ("https://identifiers.org/clinicaltrials:",),
    ),
)

COUNT = {
    "triples": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "entities": (
        "SELECT ?base (COUNT(DISTINCT ?s) AS ?n) "
        "{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?base)) } GROUP BY ?base"
    ),
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }",
    "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }",
    "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }",
}
GRAPHS = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
LINKS = f"SELECT ?o {{ ?s <{SKOS_EXACT}> ?o FILTER(isIRI(?o)) }}"
SEE_ALSO_LINKS = (
    f"SELECT ?o {{ ?s <{SEE_ALSO}> ?o "
    'FILTER(isIRI(?o) && STRSTARTS(STR(?o), "https://identifiers.org/")) }'
)


@dataclass
class Counts:
    numbers: dict[str, int]
    graphs: list[tuple[str, int]]
    links: dict[str, int]


_cache: dict[tuple[str, str], Counts] = {}
_lock = threading.Lock()


def counts(store: GraphStore, base: str) -> Counts:
    key = (str(getattr(store, "release", id(store))), base)
    with _lock:
        if key not in _cache:
            _cache[key] = _count(store, base)
        return _cache[key]


def _count(store: GraphStore, base: str) -> Counts:
    bound = {ox.Variable("base"): ox.Literal(base)}
    numbers = {
        name: int(
            next(iter(store.query(q, substitutions=bound if "?base" in q else {})))["n"].value
        )
        for name, q in COUNT.items()
    }
    graphs = [(r["g"].value, int(r["n"].value)) for r in store.query(GRAPHS)]
    links: Counter[str] = Counter()
    for query, targets in ((LINKS, LINK_TARGETS), (SEE_ALSO_LINKS, SEE_ALSO_TARGETS)):
        for row in store.query(query):
            iri = row["o"].value
            for name, _, prefixes in targets:
                if iri.startswith(prefixes):
                    links[name] += 1
                    break
    return Counts(numbers, graphs, dict(links))


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def version() -> str:
    try:
        return metadata.version("gtkg")
    except metadata.PackageNotFoundError:
        return "0"


def void_description(
    store: GraphStore,
    base: str,
    dataset_iri: str,
    endpoint: str,
    dumps: list[tuple[str, str, str]],
    release: str = "",
    issued: str = "",
) -> list[ox.Triple]:
    """The description as triples. ``dumps``: (download URL, media type, title) per file."""
    n = counts(store, base)
    ds = ox.NamedNode(dataset_iri)
    t: list[ox.Triple] = []

    def add(s, p, o):
        t.append(ox.Triple(s, ox.NamedNode(p) if isinstance(p, str) else p, o))

    add(ds, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    add(ds, RDF_TYPE, ox.NamedNode(DCAT + "Dataset"))
    add(ds, DCT + "title", ox.Literal(TITLE, language="en"))
    add(ds, DCT + "description", ox.Literal(DESCRIPTION, language="en"))
    add(ds, DCT + "license", ox.NamedNode(LICENSE))
    publisher = ox.BlankNode()
    add(ds, DCT + "publisher", publisher)
    add(publisher, RDF_TYPE, ox.NamedNode(FOAF + "Organization"))
    add(publisher, FOAF + "name", ox.Literal(PUBLISHER))
    add(ds, PAV + "version", ox.Literal(f"{version()}+{release}" if release else version()))
    if issued:
        add(ds, DCT + "issued", ox.Literal(issued, datatype=ox.NamedNode(XSD + "dateTime")))
    add(ds, VOID + "uriSpace", ox.Literal(base))
    add(ds, VOID + "sparqlEndpoint", ox.NamedNode(endpoint))
    add(ds, VOID + "feature", ox.NamedNode("http://www.w3.org/ns/formats/Turtle"))
    add(ds, VOID + "vocabulary", ox.NamedNode(str(GT._NS)))
    for name, value in n.numbers.items():
        add(ds, VOID + name, integer(value))
    for example in EXAMPLES:
        iri = ox.NamedNode(base + example)
        if next(iter(store.quads(iri, None, None, ox.DefaultGraph())), None) is not None:
            add(ds, VOID + "exampleResource", iri)
    for url, media_type, title in dumps:
        dump = ox.NamedNode(url)
        add(ds, VOID + "dataDump", dump)
        dist = ox.BlankNode()
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF_TYPE, ox.NamedNode(DCAT + "Distribution"))
        add(dist, DCT + "title", ox.Literal(title, language="en"))
        add(dist, DCAT + "downloadURL", dump)
        add(dist, DCAT + "mediaType", ox.Literal(media_type))
        add(dist, DCAT + "compressFormat", ox.Literal("application/gzip"))
        add(dist, DCT + "license", ox.NamedNode(LICENSE))
    for graph, triples in n.graphs:
        subset = ox.BlankNode()
        add(ds, VOID + "subset", subset)
        add(subset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
        add(subset, DCT + "source", ox.NamedNode(graph))
        add(subset, VOID + "triples", integer(triples))
    linksets = [(x, SKOS_EXACT) for x in LINK_TARGETS] + [(x, SEE_ALSO) for x in SEE_ALSO_TARGETS]
    for (name, target, _), predicate in linksets:
        if not n.links.get(name):
            continue
        linkset = ox.NamedNode(f"{dataset_iri}-links-{name.lower().replace(' ', '-')}")
        add(ds, VOID + "subset", linkset)
        add(linkset, RDF_TYPE, ox.NamedNode(VOID + "Linkset"))
        add(linkset, DCT + "title", ox.Literal(f"links to {name}", language="en"))
        add(linkset, VOID + "subjectsTarget", ds)
        add(linkset, VOID + "objectsTarget", ox.NamedNode(target))
        add(linkset, VOID + "linkPredicate", ox.NamedNode(predicate))
        add(linkset, VOID + "triples", integer(n.links[name]))
    return t
