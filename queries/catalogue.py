"""The catalogue of saved queries: one ``.rq`` file each, with a grlc ``#+ key: value`` header.

A saved query is a SPARQL file in ``queries/rq/`` whose leading ``#+`` lines are
YAML, as grlc (CLARIAH/grlc) reads them::

    #+ summary: Therapies for a disease
    #+ description: Gene therapies that treat a disease or one of its subtypes.
    #+ tags:
    #+   - therapies
    #+ params:
    #+   disease:
    #+     description: the disease
    #+     example: https://w3id.org/gtkg/disease/spinal-muscular-atrophy
    #+ defaults:
    #+   - disease: https://w3id.org/gtkg/disease/spinal-muscular-atrophy
    #+ enumerate:
    #+   - strategy:
    #+     - https://w3id.org/gtkg/strategy/gene-addition

Parameters are grlc variables: ``?_name`` (required) or ``?__name`` (optional),
optionally followed by ``_type`` — ``iri``, ``literal``/``string``, ``number``, an
XSD datatype (``integer``, ``decimal``, ``date``, ``gYear``, ``boolean`` …), the
grlc ``prefix_datatype`` form (``xsd_date``) or a two-letter language tag
(``?_label_en``). As in grlc the parameter *name* is the first segment. The
``params`` mapping (our superset of grlc) documents each one: description,
example. A parameter with a default is optional.

Oxigraph binds parameters by SEP-0007 substitution, which requires a SELECT query
to project every parameter variable: our SELECT queries therefore name their
parameters in the projection, and their results echo the values they were given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import QueryNotFound, SourceError
from graph.settings import DEFAULT_BASE_IRI

QUERY_DIR = Path(__file__).resolve().parent / "rq"
NAME_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADER_LINE = re.compile(r"^#\+ ?(.*)$")
PARAM_VARIABLE = re.compile(r"[?$](__?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
QUERY_FORM = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE
)
HEADER_KEYS = {
    "summary",
    "description",
    "tags",
    "params",
    "defaults",
    "enumerate",
    "method",
    "pagination",
    "endpoint",
    "endpoint_in_url",
    "transform",
}

# Types a parameter may declare, with the XSD datatype its value is given.
XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = {
    "integer": XSD + "integer",
    "decimal": XSD + "decimal",
    "double": XSD + "double",
    "float": XSD + "float",
    "boolean": XSD + "boolean",
    "date": XSD + "date",
    "dateTime": XSD + "dateTime",
    "gYear": XSD + "gYear",
    "string": XSD + "string",
    "nonNegativeInteger": XSD + "nonNegativeInteger",
    "positiveInteger": XSD + "positiveInteger",
}
# JSON Schema of each type, for OpenAPI.
SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "uri"},
    "literal": {"type": "string"},
    "language": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "nonNegativeInteger": {"type": "integer", "minimum": 0},
    "positiveInteger": {"type": "integer", "minimum": 1},
    "decimal": {"type": "number"},
    "double": {"type": "number"},
    "float": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "dateTime": {"type": "string", "format": "date-time"},
    "gYear": {"type": "string", "pattern": "^-?[0-9]{4,}$"},
    "string": {"type": "string"},
}


@dataclass(frozen=True)
class Parameter:
    """One query parameter, as its grlc variable declares it and the header documents it."""

    name: str
    variable: str  # without the "?": "_disease_iri"
    type: str  # "iri", "literal", "integer", … or "language"
    required: bool
    language: str | None = None
    description: str = ""
    example: str | None = None
    default: str | None = None
    enum: tuple[str, ...] = ()

    @property
    def datatype(self) -> str | None:
        return DATATYPES.get(self.type)

    @property
    def schema(self) -> dict[str, Any]:
        schema = dict(SCHEMAS[self.type])
        if self.enum:
            schema["enum"] = list(self.enum)
        if self.default is not None:
            schema["default"] = self.default
        return schema

    @property
    def expected(self) -> str:
        """What a value must look like, for error messages and help."""
        if self.enum:
            return "one of " + ", ".join(self.enum)
        if self.type == "language":
            return f"text (bound with language tag @{self.language})"
        return {
            "iri": 'an absolute IRI (no spaces or <>"{}|^`\\)',
            "literal": "text",
            "string": "text",
            "number": "a number",
            "integer": "an integer",
            "nonNegativeInteger": "an integer ≥ 0",
            "positiveInteger": "an integer ≥ 1",
            "decimal": "a decimal number",
            "double": "a number",
            "float": "a number",
            "boolean": "true or false",
            "date": "a date YYYY-MM-DD",
            "dateTime": "a date and time YYYY-MM-DDThh:mm:ss",
            "gYear": "a year YYYY",
        }[self.type]


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    sparql: str
    form: str  # SELECT, CONSTRUCT, ASK or DESCRIBE
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    header: Mapping[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.summary

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    @property
    def examples(self) -> dict[str, str]:
        """Example value of every parameter that has one (or its default)."""
        return {
            p.name: value
            for p in self.parameters
            if (value := p.example if p.example is not None else p.default) is not None
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "tags": list(self.tags),
            "form": self.form,
            "parameters": [
                {
                    "name": p.name,
                    "variable": "?" + p.variable,
                    "type": p.type,
                    "language": p.language,
                    "datatype": p.datatype,
                    "required": p.required,
                    "description": p.description,
                    "example": p.example,
                    "default": p.default,
                    "enum": list(p.enum) or None,
                }
                for p in self.parameters
            ],
            "sparql": self.sparql,
        }


class Catalogue(Mapping[str, SavedQuery]):
    """The saved queries by name; ``catalogue[name]`` raises ``QueryNotFound``."""

    def __init__(self, queries: Mapping[str, SavedQuery]) -> None:
        self._queries = dict(sorted(queries.items()))

    def __getitem__(self, name: str) -> SavedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryNotFound(f"no saved query named {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._queries)

    def __len__(self) -> int:
        return len(self._queries)

    def tags(self) -> list[str]:
        return sorted({tag for query in self._queries.values() for tag in query.tags})


def load_catalogue(
    directory: str | Path | None = None, base_iri: str = DEFAULT_BASE_IRI
) -> Catalogue:
    """Every ``*.rq`` in ``directory`` (default: the packaged queries), rebased to ``base_iri``."""
    if directory is None:
        return _packaged(base_iri)
    paths = sorted(Path(directory).glob("*.rq"))
    return Catalogue({path.stem: load_query(path, base_iri) for path in paths})


@lru_cache(maxsize=4)
def _packaged(base_iri: str) -> Catalogue:
    return load_catalogue(QUERY_DIR, base_iri)


def get_query(name: str, base_iri: str = DEFAULT_BASE_IRI) -> SavedQuery:
    """The packaged saved query ``name``; ``QueryNotFound`` if there is none."""
    return load_catalogue(base_iri=base_iri)[name]


def load_query(path: Path, base_iri: str = DEFAULT_BASE_IRI) -> SavedQuery:
    """Read one ``.rq`` file; ``SourceError`` (with the line) if its header is malformed."""
    text = rebase_text(path.read_text(encoding="utf-8"), base_iri)
    name = path.stem
    if not NAME_PATTERN.match(name):
        raise SourceError(f"query name {name!r} must be lower-case kebab", str(path))
    header, sparql = split_header(text, path)
    form = QUERY_FORM.search(_strip_comments(sparql))
    if form is None:
        raise SourceError("not a SELECT, CONSTRUCT, ASK or DESCRIBE query", str(path))
    if not header.get("summary"):
        raise SourceError("the header has no summary", str(path), 1)
    tags = header.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise SourceError("tags must be a list of words", str(path))
    return SavedQuery(
        name=name,
        path=path,
        sparql=sparql,
        form=form.group(1).upper(),
        summary=str(header["summary"]).strip(),
        description=str(header.get("description") or "").strip(),
        tags=tuple(tags),
        parameters=tuple(parse_parameters(sparql, header, path)),
        header=header,
    )


def split_header(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """The YAML of the leading ``#+`` lines, and the query text after them."""
    lines = text.splitlines(keepends=True)
    yaml_lines = []
    for line in lines:
        match = HEADER_LINE.match(line.rstrip("\n"))
        if not match:
            break
        yaml_lines.append(match.group(1))
    try:
        header = yaml.safe_load("\n".join(yaml_lines)) or {}
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise SourceError(f"malformed header: {error}", str(path), (line or 0) + 1) from error
    if not isinstance(header, dict):
        raise SourceError("the header must be a YAML mapping", str(path), 1)
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise SourceError(f"unknown header keys {sorted(unknown)}", str(path), 1)
    return header, "".join(lines[len(yaml_lines) :])


