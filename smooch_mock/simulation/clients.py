"""Realistic clients for simulated end users, one per channel, drawn from the Faker provider."""

from __future__ import annotations

from ..store.models import Client, JsonObject

CHANNELS = (
    "web", "ios", "android", "messenger", "whatsapp", "line", "telegram", "twilio", "viber",
    "wechat", "messagebird", "mailgun", "twitter", "apple",
)  # fmt: skip
SDK_CHANNELS = ("web", "ios", "android")


def client_from_wire(data: JsonObject, *, integration_id: str | None, now: float) -> Client:
    """A stored Client from its wire shape (as the Faker provider writes it), seen `now`: the
    provider's own `lastSeen` belongs to its era and could predate the user's sign-up."""
    return Client(
        id=str(data["id"]),
        platform=str(data["platform"]),
        status="active",
        primary=True,
        integration_id=integration_id,
        external_id=data.get("externalId"),
        last_seen=now,
        display_name=data.get("displayName"),
        avatar_url=data.get("avatarUrl"),
        app_version=data.get("appVersion"),
        push_notification_token=data.get("pushNotificationToken"),
        info=dict(data.get("info") or {}),
        raw=dict(data.get("raw") or {}),
    )
