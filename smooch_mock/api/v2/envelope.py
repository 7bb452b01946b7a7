"""The body of a v2 webhook POST: `{app, webhook: {id, version}, events: [{id, type, ...}]}`."""

from __future__ import annotations

from ...store.models import JsonObject, Webhook
from .wire import iso_date


def build_envelope(
    app_id: str, webhook: Webhook, event_id: str, kind: str, created_at: float, payload: JsonObject
) -> JsonObject:
    """One event per POST (the platform may batch several; one is a valid batch)."""
    return {
        "app": {"id": app_id},
        "webhook": {"id": webhook.id, "version": "v2"},
        "events": [
            {"id": event_id, "type": kind, "createdAt": iso_date(created_at), "payload": payload}
        ],
    }
