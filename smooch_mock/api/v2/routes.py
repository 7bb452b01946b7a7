"""The v2 API as data: method, path under `/v2`, handler, operationId (the spec's), scopes, body."""

from __future__ import annotations

from ...http.router import Body, Handler, Placement, Route
from .handlers import (
    apps,
    attachments,
    clients,
    conversations,
    keys,
    participants,
    token_info,
    users,
)

VERSION = "v2"
ACCOUNT = frozenset({"account"})
APP = frozenset({"account", "app"})
"""Account Provisioning aside, app scope reaches all of its own app."""
ANY = frozenset({"account", "app", "integration"})
"""Users, conversations, attachments (and webhooks, with rules of their own)."""
APP_BOUND = frozenset({"app", "integration"})
"""Credentials that belong to one app (tokenInfo answers with it)."""
APP_PATH = "/apps/{appId}"
USERS = APP_PATH + "/users"
USER = USERS + "/{userIdOrExternalId}"
CONVERSATIONS = APP_PATH + "/conversations"
CONVERSATION = CONVERSATIONS + "/{conversationId}"


def _route(
    method: str,
    path: str,
    handler: Handler,
    operation: str,
    scopes: frozenset[str],
    body: Body = Body.NONE,
) -> Route:
    return Route(method, path, handler, operation, scopes, Placement.ROOT, body, (VERSION,))


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
    # OAuth endpoints
    _route("GET", "/tokenInfo", token_info.get_token_info, "GetTokenInfo", APP_BOUND),
]  # fmt: skip
