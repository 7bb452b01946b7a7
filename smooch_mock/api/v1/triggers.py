"""The appUser API's webhook triggers: the names per version, the defaults and who subscribes."""

from __future__ import annotations

from ...errors import UnknownTrigger
from ...store.models import Webhook

TRIGGERS_V1_1 = (
    "message:appUser", "message:appMaker", "postback", "conversation:start", "conversation:read",
    "conversation:referral", "typing:appUser", "merge:appUser", "message:delivery:channel",
    "message:delivery:user", "message:delivery:failure", "payment:success", "link:match",
    "link:success", "link:failure", "client:add", "client:remove", "appUser:delete",
    "notification:delivery:channel", "notification:delivery:user", "notification:delivery:failure",
)  # fmt: skip
TRIGGERS_V1 = (
    "message", "message:appUser", "message:appMaker", "postback", "conversation:start",
    "conversation:read", "conversation:referral", "merge:appUser", "delivery:success",
    "delivery:failure", "payment:success", "link:match", "link:success", "link:failure",
)  # fmt: skip
DEFAULT_TRIGGERS = {"v1": ("message",), "v1.1": ("message:appUser",)}
WILDCARD = "*"


def known_triggers(version: str) -> tuple[str, ...]:
    return TRIGGERS_V1 if version == "v1" else TRIGGERS_V1_1


def check_triggers(triggers: list[str], version: str) -> None:
    """Every trigger must be known in the webhook's version (names are case-sensitive)."""
    allowed = known_triggers(version)
    for trigger in triggers:
        if trigger != WILDCARD and trigger not in allowed:
            raise UnknownTrigger(trigger=trigger, version=version)


def triggers_or_default(triggers: list[str] | None, version: str) -> list[str]:
    """`triggers`, checked, or the version's default when none are given."""
    chosen = list(triggers) if triggers else list(DEFAULT_TRIGGERS[version])
    check_triggers(chosen, version)
    return chosen


def subscribes(webhook: Webhook, trigger: str) -> bool:
    """`*` covers every trigger except `typing:appUser`, which must be named."""
    if trigger in webhook.triggers:
        return True
    return WILDCARD in webhook.triggers and trigger != "typing:appUser"
