"""JSON Schemas of the fake's own `/_mock/` control API (bodies, answers, query parameters)."""

from __future__ import annotations

from typing import Any

from ..schemas.registry import SCHEMA_ID_PREFIX

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    """A `$ref` to a schema under `schemas/` by name, e.g. `objects/app`."""
    return {"$ref": f"{SCHEMA_ID_PREFIX}{name}.json"}


def _closed(properties: Schema, required: list[str] | None = None) -> Schema:
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _answer(properties: Schema) -> Schema:
    return {"type": "object", "required": sorted(properties), "properties": properties}


_TEXT = {"type": "string", "minLength": 1}
_STRING = {"type": "string"}
_STRINGS_ANY = {"type": "array", "items": {"type": "string", "minLength": 1}}
_OBJECT = {"type": "object"}
_STAGE = {"enum": ["channel", "user", "failure"]}
_ATTEMPT = {
    "type": "object",
    "required": ["number", "at", "durationMs"],
    "properties": {
        "number": {"type": "integer", "minimum": 1},
        "at": {"type": "number"},
        "durationMs": {"type": "number", "minimum": 0},
        "status": {"type": "integer"},
        "error": {"type": "string"},
        "responseBody": {"type": "string"},
        "fault": {"enum": ["drop", "fail"]},
    },
}
_FAULT = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {"enum": ["delay", "reorder", "duplicate"]},
        "seconds": {"type": "number", "minimum": 0},
        "of": _TEXT,
        "heldBehind": {"type": ["string", "null"]},
    },
    "additionalProperties": False,
}
DELIVERY: Schema = {
    "type": "object",
    "required": [
        "_id",
        "webhookId",
        "target",
        "trigger",
        "version",
        "state",
        "createdAt",
        "attempts",
        "payload",
    ],
    "properties": {
        "_id": _TEXT,
        "webhookId": _TEXT,
        "target": _STRING,
        "trigger": _TEXT,
        "version": {"enum": ["v1", "v1.1", "v2"]},
        "state": {"enum": ["pending", "delivered", "failed"]},
        "createdAt": {"type": "number"},
        "attempts": {"type": "array", "items": _ATTEMPT},
        "payload": _OBJECT,
        "redeliveryOf": _TEXT,
        "batch": _TEXT,
        "queuedBehind": {"type": "integer", "minimum": 0},
        "waiting": _TEXT,
        "faults": {"type": "array", "items": _FAULT, "minItems": 1},
    },
}
_CHANCE = {"type": "number", "minimum": 0, "maximum": 1}
_CHAOS_FIELDS: Schema = {
    "seed": {"type": "integer"},
    "drop": _CHANCE,
    "duplicate": _CHANCE,
    "delay": _CHANCE,
    "reorder": _CHANCE,
    "maxDelay": {"type": "number", "minimum": 0, "maximum": 300},
    "failFirst": {"type": "integer", "minimum": 0, "maximum": 10},
}
CHAOS: Schema = {"oneOf": [{"type": "null"}, _closed(_CHAOS_FIELDS, sorted(_CHAOS_FIELDS))]}
_COUNT = {"type": "integer", "minimum": 0}
_COVERAGE = _answer(
    {
        "operations": {
            "type": "array",
            "items": _answer(
                {
                    "operation": _TEXT,
                    "api": {"enum": ["smooch", "control"]},
                    "method": _STRING,
                    "path": _STRING,
                    "calls": _COUNT,
                    "errors": _COUNT,
                }
            ),
        },
        "triggers": {
            "type": "array",
            "items": _answer({"trigger": _TEXT, "version": _TEXT, "deliveries": _COUNT}),
        },
        "messageTypes": {
            "type": "array",
            "items": _answer({"type": _TEXT, "role": _TEXT, "count": _COUNT}),
        },
        "notExercised": _answer(
            {"operations": _STRINGS_ANY, "triggers": _STRINGS_ANY, "messageTypes": _STRINGS_ANY}
        ),
    }
)
_APP_STATE = _answer(
    {
        "app": ref("objects/app"),
        "keys": {"type": "array", "items": ref("objects/secret-key")},
        "appUsers": {
            "type": "array",
            "items": _answer(
                {
                    "appUser": ref("objects/app-user"),
                    "conversation": ref("objects/conversation"),
                    "messages": {"type": "array", "items": ref("objects/message")},
                }
            ),
        },
        "webhooks": {"type": "array", "items": ref("objects/webhook")},
        "menu": ref("objects/menu"),
        "templates": {"type": "array", "items": ref("objects/template")},
        "integrations": {"type": "array", "items": ref("objects/integration")},
    }
)
_STATE = _answer(
    {
        "accountKeys": {"type": "array", "items": ref("objects/secret-key")},
        "serviceAccounts": {"type": "array", "items": ref("objects/service-account")},
        "apps": {"type": "array", "items": _APP_STATE},
    }
)
OPENAPI_DOCUMENT: Schema = {
    "type": "object",
    "required": ["openapi", "info", "paths"],
    "properties": {"openapi": {"type": "string", "pattern": "^3\\.1\\."}},
}

