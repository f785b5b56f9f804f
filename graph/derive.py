"""Facts the build derives from the curated ones, so curators never write them by hand.

Four rules, each a plain function of the curated union graph and the ontology:

* **super-properties**: a role-typed gene link (``gt:addsGene``, ``gt:knocksDownGene`` …)
  also holds as ``gt:targetsGene``; ``gt:hasApproval`` as ``gt:hasRegulatoryEvent``;
* **inverses**: every ``owl:inverseOf`` pair of the ontology, so ``gt:hasApproval``,
  ``gt:treatedBy``, ``gt:targetedBy`` … follow from the direction the curator wrote;
* **market status**: one ``gt:MarketStatus`` per therapy and jurisdiction (named by its
  regulator), set by the latest approval, withdrawal or discontinuation there;
* **identifier links**: a product identifier (UNII, DrugBank, ATC, ChEMBL, NCIt) also as an
  ``rdfs:seeAlso`` link to its identifiers.org resolver, a Wikidata ID as ``skos:exactMatch``.

The result goes into its own named graph (``graph/derived``), so every derived fact still
answers "says who?": the build, from the curated facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from graph.settings import DEFAULT_BASE_IRI
from ontology import GT
from ontology.namespace import AUTHORISED, DISCONTINUED, WITHDRAWN

STATUS_BASE = DEFAULT_BASE_IRI + "product-status/"
# What each kind of event does to the market status in its jurisdiction.
STATUS_OF_EVENT = {
    GT.RegulatoryApproval: AUTHORISED,
    GT.Withdrawal: WITHDRAWN,
    GT.Discontinuation: DISCONTINUED,
}
LABEL_CHANGES = (GT.LabelRestriction, GT.SafetyLabelChange)
STATUS_WORDS = {AUTHORISED: "authorised", WITHDRAWN: "withdrawn", DISCONTINUED: "discontinued"}
LABEL_CHANGE_WORDS = {
    GT.LabelRestriction: "a label restriction",
    GT.SafetyLabelChange: "a safety label change",
}


def derive(data: Graph, ontology: Graph) -> Graph:
    """The triples the curated ``data`` entail under the four rules, minus those it states."""
    closed = Graph()
    for triple in data:
        closed.add(triple)
    classes = _class_closure(ontology)
    for triple in _approvals_from_events(data, classes):
        closed.add(triple)
    for _ in range(3):  # super-properties of inverses of super-properties settle in three passes
        before = len(closed)
        for triple in [*_super_properties(closed, ontology), *_inverses(closed, ontology)]:
            closed.add(triple)
        if len(closed) == before:
            break
    for triple in market_status(closed, classes):
        closed.add(triple)
    for triple in identifier_links(closed):
        closed.add(triple)
    derived = Graph()
    for triple in closed:
        if triple not in data:
            derived.add(triple)
    return derived


# ---------------------------------------------------------------- properties


def _super_properties(data: Graph, ontology: Graph) -> Iterator[tuple[Node, Node, Node]]:
    for prop in set(ontology.subjects(RDFS.subPropertyOf, None)):
        ancestors = set(ontology.transitive_objects(prop, RDFS.subPropertyOf)) - {prop}
        for s, o in data.subject_objects(prop):
            for ancestor in ancestors:
                yield s, ancestor, o


def _inverses(data: Graph, ontology: Graph) -> Iterator[tuple[Node, Node, Node]]:
    for p, q in ontology.subject_objects(OWL.inverseOf):
        for s, o in data.subject_objects(p):
            if isinstance(o, URIRef):
                yield o, q, s
        for s, o in data.subject_objects(q):
            if isinstance(o, URIRef):
                yield o, p, s


def _approvals_from_events(data: Graph, classes: dict) -> Iterator[tuple[Node, Node, Node]]:
    """An approval event about a therapy is also the therapy's ``gt:hasApproval``."""
    for event, therapy in data.subject_objects(GT.concernsTherapy):
        if GT.RegulatoryApproval in _types(data, event, classes):
            yield therapy, GT.hasApproval, event


def _class_closure(ontology: Graph) -> dict[Node, set[Node]]:
    """Each named class with all its named superclasses (itself included)."""
    closure: dict[Node, set[Node]] = {}
    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            closure[cls] = {
                c
                for c in ontology.transitive_objects(cls, RDFS.subClassOf)
                if isinstance(c, URIRef)
            }
    return closure


def _types(data: Graph, node: Node, classes: dict) -> set[Node]:
    types: set[Node] = set()
    for cls in data.objects(node, RDF.type):
        types |= classes.get(cls, {cls})
    return types


# ---------------------------------------------------------------- identifiers

# identifier property -> (link predicate, IRI prefix of the resolver)
IDENTIFIER_LINKS = {
    GT.unii: (RDFS.seeAlso, "https://identifiers.org/unii:"),
    GT.drugBankId: (RDFS.seeAlso, "https://identifiers.org/drugbank:"),
    GT.atcCode: (RDFS.seeAlso, "https://identifiers.org/atc:"),
    GT.chemblId: (RDFS.seeAlso, "https://identifiers.org/chembl.compound:"),
    GT.ncitCode: (RDFS.seeAlso, "https://identifiers.org/ncit:"),
    GT.nctId: (RDFS.seeAlso, "https://identifiers.org/clinicaltrials:"),
    GT.wikidataId: (SKOS.exactMatch, "http://www.wikidata.org/entity/"),
}


