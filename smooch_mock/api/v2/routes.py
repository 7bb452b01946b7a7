"""The v2 API as data: method, path under `/v2`, handler, operationId (the spec's), scopes, body."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...http.handler_modules import handler_modules
from ...http.router import Body, Handler, Placement, Route

if TYPE_CHECKING:  # the modules themselves, so that the checker sees every handler
    from .handlers import (
        apps,
        attachments,
        clients,
        conversations,
        integration_keys,
        integrations,
        keys,
        messages,
        oauth,
        participants,
        switchboard_actions,
        switchboards,
        token_info,
        users,
        webhooks,
    )
else:  # each loads on the first call of one of its handlers, not with the table
    globals().update(
        handler_modules(
            f"{__package__}.handlers",
            "apps",
            "attachments",
            "clients",
            "conversations",
            "integration_keys",
            "integrations",
            "keys",
            "messages",
            "oauth",
            "participants",
            "switchboard_actions",
            "switchboards",
            "token_info",
            "users",
            "webhooks",
        )
    )

VERSION = "v2"
ACCOUNT = frozenset({"account"})
APP = frozenset({"account", "app"})
"""Account Provisioning aside, app scope reaches all of its own app."""
ANY = frozenset({"account", "app", "integration"})
"""Users, conversations, attachments (and webhooks, with rules of their own)."""
INTEGRATION_ONLY = frozenset({"integration"})
PUBLIC: frozenset[str] = frozenset()
"""No credentials (the spec's `security: []`)."""
APP_BOUND = frozenset({"app", "integration"})
"""Credentials that belong to one app (tokenInfo answers with it)."""
APP_PATH = "/apps/{appId}"
USERS = APP_PATH + "/users"
USER = USERS + "/{userIdOrExternalId}"
CONVERSATIONS = APP_PATH + "/conversations"
CONVERSATION = CONVERSATIONS + "/{conversationId}"
CONVERSATION_PATH = APP_PATH + "/conversations/{conversationId}"
INTEGRATIONS = APP_PATH + "/integrations"
INTEGRATION = INTEGRATIONS + "/{integrationId}"
WEBHOOKS = INTEGRATION + "/webhooks"
WEBHOOK = WEBHOOKS + "/{webhookId}"
SWITCHBOARDS = APP_PATH + "/switchboards"
SWITCHBOARD = SWITCHBOARDS + "/{switchboardId}"
MEMBERS = SWITCHBOARD + "/switchboardIntegrations"
MEMBER = MEMBERS + "/{switchboardIntegrationId}"
MESSAGES = CONVERSATION + "/messages"


def _route(
    method: str,
    path: str,
    handler: Handler,
    operation: str,
    scopes: frozenset[str],
    body: Body = Body.NONE,
) -> Route:
    return Route(method, path, handler, operation, scopes, Placement.ROOT, body, (VERSION,))


def _oauth_route(
    method: str, path: str, handler: Handler, operation: str, scopes: frozenset[str]
) -> Route:
    """A route under `/oauth`, outside `/v2` (Zendesk's OAuth bridge), answered as v2."""
    body = Body.JSON if method == "POST" else Body.NONE
    return Route(method, path, handler, operation, scopes, Placement.UNVERSIONED, body, (VERSION,))


V2_ROUTES: list[Route] = [
    # Apps
    _route("POST", "/apps", apps.create_app, "CreateApp", ACCOUNT, Body.JSON),
    _route("GET", "/apps", apps.list_apps, "ListApps", ACCOUNT),
    _route("GET", APP_PATH, apps.get_app, "GetApp", APP),
    _route("PATCH", APP_PATH, apps.update_app, "UpdateApp", APP, Body.JSON),
    _route("DELETE", APP_PATH, apps.delete_app, "DeleteApp", ACCOUNT),
    # App keys
    _route("POST", APP_PATH + "/keys", keys.create_app_key, "CreateAppKey", ACCOUNT, Body.JSON),
    _route("GET", APP_PATH + "/keys", keys.list_app_keys, "ListAppKeys", ACCOUNT),
    _route("GET", APP_PATH + "/keys/{keyId}", keys.get_app_key, "GetAppKey", ACCOUNT),
    _route("DELETE", APP_PATH + "/keys/{keyId}", keys.delete_app_key, "DeleteAppKey", ACCOUNT),
    # Attachments
    _route(
        "POST",
        APP_PATH + "/attachments",
        attachments.upload_attachment,
        "UploadAttachment",
        ANY,
        Body.MULTIPART,
    ),
    _route(
        "POST",
        APP_PATH + "/attachments/remove",
        attachments.remove_attachment,
        "DeleteAttachment",
        ANY,
        Body.JSON,
    ),
    # Messages and activity
    _route("POST", MESSAGES, messages.post_message, "PostMessage", ANY, Body.JSON),
    _route("GET", MESSAGES, messages.list_messages, "ListMessages", ANY),
    _route("DELETE", MESSAGES, messages.delete_all_messages, "DeleteAllMessages", ANY),
    _route("DELETE", MESSAGES + "/{messageId}", messages.delete_message, "DeleteMessage", ANY),
    _route(
        "POST", CONVERSATION + "/activity", messages.post_activity, "PostActivity", ANY, Body.JSON
    ),
    # Conversations
    _route("POST", CONVERSATIONS, conversations.create_conversation, "CreateConversation", ANY, Body.JSON),
    _route("GET", CONVERSATIONS, conversations.list_conversations, "ListConversations", ANY),
    _route("GET", CONVERSATION, conversations.get_conversation, "GetConversation", ANY),
    _route("PATCH", CONVERSATION, conversations.update_conversation, "UpdateConversation", ANY, Body.JSON),
    _route("DELETE", CONVERSATION, conversations.delete_conversation, "DeleteConversation", ANY),
    _route("POST", CONVERSATION + "/download", conversations.download_message_ref, "DownloadMessageRef", ANY, Body.JSON),
    _route("POST", CONVERSATION + "/conversionEvents", conversations.post_conversion_events, "PostConversionEvents", ANY, Body.JSON),
    # Participants
    _route("POST", CONVERSATION + "/join", participants.join_conversation, "JoinConversation", ANY, Body.JSON),
    _route("GET", CONVERSATION + "/participants", participants.list_participants, "ListParticipants", ANY),
    _route("POST", CONVERSATION + "/leave", participants.leave_conversation, "LeaveConversation", ANY, Body.JSON),
    # Users
    _route("POST", USERS, users.create_user, "CreateUser", ANY, Body.JSON),
    _route("GET", USERS, users.list_users, "ListUsers", ANY),
    _route("GET", USER, users.get_user, "GetUser", ANY),
    _route("PATCH", USER, users.update_user, "UpdateUser", ANY, Body.JSON),
    _route("DELETE", USER, users.delete_user, "DeleteUser", ANY),
    _route("DELETE", USER + "/personalinformation", users.delete_personal_information, "DeleteUserPersonalInformation", ANY),
    _route("POST", USERS + "/{zendeskId}/sync", users.sync_user, "SyncUser", ANY, Body.JSON),
    # Clients and devices
    _route("POST", USER + "/clients", clients.create_client, "CreateClient", ANY, Body.JSON),
    _route("GET", USER + "/clients", clients.list_clients, "ListClients", ANY),
    _route("DELETE", USER + "/clients/{clientId}", clients.remove_client, "RemoveClient", ANY),
    _route("GET", USER + "/devices", clients.list_devices, "ListDevices", ANY),
    _route("GET", USER + "/devices/{deviceId}", clients.get_device, "GetDevice", ANY),
    # Switchboard actions
    *[
        _route("POST", CONVERSATION + f"/{action}", handler, operation, ANY, Body.JSON)
        for action, handler, operation in (
            ("passControl", switchboard_actions.pass_control, "PassControl"),
            ("offerControl", switchboard_actions.offer_control, "OfferControl"),
            ("acceptControl", switchboard_actions.accept_control, "AcceptControl"),
            ("releaseControl", switchboard_actions.release_control, "ReleaseControl"),
        )
    ],
    # Integrations
    _route(
        "POST", INTEGRATIONS, integrations.create_integration, "CreateIntegration", APP, Body.JSON
    ),
    _route("GET", INTEGRATIONS, integrations.list_integrations, "ListIntegrations", APP),
    _route("GET", INTEGRATION, integrations.get_integration, "GetIntegration", APP),
    _route(
        "PATCH", INTEGRATION, integrations.update_integration, "UpdateIntegration", APP, Body.JSON
    ),
    _route("DELETE", INTEGRATION, integrations.delete_integration, "DeleteIntegration", APP),
    # Custom integration API keys
    _route(
        "POST",
        INTEGRATION + "/keys",
        integration_keys.create_custom_integration_key,
        "CreateCustomIntegrationKey",
        APP,
        Body.JSON,
    ),
    _route(
        "GET",
        INTEGRATION + "/keys",
        integration_keys.list_custom_integration_keys,
        "ListCustomIntegrationKeys",
        APP,
    ),
    _route(
        "GET",
        INTEGRATION + "/keys/{keyId}",
        integration_keys.get_custom_integration_key,
        "GetCustomIntegrationKey",
        APP,
    ),
    _route(
        "DELETE",
        INTEGRATION + "/keys/{keyId}",
        integration_keys.delete_custom_integration_key,
        "DeleteCustomIntegrationKey",
        APP,
    ),
    # Webhooks (account scope too: the spec lists app and integration, and account reaches all)
    _route("POST", WEBHOOKS, webhooks.create_webhook, "CreateWebhook", ANY, Body.JSON),
    _route("GET", WEBHOOKS, webhooks.list_webhooks, "ListWebhooks", ANY),
    _route("GET", WEBHOOK, webhooks.get_webhook, "GetWebhook", ANY),
    _route("PATCH", WEBHOOK, webhooks.update_webhook, "UpdateWebhook", ANY, Body.JSON),
    _route("DELETE", WEBHOOK, webhooks.delete_webhook, "DeleteWebhook", ANY),
    # Switchboards
    _route("POST", SWITCHBOARDS, switchboards.create_switchboard, "CreateSwitchboard", APP),
    _route("GET", SWITCHBOARDS, switchboards.list_switchboards, "ListSwitchboards", APP),
    _route(
        "PATCH", SWITCHBOARD, switchboards.update_switchboard, "UpdateSwitchboard", APP, Body.JSON
    ),
    _route("DELETE", SWITCHBOARD, switchboards.delete_switchboard, "DeleteSwitchboard", APP),
    # Switchboard integrations
    _route(
        "POST",
        MEMBERS,
        switchboards.create_switchboard_integration,
        "CreateSwitchboardIntegration",
        APP,
        Body.JSON,
    ),
    _route(
        "GET",
        MEMBERS,
        switchboards.list_switchboard_integrations,
        "ListSwitchboardIntegrations",
        APP,
    ),
    _route(
        "PATCH",
        MEMBER,
        switchboards.update_switchboard_integration,
        "UpdateSwitchboardIntegration",
        APP,
        Body.JSON,
    ),
    _route(
        "DELETE",
        MEMBER,
        switchboards.delete_switchboard_integration,
        "DeleteSwitchboardIntegration",
        APP,
    ),
    # OAuth endpoints
    _route("GET", "/tokenInfo", token_info.get_token_info, "GetTokenInfo", APP_BOUND),
    _oauth_route("GET", "/oauth/authorize", oauth.authorize, "Authorize", PUBLIC),
    _oauth_route("POST", "/oauth/token", oauth.get_token, "GetToken", PUBLIC),
    _oauth_route("DELETE", "/oauth/authorization", oauth.revoke_access, "RevokeAccess", INTEGRATION_ONLY),
]  # fmt: skip