_STRINGS = {"type": "array", "items": _TEXT}
_DASHBOARD_CONFIG = _answer(
    {
        "accountKeyId": _TEXT,
        "accountSecret": _TEXT,
        "controlToken": _TEXT,
        "triggers": _answer({"v1": _STRINGS, "v1.1": _STRINGS, "v2": _STRINGS}),
        "wildcard": _TEXT,
        "channels": _STRINGS,
        "recipes": _STRINGS,
        "recipeOptions": _STRINGS,
    }
)
_USER_SUMMARY = _answer(
    {
        "appUser": ref("objects/app-user"),
        "conversation": {
            "allOf": [ref("objects/conversation")],
            "required": ["messageCount"],
            "properties": {
                "messageCount": {"type": "integer", "minimum": 0},
                "lastMessage": ref("objects/message"),
            },
        },
    }
)
_CONVERSATION_SUMMARY = {
    "type": "object",
    "required": ["conversation", "lastActivity", "messageCount", "participants"],
    "properties": {
        "conversation": ref("v2/objects/conversation"),
        "participants": {
            "type": "array",
            "items": _answer(
                {
                    "participant": ref("v2/objects/participant"),
                    "user": ref("v2/objects/user"),
                    "channels": _STRINGS,
                }
            ),
        },
        "messageCount": _COUNT,
        "lastActivity": ref("v2/objects/iso-date"),
        "lastMessage": ref("v2/objects/message"),
    },
}

_AMOUNT = {
    "type": "string",
    "pattern": "^[0-9]{1,15}$",
    "errorMessage": {"pattern": "must be a whole number of cents, e.g. 1999"},
}
_MESSAGE_CONTENT = {"$ref": f"{SCHEMA_ID_PREFIX}requests/message-post.json#/$defs/content"}
"""What a simulated user sends: any message body (role defaults to appUser)."""

_USER_OR_CONVERSATION = [{"required": ["user"]}, {"required": ["conversationId"]}]
"""Who acts: a user (in their default conversation), or a v2 conversation (its only participant
unless `user` names one)."""
_USER_OR_CONVERSATION_MESSAGE = "give `user`, `conversationId` or both"

REQUEST_SCHEMAS: dict[str, Schema] = {
    "mockAdvanceClock": {
        "type": "object",
        "required": ["seconds"],
        "properties": {"seconds": {"type": "number", "minimum": 0}},
    },
    "mockTrigger": {
        "type": "object",
        "properties": {
            "options": {
                "type": "object",
                "properties": {"amount": _AMOUNT},
                "additionalProperties": _STRING,
            }
        },
    },
    "mockUserWrites": {
        **_closed(
            {
                "user": _TEXT,
                "givenName": _TEXT,
                "surname": _TEXT,
                "channel": _TEXT,
                "clientId": _TEXT,
                "conversationId": _TEXT,
                "text": _STRING,
                "message": _MESSAGE_CONTENT,
            }
        ),
        "oneOf": [{"required": ["text"]}, {"required": ["message"]}],
        "errorMessage": {"oneOf": "give exactly one of `text` or `message`"},
    },
    "mockSetWebhookChaos": _closed(_CHAOS_FIELDS),
    "mockSetAppChaos": _closed(_CHAOS_FIELDS),
    "mockUserTapsPostback": {
        **_closed({"user": _TEXT, "conversationId": _TEXT, "actionId": _TEXT, "payload": _TEXT}),
        "oneOf": [{"required": ["actionId"]}, {"required": ["payload"]}],
        "anyOf": _USER_OR_CONVERSATION,
        "errorMessage": {
            "oneOf": "give exactly one of `actionId` or `payload`",
            "anyOf": _USER_OR_CONVERSATION_MESSAGE,
        },
    },
    "mockUserPays": _closed({"user": _TEXT, "actionId": _TEXT}, ["user", "actionId"]),
    "mockUserReads": {
        **_closed({"user": _TEXT, "conversationId": _TEXT}),
        "anyOf": _USER_OR_CONVERSATION,
        "errorMessage": {"anyOf": _USER_OR_CONVERSATION_MESSAGE},
    },
    "mockUserTypes": {
        **_closed({"user": _TEXT, "conversationId": _TEXT, "typing": {"type": "boolean"}}),
        "anyOf": _USER_OR_CONVERSATION,
        "errorMessage": {"anyOf": _USER_OR_CONVERSATION_MESSAGE},
    },
    "mockUserStartsConversation": _closed(
        {"user": _TEXT, "channel": _TEXT, "referral": ref("objects/referral")}
    ),
    "mockUserFollowsReferral": _closed(
        {"user": _TEXT, "channel": _TEXT, "referral": ref("objects/referral")}, ["user", "referral"]
    ),
    "mockUserAnswersLink": _closed(
        {"user": _TEXT, "accept": {"type": "boolean"}, "clientId": _TEXT}, ["user"]
    ),
    "mockChannelReportsDelivery": _closed(
        {"user": _TEXT, "messageId": _TEXT, "stage": _STAGE, "error": ref("objects/webhook-error")},
        ["user", "messageId", "stage"],
    ),
    "mockChannelReportsNotification": _closed(
        {"notificationId": _TEXT, "stage": _STAGE, "error": ref("objects/webhook-error")},
        ["notificationId", "stage"],
    ),
}

