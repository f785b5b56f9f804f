"""OWL reasoning with owlready2 and HermiT: consistency and inferred class memberships.

``infer(ontology, data)`` hands HermiT the ontology plus the part of the data OWL can use
(class assertions, object-property assertions between IRIs, boolean and numeric values of
gt: datatype properties), runs one JVM, and returns the ``rdf:type`` triples HermiT entails
for the data's individuals that were not already stated. An inconsistent ontology + data
raises ``InconsistentOntology`` whose message names the individuals and axioms that clash.

Set ``GTKG_JAVA`` to choose the Java executable (default: ``java`` on the PATH).
"""

from __future__ import annotations

import os
import tempfile
import threading
import types
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import owlready2
import owlready2.reasoning
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ontology.errors import InconsistentOntology, ReasonerError, ReasonerFailed
from ontology.namespace import GT

__all__ = [
    "InconsistentOntology",
    "ReasonerError",
    "ReasonerFailed",
    "infer",
    "unsatisfiable_classes",
]

GT_NS = str(GT._NS)
# Datatypes whose values HermiT gets: they are in the OWL 2 datatype map and the
# defined classes and functional properties need them.
REASONED_DATATYPES = frozenset({XSD.boolean, XSD.decimal, XSD.integer})

# owlready2 worlds share process-wide state (JAVA_EXE, the reasoning module): one run at a time.
_LOCK = threading.Lock()
_DEFAULT_JAVA = owlready2.JAVA_EXE


def infer(ontology: Graph, data: Graph) -> Graph:
    """The new ``rdf:type`` triples (gt: classes only) HermiT entails for the data's individuals."""
    abox, individuals = _reasoner_abox(ontology, data)
    with _hermit_world(ontology + abox) as world:
        asserted = {(s, o) for s, o in (data + ontology).subject_objects(RDF.type)}
        inferred = Graph()
        for iri in sorted(individuals):
            for cls in _entailed_gt_classes(world, iri):
                if (iri, cls) not in asserted:
                    inferred.add((iri, RDF.type, cls))
    inferred.bind("gt", GT_NS)
    return inferred


def unsatisfiable_classes(ontology: Graph) -> list[URIRef]:
    """Classes of ``ontology`` that can have no member (a modelling error), sorted."""
    with _hermit_world(ontology) as world:
        return sorted(URIRef(c.iri) for c in world.inconsistent_classes())


# ------------------------------------------------------------------ input for HermiT


def _reasoner_abox(ontology: Graph, data: Graph) -> tuple[Graph, set[URIRef]]:
    """The OWL-relevant assertions of ``data``, with individuals declared, and their IRIs."""
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    object_properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    data_properties = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    abox, individuals = Graph(), set()
    for s, p, o in data:
        if not isinstance(s, URIRef):
            continue
        if p == RDF.type and o in classes and isinstance(o, URIRef):
            individuals.add(s)
        elif p in object_properties and isinstance(o, URIRef):
            individuals.update((s, o))
        elif p in data_properties and _reasonable_literal(o):
            individuals.add(s)
        else:
            continue
        abox.add((s, p, o))
    for iri in individuals:
        abox.add((iri, RDF.type, OWL.NamedIndividual))
    return abox, individuals


def _reasonable_literal(node: Node) -> bool:
    return (
        isinstance(node, Literal)
        and node.datatype in REASONED_DATATYPES
        and not getattr(node, "ill_typed", False)
    )


# ------------------------------------------------------------------ running HermiT


