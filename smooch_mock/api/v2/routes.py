"""The v2 API as data: method, path under `/v2`, handler, operationId (the spec's), scopes, body."""

from __future__ import annotations

from ...http.router import Body, Handler, Placement, Route
from .handlers import apps, attachments, keys, messages, token_info

VERSION = "v2"
ACCOUNT = frozenset({"account"})
APP = frozenset({"account", "app"})
"""Account Provisioning aside, app scope reaches all of its own app."""
ANY = frozenset({"account", "app", "integration"})
"""Users, conversations, attachments (and webhooks, with rules of their own)."""
APP_BOUND = frozenset({"app", "integration"})
"""Credentials that belong to one app (tokenInfo answers with it)."""
APP_PATH = "/apps/{appId}"
CONVERSATION = APP_PATH + "/conversations/{conversationId}"
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
    # OAuth endpoints
    _route("GET", "/tokenInfo", token_info.get_token_info, "GetTokenInfo", APP_BOUND),
]
