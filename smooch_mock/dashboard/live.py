"""Live dashboard updates: a server-sent-events stream of one app's store events and deliveries."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from ..store import events as ev
from ..webhooks.engine import DeliveryEngine
from ..webhooks.log import Delivery

POLL_SECONDS = 0.5
"""How often an idle stream lets the server check whether its browser went away."""
KEEPALIVE_SECONDS = 15.0
QUEUE_LIMIT = 1000
Frame = bytes | None
"""One encoded SSE frame; None tells the stream to end."""


@dataclass(eq=False, slots=True)
class Subscriber:
    """One open stream: the loop it runs on and the queue frames are handed over through."""

    app_id: str
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Frame] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))


class LiveHub:
    """Fans the fake's events out to open streams; it listens once, whatever streams come and go.

    The store calls listeners with the fake's lock held, on whichever thread changed the state,
    and the engine calls them on its own thread: the hub only encodes the frame and hands it to
    each stream's loop with `call_soon_threadsafe`, never waiting on a browser.
    """

    def __init__(self, store: Store, engine: DeliveryEngine) -> None:
        self._subscribers: set[Subscriber] = set()
        self._guard = threading.Lock()
        store.subscribe(self._on_event)
        engine.on_finished(self._on_delivery)

    @property
    def subscriber_count(self) -> int:
        with self._guard:
            return len(self._subscribers)

    def stream(self, app_id: str) -> EventStream:
        """The stream of `app_id`'s changes; it subscribes when it starts being sent."""
        return EventStream(self, app_id)

    def open(self, app_id: str) -> Subscriber:
        subscriber = Subscriber(app_id, asyncio.get_running_loop())
        with self._guard:
            self._subscribers.add(subscriber)
        return subscriber

    def close(self, subscriber: Subscriber) -> None:
        with self._guard:
            self._subscribers.discard(subscriber)

    def _on_event(self, event: ev.Event) -> None:
        if self._subscribers:
            self._publish(event.app_id, frame(describe_event(event)))

    def _on_delivery(self, delivery: Delivery) -> None:
        if self._subscribers:
            body = {"kind": "delivery", "delivery": delivery.to_json()}
            self._publish(delivery.app_id, frame(body))

    def _publish(self, app_id: str, encoded: Frame) -> None:
        with self._guard:
            targets = [s for s in self._subscribers if s.app_id == app_id]
        for subscriber in targets:
            if not hand_over(subscriber, encoded):
                self.close(subscriber)  # its loop is closed: the stream is gone


class EventStream:
    """`text/event-stream` of `{"kind": ...}` JSON frames for one app (a `BodyStream`)."""

    def __init__(self, hub: LiveHub, app_id: str) -> None:
        self.hub = hub
        self.app_id = app_id
        self._subscriber: Subscriber | None = None
        self._closed = False

    def __aiter__(self) -> AsyncGenerator[bytes, None]:
        return self._frames()

    def close(self) -> None:
        self._closed = True
        if self._subscriber is not None:
            hand_over(self._subscriber, None)

    async def _frames(self) -> AsyncGenerator[bytes, None]:
        if self._closed:
            return
        subscriber = self._subscriber = self.hub.open(self.app_id)
        try:
            yield b"retry: 1000\n" + frame({"kind": "ready"})
            idle = 0.0
            while not self._closed:
                try:
                    encoded = await asyncio.wait_for(subscriber.queue.get(), POLL_SECONDS)
                except asyncio.TimeoutError:
                    idle += POLL_SECONDS
                    if idle >= KEEPALIVE_SECONDS:
                        idle = 0.0
                        yield b": keepalive\n\n"
                    else:
                        yield b""
                    continue
                if encoded is None:
                    return
                idle = 0.0
                yield encoded
        finally:
            self.hub.close(subscriber)


def hand_over(subscriber: Subscriber, encoded: Frame) -> bool:
    """Queue a frame on the subscriber's own loop, from any thread; False if that loop is closed."""
    try:
        subscriber.loop.call_soon_threadsafe(_offer, subscriber.queue, encoded)
    except RuntimeError:
        return False
    return True


def _offer(queue: asyncio.Queue[Frame], encoded: Frame) -> None:
    # A stalled browser loses frames rather than growing the queue without bound.
    with contextlib.suppress(asyncio.QueueFull):
        queue.put_nowait(encoded)


def frame(body: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(body, separators=(',', ':'))}\n\n".encode()


def describe_event(event: ev.Event) -> dict[str, Any]:
    """What the dashboard needs to know about a domain event (it fetches the rest itself): the
    conversation it happened in, the user it concerns, a new message in its v2 shape."""
    body: dict[str, Any] = {"kind": "change", "event": type(event).__name__}
    if isinstance(event, ev.ConversationEvent):
        body["conversationId"] = event.conversation.id
    if isinstance(event, ev.UserEvent | ev.ConversationEvent) and event.user is not None:
        body["userId"] = event.user.id
    if isinstance(event, ev.MessageCreated):
        # Loaded once a dashboard watches, not with every fake a test session starts.
        from ..api.v2 import messages_wire

        body["kind"] = "message"
        body["message"] = messages_wire.message(event.message, event.conversation)
    elif isinstance(event, ev.TypingChanged):
        body["kind"] = "typing"
        body["typing"] = event.activity_type == "typing:start"
    return body
