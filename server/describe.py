"""Turns a ``graph.describe.Description`` into what the entity page shows: groups, labels, links.

Presentation only: literals formatted (dates, amounts with their currency,
booleans, integers), external identifiers turned into links, facts grouped by
property with the source of each, and the neighbourhood graph as cytoscape data.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.describe import TYPE, Description, Fact, local_name
from graph.iris import graph_iri
from ontology import GT as GT_NAMESPACE
from server.iris import href, local_path

XSD = "http://www.w3.org/2001/XMLSchema#"
GT = str(GT_NAMESPACE._NS)  # the namespace IRI as text, for string prefixes
SKOS = "http://www.w3.org/2004/02/skos/core#"
CURRENCY = GT + "currency"
MONEY = {GT + "amount", GT + "minAmount", GT + "maxAmount"}
MAX_GRAPH_NODES = 60

# CURIE prefix → URL prefix of the page that shows the identifier (curation.md §3.5).
IDENTIFIER_LINKS = {
    "HGNC": "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:",
    "NCBIGene": "https://www.ncbi.nlm.nih.gov/gene/",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "UBERON": "http://purl.obolibrary.org/obo/UBERON_",
    "CL": "http://purl.obolibrary.org/obo/CL_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "Orphanet": "http://www.orpha.net/ORDO/Orphanet_",
    "ORPHA": "http://www.orpha.net/ORDO/Orphanet_",
    "OMIM": "https://omim.org/entry/",
    "MIM": "https://omim.org/entry/",
    "Wikidata": "http://www.wikidata.org/entity/",
    "wikidata": "http://www.wikidata.org/entity/",
    "UNII": "https://precision.fda.gov/uniisearch/srs/unii/",
    "DrugBank": "https://go.drugbank.com/drugs/",
    "ChEMBL": "https://www.ebi.ac.uk/chembl/compound_report_card/",
}


@dataclass
class Value:
    """One value shown on the page: text, an optional link, and the sources that state it."""

    text: str
    link: str | None = None
    external: bool = False
    note: str = ""
    sources: list[dict] = field(default_factory=list)
    inferred: bool = False


@dataclass
class Group:
    predicate: str
    label: str
    link: str
    values: list[Value]


def identifier_link(curie: str) -> str | None:
    prefix, _, local = curie.partition(":")
    base = IDENTIFIER_LINKS.get(prefix)
    return base + local if base and local else None


def format_literal(literal: ox.Literal, currency: str | None = None) -> tuple[str, str]:
    """(text, note): the literal as a reader wants it, and a note such as its language."""
    datatype = literal.datatype.value if literal.datatype else ""
    value = literal.value
    try:
        if datatype == XSD + "date":
            day = dt.date.fromisoformat(value[:10])
            return f"{day.day} {day:%B %Y}", ""
        if datatype == XSD + "boolean":
            return ("yes" if value in ("true", "1") else "no"), ""
        if datatype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
            return f"{int(value):,}", ""
        if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            number = Decimal(value)
            text = f"{number:,.2f}" if number != number.to_integral() else f"{int(number):,}"
            return (f"{currency} {text}" if currency else text), ""
    except (ValueError, InvalidOperation):
        pass
    return value, (literal.language or "")


def source_refs(sources: list[ox.NamedNode], desc: Description) -> list[dict]:
    return [{"iri": s.value, "label": desc.label(s), "href": href(s.value)} for s in sources]


def value_of(fact: Fact, term: ox.Term, desc: Description, currency: str | None) -> Value:
    inferred = any(s.value.endswith("/graph/inferred") for s in fact.sources)
    sources = source_refs(fact.sources, desc)
    if isinstance(term, ox.Literal):
        predicate = fact.predicate.value
        text, note = format_literal(term, currency if predicate in MONEY else None)
        link = identifier_link(term.value) if predicate == SKOS + "notation" else None
        return Value(text, link, bool(link), note, sources, inferred)
    if isinstance(term, ox.NamedNode):
        local = local_path(term.value)
        text = desc.labels.get(term.value) or (local_name(term) if local else term.value)
        return Value(text, local or term.value, local is None, "", sources, inferred)
    return Value(str(term), None, False, "", sources, inferred)


def group(facts: list[Fact], desc: Description, incoming: bool) -> list[Group]:
    currency = next((f.object.value for f in desc.outgoing if f.predicate.value == CURRENCY), None)
    groups: OrderedDict[str, Group] = OrderedDict()
    # An incoming link whose inverse is already listed as a fact (the build derives inverses),
    # or that comes from a blank node (an OWL list), says nothing new: leave it out.
    linked = {f.object for f in desc.outgoing} if incoming else set()
    for fact in facts:
        if not incoming and fact.predicate == TYPE:
            continue
        if incoming and (not isinstance(fact.subject, ox.NamedNode) or fact.subject in linked):
            continue
        predicate = fact.predicate.value
        grp = groups.get(predicate)
        if grp is None:
            grp = groups[predicate] = Group(
                predicate, desc.label(fact.predicate), href(predicate), []
            )
        term = fact.subject if incoming else fact.object
        grp.values.append(value_of(fact, term, desc, currency))
    for grp in groups.values():
        grp.values.sort(key=lambda v: v.text.casefold())
    return sorted(groups.values(), key=lambda g: g.label.casefold())


def types(desc: Description) -> list[Value]:
    facts = [f for f in desc.outgoing if f.predicate == TYPE]
    return sorted(
        (value_of(f, f.object, desc, None) for f in facts), key=lambda v: (v.inferred, v.text)
    )


def first_literal(desc: Description, predicate: str) -> str:
    values = [f.object for f in desc.outgoing if f.predicate.value == predicate]
    english = [v for v in values if isinstance(v, ox.Literal) and v.language in ("en", None)]
    chosen = english or values
    return chosen[0].value if chosen else ""


def neighbourhood(desc: Description) -> dict:
    """Nodes and edges for cytoscape: the entity and its linked entities (capped)."""
    centre = desc.iri.value
    nodes = {centre: _node(centre, desc, centre=True)}
    edges = []
    for fact, other in [(f, f.object) for f in desc.outgoing] + [
        (f, f.subject) for f in desc.incoming
    ]:
        if fact.predicate == TYPE or not isinstance(other, ox.NamedNode):
            continue
        if not local_path(other.value) or other.value.startswith(GT):
            continue
        if other.value not in nodes:
            if len(nodes) >= MAX_GRAPH_NODES:
                continue
            nodes[other.value] = _node(other.value, desc)
        source, target = (centre, other.value) if other is fact.object else (other.value, centre)
        edges.append(
            {
                "data": {
                    "id": f"e{len(edges)}",
                    "source": source,
                    "target": target,
                    "label": desc.label(fact.predicate),
                }
            }
        )
    return {"nodes": list(nodes.values()), "edges": edges}


def _node(iri: str, desc: Description, centre: bool = False) -> dict:
    path = local_path(iri) or iri
    kind = path.strip("/").split("/")[0]
    label = desc.labels.get(iri) or local_name(ox.NamedNode(iri))
    return {"data": {"id": iri, "label": label, "href": path, "kind": kind, "centre": centre}}


def inferred_graph(base: str) -> str:
    return str(graph_iri("inferred", base))
