"""The v2 API's contract as data: request and response schemas and query parameters by operation."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = "v2/responses/error"
EMPTY = "v2/responses/empty"

REQUEST_SCHEMAS: dict[str, str] = {
    "CreateApp": "v2/requests/app-create",
    "UpdateApp": "v2/requests/app-update",
    "CreateAppKey": "v2/requests/app-key-create",
    "DeleteAttachment": "v2/requests/attachment-remove",
}

RESPONSE_SCHEMAS: dict[str, dict[int, str | dict[str, Any]]] = {
    "CreateApp": {201: "v2/responses/app"},
    "ListApps": {200: "v2/responses/apps"},
    "GetApp": {200: "v2/responses/app"},
    "UpdateApp": {200: "v2/responses/app"},
    "DeleteApp": {200: EMPTY},
    "CreateAppKey": {201: "v2/responses/app-key"},
    "ListAppKeys": {200: "v2/responses/app-keys"},
    "GetAppKey": {200: "v2/responses/app-key"},
    "DeleteAppKey": {200: EMPTY},
    "UploadAttachment": {201: "v2/responses/attachment"},
    "DeleteAttachment": {200: EMPTY},
    "GetTokenInfo": {200: "v2/responses/token-info"},
}

MULTIPART_SCHEMAS: dict[str, dict[str, Any]] = {
    "UploadAttachment": {
        "type": "object",
        "required": ["source"],
        "properties": {"source": {"type": "string", "format": "binary"}},
    },
}


def _query(name: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


def _deep_object(name: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A `name[key]=value` parameter (the documented form; clients may also send JSON)."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "deepObject",
        "explode": True,
        "schema": {"type": "object", "properties": properties},
    }


_CURSOR = {"type": "string", "minLength": 24, "maxLength": 24}
PAGE = _deep_object(
    "page",
    {
        "after": _CURSOR,
        "before": _CURSOR,
        "size": {"type": "integer", "minimum": 1, "maximum": 100},
    },
)

QUERY_PARAMETERS: dict[str, list[dict[str, Any]]] = {
    "ListApps": [PAGE, _deep_object("filter", {"serviceAccountId": {"type": "string"}})],
    "UploadAttachment": [
        _query("access", {"enum": ["public"]}, required=True),
        _query("for", {"enum": ["message"]}),
        _query("conversationId", {"type": "string"}),
    ],
}
