"""What the graph says about one entity: its facts, the facts that point at it, and who says each.

The store's default graph is the union of every named graph (see DESIGN), so
one pattern scan per direction gives both the facts (default-graph quads) and
their sources (the same triples in named graphs). Nothing here knows HTTP.

As RDF, a description has two shapes:

* **quads** (TriG, N-Quads, JSON-LD): every fact about the entity in the named
  graph of each source that states it, the labels of its neighbours, and the
  description of those sources (from the ``…/graph/sources`` graph);
* **triples** (Turtle, N-Triples, RDF/XML): the same facts once each, the
  neighbours' labels, and ``<entity> prov:wasDerivedFrom <source>`` for every
  source that states a fact about it, with that source's label — provenance per
  entity, not per triple; the quad formats keep it per triple.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from graph.store import GraphStore

LABEL = ox.NamedNode(str(RDFS.label))
PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))
TYPE = ox.NamedNode(str(RDF.type))
DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))
TITLE = ox.NamedNode(str(DCTERMS.title))
DEFAULT = ox.DefaultGraph()
MAX_INCOMING = 2000


@dataclass
class Fact:
    """One triple about the entity and the named graphs (sources) that state it."""

    subject: ox.NamedNode | ox.BlankNode
    predicate: ox.NamedNode
    object: ox.Term
    sources: list[ox.NamedNode] = field(default_factory=list)

    @property
    def triple(self) -> ox.Triple:
        return ox.Triple(self.subject, self.predicate, self.object)


@dataclass
class Description:
    iri: ox.NamedNode
    outgoing: list[Fact]
    incoming: list[Fact]
    incoming_truncated: bool
    labels: dict[str, str]
    label_quads: list[ox.Quad]
    source_quads: list[ox.Quad]

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)

    @property
    def sources(self) -> list[ox.NamedNode]:
        seen: dict[str, ox.NamedNode] = {}
        for fact in (*self.outgoing, *self.incoming):
            for source in fact.sources:
                seen.setdefault(source.value, source)
        return [seen[key] for key in sorted(seen)]

    def label(self, term: ox.Term) -> str:
        return self.labels.get(getattr(term, "value", ""), "") or local_name(term)

    def triples(self) -> Iterator[ox.Triple]:
        """The description for triple formats (see the module docstring)."""
        seen: set[ox.Triple] = set()
        for triple in self._triples():
            if triple not in seen:
                seen.add(triple)
                yield triple

    def _triples(self) -> Iterator[ox.Triple]:
        for fact in (*self.outgoing, *self.incoming):
            yield fact.triple
        for quad in self.label_quads:
            yield quad.triple
        for source in self.sources:
            yield ox.Triple(self.iri, DERIVED_FROM, source)
        for quad in self.source_quads:
            if quad.predicate in (LABEL, TITLE):
                yield quad.triple

    def quads(self) -> Iterator[ox.Quad]:
        """The description for quad formats: every fact in the graph of each of its sources."""
        seen: set[ox.Quad] = set()
        for fact in (*self.outgoing, *self.incoming):
            for source in fact.sources or [DEFAULT]:
                seen.add(quad := ox.Quad(fact.subject, fact.predicate, fact.object, source))
                yield quad
        for quad in (*self.label_quads, *self.source_quads):
            if quad not in seen:
                seen.add(quad)
                yield quad


def describe(store: GraphStore, iri: str, max_incoming: int = MAX_INCOMING) -> Description:
    """Everything the store says about ``iri`` and who says it."""
    node = ox.NamedNode(iri)
    outgoing = _facts(store.quads(node, None, None, None))
    incoming_quads = _limited(store.quads(None, None, node, None), max_incoming * 8)
    incoming = _facts(incoming_quads)
    truncated = len(incoming) > max_incoming
    incoming = incoming[:max_incoming]
    neighbours = {node.value: node}
    for fact in outgoing:
        for term in (fact.predicate, fact.object):
            if isinstance(term, ox.NamedNode):
                neighbours.setdefault(term.value, term)
    for fact in incoming:
        for term in (fact.subject, fact.predicate):
            if isinstance(term, ox.NamedNode):
                neighbours.setdefault(term.value, term)
    sources = {s.value: s for fact in (*outgoing, *incoming) for s in fact.sources}
    labels, label_quads = _labels(store, [*neighbours.values(), *sources.values()], skip=node)
    source_quads = [q for s in sources.values() for q in store.quads(s, None, None, None)]
    source_quads = [q for q in source_quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    return Description(node, outgoing, incoming, truncated, labels, label_quads, source_quads)


def _limited(quads: Iterable[ox.Quad], limit: int) -> list[ox.Quad]:
    found = []
    for quad in quads:
        found.append(quad)
        if len(found) >= limit:
            break
    return found


def _facts(quads: Iterable[ox.Quad]) -> list[Fact]:
    """Group the quads of one pattern: default-graph quads are facts, named ones their sources."""
    facts: dict[ox.Triple, Fact] = {}
    sources: dict[ox.Triple, list[ox.NamedNode]] = defaultdict(list)
    for quad in quads:
        triple = quad.triple
        if isinstance(quad.graph_name, ox.DefaultGraph):
            facts[triple] = Fact(quad.subject, quad.predicate, quad.object)
        else:
            sources[triple].append(quad.graph_name)
    for triple, named in sources.items():
        fact = facts.setdefault(triple, Fact(triple.subject, triple.predicate, triple.object))
        fact.sources = sorted(named, key=lambda g: g.value)
    return sorted(facts.values(), key=lambda f: (f.predicate.value, str(f.subject), str(f.object)))


def _labels(
    store: GraphStore, nodes: Iterable[ox.NamedNode], skip: ox.NamedNode
) -> tuple[dict[str, str], list[ox.Quad]]:
    """The best label of each node (English first) and, for neighbours, the quads stating it."""
    labels: dict[str, str] = {}
    quads: list[ox.Quad] = []
    for node in nodes:
        found = list(store.quads(node, LABEL, None, None))
        named = [q for q in found if not isinstance(q.graph_name, ox.DefaultGraph)]
        if node != skip:
            quads.extend(named or found)
        best = pick_label(q.object for q in found)
        if best:
            labels[node.value] = best
    return labels, quads


def pick_label(literals: Iterable[ox.Term]) -> str:
    """English, then untagged, then any label."""
    ranked = sorted(
        (
            (0 if lit.language == "en" else 1 if not lit.language else 2, lit.value)
            for lit in literals
            if isinstance(lit, ox.Literal)
        ),
    )
    return ranked[0][1] if ranked else ""


def local_name(term: ox.Term) -> str:
    value = getattr(term, "value", str(term))
    for sep in ("#", "/"):
        if sep in value.rstrip(sep):
            value = value.rstrip(sep).rsplit(sep, 1)[1]
    return value