def parse_parameters(sparql: str, header: Mapping[str, Any], path: Path) -> list[Parameter]:
    """The parameters of a query: its ``?_`` variables, documented by the header."""
    docs = header.get("params") or {}
    defaults = _list_of_mappings(header.get("defaults"), "defaults", path)
    enums = _list_of_mappings(header.get("enumerate"), "enumerate", path)
    found: dict[str, Parameter] = {}
    for variable in dict.fromkeys(PARAM_VARIABLE.findall(_strip_comments(sparql))):
        name, kind, language = parse_variable(variable, path)
        if name in found:
            if found[name].variable != variable:
                raise SourceError(f"parameter {name!r} is declared twice", str(path))
            continue
        doc = docs.get(name) or {}
        default = defaults.get(name)
        enum = enums.get(name) or []
        if not isinstance(enum, list):
            raise SourceError(f"enumerate of {name!r} must be a list", str(path))
        found[name] = Parameter(
            name=name,
            variable=variable,
            type=kind,
            language=language,
            required=not variable.startswith("__") and default is None,
            description=str(doc.get("description", "")).strip(),
            example=None if doc.get("example") is None else str(doc["example"]),
            default=None if default is None else str(default),
            enum=tuple(str(value) for value in enum),
        )
    undocumented = (set(docs) | set(defaults) | set(enums)) - set(found)
    if undocumented:
        raise SourceError(f"header names unknown parameters {sorted(undocumented)}", str(path))
    order = list(docs)
    return sorted(found.values(), key=lambda p: order.index(p.name) if p.name in order else 99)