EMPTY = "responses/empty"
RESPONSE_SCHEMAS: dict[str, dict[int, str | Schema]] = {
    "mockHealth": {200: _answer({"status": {"const": "ok"}})},
    "mockReset": {200: EMPTY},
    "mockState": {200: _STATE},
    "mockListApps": {200: _answer({"apps": {"type": "array", "items": ref("objects/app")}})},
    "mockAdvanceClock": {200: _answer({"now": {"type": "number"}})},
    "mockMedia": {200: {}},
    "mockListTriggers": {200: _answer({"triggers": {"type": "array", "items": _TEXT}})},
    "mockTrigger": {
        201: _answer({"trigger": _TEXT, "deliveries": {"type": "array", "items": DELIVERY}})
    },
    "mockListDeliveries": {
        200: _answer(
            {
                "deliveries": {"type": "array", "items": DELIVERY},
                "total": {"type": "integer", "minimum": 0},
            }
        )
    },
    "mockGetDelivery": {200: _answer({"delivery": DELIVERY})},
    "mockRedeliver": {201: _answer({"delivery": DELIVERY})},
    "mockGetWebhookChaos": {200: _answer({"chaos": CHAOS, "appChaos": CHAOS})},
    "mockSetWebhookChaos": {200: _answer({"chaos": CHAOS})},
    "mockClearWebhookChaos": {200: EMPTY},
    "mockGetAppChaos": {200: _answer({"chaos": CHAOS})},
    "mockSetAppChaos": {200: _answer({"chaos": CHAOS})},
    "mockClearAppChaos": {200: EMPTY},
    "mockCoverage": {200: _COVERAGE},
    "mockClearCoverage": {200: EMPTY},
    "mockUserWrites": {
        201: _answer({"appUser": ref("objects/app-user"), "message": ref("objects/message")})
    },
    "mockUserTapsPostback": {200: _answer({"action": ref("objects/action")})},
    "mockUserPays": {200: _answer({"action": ref("objects/action")})},
    "mockUserReads": {200: EMPTY},
    "mockUserTypes": {200: EMPTY},
    "mockUserStartsConversation": {200: _answer({"appUser": ref("objects/app-user")})},
    "mockUserFollowsReferral": {200: EMPTY},
    "mockUserAnswersLink": {200: _answer({"client": ref("objects/client")})},
    "mockChannelReportsDelivery": {200: EMPTY},
    "mockChannelReportsNotification": {200: EMPTY},
    "mockOpenApi": {200: OPENAPI_DOCUMENT},
    "dashboardPage": {200: {}},
    "dashboardAsset": {200: {}},
    "dashboardConfig": {200: _DASHBOARD_CONFIG},
    "mockListAppUsers": {200: _answer({"appUsers": {"type": "array", "items": _USER_SUMMARY}})},
    "mockListConversations": {
        200: _answer({"conversations": {"type": "array", "items": _CONVERSATION_SUMMARY}})
    },
    "mockLiveEvents": {200: {"type": "string"}},
}

EVENT_STREAMS = frozenset({"mockLiveEvents"})
"""Operations answering with an endless `text/event-stream` of `data: {json}` frames."""
RAW_RESPONSES = frozenset({"mockMedia", "dashboardPage", "dashboardAsset"}) | EVENT_STREAMS
"""Operations answering with bytes (not JSON): only their error answers are checked."""

QUERY_PARAMETERS: dict[str, list[Schema]] = {
    "mockListDeliveries": [
        {"name": "state", "in": "query", "schema": {"enum": ["pending", "delivered", "failed"]}},
        {"name": "trigger", "in": "query", "schema": _STRING},
        {"name": "webhook", "in": "query", "schema": _STRING},
        {"name": "order", "in": "query", "schema": {"enum": ["oldest", "newest"]}},
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
        {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
        },
    ],
}
