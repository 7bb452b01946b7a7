"""Per-type rules of v2 integration bodies: write-only fields, fields the channel reports, and
what an update may change (the schema checks shapes; which fields fit a stored type is here)."""

from __future__ import annotations

from functools import cache

from ...schemas.registry import load_store
from ...store.integrations import WEB_DISPLAY_DEFAULTS
from ...store.models import JsonObject

COMMON = frozenset({"displayName", "defaultResponderId", "showAIDisclaimer"})
WRITE_ONLY: dict[str, frozenset[str]] = {
    "android": frozenset({"privateKey", "serverKey"}),
    "apple": frozenset({"authenticationMessageSecret"}),
    "instagram": frozenset({"pageAccessToken", "appSecret"}),
    "ios": frozenset({"certificate", "password"}),
    "line": frozenset({"channelSecret", "channelAccessToken", "switcherSecret"}),
    "mailgun": frozenset({"apiKey", "signingKey"}),
    "messagebird": frozenset({"accessKey", "signingKey"}),
    "messenger": frozenset({"pageAccessToken", "appSecret"}),
    "telegram": frozenset({"token"}),
    "twilio": frozenset({"authToken"}),
    "twitter": frozenset({"consumerSecret", "accessTokenSecret"}),
    "viber": frozenset({"token"}),
    "whatsapp": frozenset({"accountManagementAccessToken"}),
}
"""Kept, never shown (`defaultResponderId` too, for every type)."""
REPORTED: dict[str, tuple[str, ...]] = {
    "messenger": ("pageId", "pageName"),
    "instagram": ("businessName", "username"),
    "telegram": ("username", "botId"),
    "viber": ("uri", "accountId"),
    "line": ("lineId",),
    "messagebird": ("webhookSecret",),
    "whatsapp": ("phoneNumber",),
}
"""Read-only fields the channel would report once connected: the fake makes them up."""
DEFAULTS: dict[str, JsonObject] = {
    "web": {**WEB_DISPLAY_DEFAULTS, "buttonWidth": "58", "buttonHeight": "58"},
    "whatsapp": {"hsmFallbackLanguage": "en_US"},
    "ios": {"production": False, "autoUpdateBadge": False},
}
_LIST_FLAGS = frozenset({"canUserSeeConversationList", "canUserCreateMoreConversations"})
UPDATABLE: dict[str, frozenset[str]] = {
    "android": _LIST_FLAGS | {"projectId", "clientEmail", "privateKey", "serverKey", "senderId"},
    "apple": frozenset({"authenticationMessageSecret"}),
    "instagram": frozenset({"pageAccessToken", "storyRepliesEnabled", "storyMentionsEnabled"}),
    "ios": _LIST_FLAGS | {"certificate", "password", "production", "autoUpdateBadge"},
    "mailgun": frozenset({"hideUnsubscribeLink", "fromAddress"}),
    "messenger": frozenset({"pageAccessToken"}),
    "unity": _LIST_FLAGS,
    "web": _LIST_FLAGS
    | {
        "brandColor",
        "fixedIntroPane",
        "conversationColor",
        "actionColor",
        "displayStyle",
        "buttonIconUrl",
        "buttonWidth",
        "buttonHeight",
        "integrationOrder",
        "businessName",
        "businessIconUrl",
        "backgroundImageUrl",
        "originWhitelist",
        "prechatCapture",
    },
    "whatsapp": frozenset({"hsmFallbackLanguage", "accountId", "accountManagementAccessToken"}),
}
"""Beyond `COMMON`, what PATCH may change per type (custom: `displayName` only)."""
ANY_UPDATABLE = frozenset().union(*UPDATABLE.values())


def split(kind: str, body: JsonObject) -> tuple[JsonObject, JsonObject]:
    """(shown, kept) fields of a body for an integration of type `kind`; keys the type does not
    know are ignored, as the open body schemas promise."""
    hidden = WRITE_ONLY.get(kind, frozenset()) | {"defaultResponderId"}
    known = type_fields(kind) | {"defaultResponderId", "showAIDisclaimer"}
    given = {k: v for k, v in body.items() if k in known}
    shown = {k: v for k, v in given.items() if k not in hidden}
    kept = {k: v for k, v in given.items() if k in hidden}
    return shown, kept


@cache
def type_fields(kind: str) -> frozenset[str]:
    """The fields of an integration of type `kind` (its schema's), `type` aside."""
    schema = load_store().schema(f"v2/objects/integration-{kind}")
    return frozenset(schema["$defs"]["fields"]["properties"]) - {"type"}
