"""The payload one webhook gets for one emission: its version's envelope plus the event body."""

from __future__ import annotations

from ...store.models import JsonObject, Webhook
from . import wire
from .emissions import Emission


def build_payload(emission: Emission, webhook: Webhook, app_id: str) -> JsonObject:
    version = webhook.version
    payload: JsonObject = {"trigger": emission.trigger, "app": {"_id": app_id}}
    if version == "v1.1":
        payload["version"] = "v1.1"
    user = emission.app_user
    if user is not None:
        if version == "v1":
            if emission.v1_app_user == "full":
                payload["appUser"] = wire.app_user(user, "v1")
            elif emission.v1_app_user == "truncated":
                payload["appUser"] = wire.truncated_app_user(user)
        else:
            full = webhook.include_full_user
            payload["appUser"] = (
                wire.app_user(user, "v1.1") if full else wire.truncated_app_user(user)
            )
            if emission.conversation_id is not None:
                payload["conversation"] = {"_id": emission.conversation_id}
            if webhook.include_full_source and emission.client is not None:
                payload["client"] = wire.client(emission.client)
    payload.update(emission.body(version))
    return payload
