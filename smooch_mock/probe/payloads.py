"""Schema-valid payloads for the probe, from the Faker provider (seeded), and variants of them."""

from __future__ import annotations

import copy
from typing import Any

from ..store.models import JsonObject


def valid_payloads(triggers: list[str], version: str, seed: int) -> dict[str, JsonObject]:
    """One realistic payload per trigger, as the platform would POST it."""
    from faker import Faker

    from ..faker import SmoochProvider

    fake = Faker()
    fake.add_provider(SmoochProvider)
    fake.seed_instance(seed)
    return {trigger: fake.smooch_webhook_payload(trigger, version) for trigger in triggers}


def later_event(payload: JsonObject, seconds: float, new_id: str) -> JsonObject:
    """The same kind of event in the same conversation, `seconds` later (a new message id)."""
    later = copy.deepcopy(payload)
    for message in later.get("messages", []):
        message["_id"] = new_id
        message["received"] = round(message["received"] + seconds, 3)
    if isinstance(later.get("timestamp"), (int, float)):
        later["timestamp"] = round(later["timestamp"] + seconds, 3)
    return later


def padded(payload: JsonObject, size: int) -> JsonObject:
    """`payload` grown to about `size` bytes of JSON (a very long text, or metadata)."""
    huge: dict[str, Any] = copy.deepcopy(payload)
    messages = huge.get("messages")
    if messages:
        messages[0]["text"] = "x" * size
    else:
        huge["padding"] = "x" * size
    return huge