def identifier_links(data: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """Each product identifier as a link a page and a crawler can follow."""
    for prop, (link, prefix) in IDENTIFIER_LINKS.items():
        for subject, value in data.subject_objects(prop):
            if isinstance(value, Literal) and str(value).strip():
                yield subject, link, URIRef(prefix + str(value).strip())


# ---------------------------------------------------------------- market status


@dataclass(frozen=True)
class Event:
    iri: URIRef
    types: frozenset
    when: Literal | None

    def sort_key(self, ending: bool) -> tuple[str, int]:
        """Order by date; a year alone sorts at the start of its year for an approval and at
        its end for a withdrawal; an undated approval first, an undated ending last; on the
        same day an ending comes after an approval."""
        if self.when is None:
            return ("9999" if ending else "0000", int(ending))
        text = str(self.when)
        if len(text) == 4:
            text += "-99-99" if ending else "-00-00"
        return (text, int(ending))


def market_status(data: Graph, classes: dict) -> Iterator[tuple[Node, Node, Node]]:
    """One status node per therapy and jurisdiction where it was ever approved."""
    events_by_therapy: dict[URIRef, list[tuple[Event, frozenset]]] = defaultdict(list)
    for event, therapy in data.subject_objects(GT.concernsTherapy):
        if not isinstance(event, URIRef) or not isinstance(therapy, URIRef):
            continue
        record = Event(event, frozenset(_types(data, event, classes)), _when(data, event))
        events_by_therapy[therapy].append((record, frozenset(_jurisdictions(data, event, classes))))
    for therapy, events in sorted(events_by_therapy.items()):
        approved_in = {
            agency
            for event, places in events
            if GT.RegulatoryApproval in event.types
            for agency in places
        }
        for agency in sorted(approved_in):
            # an ending event with no jurisdiction ends the product everywhere it was sold
            here = [e for e, places in events if agency in places or (not places and _ends(e))]
            yield from _status(data, therapy, agency, here)


def _status(data: Graph, therapy: URIRef, agency: URIRef, events: list[Event]):
    deciding = sorted(
        (e for e in events if _status_value(e) is not None), key=lambda e: e.sort_key(_ends(e))
    )
    endings = [i for i, e in enumerate(deciding) if _ends(e)]
    if endings and endings[-1] == len(deciding) - 1:
        decided_by = deciding[-1]  # withdrawn or discontinued since then
    else:  # authorised since the first approval after the last ending (label expansions add)
        decided_by = deciding[endings[-1] + 1 if endings else 0]
    value = _status_value(decided_by)
    node = URIRef(STATUS_BASE + f"{_slug(therapy)}-{_slug(agency)}")
    therapy_name, agency_name = _label(data, therapy), _label(data, agency)
    since = f" since {decided_by.when}" if decided_by.when is not None else ""
    word = STATUS_WORDS[value]
    changes = _label_changes(events, decided_by) if value == AUTHORISED else []
    kinds = {kind for event in changes for kind in LABEL_CHANGES if kind in event.types}
    caveats = [LABEL_CHANGE_WORDS[kind] for kind in LABEL_CHANGES if kind in kinds]
    caveat = f", with {' and '.join(caveats)}" if caveats else ""
    yield node, RDF.type, GT.MarketStatus
    label = f"{therapy_name}: {word}{since} ({agency_name}){caveat}"
    yield node, RDFS.label, Literal(label, lang="en")
    definition = (
        f"Market status of {therapy_name} in the jurisdiction of the {agency_name}: "
        f"{word}{since}{caveat}, derived by the build from its regulatory events there."
    )
    yield node, SKOS.definition, Literal(definition, lang="en")
    yield node, GT.statusOf, therapy
    yield therapy, GT.hasMarketStatus, node
    yield node, GT.jurisdiction, agency
    yield node, GT.statusValue, value
    yield node, GT.decidedBy, decided_by.iri
    if decided_by.when is not None:
        year_only = decided_by.when.datatype == XSD.gYear
        yield node, GT.statusSinceYear if year_only else GT.statusSince, decided_by.when
    for event in changes:
        yield node, GT.withLabelChange, event.iri


def _label_changes(events: list[Event], authorised_by: Event) -> list[Event]:
    """Label restrictions and safety label changes made since the product was authorised."""
    start = authorised_by.sort_key(False)
    # a label change dated by its year alone counts from the start of that year
    return [
        event
        for event in events
        if any(kind in event.types for kind in LABEL_CHANGES) and event.sort_key(True) >= start
    ]


def _status_value(event: Event) -> URIRef | None:
    for kind, value in STATUS_OF_EVENT.items():
        if kind in event.types:
            return value
    return None


def _ends(event: Event) -> bool:
    return _status_value(event) in (WITHDRAWN, DISCONTINUED)


def _jurisdictions(data: Graph, event: URIRef, classes: dict) -> Iterable[URIRef]:
    yield from (a for a in data.objects(event, GT.inJurisdictionOf) if isinstance(a, URIRef))
    for agency in data.objects(event, GT.byAgency):
        if GT.RegulatoryAgency in _types(data, agency, classes):
            yield agency


def _when(data: Graph, event: URIRef) -> Literal | None:
    for prop in (GT.eventDate, GT.eventYear):
        values = sorted(v for v in data.objects(event, prop) if isinstance(v, Literal))
        if values:
            return values[0]
    return None


def _label(data: Graph, node: URIRef) -> str:
    labels = sorted(
        str(v) for v in data.objects(node, RDFS.label) if getattr(v, "language", None) == "en"
    )
    return labels[0] if labels else _slug(node)


def _slug(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]
