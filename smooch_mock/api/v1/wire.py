"""Models to the JSON Smooch sends, per version; never `null` where the Python SDK needs a value."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ... import encoding
from ...store.models import (
    App,
    AppUser,
    Client,
    Conversation,
    Deployment,
    Integration,
    JsonObject,
    Message,
    SecretKey,
    ServiceAccount,
    Template,
    Webhook,
)


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


def app_user(model: AppUser, version: str = "v1.1") -> JsonObject:
    clients = [client(c, version) for c in model.clients]
    body = _present(
        _id=model.id,
        userId=model.user_id,
        givenName=model.given_name,
        surname=model.surname,
        email=model.email,
        signedUpAt=iso(model.signed_up_at),
        properties=dict(model.properties),
        conversationStarted=model.conversation_started,
        clients=clients,
        pendingClients=[client(c, version) for c in model.pending_clients],
        hasPaymentInfo=model.has_payment_info,
    )
    if version == "v1":
        body["credentialRequired"] = False
        body["devices"] = clients
    return body


def truncated_app_user(model: AppUser) -> JsonObject:
    return _present(
        _id=model.id, userId=model.user_id, conversationStarted=model.conversation_started
    )


def conversation(model: Conversation) -> JsonObject:
    return _present(
        _id=model.id,
        unreadCount=model.unread_count,
        appMakerLastRead=model.app_maker_last_read,
        appUserLastRead=model.app_user_last_read,
    )


def message(model: Message, version: str = "v1.1") -> JsonObject:
    """A message as the API answers it: `metadata` and `actions` only when it has them (live /v1
    recordings, 2018); `name` only when the author has one."""
    body: JsonObject = {
        "_id": model.id,
        "type": model.type,
        "text": model.text,
        "role": model.role,
        "authorId": model.author_id,
        "received": model.received,
        "source": dict(model.source),
    }
    if model.name is not None:
        body["name"] = model.name
    if model.avatar_url is not None:
        body["avatarUrl"] = model.avatar_url
    if model.content:
        body.update(model.content)
    return body


def message_json(model: Message) -> bytes:
    """`message(model)` encoded, made once and kept in `model.rendered` (the store empties it when
    the message changes): every page and answer that shows the message reuses these bytes."""
    rendered = model.rendered.get(_MESSAGE)
    if rendered is None:
        # A compact copy: orjson's own bytes keep its whole growth buffer (4 KB a message).
        rendered = model.rendered[_MESSAGE] = bytes(memoryview(encoding.dumps(message(model))))
    return rendered


def messages_json(models: list[Message]) -> bytes:
    """The JSON array of `models` from their rendered bytes (a page: one dict lookup each)."""
    return b"[" + b",".join([m.rendered.get(_MESSAGE) or message_json(m) for m in models]) + b"]"


_MESSAGE = "v1"
"""`Message.rendered`'s key for this generation's message (the same on /v1 and /v1.1 paths)."""


def webhook_message(model: Message, version: str) -> JsonObject:
    """A message in a webhook payload: v1 payloads keep the 2016 example's `metadata: {}` and
    `actions: []` on every message."""
    body = message(model, version)
    if version == "v1":
        body = {"metadata": {}, "actions": [], **body}
    return body


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
        body["includeClient"] = model.include_client
        body["includeFullAppUser"] = model.include_full_app_user
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
