"""A real webhook target on 127.0.0.1 that records deliveries and can be told to fail or hang."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .http.server import BackgroundServer
from .json_bridge import callable_json

JSON_PROPERTY_DEPRECATED = (
    "ReceivedRequest.json is a method now, as in httpx and requests: call request.json();"
    " reading it as a property stops working in the next release"
)


@dataclass(frozen=True, slots=True)
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def json(self) -> Any:
        """The body parsed as JSON: call it, `request.json()`, as with httpx and requests.

        Still readable as the parsed value itself (`request.json["trigger"]`, the property of
        0.1.0) for this release, with a DeprecationWarning.
        """
        return callable_json(json.loads(self.body), JSON_PROPERTY_DEPRECATED)


class WebhookReceiver(BackgroundServer):
    """Answers 200 unless told otherwise; every request is kept in `requests`, in arrival order."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.requests: list[ReceivedRequest] = []
        self._plan: list[int | None] = []
        self._default_status = 200
        self._arrived = threading.Condition()
        self._release = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        super().__init__(app, host, port)

    def respond_with(self, status: int) -> None:
        """Answer every later request with `status`."""
        self._default_status = status

    def fail_next(self, times: int, status: int = 500) -> None:
        """Answer the next `times` requests with `status`, then go back to the default."""
        self._plan.extend([status] * times)

    def hang_next(self, times: int = 1) -> None:
        """Accept the next `times` requests but never answer them (until the receiver stops)."""
        self._plan.extend([None] * times)

    def payloads(self, trigger: str | None = None) -> list[Any]:
        """Every payload received, or those of `trigger`: a v1 `trigger`, or the `type` of an
        event in a v2 payload."""
        found = [r.json() for r in list(self.requests)]
        return [p for p in found if trigger is None or trigger in _triggers_of(p)]

    def wait_for(
        self, count: int = 1, timeout: float = 5.0, trigger: str | None = None
    ) -> list[Any]:
        """Wait until `count` payloads (of `trigger`) arrived; raises AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.payloads(trigger)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    got = [t for p in self.payloads() for t in sorted(_triggers_of(p))]
                    wanted = f"{count} {trigger or 'payloads'}"
                    raise AssertionError(f"expected {wanted} within {timeout}s; received {got}")
                self._arrived.wait(remaining)
        return self.payloads(trigger)

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._release.set)
        super().stop()

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        with self._arrived:
            self.requests.append(
                ReceivedRequest(
                    request.method, request.path, dict(request.headers), body, time.time()
                )
            )
            self._arrived.notify_all()
        status = self._plan.pop(0) if self._plan else self._default_status
        if status is None:
            await self._release.wait()
            status = 503
        return web.json_response({"received": True}, status=status)


def _triggers_of(payload: Any) -> set[str]:
    if not isinstance(payload, dict):
        return set()
    if "trigger" in payload:
        return {payload["trigger"]}
    events = payload.get("events")
    if not isinstance(events, list):
        return set()
    return {e["type"] for e in events if isinstance(e, dict) and isinstance(e.get("type"), str)}
