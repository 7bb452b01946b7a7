"""Domain events to webhook triggers: which fire, in which versions, with what body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import singledispatch
from typing import Any

from ...store import events as ev
from ...store.models import Client, JsonObject, User
from . import wire

BOTH = ("v1", "v1.1")
V1 = ("v1",)
V1_1 = ("v1.1",)

BodyBuilder = Callable[[str], JsonObject]
"""Builds the event-specific part of a payload for one version."""


@dataclass(slots=True)  # made per event: a frozen init costs three times more
class Emission:
    """One trigger an event fires, for the webhook versions that know it."""

    trigger: str
    versions: tuple[str, ...]
    body: BodyBuilder
    app_user: User | None = None
    client: Client | None = None
    conversation_id: str | None = None
    v1_app_user: str = "full"
    """How a v1 envelope shows the appUser: `full`, `truncated` or `none`."""
    ordering_key: str = ""


def emissions_for(event: ev.Event) -> list[Emission]:
    """Every trigger `event` fires (empty for events no webhook reports, and for what happens in
    conversations v1 cannot see: anything but a user's default conversation)."""
    if isinstance(event, ev.ConversationEvent) and not _seen_by_v1(event):
        return []
    return _emissions(event)


def _seen_by_v1(event: ev.ConversationEvent) -> bool:
    return event.user is not None and event.conversation is event.user.default_conversation


@singledispatch
def _emissions(event: ev.Event) -> list[Emission]:
    return []


def _user_emission(
    event: ev.ConversationEvent | ev.UserEvent,
    trigger: str,
    versions: tuple[str, ...],
    body: BodyBuilder,
    **kw: Any,
) -> Emission:
    user = event.user
    assert user is not None, "v1 sees events of a user's default conversation only"
    return Emission(
        trigger,
        versions,
        body,
        app_user=user,
        client=event.client or user.primary_client(),
        conversation_id=kw.pop("conversation_id", user.default_conversation.id),
        ordering_key=user.id,
        **kw,
    )


@_emissions.register
def _(event: ev.MessageCreated) -> list[Emission]:
    message = event.message

    def body(version: str) -> JsonObject:
        return {"messages": [wire.webhook_message(message, version)]}

    trigger = "message:appUser" if message.author.type == "user" else "message:appMaker"
    return [_user_emission(event, trigger, BOTH, body), _user_emission(event, "message", V1, body)]


@_emissions.register
def _(event: ev.PostbackTapped) -> list[Emission]:
    def body(version: str) -> JsonObject:
        postback: JsonObject = {"action": dict(event.action)}
        if event.message is not None:
            postback["message"] = wire.webhook_message(event.message, version)
        return {"postbacks": [postback]}

    return [_user_emission(event, "postback", BOTH, body)]


@_emissions.register
def _(event: ev.ConversationStarted) -> list[Emission]:
    def body(version: str) -> JsonObject:
        result: JsonObject = {"source": wire.source(event.source), "timestamp": event.timestamp}
        if event.referral is not None:
            result["referral"] = dict(event.referral)
        return result

    return [_user_emission(event, "conversation:start", BOTH, body)]


@_emissions.register
def _(event: ev.ConversationRead) -> list[Emission]:
    def body(version: str) -> JsonObject:
        return {"source": wire.source(event.source), "timestamp": event.timestamp}

    return [_user_emission(event, "conversation:read", BOTH, body, v1_app_user="truncated")]


@_emissions.register
def _(event: ev.ConversationReferral) -> list[Emission]:
    def body(version: str) -> JsonObject:
        return {
            "source": wire.source(event.source),
            "referral": dict(event.referral),
            "timestamp": event.timestamp,
        }

    return [_user_emission(event, "conversation:referral", BOTH, body, v1_app_user="truncated")]


@_emissions.register
def _(event: ev.TypingChanged) -> list[Emission]:
    def body(version: str) -> JsonObject:
        return {
            "activity": {"type": event.activity_type},
            "source": wire.source(event.source),
            "timestamp": event.timestamp,
        }

    return [_user_emission(event, "typing:appUser", V1_1, body)]


@_emissions.register
def _(event: ev.UsersMerged) -> list[Emission]:
    def body(version: str) -> JsonObject:
        return {
            "surviving": wire.truncated_app_user(event.surviving),
            "discarded": [wire.truncated_app_user(event.discarded)],
        }

    return [
        Emission("merge:appUser", BOTH, body, v1_app_user="none", ordering_key=event.surviving.id)
    ]


@_emissions.register
def _(event: ev.MessageDelivery) -> list[Emission]:
    def v1_body(version: str) -> JsonObject:
        result: JsonObject = {
            "destination": {"type": event.destination["type"]},
            "messages": [wire.webhook_message(event.message, version)],
            "timestamp": event.timestamp,
        }
        if event.error is not None:
            result["error"] = dict(event.error)
        return result

    def v1_1_body(version: str) -> JsonObject:
        result: JsonObject = {
            "destination": dict(event.destination),
            "message": {"_id": event.message.id},
            "timestamp": event.timestamp,
            "isFinalEvent": event.stage != "channel",
        }
        if event.error is not None:
            result["error"] = dict(event.error)
        return result

    found: list[Emission] = [
        _user_emission(event, f"message:delivery:{event.stage}", V1_1, v1_1_body)
    ]
    v1_trigger = {"channel": "delivery:success", "failure": "delivery:failure"}.get(event.stage)
    if v1_trigger is not None:
        found.append(_user_emission(event, v1_trigger, V1, v1_body, v1_app_user="truncated"))
    return found


@_emissions.register
def _(event: ev.PaymentSucceeded) -> list[Emission]:
    def body(version: str) -> JsonObject:
        payment = {
            "source": wire.source(event.source),
            "message": wire.webhook_message(event.message, version),
            "action": dict(event.action),
            "charge": {"id": event.charge_id},
        }
        return {"payments": [payment], "timestamp": event.timestamp}

    return [_user_emission(event, "payment:success", BOTH, body, v1_app_user="truncated")]


@_emissions.register
def _(event: ev.ClientUpdated) -> list[Emission]:
    def body(version: str) -> JsonObject:
        # Smooch's linking docs show the channel as its type name, e.g. "channel": "messenger".
        result: JsonObject = {
            "channel": event.channel["type"],
            "criteria": dict(event.criteria),
            "timestamp": event.timestamp,
        }
        if event.error is not None:
            result["error"] = dict(event.error)
        return result

    return [_user_emission(event, f"link:{event.outcome}", BOTH, body, v1_app_user="truncated")]


@_emissions.register
def _(event: ev.ClientAdded) -> list[Emission]:
    def body(version: str) -> JsonObject:
        return (
            {
                "client": wire.client(event.client),
                "reason": event.reason,
                "timestamp": event.timestamp,
            }
            if event.client
            else {}
        )

    return [_user_emission(event, "client:add", V1_1, body)]


@_emissions.register
def _(event: ev.ClientRemoved) -> list[Emission]:
    def body(version: str) -> JsonObject:
        result: JsonObject = {"reason": event.reason, "timestamp": event.timestamp}
        if event.client is not None:
            result["client"] = wire.client(event.client)
        if event.error is not None:
            result["error"] = dict(event.error)
        return result

    return [_user_emission(event, "client:remove", V1_1, body)]


@_emissions.register
def _(event: ev.UserRemoved) -> list[Emission]:
    def body(version: str) -> JsonObject:
        return {"timestamp": event.timestamp}

    return [_user_emission(event, "appUser:delete", V1_1, body, conversation_id=None)]


@_emissions.register
def _(event: ev.NotificationDelivery) -> list[Emission]:
    def body(version: str) -> JsonObject:
        result: JsonObject = {
            "notification": {"_id": event.notification_id},
            "destination": dict(event.destination),
            "timestamp": event.timestamp,
        }
        if event.match is not None:
            result["matchResult"] = {
                "appUser": wire.truncated_app_user(event.match),
                "conversation": {"_id": event.match.default_conversation.id},
            }
        if event.error is not None:
            result["error"] = dict(event.error)
        return result

    trigger = f"notification:delivery:{event.stage}"
    return [Emission(trigger, V1_1, body, v1_app_user="none", ordering_key=event.notification_id)]
