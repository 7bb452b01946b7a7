"""Compose an OpenAPI 3.1 document from route tables and the JSON Schemas (self-contained)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urldefrag, urljoin

from ..http.router import Body, Placement, Route
from ..schemas import get_schema, schema_names, webhook_schema_name, webhook_triggers
from ..schemas.registry import SCHEMA_ID_PREFIX
from .control import EVENT_STREAMS
from .mapping import (
    ERROR_SCHEMA,
    ERROR_STATUSES,
    MULTIPART_SCHEMAS,
    QUERY_PARAMETERS,
    RAW_RESPONSES,
    REQUEST_SCHEMAS,
    RESPONSE_SCHEMAS,
    VERSION_ERROR_SCHEMAS,
    SchemaSpec,
)

Document = dict[str, Any]
SHIPPED_NAME = "openapi.json"
COMPONENTS = "#/components/schemas/"
_PARAM = re.compile(r"\{(\w+)\}")
_REASONS = {
    200: "OK",
    201: "Created",
    302: "Found: a redirect to the Location header",
    400: "Bad request (validation failure, malformed JSON, missing app)",
    401: "Missing or invalid credentials",
    403: "The credentials do not reach this resource",
    404: "No such resource or path",
    405: "Method not allowed on this path",
    409: "Conflict (duplicate)",
    413: "Body too large",
    415: "Unsupported content type",
}
_CONTROL_ERRORS = tuple(s for s in ERROR_STATUSES if s not in (401, 403))
_SCOPES = {
    "account": "account scope",
    "app": "app scope",
    "appUser": "appUser scope (JWT with userId)",
    "integration": "integration scope (a custom integration's int_ key)",
}
_VERSION_ERRORS = {"v2": "V2Error"}
"""The error responses of a version with an error body of its own (the rest: `Error<status>`)."""


def component_name(schema_name: str) -> str:
    """`webhooks/v1.1/message-appUser` → `webhooks.v1.1.message-appUser`."""
    return schema_name.replace("/", ".")


def build_openapi(routes: Sequence[Route]) -> Document:
    """The whole document: every route's forms, request/response/error schemas and webhooks."""
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        for path, operation in _operations(route):
            paths.setdefault(path, {})[route.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "smooch-mock: Smooch v1/v1.1 and Sunshine Conversations v2 (local fake)",
            "version": _package_version(),
            "description": (
                "Composed from the fake's route table and its JSON Schemas. Smooch operations "
                "are served under /v1.1 (and /v1 where they existed), app resources also under "
                "/{version}/apps/{appId}; the v2 operations under /v2, with their own error "
                "body {errors: [{code, title}]}. The /_mock API controls the fake itself."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "tags": [
            {"name": "smooch", "description": "The Smooch v1/v1.1 API the fake serves."},
            {"name": "v2", "description": "The Sunshine Conversations v2 API the fake serves."},
            {"name": "control", "description": "The fake's own /_mock control API."},
        ],
        "paths": paths,
        "webhooks": _webhooks(),
        "components": {
            "schemas": {component_name(name): _bundle(name) for name in schema_names()},
            "responses": {
                f"{prefix}{status}": {
                    "description": _REASONS[status],
                    "content": {"application/json": {"schema": _ref(schema)}},
                }
                for prefix, schema in _error_schemas()
                for status in ERROR_STATUSES
            },
            "securitySchemes": {
                "basicAuth": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "A secret key: key id as user, secret as password.",
                },
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "HS256 JWT with kid = key id and a scope claim.",
                },
            },
        },
    }


@cache
def openapi_document(routes: tuple[Route, ...]) -> Document:
    """`build_openapi(routes)`, built once per route set (served at /_mock/openapi.json)."""
    return build_openapi(routes)


def shipped_openapi() -> Document:
    """The document shipped in the package (`smooch_mock/contract/openapi.json`)."""
    text = resources.files("smooch_mock.contract").joinpath(SHIPPED_NAME).read_text("utf-8")
    document: Document = json.loads(text)
    return document


def render(document: Document) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


# -- paths ------------------------------------------------------------------------------------


def _forms(route: Route) -> list[tuple[str, str]]:
    """(path, operationId suffix) of every URL form a route answers on; the first is canonical."""
    if route.placement in (Placement.CONTROL, Placement.UNVERSIONED):
        return [(route.path, "")]
    versions = sorted(route.versions, key=lambda v: v != "v1.1")
    forms: list[tuple[str, str]] = []
    for version in versions:
        suffix = "" if version == versions[0] else "_" + version.replace(".", "")
        forms.append((f"/{version}{route.path}", suffix))
        if route.placement is Placement.APP:
            forms.append((f"/{version}/apps/{{appId}}{route.path}", suffix + "_inApp"))
    return forms


def _operations(route: Route) -> Iterable[tuple[str, dict[str, Any]]]:
    for path, suffix in _forms(route):
        yield path, _operation(route, path, route.operation + suffix)


def _error_schemas() -> list[tuple[str, str]]:
    """(response name prefix, error body schema) of each error body the fake answers with."""
    by_version = [(_VERSION_ERRORS[v], str(s)) for v, s in VERSION_ERROR_SCHEMAS.items()]
    return [("Error", ERROR_SCHEMA), *by_version]


def _tag(route: Route) -> str:
    if route.placement is Placement.CONTROL:
        return "control"
    return "v2" if route.versions == ("v2",) else "smooch"


