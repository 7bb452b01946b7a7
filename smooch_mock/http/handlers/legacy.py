"""Legacy v1 paths of 2015-2016 clients: `/v1/init` and app-user events."""

from __future__ import annotations

from ... import wire
from ...store import fields as f
from ...store.models import Client
from ..call import Call, created, ok
from ..messages import ApiResponse


def init(call: Call) -> ApiResponse:
    """SDK start-up: find or create the appUser of a device and register the device as a client."""
    f.reject_unknown(call.body, {"device", "userId"}, "")
    device = f.require_object(call.body.get("device"), "device")
    device_id = f.required_string(device, "id", "device")
    platform = f.one_of(device, "platform", ("ios", "android", "web"), "device", required=True)
    app_version = f.string(device, "appVersion", "device")
    user_id = f.string(call.body, "userId")
    store = call.store
    state = store.app_state(call.app_id)
    user = next((u for u in state.app_users.values() if u.client(device_id) is not None), None)
    if user is None and user_id is not None and user_id in state.user_ids:
        user = store.app_user(call.app_id, user_id)
    if user is None:
        user = store.create_app_user(call.app_id, user_id)
    client = user.client(device_id)
    if client is None:
        client = Client(
            id=device_id, platform=platform or "web", app_version=app_version, last_seen=store.now()
        )
        store.add_client(call.app_id, user, client, reason="sdk")
    else:
        client.last_seen = store.now()
    app = wire.app(state.app)
    return ok({"app": app, "appUser": wire.app_user(user, call.version)})


def track_event(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"name"}, "")
    f.required_string(call.body, "name")
    call.user()
    return created({"conversationUpdated": False})
