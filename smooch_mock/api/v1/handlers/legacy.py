"""Legacy v1 paths of 2015-2016 clients: `/v1/init` and app-user events."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import Forbidden
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from .. import wire

INIT_PLATFORMS = ("ios", "android", "web", "other")
"""The 2016 docs' `/v1/init` device platforms (`other` for any other SDK host)."""


def init(call: Call) -> ApiResponse:
    """SDK start-up: find or create the appUser of a device and register the device as a client."""
    device = call.body["device"]
    device_id: str = device["id"]
    platform: str = device["platform"]
    app_version: str | None = device.get("appVersion")
    user_id: str | None = call.body.get("userId")
    own_user_id = call.own_user_id
    if own_user_id is not None:
        # An appUser credential starts only its own user, on a device no one else owns.
        owner = call.store.device_owner(call.app_id, device_id)
        someone_else = owner is not None and owner.external_id != own_user_id
        if someone_else or user_id not in (None, own_user_id):
            raise Forbidden(texts.FORBIDDEN)
        user_id = own_user_id
    user = call.store.init_sdk_device(
        call.app_id, device_id, platform, app_version=app_version, user_id=user_id
    )
    app = wire.app(call.store.get_app(call.app_id))
    return ok({"app": app, "appUser": wire.app_user(user, call.version)})


def track_event(call: Call) -> ApiResponse:
    call.user()
    return created({"conversationUpdated": False})


def update_device(call: Call) -> ApiResponse:
    """2016 SDKs refresh their device: `{appVersion?, pushNotificationToken?, info?}`."""
    user = call.user()
    changes = {k: v for k, v in call.body.items() if v is not None}
    client = call.store.update_device(call.app_id, user.id, call.params["deviceId"], changes)
    return ok({"device": wire.client(client, call.version)})
