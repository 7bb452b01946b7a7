"""The appUser API's webhook payloads for one domain event: each subscribed webhook's own."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...store.events import Event
from ...store.models import Webhook
from ...webhooks.outgoing import Outgoing
from .emissions import BOTH, emissions_for
from .envelope import build_payload
from .triggers import subscribes


def webhook_payloads(event: Event, webhooks: Sequence[Webhook]) -> Iterator[Outgoing]:
    """For each trigger `event` fires, the payload of every webhook of that version subscribed."""
    if not any(webhook.version in BOTH for webhook in webhooks):
        return  # only other generations' webhooks: no emission to work out
    for emission in emissions_for(event):
        for webhook in webhooks:
            if webhook.version in emission.versions and subscribes(webhook, emission.trigger):
                yield Outgoing(
                    webhook=webhook,
                    trigger=emission.trigger,
                    payload=build_payload(emission, webhook, event.app_id),
                    ordering_key=emission.ordering_key,
                )
