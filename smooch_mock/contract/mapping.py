"""The contract as data: each operation's request schema, response schemas and query parameters."""

from __future__ import annotations

from typing import Any

from . import control, mapping_v2

SchemaSpec = str | dict[str, Any]
"""A schema by name (`responses/app`, a file under `schemas/`) or an inline JSON Schema."""

ERROR_SCHEMA = "responses/error"
VERSION_ERROR_SCHEMAS: dict[str, SchemaSpec] = {"v2": mapping_v2.ERROR_SCHEMA}
"""The error body of a version that words errors its own way (the rest: ERROR_SCHEMA)."""
ERROR_STATUSES = (400, 401, 403, 404, 405, 409, 413, 415)
"""Every error status the fake answers with; each body is `responses/error`."""

RAW_RESPONSES = control.RAW_RESPONSES | mapping_v2.RAW_RESPONSES
"""Operations answering with bytes (not JSON): only their error answers are checked."""

OPEN_OBJECT: dict[str, Any] = {"type": "object"}
EMPTY = "responses/empty"
QR_CODE: dict[str, Any] = {
    "type": "object",
    "required": ["url"],
    "properties": {"url": {"type": "string", "minLength": 1}},
}
STRIPE_ACCOUNT: dict[str, Any] = {
    "type": "object",
    "required": ["account"],
    "properties": {
        "account": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "pattern": "^acct_"},
                "username": {"type": "string"},
                "publishableKey": {"type": "string"},
            },
        }
    },
}

REQUEST_SCHEMAS: dict[str, SchemaSpec | dict[str, SchemaSpec]] = {
    # A dict keyed by API version where the body differs between v1 and v1.1.
    "createApp": "requests/app-create",
    "updateApp": "requests/app-update",
    "createSecretKey": "requests/secret-key-create",
    "createServiceAccount": "requests/service-account-create",
    "createDeployment": "requests/deployment-create",
    "updateStripeCustomer": "requests/stripe-customer",
    "createStripeTransaction": "requests/stripe-transaction",
    "activatePhoneNumber": "requests/deployment-activate",
    "confirmCode": "requests/deployment-confirm-code",
    "updateServiceAccount": "requests/service-account-update",
    "createServiceAccountKey": "requests/secret-key-create",
    "mergeUsers": "requests/app-user-merge",
    "preCreateAppUser": {
        "v1": "requests/app-user-pre-create-v1",
        "v1.1": "requests/app-user-pre-create",
    },
    "updateAppUser": "requests/app-user-update",
    "linkAppUser": {"v1": "requests/app-user-link-v1", "v1.1": "requests/app-user-link"},
    "postMessage": {"v1": "requests/message-post-v1", "v1.1": "requests/message-post"},
    "conversationActivity": "requests/conversation-activity",
    "resetUnreadCount": OPEN_OBJECT,
    "postPostback": "requests/postback",
    "createWebhook": "requests/webhook-create",
    "updateWebhook": "requests/webhook-update",
    "updateMenu": "requests/menu",
    "createTemplate": "requests/template-create",
    "updateTemplate": "requests/template-update",
    "createIntegration": "requests/integration-create",
    "updateIntegration": "requests/integration-update",
    "createIntegrationMenu": "requests/menu",
    "updateIntegrationMenu": "requests/menu",
    "updateIntegrationProfile": "requests/integration-profile-update",
    "createMessageTemplate": "requests/whatsapp-message-template-create",
    "removeAttachment": "requests/attachment-remove",
    "postNotification": "requests/notification-post",
    "legacyInit": "requests/legacy-init",
    "legacyPostMessage": "requests/legacy-message-post",
    "legacyTrackEvent": "requests/legacy-event",
    "legacyUpdateDevice": "requests/legacy-device-update",
    **control.REQUEST_SCHEMAS,
    **mapping_v2.REQUEST_SCHEMAS,
}