@contextmanager
def _hermit_world(graph: Graph) -> Iterator[owlready2.World]:
    """A fresh owlready2 world holding ``graph``, reasoned by HermiT; temp files removed."""
    with _LOCK, tempfile.TemporaryDirectory(prefix="gtkg-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            _run_hermit(world, tmp, graph)
            yield world
        finally:
            world.close()


def _run_hermit(world: owlready2.World, tmp: str, graph: Graph) -> None:
    owlready2.JAVA_EXE = os.environ.get("GTKG_JAVA") or _DEFAULT_JAVA
    # owlready2 writes HermiT's input with tempfile.NamedTemporaryFile and leaves it behind
    # when HermiT fails: point it at our temporary directory so it goes with it.
    real_tempfile = owlready2.reasoning.tempfile
    owlready2.reasoning.tempfile = types.SimpleNamespace(
        NamedTemporaryFile=partial(tempfile.NamedTemporaryFile, dir=tmp)
    )
    try:
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
    except owlready2.OwlReadyInconsistentOntologyError as error:
        culprits = explain_inconsistency(graph)
        raise InconsistentOntology(_inconsistency_message(error, culprits), culprits) from error
    except (owlready2.OwlReadyJavaError, OSError) as error:
        raise ReasonerFailed(f"HermiT could not run ({owlready2.JAVA_EXE}): {error}") from error
    finally:
        owlready2.reasoning.tempfile = real_tempfile


def _entailed_gt_classes(world: owlready2.World, iri: URIRef) -> set[URIRef]:
    entity = world[str(iri)]
    if entity is None or not isinstance(entity, owlready2.Thing):
        return set()
    found = set()
    for parent in entity.is_a:
        if isinstance(parent, owlready2.ThingClass):
            found.update(URIRef(c.iri) for c in parent.ancestors() if c.iri.startswith(GT_NS))
    return found


def _inconsistency_message(error: Exception, culprits: list[str]) -> str:
    head = "HermiT found the ontology plus the data inconsistent"
    detail = str(error).strip()
    if detail:
        head += f" ({type(error).__name__}: {detail})"
    if not culprits:
        return head + "; the quick check found no single clash to blame."
    return head + ":\n" + "\n".join(f"- {c}" for c in culprits)


# ------------------------------------------------------------------ explaining a clash


def explain_inconsistency(graph: Graph) -> list[str]:
    """Common causes of inconsistency in ``graph`` (ontology + assertions), in words.

    A quick structural check, not a full explanation: an individual in two disjoint classes
    (stated, or via a property's domain or range), two values for a functional property,
    or a value contradicting a class's ``owl:hasValue`` restriction.
    """
    types = _types_with_reasons(graph)
    return (
        _disjointness_clashes(graph, types)
        + _functional_clashes(graph)
        + _has_value_clashes(graph, types)
    )


def _superclasses(graph: Graph) -> dict[Node, set[Node]]:
    closure: dict[Node, set[Node]] = {}
    for cls in set(graph.subjects(RDF.type, OWL.Class)) | set(graph.objects(None, RDF.type)):
        seen, todo = {cls}, [cls]
        while todo:
            for parent in graph.objects(todo.pop(), RDFS.subClassOf):
                if isinstance(parent, URIRef) and parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closure[cls] = seen
    return closure


def _types_with_reasons(graph: Graph) -> dict[Node, dict[Node, str]]:
    """individual -> {class: why it is in the class}, superclasses included."""
    individuals = set(graph.subjects(RDF.type, OWL.NamedIndividual))
    direct: dict[Node, dict[Node, str]] = defaultdict(dict)
    for ind in individuals:
        for cls in graph.objects(ind, RDF.type):
            if cls != OWL.NamedIndividual:
                direct[ind].setdefault(cls, "stated")
        for p, o in graph.predicate_objects(ind):
            for dom in graph.objects(p, RDFS.domain):
                direct[ind].setdefault(dom, f"domain of {_short(p)}")
            if o in individuals:
                for rng in graph.objects(p, RDFS.range):
                    direct[o].setdefault(rng, f"range of {_short(p)}")
    supers = _superclasses(graph)
    closed: dict[Node, dict[Node, str]] = {}
    for ind, classes in direct.items():
        closed[ind] = {}
        for cls, why in classes.items():
            for sup in supers.get(cls, {cls}):
                closed[ind].setdefault(sup, why if sup == cls else f"{_short(cls)}, {why}")
    return closed


def _pairs(graph: Graph, pairwise: URIRef, axiom: URIRef, members: URIRef) -> set[frozenset[Node]]:
    """Pairs stated one by one (``pairwise``) or all at once by an ``axiom`` over a member list."""
    pairs = {frozenset(pair) for pair in graph.subject_objects(pairwise)}
    for node in graph.subjects(RDF.type, axiom):
        for listed in graph.objects(node, members):
            items = list(Collection(graph, listed))
            pairs.update(frozenset((a, b)) for i, a in enumerate(items) for b in items[i + 1 :])
    return pairs


def _disjoint_pairs(graph: Graph) -> set[frozenset[Node]]:
    return _pairs(graph, OWL.disjointWith, OWL.AllDisjointClasses, OWL.members)


def _disjointness_clashes(graph: Graph, types: dict[Node, dict[Node, str]]) -> list[str]:
    clashes = []
    for pair in sorted(_disjoint_pairs(graph), key=sorted):
        a, b = sorted(pair)
        for ind, classes in sorted(types.items()):
            if a in classes and b in classes:
                clashes.append(
                    f"{ind} is both {_short(a)} ({classes[a]}) and {_short(b)} ({classes[b]}),"
                    " which are disjoint"
                )
    return clashes


def _functional_clashes(graph: Graph) -> list[str]:
    different = _different_individuals(graph)
    clashes = []
    for prop in sorted(graph.subjects(RDF.type, OWL.FunctionalProperty)):
        values: dict[Node, set[Node]] = defaultdict(set)
        for s, o in graph.subject_objects(prop):
            values[s].add(o.toPython() if isinstance(o, Literal) else o)
        for s, vals in sorted(values.items()):
            literal = not all(isinstance(v, URIRef) for v in vals)
            if len(vals) > 1 and (literal or _pairwise_different(vals, different)):
                shown = ", ".join(sorted(str(v) for v in vals))
                clashes.append(f"{s} has {len(vals)} values for functional {_short(prop)}: {shown}")
    return clashes


def _different_individuals(graph: Graph) -> set[frozenset[Node]]:
    return _pairs(graph, OWL.differentFrom, OWL.AllDifferent, OWL.distinctMembers)


def _pairwise_different(values: set[Node], different: set[frozenset[Node]]) -> bool:
    items = sorted(values)
    return any(frozenset((a, b)) in different for i, a in enumerate(items) for b in items[i + 1 :])


def _has_value_clashes(graph: Graph, types: dict[Node, dict[Node, str]]) -> list[str]:
    clashes = []
    for cls, restriction in graph.subject_objects(RDFS.subClassOf):
        prop = graph.value(restriction, OWL.onProperty)
        required = graph.value(restriction, OWL.hasValue)
        if prop is None or not isinstance(required, Literal):
            continue
        for ind, classes in sorted(types.items()):
            for value in graph.objects(ind, prop):
                if (
                    cls in classes
                    and isinstance(value, Literal)
                    and value.toPython() != required.toPython()
                ):
                    clashes.append(
                        f"{ind} is a {_short(cls)} ({classes[cls]}), which requires "
                        f"{_short(prop)} {required}, but states {value}"
                    )
    return clashes


def _short(node: Node) -> str:
    text = str(node)
    return "gt:" + text[len(GT_NS) :] if text.startswith(GT_NS) else text
