"""Webhook-only v2 shapes: truncated users and conversations, the webhook message and source."""

from __future__ import annotations

from typing import Any

from ...store.models import Client, Conversation, JsonObject, Message, Source, User
from . import messages_wire, users_wire
from .wire import iso_date

BUSINESS_AVATAR = "https://www.gravatar.com/avatar/00000000000000000000000000000000.png?s=200&d=mm"


def _present(**fields: Any) -> JsonObject:
    return {k: v for k, v in fields.items() if v is not None and v != ""}


def user_truncated(user: User) -> JsonObject:
    """What a webhook without includeFullUser says of a user."""
    return _present(
        id=user.id,
        externalId=user.external_id,
        authenticated=user.authenticated,
        zendeskId=user.zendesk_id,
    )


def user(model: User, *, full: bool) -> JsonObject:
    return users_wire.user(model) if full else user_truncated(model)


def client(model: Client, owner: User) -> JsonObject | None:
    """The v2 client behind a stored client: an SDK device is its user's `sdk` client; a
    platform v2 does not know has none (it would break the Python client's enum)."""
    if users_wire.is_sdk(model):
        return users_wire.sdk_client(owner)
    if not users_wire.has_v2_view(model):
        return None
    return users_wire.channel_client(model)


def device(model: Client, owner: User) -> JsonObject | None:
    """The device an SDK client is in v2; None for other channels."""
    return users_wire.device(owner, model) if users_wire.is_sdk(model) else None


def conversation_truncated(
    model: Conversation, switchboard: JsonObject | None = None
) -> JsonObject:
    """`{id, type, metadata?, activeSwitchboardIntegration?, pendingSwitchboardIntegration?}`:
    `switchboard` holds the two references when an integration has (or is offered) control."""
    shape: JsonObject = {"id": model.id, "type": model.type}
    if model.metadata:
        shape["metadata"] = dict(model.metadata)
    if switchboard:
        shape.update(switchboard)
    return shape


def source(model: Source, owner: User | None, *, full_source: bool) -> JsonObject:
    """A message's or activity's source; `client` (and, for an SDK, `device`) with
    includeFullSource when the client is known."""
    shape = _present(
        type=model.type,
        integrationId=model.integration_id,
        originalMessageId=model.original_message_id,
        originalMessageTimestamp=_date(model.original_message_timestamp),
    )
    if full_source and owner is not None:
        shape.update(full_source_of(_client_of(owner, model.client_id), owner))
    return shape


def full_source_of(found: Client | None, owner: User) -> JsonObject:
    """The `client` and `device` keys includeFullSource adds, for a known client."""
    if found is None:
        return {}
    return _present(client=client(found, owner), device=device(found, owner))


def _client_of(owner: User, client_id: str | None) -> Client | None:
    if client_id is None:
        return None
    return owner.client(client_id)


def author(message: Message, writer: User | None, *, full_user: bool) -> JsonObject:
    """A webhook message's author: a user author carries the user (truncated unless
    includeFullUser); a business author gets the default avatar when it has none."""
    given = message.author
    if given.type == "business":
        return _present(
            type="business",
            displayName=given.display_name,
            avatarUrl=given.avatar_url or BUSINESS_AVATAR,
        )
    shape = _present(
        type="user",
        userId=given.user_id,
        displayName=given.display_name,
        avatarUrl=given.avatar_url,
    )
    if writer is not None:
        shape["user"] = user(writer, full=full_user)
    return shape


def message(
    model: Message,
    writer: User | None,
    *,
    full_user: bool,
    full_source: bool,
    conversation: Conversation | None = None,
) -> JsonObject:
    """A message inside a `conversation:message` event; `conversation` lets a formResponse show
    the form it quotes."""
    shape: JsonObject = {
        "id": model.id,
        "received": iso_date(model.received),
        "author": author(model, writer, full_user=full_user),
        "content": messages_wire.content(model.content),
        "source": source(model.source, writer, full_source=full_source),
    }
    if model.metadata:
        shape["metadata"] = dict(model.metadata)
    quoted = messages_wire.quoted_message(model, conversation)
    if quoted is not None:
        shape["quotedMessage"] = quoted
    return shape


def _date(seconds: float | None) -> str | None:
    return None if seconds is None else iso_date(seconds)
