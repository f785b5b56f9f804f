"""Request values → RDF terms, checked by type. They reach SPARQL only as bound terms.

``bind(query, values)`` returns the pyoxigraph ``substitutions`` mapping for a
saved query. A missing, malformed or not-enumerated value raises
``BadParameter`` naming the parameter and what was expected; a value for a
parameter the query does not have is refused the same way (a typo should not
silently widen a query).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.errors import BadParameter
from graph.settings import DEFAULT_BASE_IRI
from queries.catalogue import Parameter, SavedQuery

# RFC 3987 forbids these in an IRI; SPARQL's IRIREF production forbids them too.
IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|^`\\]*$')
# "therapy/luxturna" is shorthand for the entity IRI under the base.
LOCAL = re.compile(r"^[a-z][a-z-]*/[A-Za-z0-9][A-Za-z0-9_.\-]*$")
# "DMD" for a parameter named gene is shorthand for gene/DMD: the kind the name stands for.
BARE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
KIND_OF_PARAMETER = {
    "gene": "gene",
    "therapy": "therapy",
    "product": "therapy",
    "disease": "disease",
    "vector": "vector",
    "serotype": "serotype",
    "tissue": "tissue",
    "route": "route",
    "strategy": "strategy",
    "approach": "approach",
    "agency": "organisation",
    "organisation": "organisation",
}
INTEGER = re.compile(r"^[+-]?[0-9]+$")
DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
DOUBLE = re.compile(r"^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN)$")
YEAR = re.compile(r"^-?[0-9]{4,}$")
MAX_LENGTH = 2000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bind(
    query: SavedQuery, values: Mapping[str, str | None], base_iri: str = DEFAULT_BASE_IRI
) -> dict[ox.Variable, ox.Term]:
    """The substitutions for ``query`` given raw request ``values`` (name → text)."""
    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        expected = ", ".join(p.name for p in query.parameters) or "none"
        raise BadParameter(unknown[0], f"{query.name} has no such parameter (it takes: {expected})")
    substitutions: dict[ox.Variable, ox.Term] = {}
    for parameter in query.parameters:
        raw = values.get(parameter.name)
        if raw is None or raw == "":
            raw = parameter.default
        if raw is None:
            if parameter.required:
                raise BadParameter(parameter.name, f"is required: {parameter.expected}")
            continue
        substitutions[ox.Variable(parameter.variable)] = to_term(parameter, raw, base_iri)
    return substitutions


def to_term(parameter: Parameter, raw: str, base_iri: str = DEFAULT_BASE_IRI) -> ox.Term:
    """One value as the RDF term its parameter's type asks for."""
    if not isinstance(raw, str):
        raw = str(raw)
    if len(raw) > MAX_LENGTH:
        raise BadParameter(parameter.name, f"is longer than {MAX_LENGTH} characters")
    if CONTROL.search(raw):
        raise BadParameter(parameter.name, "contains control characters")
    value = raw.strip()
    if parameter.enum and value not in parameter.enum:
        raise BadParameter(parameter.name, f"must be {parameter.expected}, not {raw!r}")
    try:
        term = _convert(parameter, value, base_iri)
    except (ValueError, InvalidOperation, SyntaxError):
        term = None
    if term is None:
        raise BadParameter(parameter.name, f"must be {parameter.expected}, not {raw!r}")
    return term


def _convert(parameter: Parameter, value: str, base_iri: str) -> ox.Term | None:
    kind = parameter.type
    if kind == "iri":
        entity_kind = KIND_OF_PARAMETER.get(parameter.name)
        if entity_kind and BARE.match(value) and not parameter.enum:
            value = f"{entity_kind}/{value}"
        return _iri(value, base_iri)
    if kind in ("literal", "string"):
        return ox.Literal(value)
    if kind == "language":
        return ox.Literal(value, language=parameter.language)
    if kind == "number":
        if INTEGER.match(value):
            return _typed(str(int(value)), "integer")
        return _typed(str(Decimal(value)), "decimal") if DECIMAL.match(value) else None
    if kind in ("integer", "nonNegativeInteger", "positiveInteger"):
        if not INTEGER.match(value):
            return None
        number = int(value)
        if (kind == "nonNegativeInteger" and number < 0) or (
            kind == "positiveInteger" and number < 1
        ):
            return None
        return _typed(str(number), kind)
    if kind == "decimal":
        return _typed(str(Decimal(value)), kind) if DECIMAL.match(value) else None
    if kind in ("double", "float"):
        return _typed(value, kind) if DOUBLE.match(value) else None
    if kind == "boolean":
        lowered = value.lower()
        return _typed(lowered, kind) if lowered in ("true", "false", "1", "0") else None
    if kind == "date":
        return _typed(dt.date.fromisoformat(value).isoformat(), kind) if len(value) == 10 else None
    if kind == "dateTime":
        dt.datetime.fromisoformat(value)
        return _typed(value, kind) if "T" in value else None
    if kind == "gYear":
        return _typed(value, kind) if YEAR.match(value) else None
    return None


def _iri(value: str, base_iri: str) -> ox.NamedNode | None:
    if LOCAL.match(value):
        value = base_iri + value
    if not IRI.match(value):
        return None
    return ox.NamedNode(value)


def _typed(lexical: str, kind: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + kind))
