"""The v2 (Sunshine Conversations) side of the test helpers: the official client's configuration,
role names of both generations, custom integrations with v2 webhooks, v2 shapes. The v2 wire
modules load when a v2 shape is first asked for: a v1 session never loads them."""

from __future__ import annotations

from typing import Any

from ..api.v1 import wire as v1_wire
from ..store import Store
from ..store.models import Conversation, JsonObject, Message, User

V2 = "v2"
DEFAULT_V2_TRIGGERS = ("conversation:message",)
"""What a v2 webhook made by the helpers subscribes to when no triggers are given (v2 has no
default; this is the one a bot needs, as `message:appUser` is v1's default)."""
AUTHOR_TYPES = {"appMaker": "business", "appUser": "user", "business": "business", "user": "user"}
"""A message's sender in v2's words (`author.type`), from either generation's name."""
ROLES = {"business": "appMaker", "user": "appUser", "appMaker": "appMaker", "appUser": "appUser"}
"""A message's sender in v1's words (`role`), from either generation's name."""


def sunshine_configuration(host: str, key_id: str, secret: str, jwt: str | None = None) -> Any:
    """A `sunshine_conversations_client.Configuration` for the fake at `host` (no version in it),
    with Basic credentials, or the `jwt` as bearer token. The client is imported only now."""
    import sunshine_conversations_client as sunco

    if jwt is not None:
        return sunco.Configuration(host=host, access_token=jwt)
    return sunco.Configuration(host=host, username=key_id, password=secret)


def sender(role: str | None, version: str) -> str:
    """`role` (either generation's name; None: the business) in `version`'s words."""
    chosen = role or "business"
    names = AUTHOR_TYPES if version == V2 else ROLES
    if chosen not in names:
        raise ValueError(f"role must be one of {', '.join(names)}, not {role!r}")
    return names[chosen]


def message_shape(message: Message, conversation: Conversation | None, version: str) -> JsonObject:
    """`message` as the API of `version` shows it."""
    if version == V2:
        from ..api.v2 import messages_wire

        return messages_wire.message(message, conversation)
    return v1_wire.message(message, version)


def message_view(message: JsonObject, version: str) -> JsonObject:
    """Who sent a wire message, its type and text, whatever the generation's shape."""
    if version == V2:
        content = message["content"]
        return {
            "role": message["author"]["type"],
            "type": content["type"],
            "text": content.get("text"),
        }
    return {"role": message.get("role"), "type": message.get("type"), "text": message.get("text")}


def user_shape(user: User, version: str) -> JsonObject:
    """The user as the API of `version` shows it (a v1 appUser, or a v2 user)."""
    if version == V2:
        from ..api.v2 import users_wire

        return users_wire.user(user)
    return v1_wire.app_user(user, version)


def conversation_shape(conversation: Conversation) -> JsonObject:
    from ..api.v2 import conversations_wire

    return conversations_wire.conversation(conversation)


def check_v2_triggers(triggers: list[str] | None) -> list[str]:
    """`triggers` (v2 event types), checked, or `DEFAULT_V2_TRIGGERS`."""
    from ..schemas import v2_event_types

    chosen = list(triggers) if triggers else list(DEFAULT_V2_TRIGGERS)
    known = v2_event_types()
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise ValueError(
            f"not v2 event types: {', '.join(unknown)}; known: {', '.join(known)}"
            " (v1 trigger names go to a webhook of version v1.1)"
        )
    return chosen


def custom_integration_shape(store: Store, app_id: str, integration_id: str) -> JsonObject:
    from ..api.v2 import integrations_wire

    shape = integrations_wire.integration(store.get_integration(app_id, integration_id))
    assert shape is not None, "a custom integration always has a v2 view"
    return shape


def events_of(payloads: list[Any], event_type: str | None) -> list[JsonObject]:
    """The events of v2 webhook payloads (of `event_type`), in order; v1 payloads have none."""
    found: list[JsonObject] = []
    for payload in payloads:
        events = payload.get("events") if isinstance(payload, dict) else None
        for event in events or []:
            if event_type is None or event.get("type") == event_type:
                found.append(event)
    return found
