"""The v2 webhook payloads for one domain event: an envelope per subscribed v2 webhook."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...ids import IdFactory
from ...store import Store
from ...store.events import Event
from ...store.models import Conversation, JsonObject, Webhook
from ...webhooks.outgoing import Outgoing
from . import integrations_wire
from .emissions import emissions_for
from .envelope import build_envelope

VERSION = "v2"


class V2WebhookPayloads:
    """A payload builder (see `webhooks.outgoing.PayloadBuilder`) for webhooks of version v2.

    Each v2 event gets one id, shared by every webhook it reaches and kept by every retry (the
    body is serialised once), so a consumer can de-duplicate on it.
    """

    def __init__(self, store: Store, seed: int | None = None) -> None:
        self.store = store
        self.ids = IdFactory(seed)

    def __call__(self, event: Event, webhooks: Sequence[Webhook]) -> Iterator[Outgoing]:
        subscribed = [w for w in webhooks if w.version == VERSION]
        if not subscribed:
            return
        for emission in emissions_for(event, self._switchboard_refs(event.app_id)):
            receivers = [w for w in subscribed if emission.type in w.triggers]
            if emission.conversation is not None:
                receivers = [
                    w for w in receivers if self._receives(event.app_id, w, emission.conversation)
                ]
            if not receivers:
                continue
            event_id = self.ids.object_id()
            for webhook in receivers:
                payload = emission.payload(webhook)
                yield Outgoing(
                    webhook=webhook,
                    trigger=emission.type,
                    payload=build_envelope(
                        event.app_id, webhook, event_id, emission.type, event.timestamp, payload
                    ),
                    ordering_key=emission.ordering_key,
                )

    def _receives(self, app_id: str, webhook: Webhook, conversation: Conversation) -> bool:
        """With the switchboard enabled, a member integration on standby in `conversation` gets
        its events only if it asked for them (`deliverStandbyEvents`)."""
        state = self.store.apps.get(app_id)
        switchboard = state.switchboard if state is not None else None
        if switchboard is None or not switchboard.enabled:
            return True
        integration = self.store.webhook_integration(app_id, webhook.id)
        member = next(
            (m for m in switchboard.members.values() if m.integration_id == integration.id),
            None,
        )
        if member is None or member.deliver_standby_events:
            return True
        return conversation.active_switchboard_integration_id == member.id

    def _switchboard_refs(self, app_id: str) -> _Refs:
        return _Refs(self.store, app_id)


class _Refs:
    """A conversation's active and pending switchboard integrations, as webhooks name them."""

    def __init__(self, store: Store, app_id: str) -> None:
        self.store = store
        self.app_id = app_id

    def __call__(self, conversation: Conversation) -> JsonObject:
        state = self.store.apps.get(self.app_id)
        switchboard = state.switchboard if state is not None else None
        return integrations_wire.switchboard_refs(switchboard, conversation)
