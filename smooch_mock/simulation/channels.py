"""The channels' own side: a third-party channel acknowledges each business message."""

from __future__ import annotations

from ..store import Store
from ..store.events import Event, MessageCreated
from .clients import SDK_CHANNELS


class ChannelAcknowledgements:
    """Plays Smooch's channel side: an appMaker message to a user reachable on a third-party
    channel is reported as accepted (`message:delivery:channel`, v1 `delivery:success`). A
    notification's message is not: the notification's own reports cover it
    (`notification:delivery:*`)."""

    def __init__(self, store: Store, *, enabled: bool = True) -> None:
        self.store = store
        self.enabled = enabled
        store.subscribe(self.on_event)

    def on_event(self, event: Event) -> None:
        if (
            not self.enabled
            or not isinstance(event, MessageCreated)
            or event.message.author.type != "business"
            or event.message.source.type == "notification"
            or event.user is None
        ):
            return
        user = event.user
        primary = user.primary_client()
        if primary is None or primary.platform in SDK_CHANNELS:
            return
        if user.id in self.store.app_state(event.app_id).users:
            self.store.report_delivery(event.app_id, user, event.message.id, "channel")
