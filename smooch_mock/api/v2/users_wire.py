"""v2 shapes of users, clients and devices: all SDK clients of a user are one `sdk` client."""

from __future__ import annotations

from typing import Any

from ...ids import derived_id
from ...store.models import Client, JsonObject, User
from .wire import iso_date

SDK_PLATFORMS = frozenset({"ios", "android", "web"})
"""v1 client platforms that are devices of the user's one `sdk` client in v2."""
CHANNEL_CLIENT_TYPES = frozenset(
    {
        "apple", "gbm", "googlercs", "instagram", "kakao", "line", "mailgun", "messagebird",
        "messenger", "slackconnect", "telegram", "twilio", "twitter", "viber", "wechat",
        "whatsapp",
    }
)  # fmt: skip
"""v2 client types a v1 client keeps as they are; other platforms have no v2 view."""
CLIENT_STATUSES = frozenset({"active", "blocked", "inactive", "pending"})
PROFILE_KEYS = (
    ("givenName", "given_name"),
    ("surname", "surname"),
    ("email", "email"),
    ("avatarUrl", "avatar_url"),
    ("locale", "locale"),
)
"""v2 profile key → stored profile attribute."""


def _present(**fields: Any) -> JsonObject:
    """The fields that have a value: the Python client refuses `""` where it wants min 1."""
    return {key: value for key, value in fields.items() if value is not None and value != ""}


def _date(seconds: float | None) -> str | None:
    return None if seconds is None else iso_date(seconds)


def user(record: User) -> JsonObject:
    """A user: the v1 appUser (same id), `userId` as `externalId`, `properties` as `metadata`."""
    profile = {key: getattr(record.profile, name) for key, name in PROFILE_KEYS}
    return _present(
        id=record.id,
        externalId=record.external_id,
        signedUpAt=iso_date(record.signed_up_at),
        toBeRetained=record.to_be_retained,
        authenticated=record.authenticated,
        profile=_present(**profile),
        metadata=dict(record.metadata),
        identities=[dict(identity) for identity in record.identities],
        zendeskId=record.zendesk_id,
    )


def sdk_client_id(record: User) -> str:
    """The id of the user's one `sdk` client: fixed by the user, never drawn."""
    return derived_id("sdkClient", record.id)


def device_id(client: Client) -> str:
    """A device's own 24-hex id (its `guid` is the v1 client id the SDK chose)."""
    return derived_id("device", client.id)


def is_sdk(client: Client) -> bool:
    return client.platform in SDK_PLATFORMS


def has_v2_view(client: Client) -> bool:
    return is_sdk(client) or client.platform in CHANNEL_CLIENT_TYPES


def clients(record: User) -> list[JsonObject]:
    """The user's v2 clients, linked then pending: the `sdk` one where its first device sits."""
    shown: list[JsonObject] = []
    sdk_shown = False
    for client in record.clients + record.pending_clients:
        if is_sdk(client):
            if not sdk_shown:
                shown.append(sdk_client(record))
                sdk_shown = True
        elif client.platform in CHANNEL_CLIENT_TYPES:
            shown.append(channel_client(client))
    return shown


def sdk_client(record: User) -> JsonObject:
    """The `sdk` client standing for every web, iOS and Android device of the user."""
    devices = [c for c in record.clients if is_sdk(c)]
    seen = [c.last_seen for c in devices if c.last_seen is not None]
    linked = [c.linked_at for c in devices if c.linked_at is not None]
    active = any(c.status == "active" for c in devices)
    return _present(
        id=sdk_client_id(record),
        type="sdk",
        status="active" if active else "inactive",
        lastSeen=_date(max(seen)) if seen else None,
        linkedAt=_date(min(linked)) if linked else None,
    )


def channel_client(client: Client) -> JsonObject:
    """A messaging-channel client (the v1 client, same id)."""
    return _present(
        id=client.id,
        type=client.platform,
        status=client.status if client.status in CLIENT_STATUSES else "inactive",
        integrationId=client.integration_id,
        externalId=client.external_id,
        lastSeen=_date(client.last_seen),
        linkedAt=_date(client.linked_at),
        displayName=client.display_name,
        avatarUrl=client.avatar_url,
        info=dict(client.info) if client.info else None,
        raw=dict(client.raw) if client.raw else None,
    )


def devices(record: User) -> list[JsonObject]:
    """The devices of the user's `sdk` client, most recently seen first (of two seen in the
    same millisecond, the one added later)."""
    found = [(c.last_seen or 0.0, order, c) for order, c in enumerate(record.clients) if is_sdk(c)]
    found.sort(key=lambda seen: seen[:2], reverse=True)
    return [device(record, c) for _, _, c in found]


def device(record: User, client: Client) -> JsonObject:
    """One v1 web/iOS/Android client as a device of the user's `sdk` client."""
    return _present(
        id=device_id(client),
        guid=client.id,
        type=client.platform,
        clientId=sdk_client_id(record),
        status="active" if client.status == "active" else "inactive",
        integrationId=client.integration_id,
        lastSeen=_date(client.last_seen),
        pushNotificationToken=client.push_notification_token,
        appVersion=client.app_version,
        info=dict(client.info) if client.info else None,
    )


def client_association(record: User, client: Client) -> JsonObject | None:
    """`{type, clientId}` of a participant's client; None for a platform v2 does not know."""
    if is_sdk(client):
        return {"type": "sdk", "clientId": sdk_client_id(record)}
    if client.platform in CHANNEL_CLIENT_TYPES:
        return {"type": client.platform, "clientId": client.id}
    return None
