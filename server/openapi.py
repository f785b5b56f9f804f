"""An OpenAPI 3 description of the saved-query API, generated from the ``.rq`` headers.

One GET operation per saved query (``/queries/{name}``), with its parameters
typed from their grlc variables, their examples, defaults and enumerations, and
a response per media type the SPARQL endpoint answers in.
"""

from __future__ import annotations

from typing import Any

from queries import Catalogue, Parameter, SavedQuery
from server.sparql.formats import offers_for

OPENAPI_VERSION = "3.0.3"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "string"},
        "status": {"type": "integer"},
        "message": {"type": "string"},
    },
    "required": ["error", "status", "message"],
}
ERRORS = {
    "400": "a parameter is missing or malformed (the message names it and what was expected)",
    "404": "no saved query has that name",
    "406": "the result cannot be given in the asked format",
    "503": "the query ran past the time limit, or the store is unavailable",
}


def openapi_document(catalogue: Catalogue, server_url: str = "/") -> dict[str, Any]:
    """The whole OpenAPI document for ``catalogue``."""
    paths: dict[str, Any] = {"/queries": {"get": catalogue_operation()}}
    for query in catalogue.values():
        paths[f"/queries/{query.name}"] = {"get": operation(query)}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "gtkg saved queries",
            "version": "1",
            "description": (
                "The questions researchers ask of gtkg, the gene therapy knowledge graph, "
                "as named, parameterised SPARQL queries. Every result is available in the "
                "formats of the SPARQL endpoint, chosen by Accept header, `format` parameter "
                "or a suffix (`/queries/{name}.csv`). Results are bounded (header "
                "`X-GTKG-Truncated: true` when cut) and queries have a time limit."
            ),
            "license": {"name": "Apache-2.0"},
        },
        "servers": [{"url": server_url}],
        "tags": [{"name": tag} for tag in catalogue.tags()],
        "paths": paths,
        "components": {"schemas": {"Error": ERROR_SCHEMA}},
    }


def catalogue_operation() -> dict[str, Any]:
    return {
        "operationId": "listQueries",
        "summary": "The catalogue of saved queries",
        "tags": ["catalogue"],
        "responses": {
            "200": {
                "description": "every saved query with its summary, tags and parameters",
                "content": {
                    "application/json": {"schema": {"type": "object"}},
                    "text/html": {"schema": {"type": "string"}},
                },
            },
            "406": error_response(ERRORS["406"]),
        },
    }


def operation(query: SavedQuery) -> dict[str, Any]:
    offers = offers_for(query.form)
    parameters = [parameter_object(p) for p in query.parameters]
    parameters.append(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "description": "result format (instead of an Accept header)",
            "schema": {"type": "string", "enum": [o.key for o in offers] + ["html"]},
        }
    )
    content = {o.mimetype: {"schema": {"type": "string"}} for o in offers}
    content["text/html"] = {"schema": {"type": "string"}}
    responses: dict[str, Any] = {
        "200": {"description": f"the {query.form} result", "content": content}
    }
    responses.update({code: error_response(text) for code, text in ERRORS.items()})
    return {
        "operationId": camel(query.name),
        "summary": query.summary,
        "description": query.description + "\n\n```sparql\n" + query.sparql.strip() + "\n```",
        "tags": list(query.tags) or ["queries"],
        "parameters": parameters,
        "responses": responses,
    }


def parameter_object(parameter: Parameter) -> dict[str, Any]:
    schema = dict(parameter.schema)
    if "default" in schema:
        schema["default"] = typed(parameter, schema["default"])
    if "enum" in schema:
        schema["enum"] = [typed(parameter, value) for value in schema["enum"]]
    result: dict[str, Any] = {
        "name": parameter.name,
        "in": "query",
        "required": parameter.required,
        "description": parameter.description or parameter.expected,
        "schema": schema,
    }
    example = parameter.example if parameter.example is not None else parameter.default
    if example is not None:
        result["example"] = typed(parameter, example)
    return result


def typed(parameter: Parameter, value: str) -> Any:
    """A header value as the JSON type of the parameter's schema."""
    kind = parameter.schema.get("type")
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            number = float(value)
            return int(number) if number.is_integer() else number
    except ValueError:
        return value
    if kind == "boolean":
        return str(value).lower() in ("true", "1")
    return str(value)


def error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}},
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }


def camel(name: str) -> str:
    first, *rest = name.split("-")
    return first + "".join(part.capitalize() for part in rest)