RESPONSE_SCHEMAS: dict[str, dict[int, SchemaSpec]] = {
    # Apps, keys, service accounts
    "createApp": {201: "responses/app"},
    "listApps": {200: "responses/apps"},
    "getApp": {200: "responses/app"},
    "updateApp": {200: "responses/app"},
    "deleteApp": {200: EMPTY},
    "getSdkIds": {200: "responses/sdk-ids"},
    "createSecretKey": {201: "responses/key"},
    "listSecretKeys": {200: "responses/keys"},
    "getSecretKey": {200: "responses/key"},
    "deleteSecretKey": {200: EMPTY},
    "getAppJwt": {200: "responses/jwt"},
    "createServiceAccount": {201: "responses/service-account"},
    "createDeployment": {201: "responses/deployment"},
    "listDeployments": {200: "responses/deployments"},
    "getDeployment": {200: "responses/deployment"},
    "activatePhoneNumber": {200: "responses/deployment"},
    "confirmCode": {200: "responses/deployment"},
    "deleteDeployment": {200: EMPTY},
    "listServiceAccounts": {200: "responses/service-accounts"},
    "getServiceAccount": {200: "responses/service-account"},
    "updateServiceAccount": {200: "responses/service-account"},
    "deleteServiceAccount": {200: EMPTY},
    "createServiceAccountKey": {201: "responses/key"},
    "listServiceAccountKeys": {200: "responses/keys"},
    "getServiceAccountKey": {200: "responses/key"},
    "deleteServiceAccountKey": {200: EMPTY},
    "getServiceAccountJwt": {200: "responses/jwt"},
    # App users
    "mergeUsers": {200: EMPTY},
    "preCreateAppUser": {201: "responses/app-user"},
    "getAppUser": {200: "responses/app-user"},
    "updateAppUser": {200: "responses/app-user"},
    "deleteAppUser": {200: EMPTY},
    "deleteAppUserProfile": {200: "responses/app-user"},
    "getAppUserEntityIds": {200: "responses/channels"},
    "linkAppUser": {200: "responses/app-user"},
    "unlinkAppUser": {200: EMPTY},
    "getAppUserBusinessSystemIds": {200: "responses/business-systems"},
    "getAppUserAuthCode": {200: "responses/auth-code"},
    "pingChannel": {200: EMPTY},
    "getViberQrCode": {200: QR_CODE},
    "getWeChatQrCode": {200: QR_CODE},
    "getStripeAccount": {200: STRIPE_ACCOUNT},
    "updateStripeCustomer": {200: EMPTY},
    "createStripeTransaction": {200: EMPTY},
    "getLinkRequests": {200: "responses/link-requests"},
    # Messages and conversation
    "getMessages": {200: "responses/messages"},
    "postMessage": {201: "responses/message"},
    "deleteMessages": {200: EMPTY},
    "deleteMessage": {200: EMPTY},
    "postImageMessage": {201: "responses/message"},
    "conversationActivity": {200: "responses/conversation"},
    "resetUnreadCount": {200: EMPTY},
    "postPostback": {200: EMPTY},
    "getConversation": {200: "responses/legacy-conversation"},
    # Webhooks, menu, templates
    "listWebhooks": {200: "responses/webhooks"},
    "createWebhook": {201: "responses/webhook"},
    "getWebhook": {200: "responses/webhook"},
    "updateWebhook": {200: "responses/webhook"},
    "deleteWebhook": {200: EMPTY},
    "getMenu": {200: "responses/menu"},
    "updateMenu": {200: "responses/menu"},
    "deleteMenu": {200: "responses/menu"},
    "createTemplate": {201: "responses/template"},
    "listTemplates": {200: "responses/templates"},
    "getTemplate": {200: "responses/template"},
    "updateTemplate": {200: "responses/template"},
    "deleteTemplate": {200: EMPTY},
    # Integrations
    "createIntegration": {201: "responses/integration"},
    "listIntegrations": {200: "responses/integrations"},
    "getIntegration": {200: "responses/integration"},
    "updateIntegration": {200: "responses/integration"},
    "deleteIntegration": {200: EMPTY},
    "getIntegrationMenu": {200: "responses/menu"},
    "createIntegrationMenu": {201: "responses/menu"},
    "updateIntegrationMenu": {200: "responses/menu"},
    "deleteIntegrationMenu": {200: EMPTY},
    "getIntegrationProfile": {200: "responses/integration-profile"},
    "updateIntegrationProfile": {200: EMPTY},
    "uploadIntegrationProfilePhoto": {200: "responses/integration-profile-photo"},
    "createMessageTemplate": {201: "responses/whatsapp-message-template"},
    "listMessageTemplates": {200: "responses/whatsapp-message-templates"},
    "deleteMessageTemplate": {200: EMPTY},
    # Attachments, notifications
    "uploadAttachment": {201: "responses/attachment"},
    "removeAttachment": {200: EMPTY},
    "postNotification": {201: "responses/notification"},
    # Legacy v1
    "legacyInit": {200: "responses/legacy-init"},
    "legacyPostMessage": {201: "responses/message"},
    "legacyTrackEvent": {201: "responses/legacy-event"},
    "legacyUpdateDevice": {200: "responses/legacy-device"},
    **control.RESPONSE_SCHEMAS,
    **mapping_v2.RESPONSE_SCHEMAS,
}

MULTIPART_SCHEMAS: dict[str, dict[str, Any]] = {
    "postImageMessage": {
        "type": "object",
        "required": ["source", "role"],
        "properties": {
            "source": {"type": "string", "format": "binary"},
            "role": {"enum": ["appUser", "appMaker"]},
            "name": {"type": "string"},
            "text": {"type": "string"},
            "metadata": {"type": "string", "description": "A JSON object, as text."},
        },
    },
    "uploadIntegrationProfilePhoto": {
        "type": "object",
        "required": ["source"],
        "properties": {"source": {"type": "string", "format": "binary"}},
    },
    "uploadAttachment": {
        "type": "object",
        "required": ["source"],
        "properties": {"source": {"type": "string", "format": "binary"}},
    },
    **mapping_v2.MULTIPART_SCHEMAS,
}


def _query(name: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


_PAGE = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
    _query("offset", {"type": "integer", "minimum": 0}),
]
_STRING = {"type": "string"}

QUERY_PARAMETERS: dict[str, list[dict[str, Any]]] = {
    "listApps": [*_PAGE, _query("serviceAccountId", _STRING)],
    "listServiceAccounts": _PAGE,
    "listTemplates": _PAGE,
    "listIntegrations": [
        *_PAGE,
        _query("types", {"type": "string", "description": "Comma-separated."}),
    ],
    "getMessages": [
        _query("before", {"type": "number", "description": "Unix seconds."}),
        _query("after", {"type": "number", "description": "Unix seconds."}),
    ],
    "getLinkRequests": [
        _query("integrationIds", {"type": "string", "minLength": 1}, required=True)
    ],
    "uploadAttachment": [
        _query("access", {"enum": ["public"]}, required=True),
        _query("for", {"enum": ["message"]}),
        _query("appUserId", _STRING),
        _query("userId", _STRING),
    ],
    **control.QUERY_PARAMETERS,
    **mapping_v2.QUERY_PARAMETERS,
}
