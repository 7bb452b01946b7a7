"""The delivery log: every webhook delivery with its payload, attempts and state."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .chaos import ChaosPlan, Fault

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
STATES = (PENDING, DELIVERED, FAILED)
DEFAULT_RETAINED_PER_APP = 10_000


@dataclass(slots=True)
class Attempt:
    number: int
    at: float
    duration_ms: float
    status: int | None = None
    error: str | None = None
    response_body: str | None = None
    """The start of what the target answered (at most `RESPONSE_BODY_LIMIT` bytes)."""
    fault: str | None = None
    """The chaos fault that made this attempt fail unsent (`drop`, `fail`), if any."""

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "number": self.number,
            "at": self.at,
            "durationMs": round(self.duration_ms, 3),
        }
        if self.status is not None:
            body["status"] = self.status
        if self.error is not None:
            body["error"] = self.error
        if self.response_body is not None:
            body["responseBody"] = self.response_body
        if self.fault is not None:
            body["fault"] = self.fault
        return body


@dataclass(slots=True)
class Delivery:
    """One payload for one webhook; `body` is the exact bytes POSTed (a snapshot at event time)."""

    id: str
    app_id: str
    webhook_id: str
    target: str
    secret: str
    trigger: str
    version: str
    body: bytes
    ordering_key: str
    created_at: float
    state: str = PENDING
    attempts: list[Attempt] = field(default_factory=list)
    redelivery_of: str | None = None
    faults: list[Fault] = field(default_factory=list)
    """Chaos faults injected into this delivery as a whole (delay, reorder, duplicate)."""
    chaos: ChaosPlan | None = None
    """What the engine must inject; None (no chaos) costs nothing."""
    batch: str | None = None
    """The delivery whose POST carried this one's event too (a v2 batch, itself included)."""

    @property
    def payload(self) -> Any:
        return json.loads(self.body)

    def to_json(self, place: QueuePlace | None = None) -> dict[str, Any]:
        """The log entry; a pending one says what it waits for when given its `place`."""
        body = {
            "_id": self.id,
            "webhookId": self.webhook_id,
            "target": self.target,
            "trigger": self.trigger,
            "version": self.version,
            "state": self.state,
            "createdAt": self.created_at,
            "attempts": [a.to_json() for a in self.attempts],
            "payload": self.payload,
        }
        if self.redelivery_of:
            body["redeliveryOf"] = self.redelivery_of
        if self.batch is not None:
            body["batch"] = self.batch
        if place is not None and self.state == PENDING:
            body["queuedBehind"] = place.behind
            body["waiting"] = place.describe()
        if self.faults:
            body["faults"] = [f.to_json() for f in self.faults]
        return body


@dataclass(frozen=True, slots=True)
class QueuePlace:
    """Where a pending delivery stands. Deliveries to one webhook about one conversation go out
    one at a time, in order, so a target that fails (and is retried for half a minute) holds
    the later ones: `behind` of them are before this one, `head` is the one going out now."""

    behind: int
    head: Delivery

    def describe(self) -> str:
        """`queued behind 2 to this webhook; the first is retrying after 3 failed attempts …`."""
        head = self.head
        if not head.attempts:
            now = "sending now" if self.behind == 0 else "the first is being sent"
        else:
            count = len(head.attempts)
            failed = f"{count} failed attempt{'s' if count != 1 else ''}"
            retrying = "retrying" if self.behind == 0 else "the first is retrying"
            now = f"{retrying} after {failed} (last: {describe_outcome(head.attempts[-1])})"
        if self.behind == 0:
            return now
        return f"queued behind {self.behind} to this webhook; {now}"


def describe_outcome(attempt: Attempt) -> str:
    """`HTTP 500`, or the error in words (`connection refused`)."""
    if attempt.status is not None:
        return f"HTTP {attempt.status}"
    return attempt.error or "no answer"


class DeliveryLog:
    """Deliveries per app, newest last; old finished ones are dropped past `retained_per_app`."""

    def __init__(self, retained_per_app: int = DEFAULT_RETAINED_PER_APP) -> None:
        self.retained_per_app = retained_per_app
        self._by_app: dict[str, OrderedDict[str, Delivery]] = {}

    def add(self, delivery: Delivery) -> None:
        entries = self._by_app.setdefault(delivery.app_id, OrderedDict())
        entries[delivery.id] = delivery
        if len(entries) > self.retained_per_app:
            oldest_finished = next((d for d in entries.values() if d.state != PENDING), None)
            if oldest_finished is not None:
                del entries[oldest_finished.id]

    def get(self, app_id: str, delivery_id: str) -> Delivery | None:
        entries = self._by_app.get(app_id)
        return entries.get(delivery_id) if entries is not None else None

    def list(
        self,
        app_id: str,
        *,
        trigger: str | None = None,
        webhook_id: str | None = None,
        state: str | None = None,
    ) -> list[Delivery]:
        return [
            d
            for d in self._by_app.get(app_id, OrderedDict()).values()
            if (trigger is None or d.trigger == trigger)
            and (webhook_id is None or d.webhook_id == webhook_id)
            and (state is None or d.state == state)
        ]

    def queue_places(self, app_id: str) -> dict[str, QueuePlace]:
        """The place of every pending delivery of the app in its queue, by delivery id.

        The log holds deliveries in the order the engine queued them, so the pending ones
        sharing an ordering key, oldest first, are exactly that queue (its head is in flight).
        """
        queues: dict[str, list[Delivery]] = {}
        places: dict[str, QueuePlace] = {}
        for delivery in self._by_app.get(app_id, OrderedDict()).values():
            if delivery.state != PENDING:
                continue
            ahead = queues.setdefault(delivery.ordering_key, [])
            places[delivery.id] = QueuePlace(len(ahead), ahead[0] if ahead else delivery)
            ahead.append(delivery)
        return places

    def forget_app(self, app_id: str) -> None:
        self._by_app.pop(app_id, None)

    def clear(self) -> None:
        self._by_app.clear()
