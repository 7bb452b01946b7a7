"""Live dashboard updates: a server-sent-events stream of one app's store events and deliveries."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .. import error_texts as texts
from ..api.v1 import wire
from ..errors import NotFound
from ..store import events as ev
from ..webhooks.log import Delivery

if TYPE_CHECKING:
    from ..fake import FakeSmooch

EVENTS_PATH = "/_mock/apps/{appId}/events"
POLL_SECONDS = 0.5
"""How often an idle stream checks whether its browser went away (aiohttp does not cancel it)."""
KEEPALIVE_SECONDS = 15.0
STREAM_HEADERS = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
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

    def __init__(self, fake: FakeSmooch) -> None:
        self.fake = fake
        self._subscribers: set[Subscriber] = set()
        self._guard = threading.Lock()
        fake.store.subscribe(self._on_event)
        fake.webhooks.engine.on_finished(self._on_delivery)

    @property
    def subscriber_count(self) -> int:
        with self._guard:
            return len(self._subscribers)

    def open(self, app_id: str) -> Subscriber:
        subscriber = Subscriber(app_id, asyncio.get_running_loop())
        with self._guard:
            self._subscribers.add(subscriber)
        return subscriber

    def close(self, subscriber: Subscriber) -> None:
        with self._guard:
            self._subscribers.discard(subscriber)

    async def end_all(self, app: web.Application) -> None:
        """`on_shutdown`: end every stream so the server stops without waiting for browsers."""
        self._publish(None, None)

    def _on_event(self, event: ev.Event) -> None:
        if self._subscribers:
            self._publish(event.app_id, frame(describe_event(event)))

    def _on_delivery(self, delivery: Delivery) -> None:
        if self._subscribers:
            body = {"kind": "delivery", "delivery": delivery.to_json()}
            self._publish(delivery.app_id, frame(body))

    def _publish(self, app_id: str | None, encoded: Frame) -> None:
        with self._guard:
            targets = [s for s in self._subscribers if app_id is None or s.app_id == app_id]
        for subscriber in targets:
            try:
                subscriber.loop.call_soon_threadsafe(_offer, subscriber.queue, encoded)
            except RuntimeError:  # the stream's loop is closed: it is going away anyway
                self.close(subscriber)


def _offer(queue: asyncio.Queue[Frame], encoded: Frame) -> None:
    # A stalled browser loses frames rather than growing the queue without bound.
    with contextlib.suppress(asyncio.QueueFull):
        queue.put_nowait(encoded)


def frame(body: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(body, separators=(',', ':'))}\n\n".encode()


def describe_event(event: ev.Event) -> dict[str, Any]:
    """What the dashboard needs to know about a domain event (it fetches the rest itself)."""
    body: dict[str, Any] = {"kind": "change", "event": type(event).__name__}
    if isinstance(event, ev.UserEvent):
        body["appUserId"] = event.app_user.id
    if isinstance(event, ev.MessageCreated):
        body["kind"] = "message"
        body["message"] = wire.message(event.message)
    elif isinstance(event, ev.TypingChanged):
        body["kind"] = "typing"
        body["typing"] = event.activity_type == "typing:start"
    return body


HUB_KEY = web.AppKey("dashboard_live_hub", LiveHub)


def add_live_routes(app: web.Application, fake: FakeSmooch) -> None:
    """Add the event stream to `app` (before its catch-all route); streams end on shutdown."""
    hub = LiveHub(fake)
    app[HUB_KEY] = hub
    app.on_shutdown.append(hub.end_all)
    app.router.add_get(EVENTS_PATH, stream_events)


async def stream_events(request: web.Request) -> web.StreamResponse:
    """`GET /_mock/apps/{appId}/events`: `text/event-stream` of `{"kind": ...}` JSON frames."""
    hub = request.app[HUB_KEY]
    app_id = request.match_info["appId"]
    with hub.fake.lock:
        known = app_id in hub.fake.store.apps
    if not known:
        answer = hub.fake.error_response(NotFound(texts.APP_NOT_FOUND))
        return web.json_response(answer.body, status=answer.status)
    response = web.StreamResponse(headers=STREAM_HEADERS)
    await response.prepare(request)
    subscriber = hub.open(app_id)
    try:
        await response.write(b"retry: 1000\n" + frame({"kind": "ready"}))
        await _pump(request, response, subscriber)
    except ConnectionError:  # the browser went away mid-write
        pass
    finally:
        hub.close(subscriber)
    return response


async def _pump(request: web.Request, response: web.StreamResponse, subscriber: Subscriber) -> None:
    idle = 0.0
    while True:
        try:
            encoded = await asyncio.wait_for(subscriber.queue.get(), POLL_SECONDS)
        except asyncio.TimeoutError:
            transport = request.transport
            if transport is None or transport.is_closing():
                return
            idle += POLL_SECONDS
            if idle >= KEEPALIVE_SECONDS:
                idle = 0.0
                await response.write(b": keepalive\n\n")
            continue
        if encoded is None:
            return
        idle = 0.0
        await response.write(encoded)