def _operation(route: Route, path: str, operation_id: str) -> dict[str, Any]:
    control = route.placement is Placement.CONTROL
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "tags": [_tag(route)],
        "summary": route.summary or _words(route.operation),
    }
    if not control and route.scopes:
        scopes = ", ".join(_SCOPES[s] for s in sorted(route.scopes))
        operation["description"] = f"Credentials: {scopes}."
        operation["security"] = [{"basicAuth": []}, {"bearerAuth": []}]
    else:
        operation["security"] = []
        if not control:
            operation["description"] = "Credentials: none."
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for name in _PARAM.findall(path)
    ]
    parameters += copy.deepcopy(QUERY_PARAMETERS.get(route.operation, []))
    if parameters:
        operation["parameters"] = parameters
    body = _request_body(route)
    if body is not None:
        operation["requestBody"] = body
    operation["responses"] = _responses(route, path)
    return operation


def _request_body(route: Route) -> dict[str, Any] | None:
    if route.body is Body.MULTIPART:
        form = MULTIPART_SCHEMAS.get(route.operation, {"type": "object"})
        return {"required": True, "content": {"multipart/form-data": {"schema": form}}}
    if route.body is not Body.JSON:
        return None
    spec = REQUEST_SCHEMAS.get(route.operation, {"type": "object"})
    if isinstance(spec, dict) and spec and all(key in ("v1", "v1.1") for key in spec):
        by_version: dict[str, SchemaSpec] = spec
        schemas = {_key(v): _schema(v) for v in by_version.values()}
        schema = (
            next(iter(schemas.values())) if len(schemas) == 1 else {"anyOf": list(schemas.values())}
        )
        description = "; ".join(f"{version}: {_name(s)}" for version, s in by_version.items())
    else:
        schema = _schema(spec)
        description = _name(spec)
    return {
        "required": True,
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


def _responses(route: Route, path: str) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, spec in sorted(RESPONSE_SCHEMAS.get(route.operation, {}).items()):
        content: dict[str, Any]
        if route.operation in EVENT_STREAMS:
            content = {"text/event-stream": {"schema": _schema(spec)}}
        elif route.operation in RAW_RESPONSES:
            content = {"*/*": {"schema": _schema(spec) if spec else {}}}
        else:
            content = {"application/json": {"schema": _schema(spec)}}
        responses[str(status)] = {"description": _REASONS.get(status, "OK"), "content": content}
    statuses = _CONTROL_ERRORS if route.placement is Placement.CONTROL else ERROR_STATUSES
    prefix = "Error"
    if len(route.versions) == 1 and route.placement is not Placement.CONTROL:
        prefix = _VERSION_ERRORS.get(route.versions[0], prefix)
    for status in statuses:
        responses[str(status)] = {"$ref": f"#/components/responses/{prefix}{status}"}
    return responses


# -- webhooks ---------------------------------------------------------------------------------


def _webhooks() -> dict[str, Any]:
    hooks: dict[str, Any] = {}
    for version in ("v1", "v1.1"):
        for trigger in webhook_triggers(version):
            name = webhook_schema_name(trigger, version)
            hooks[f"{version} {trigger}"] = {
                "post": {
                    "operationId": "webhook_"
                    + f"{version}_{trigger}".replace(".", "").replace(":", "_"),
                    "summary": f"{trigger} ({version} webhook payload)",
                    "description": (
                        "POSTed to each webhook of this version subscribed to the trigger (or *), "
                        "with header X-API-Key: the webhook's secret."
                    ),
                    "parameters": [
                        {
                            "name": "X-API-Key",
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref(name)}},
                    },
                    "responses": {
                        "200": {"description": "Any 2xx acknowledges; other answers are retried."}
                    },
                }
            }
    return hooks


# -- schemas ----------------------------------------------------------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": COMPONENTS + component_name(name)}


def _schema(spec: SchemaSpec) -> dict[str, Any]:
    if isinstance(spec, str):
        return _ref(spec)
    schema = copy.deepcopy(spec)
    _rewrite(schema, SCHEMA_ID_PREFIX)
    return schema


def _name(spec: SchemaSpec) -> str:
    return spec if isinstance(spec, str) else "inline schema"


def _key(spec: SchemaSpec) -> str:
    return spec if isinstance(spec, str) else json.dumps(spec, sort_keys=True)


def _bundle(name: str) -> dict[str, Any]:
    """A copy of schema `name` as a component: no `$id`/`$schema`, every `$ref` made local."""
    schema = copy.deepcopy(get_schema(name))
    base = schema.pop("$id", f"{SCHEMA_ID_PREFIX}{name}.json")
    schema.pop("$schema", None)
    _rewrite(schema, base)
    return schema


def _rewrite(node: Any, base: str) -> None:
    """Make every `$ref` below `node` point into components (in place); data keywords are kept."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                node[key] = _local_ref(value, base)
            elif key not in ("examples", "const", "enum", "default"):
                _rewrite(value, base)
    elif isinstance(node, list):
        for item in node:
            _rewrite(item, base)


def _local_ref(ref: str, base: str) -> str:
    target, fragment = urldefrag(urljoin(base, ref))
    if not target.startswith(SCHEMA_ID_PREFIX) or not target.endswith(".json"):
        raise ValueError(f"cannot bundle $ref {ref!r} (resolved to {target!r})")
    name = target[len(SCHEMA_ID_PREFIX) : -len(".json")]
    return COMPONENTS + component_name(name) + fragment


def _words(operation: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", operation)
    return spaced[:1].upper() + spaced[1:].lower()


def _package_version() -> str:
    from .. import __version__

    return str(__version__)
