"""The v2 operations the fake serves, in the contract: their schemas (from `schemas.v2_operations`)
and query parameters."""

from __future__ import annotations

from typing import Any

from ..schemas.v2_operations import V2_ERROR_SCHEMA, V2_REQUEST_SCHEMAS, V2_RESPONSE_SCHEMAS

ERROR_SCHEMA = V2_ERROR_SCHEMA
SERVED = (
    "CreateApp",
    "ListApps",
    "GetApp",
    "UpdateApp",
    "DeleteApp",
    "CreateAppKey",
    "ListAppKeys",
    "GetAppKey",
    "DeleteAppKey",
    "UploadAttachment",
    "DeleteAttachment",
    "GetTokenInfo",
    "PostMessage",
    "ListMessages",
    "DeleteAllMessages",
    "DeleteMessage",
    "PostActivity",
    # Users, clients, devices, conversations, participants
    "CreateConversation",
    "ListConversations",
    "GetConversation",
    "UpdateConversation",
    "DeleteConversation",
    "DownloadMessageRef",
    "PostConversionEvents",
    "JoinConversation",
    "ListParticipants",
    "LeaveConversation",
    "CreateUser",
    "ListUsers",
    "GetUser",
    "UpdateUser",
    "DeleteUser",
    "DeleteUserPersonalInformation",
    "SyncUser",
    "CreateClient",
    "ListClients",
    "RemoveClient",
    "ListDevices",
    "GetDevice",
    # integrations, their keys and webhooks, switchboards and switchboard actions
    "PassControl",
    "OfferControl",
    "AcceptControl",
    "ReleaseControl",
    "CreateIntegration",
    "ListIntegrations",
    "GetIntegration",
    "UpdateIntegration",
    "DeleteIntegration",
    "CreateCustomIntegrationKey",
    "ListCustomIntegrationKeys",
    "GetCustomIntegrationKey",
    "DeleteCustomIntegrationKey",
    "CreateWebhook",
    "ListWebhooks",
    "GetWebhook",
    "UpdateWebhook",
    "DeleteWebhook",
    "CreateSwitchboard",
    "ListSwitchboards",
    "UpdateSwitchboard",
    "DeleteSwitchboard",
    "CreateSwitchboardIntegration",
    "ListSwitchboardIntegrations",
    "UpdateSwitchboardIntegration",
    "DeleteSwitchboardIntegration",
    "Authorize",
    "GetToken",
    "RevokeAccess",
)
"""The v2 operations the fake serves so far (`api/v2/routes.py`; tests/test_contract.py checks
both ways that every route has its schemas and that the mapping names only routes)."""

REQUEST_SCHEMAS: dict[str, str] = {
    operation: V2_REQUEST_SCHEMAS[operation]
    for operation in SERVED
    if operation in V2_REQUEST_SCHEMAS
}
RESPONSE_SCHEMAS: dict[str, dict[int, str | dict[str, Any]]] = {
    operation: dict(V2_RESPONSE_SCHEMAS[operation]) for operation in SERVED
}
RESPONSE_SCHEMAS["Authorize"] = {302: {"type": "string"}}
RAW_RESPONSES = frozenset({"Authorize"})
"""v2 operations answering with text, not JSON (a redirect's `Found. Redirecting to …`)."""

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
    "Authorize": [
        _query("client_id", {"type": "string", "minLength": 1}, required=True),
        _query("response_type", {"enum": ["code"]}, required=True),
        _query("state", {"type": "string"}),
        _query("redirect_uri", {"type": "string", "format": "uri"}),
    ],
    "ListApps": [PAGE, _deep_object("filter", {"serviceAccountId": {"type": "string"}})],
    "ListMessages": [PAGE],
    "ListIntegrations": [PAGE, _deep_object("filter", {"types": {"type": "string"}})],
    "UploadAttachment": [
        _query("access", {"enum": ["public"]}, required=True),
        _query("for", {"enum": ["message"]}),
        _query("conversationId", {"type": "string"}),
    ],
    "ListConversations": [
        PAGE,
        _deep_object(
            "filter", {"userId": {"type": "string"}, "userExternalId": {"type": "string"}}
        ),
    ],
    "ListParticipants": [PAGE],
    "ListClients": [PAGE],
    "ListUsers": [
        _deep_object("filter", {"identities.email": {"type": "string"}}),
        _query("brandId", {"type": "string"}),
    ],
    "GetUser": [_query("brandId", {"type": "string"})],
}
