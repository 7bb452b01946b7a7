"""Models to the JSON Smooch sends, per version; never `null` where the Python SDK needs a value."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ... import encoding
from ...store.models import (
    App,
    Client,
    Content,
    Conversation,
    Deployment,
    Integration,
    JsonObject,
    Message,
    SecretKey,
    ServiceAccount,
    Source,
    Template,
    User,
    Webhook,
)

ROLES = {"user": "appUser", "business": "appMaker"}
"""The v1 `role` of a message, by its author's type."""
V1_TYPES = frozenset(
    {"text", "image", "file", "carousel", "list", "location", "form"} | {"formResponse"}
)
"""Message types v1 knows; a v2-only one (a WhatsApp `template`) shows as text."""


def iso(timestamp: float) -> str:
    """Unix seconds to ISO-8601 with milliseconds and `Z`, as Smooch writes `signedUpAt`."""
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    # The year by hand: strftime's %Y does not pad years before 1000 to four digits on glibc.
    millis = moment.microsecond // 1000
    return f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S.") + f"{millis:03d}Z"


def _present(**fields: Any) -> JsonObject:
    return {k: v for k, v in fields.items() if v is not None}


def app(model: App) -> JsonObject:
    body: JsonObject = {
        "_id": model.id,
        "appToken": model.app_token,
        "name": model.name,
        "settings": dict(model.settings),
    }
    if model.metadata is not None:
        body["metadata"] = dict(model.metadata)
    return body


def key(model: SecretKey) -> JsonObject:
    return {"_id": model.id, "secret": model.secret, "name": model.name}


def service_account(model: ServiceAccount) -> JsonObject:
    return {"_id": model.id, "name": model.name}


def client(model: Client, version: str = "v1.1") -> JsonObject:
    """v1 clients have no `status` or `integrationId` (2016-2018 docs and live recordings)."""
    v1 = version == "v1"
    return _present(
        id=model.id,
        platform=model.platform,
        status=None if v1 else model.status,
        active=model.status == "active",
        primary=model.primary,
        integrationId=None if v1 else model.integration_id,
        externalId=model.external_id,
        lastSeen=iso(model.last_seen) if model.last_seen is not None else None,
        linkedAt=iso(model.linked_at) if model.linked_at is not None else None,
        displayName=model.display_name,
        avatarUrl=model.avatar_url,
        appVersion=model.app_version,
        pushNotificationToken=model.push_notification_token,
        info=dict(model.info) if model.info else None,
        raw=dict(model.raw) if model.raw else None,
    )


def app_user(model: User, version: str = "v1.1") -> JsonObject:
    clients = [client(c, version) for c in model.clients]
    profile = model.profile
    body = _present(
        _id=model.id,
        userId=model.external_id,
        givenName=profile.given_name,
        surname=profile.surname,
        email=profile.email,
        signedUpAt=iso(model.signed_up_at),
        properties=dict(model.metadata),
        conversationStarted=model.conversation_started,
        clients=clients,
        pendingClients=[client(c, version) for c in model.pending_clients],
        hasPaymentInfo=model.has_payment_info,
    )
    if version == "v1":
        body["credentialRequired"] = False
        body["devices"] = clients
    return body


def truncated_app_user(model: User) -> JsonObject:
    return _present(
        _id=model.id, userId=model.external_id, conversationStarted=model.conversation_started
    )


def conversation(model: Conversation, owner: User) -> JsonObject:
    """An appUser's conversation (the user's default one) with the owner's read state."""
    participant = model.participant(owner.id)
    return _present(
        _id=model.id,
        unreadCount=participant.unread_count if participant is not None else 0,
        appMakerLastRead=model.business_last_read,
        appUserLastRead=participant.last_read if participant is not None else None,
    )


def message(model: Message, version: str = "v1.1") -> JsonObject:
    """A message as the API answers it: `metadata` and `actions` only when it has them (live /v1
    recordings, 2018); `name` only when the author has one."""
    author = model.author
    content = model.content
    body: JsonObject = {
        "_id": model.id,
        "type": content.type if content.type in V1_TYPES else "text",
        "text": content.text,
        "role": ROLES[author.type],
        "authorId": author.user_id if author.type == "user" else author.business_id,
        "received": model.received,
        "source": source(model.source),
    }
    if author.display_name is not None:
        body["name"] = author.display_name
    if author.avatar_url is not None:
        body["avatarUrl"] = author.avatar_url
    if content.actions is not None:
        body["actions"] = content.actions
    if model.metadata is not None:
        body["metadata"] = model.metadata
    body.update(_content_fields(content))
    if author.email is not None:
        body["email"] = author.email
    return body


def _content_fields(content: Content) -> JsonObject:
    return _present(
        payload=content.payload,
        mediaUrl=content.media_url,
        mediaType=content.media_type,
        mediaSize=content.media_size,
        altText=content.alt_text,
        items=content.items,
        displaySettings=content.display_settings,
        coordinates=content.coordinates,
        location=content.location,
        fields=content.fields,
        submitted=content.submitted,
        blockChatInput=content.block_chat_input,
        quotedMessage=content.quoted_message,
        textFallback=content.text_fallback,
    )


def source(model: Source) -> JsonObject:
    """v1's `source`: an SDK's device as `id`."""
    return _present(
        type=model.type,
        id=model.client_id,
        integrationId=model.integration_id,
        originalMessageId=model.original_message_id,
        originalMessageTimestamp=model.original_message_timestamp,
    )


def message_json(model: Message) -> bytes:
    """`message(model)` encoded, made once and kept in `model.rendered_v1` (the store forgets it
    when the message changes): every page, answer and v1.1 payload showing the message reuses
    these bytes (the same on /v1 and /v1.1 paths)."""
    rendered = model.rendered_v1
    if rendered is None:
        # A compact copy: orjson's own bytes keep its whole growth buffer (4 KB a message).
        rendered = model.rendered_v1 = bytes(memoryview(encoding.dumps(message(model))))
    return rendered


def messages_json(models: list[Message]) -> bytes:
    """The JSON array of `models` from their rendered bytes (a page: one attribute each)."""
    return b"[" + b",".join([m.rendered_v1 or message_json(m) for m in models]) + b"]"


def webhook_message(model: Message, version: str) -> Any:
    """A message in a webhook payload: in v1.1 the API's own, from its rendered bytes; v1
    payloads keep the 2016 example's `metadata: {}` and `actions: []` on every message."""
    if version != "v1":
        return encoding.embedded(message_json(model))
    return {"metadata": {}, "actions": [], **message(model, version)}


def webhook(model: Webhook, version: str = "v1.1") -> JsonObject:
    """On /v1 paths a webhook has no `version`, `includeClient`, `includeFullAppUser` (2017 docs,
    live 2018 recordings): those arrived with v1.1."""
    body: JsonObject = {
        "_id": model.id,
        "target": model.target,
        "triggers": list(model.triggers),
        "secret": model.secret,
    }
    if version != "v1":
        body["version"] = model.version
        body["includeClient"] = model.include_full_source
        body["includeFullAppUser"] = model.include_full_user
    return body


def integration(model: Integration) -> JsonObject:
    return {"_id": model.id, "type": model.type, "status": model.status, **model.public}


def template(model: Template) -> JsonObject:
    return {"_id": model.id, "name": model.name, "message": dict(model.message)}


def deployment(model: Deployment) -> JsonObject:
    return _present(
        _id=model.id,
        status=model.status,
        hosting=model.hosting,
        baseUrl=model.base_url,
        username=model.username,
        phoneNumber=model.phone_number,
        callbackUrl=model.callback_url,
        callbackSecret=model.callback_secret,
    )
