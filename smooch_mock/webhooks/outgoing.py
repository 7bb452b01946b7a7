"""What a generation hands the webhook service for one event: each subscribed webhook's payload."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..store.events import Event
from ..store.models import JsonObject, Webhook


@dataclass(slots=True)  # made per event: a frozen init costs three times more
class Outgoing:
    """One payload for one webhook, in the shape of the webhook's generation."""

    webhook: Webhook
    trigger: str
    payload: JsonObject
    ordering_key: str
    """What the deliveries of one webhook keep their order by (e.g. the appUser's id)."""


PayloadBuilder = Callable[[Event, Sequence[Webhook]], Iterable[Outgoing]]
"""A generation's payloads for one domain event, given every webhook of the event's app."""
