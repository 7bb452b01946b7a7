"""v2 renderings that webhook events need: users, clients, devices, conversations and messages.

Interim: the v2 user, conversation and message renderings of the REST operations
(`users_wire`, `conversations_wire`, `messages_wire`) are being written on other branches; once
they land these functions defer to them.
"""

from __future__ import annotations

from typing import Any

from ...ids import derived_id
from ...store.models import Client, Content, Conversation, JsonObject, Message, Source, User
from .wire import iso_date

SDK_PLATFORMS = frozenset({"ios", "android", "web"})
"""v1 SDK platforms: all of a user's SDK clients are one `sdk` client, each a device of it."""
CLIENT_TYPES = frozenset(
    {
        "apple", "gbm", "googlercs", "instagram", "kakao", "line", "mailgun", "messagebird",
        "messenger", "slackconnect", "sdk", "telegram", "twilio", "twitter", "viber", "wechat",
        "whatsapp",
    }
)  # fmt: skip
BUSINESS_AVATAR = "https://www.gravatar.com/avatar/00000000000000000000000000000000.png?s=200&d=mm"
V1_ONLY_KEYS = ("_id",)


def _present(**fields: Any) -> JsonObject:
    return {k: v for k, v in fields.items() if v is not None and v != ""}


def user_truncated(user: User) -> JsonObject:
    return _present(id=user.id, externalId=user.external_id, authenticated=False)


def user_full(user: User) -> JsonObject:
    profile = user.profile
    return _present(
        id=user.id,
        externalId=user.external_id,
        authenticated=False,
        signedUpAt=iso_date(user.signed_up_at),
        toBeRetained=False,
        profile=_present(
            givenName=profile.given_name,
            surname=profile.surname,
            email=profile.email,
            avatarUrl=profile.avatar_url,
            locale=profile.locale,
        ),
        metadata=dict(user.metadata),
        identities=[],
    )


def user(model: User, *, full: bool) -> JsonObject:
    return user_full(model) if full else user_truncated(model)


def sdk_client_id(owner_id: str) -> str:
    """The one `sdk` client that stands for all of a user's SDK devices: stable per user."""
    return derived_id("sdk-client", owner_id)


def client(model: Client, owner_id: str) -> JsonObject | None:
    """A v2 client; an SDK device is shown as its user's `sdk` client, and platforms outside the
    v2 client types (which would break the Python client's enum) as nothing."""
    if model.platform in SDK_PLATFORMS:
        return _present(
            id=sdk_client_id(owner_id),
            type="sdk",
            status="active" if model.status == "active" else "inactive",
            lastSeen=_date(model.last_seen),
            linkedAt=_date(model.linked_at),
        )
    if model.platform not in CLIENT_TYPES:
        return None
    return _present(
        id=model.id,
        type=model.platform,
        status=model.status if model.status in ("active", "blocked", "pending") else "inactive",
        integrationId=model.integration_id,
        externalId=model.external_id,
        lastSeen=_date(model.last_seen),
        linkedAt=_date(model.linked_at),
        displayName=model.display_name,
        avatarUrl=model.avatar_url,
        info=dict(model.info) if model.info else None,
        raw=dict(model.raw) if model.raw else None,
    )


def device(model: Client, owner_id: str) -> JsonObject | None:
    """The device an SDK client is in v2 (`guid` = the v1 client id); None for other channels."""
    if model.platform not in SDK_PLATFORMS:
        return None
    return _present(
        id=model.id,
        type=model.platform,
        guid=model.id,
        clientId=sdk_client_id(owner_id),
        status="active" if model.status == "active" else "inactive",
        integrationId=model.integration_id,
        lastSeen=_date(model.last_seen),
        pushNotificationToken=model.push_notification_token,
        appVersion=model.app_version,
        info=dict(model.info) if model.info else None,
    )


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
        shape.update(full_source_of(_client_of(owner, model.client_id), owner.id))
    return shape


def full_source_of(found: Client | None, owner_id: str) -> JsonObject:
    """The `client` and `device` keys includeFullSource adds, for a known client."""
    if found is None:
        return {}
    return _present(client=client(found, owner_id), device=device(found, owner_id))


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
    model: Message, writer: User | None, *, full_user: bool, full_source: bool
) -> JsonObject:
    """A message inside a `conversation:message` event."""
    shape: JsonObject = {
        "id": model.id,
        "received": iso_date(model.received),
        "author": author(model, writer, full_user=full_user),
        "content": content(model.content),
        "source": source(model.source, writer, full_source=full_source),
    }
    if model.metadata:
        shape["metadata"] = dict(model.metadata)
    return shape


def content(model: Content) -> JsonObject:
    """The v2 `content`: v1's fields under their v2 names, without the v1 `_id`s, and without
    v1's `share` action, which v2 does not know."""
    shape = _present(
        type=model.type,
        text=model.text,
        payload=model.payload,
        mediaUrl=model.media_url,
        mediaType=model.media_type,
        mediaSize=model.media_size,
        altText=model.alt_text,
        displaySettings=model.display_settings,
        coordinates=model.coordinates,
        location=model.location,
        submitted=model.submitted,
        blockChatInput=model.block_chat_input,
        textFallback=model.text_fallback,
        template=model.template,
    )
    if model.actions:
        actions = [_without_ids(a) for a in model.actions if a.get("type") != "share"]
        if actions:
            shape["actions"] = actions
    if model.items:
        shape["items"] = [_without_ids(item) for item in model.items]
    if model.fields:
        shape["fields"] = [_without_ids(field) for field in model.fields]
    return shape


def _without_ids(part: JsonObject) -> JsonObject:
    shape: JsonObject = {}
    for key, value in part.items():
        if key in V1_ONLY_KEYS:
            continue
        if isinstance(value, list):
            value = [_without_ids(v) if isinstance(v, dict) else v for v in value]
        shape[key] = value
    return shape


def _date(seconds: float | None) -> str | None:
    return None if seconds is None else iso_date(seconds)