def parse_variable(variable: str, path: Path | None = None) -> tuple[str, str, str | None]:
    """``_disease_iri`` → (``disease``, ``iri``, None); ``_label_en`` → (``label``, ``language``, ``en``)."""
    parts = variable.lstrip("_").split("_")
    name, codes = parts[0], parts[1:]
    if not codes or codes == ["literal"]:
        return name, "literal", None
    if len(codes) == 1:
        code = codes[0]
        if code in ("iri", "number", "string"):
            return name, code, None
        if code in DATATYPES:
            return name, code, None
        if re.fullmatch(r"[a-z]{2}", code):
            return name, "language", code
    if len(codes) == 2 and codes[0] == "xsd" and codes[1] in DATATYPES:
        return name, codes[1], None
    raise SourceError(f"parameter variable ?{variable} has an unknown type", str(path))


def rebase_text(text: str, base_iri: str) -> str:
    """Move entity IRIs in a query from the default base to ``base_iri`` (not the vocabulary)."""
    if base_iri == DEFAULT_BASE_IRI:
        return text
    pattern = re.compile(re.escape(DEFAULT_BASE_IRI) + r"(?!ontology)")
    return pattern.sub(lambda _: base_iri, text)


def _list_of_mappings(value: Any, key: str, path: Path) -> dict[str, Any]:
    """grlc writes ``defaults`` and ``enumerate`` as a list of one-key mappings; accept a mapping too."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return dict(value)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise SourceError(f"{key} must be a list of `- name: value` items", str(path))
    merged: dict[str, Any] = {}
    for item in value:
        merged.update(item)
    return merged


def _strip_comments(sparql: str) -> str:
    """The query without ``#`` comments (ignoring ``#`` inside IRIs and strings, roughly)."""
    out = []
    for line in sparql.splitlines():
        out.append(re.sub(r'#(?![^<]*>)(?=(?:[^"]*"[^"]*")*[^"]*$).*', "", line))
    return "\n".join(out) + "\n"
