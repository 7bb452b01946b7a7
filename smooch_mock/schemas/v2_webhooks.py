"""v2 webhook schemas: the event types, each type's event schema and the payload (envelope)."""

from __future__ import annotations

from functools import cache
from typing import Any

from .errors import UnknownTriggerError
from .registry import load_store

V2 = "v2"
V2_ENVELOPE = "v2/webhooks/envelope"
"""A whole v2 POST body: {app, webhook, events}; each event is checked against its type's schema."""
_EVENT_FOLDER = "v2/webhooks/events/"


def v2_event_types() -> list[str]:
    """The v2 event types that have a schema, read from the event schemas' `type` const."""
    return sorted(_event_table())


def v2_event_schema_name(event_type: str) -> str:
    """`conversation:message` → `v2/webhooks/events/conversation-message` (one event object)."""
    try:
        return _event_table()[event_type]
    except KeyError:
        raise UnknownTriggerError(event_type, V2, v2_event_types()) from None


def is_v2_payload(instance: Any) -> bool:
    """Whether a webhook body is v2-shaped: an `events` array and `webhook.version` v2."""
    if not isinstance(instance, dict):
        return False
    webhook = instance.get("webhook")
    return isinstance(instance.get("events"), list) and (
        isinstance(webhook, dict) and webhook.get("version") == V2
    )


@cache
def _event_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, schema in load_store().schemas.items():
        event_type = schema.get("properties", {}).get("type", {}).get("const")
        if name.startswith(_EVENT_FOLDER) and isinstance(event_type, str):
            table[event_type] = name
    return table
