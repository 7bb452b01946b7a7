"""Control API behind the browser dashboard: its pages, its configuration and the user list."""

from __future__ import annotations

from .... import error_texts as texts
from ....dashboard.assets import INDEX, find_asset
from ....errors import PathNotFound
from ....http.call import Call, ok
from ....http.messages import ApiResponse
from ....schemas import v2_event_types
from ....simulation.clients import CHANNELS
from ....simulation.recipes import OPTION_NAMES, RECIPES
from ....store.models import JsonObject, User
from ...v1 import wire
from ...v1.triggers import TRIGGERS_V1, TRIGGERS_V1_1, WILDCARD

NO_CACHE = {"Cache-Control": "no-cache"}
EVENT_STREAM = "text/event-stream"
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data: http: https:; object-src 'none'; base-uri 'none';"
    " form-action 'none'; frame-ancestors 'none'"
)
"""The dashboard's Content-Security-Policy: its own scripts and styles only; images from
anywhere (messages show the media URLs they carry); never framed by another page."""


def index(call: Call) -> ApiResponse:
    """`GET /`: the dashboard's single page."""
    return _asset(INDEX)


def static_file(call: Call) -> ApiResponse:
    return _asset(call.params["fileName"])


def config(call: Call) -> ApiResponse:
    """The page's account credentials (as `serve` prints them) and vocabularies."""
    key = call.fake.account_key
    return ok(
        {
            "accountKeyId": key.id,
            "accountSecret": key.secret,
            "controlToken": call.fake.control_token,
            "triggers": {
                "v1": list(TRIGGERS_V1),
                "v1.1": list(TRIGGERS_V1_1),
                "v2": v2_event_types(),
            },
            "wildcard": WILDCARD,
            "channels": list(CHANNELS),
            "recipes": list(RECIPES),
            "recipeOptions": list(OPTION_NAMES),
        }
    )


def live_events(call: Call) -> ApiResponse:
    """`text/event-stream` of the app's changes and webhook deliveries, as they happen."""
    call.store.app_state(call.app_id)
    stream = call.fake.live.stream(call.app_id)
    return ApiResponse(200, stream=stream, content_type=EVENT_STREAM, headers=dict(NO_CACHE))


def list_app_users(call: Call) -> ApiResponse:
    """Every appUser of the app with clients and a conversation summary, latest activity first."""
    users = call.store.list_users(call.app_id)
    users.sort(key=_last_activity, reverse=True)
    return ok({"appUsers": [_summary(user) for user in users]})


def _summary(user: User) -> JsonObject:
    messages = user.default_conversation.messages
    conversation = wire.conversation(user.default_conversation, user)
    conversation["messageCount"] = len(messages)
    if messages:
        conversation["lastMessage"] = wire.message(messages[-1])
    return {"appUser": wire.app_user(user), "conversation": conversation}


def _last_activity(user: User) -> float:
    messages = user.default_conversation.messages
    return messages[-1].received if messages else user.signed_up_at


def _asset(name: str) -> ApiResponse:
    asset = find_asset(name)
    if asset is None:
        raise PathNotFound(method="GET", path=texts.DASHBOARD_FILE.format(name=name))
    headers = {**NO_CACHE, "Content-Security-Policy": PAGE_POLICY}
    return ApiResponse(200, raw=asset.data, content_type=asset.content_type, headers=headers)
