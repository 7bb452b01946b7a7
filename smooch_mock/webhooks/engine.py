"""The delivery engine: POSTs on the server's event loop, in order per conversation, retrying."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import encoding
from ..clock import Clock
from .log import DELIVERED, FAILED, Attempt, Delivery
from .retry_policy import NOT_RETRIED, policy_for

if TYPE_CHECKING:
    from .chaos import ChaosPlan, Fault
    from .http_client import WebhookClient

DeliveryListener = Callable[[Delivery], None]
V2 = "v2"
MAX_BATCH_EVENTS = 10
"""The most events one batched v2 POST carries."""


class DeliveryEngine:
    """Delivers asynchronously, so the API never waits for a webhook target.

    It runs on the event loop of the server that serves the fake (`attach`), so a delivery costs
    no thread hop; a fake served by no loop (in-process, or driven from plain Python) gets a loop
    of the engine's own, on a thread, at its first delivery.

    Deliveries sharing an ordering key (one webhook, one conversation) go out one after the
    other; different keys never wait for each other, so a dead target only delays itself.
    """

    def __init__(
        self, clock: Clock, *, retry_base: float, timeout: float, batch_window: float = 0.0
    ) -> None:
        self.clock = clock
        self.retry_base = retry_base
        self.timeout = timeout
        self.batch_window = batch_window
        """Seconds a v2 delivery waits for more events of its webhook and conversation to share
        its POST (0: one event per POST)."""
        self._queues: dict[str, deque[Delivery]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        """The id of the thread running `_loop`: enqueueing there needs no hand-over."""
        self._own_thread: threading.Thread | None = None
        """Set when the engine runs a loop of its own (nothing attached it to a server's)."""
        self._client: WebhookClient | None = None
        """The HTTP client, made (and its module loaded) for the first delivery."""
        self._client_errors: tuple[type[BaseException], ...] = ()
        self._tasks: set[asyncio.Task[None]] = set()
        self._start_lock = threading.Lock()
        self._listeners: list[DeliveryListener] = []
        self._in_flight = 0
        self._idle = threading.Condition()
        self._inbox: deque[Delivery] = deque()
        self._wake_pending = False
        """Whether the loop has been woken for the inbox and not yet emptied it (under `_idle`)."""
        self._held: dict[str, list[tuple[str, asyncio.Future[str]]]] = {}
        """Deliveries held back by chaos `reorder`, per webhook: (ordering key, release)."""

    def on_finished(self, listener: DeliveryListener) -> None:
        """Call `listener` (on the engine's loop) each time a delivery ends."""
        self._listeners.append(listener)

    def attach(self, loop: asyncio.AbstractEventLoop) -> bool:
        """Deliver on `loop`, the running loop of the server serving the fake (call it there).

        False if the engine already runs elsewhere (deliveries made before the server started,
        or a second server of the same fake): it stays there, so their order holds.
        """
        with self._start_lock:
            if self._loop is not None:
                return False
            self._loop = loop
            self._loop_thread = threading.get_ident()
            return True

    def detach(self, loop: asyncio.AbstractEventLoop) -> None:
        """`loop` stops serving (call it on that loop): deliveries in flight stay `pending`."""
        with self._start_lock:
            if self._loop is not loop or self._own_thread is not None:
                return
            self._stop_on_loop()
            self._loop = self._loop_thread = None

    def enqueue(self, delivery: Delivery) -> None:
        """Hand a delivery over; returns at once, from any thread."""
        loop = self._loop or self._start_own_loop()
        on_loop = threading.get_ident() == self._loop_thread
        with self._idle:
            self._in_flight += 1
            self._inbox.append(delivery)
            wake = not on_loop and not self._wake_pending
            if wake:
                self._wake_pending = True
        if on_loop:
            # Through the inbox all the same: what another thread put there first goes first.
            self._take_inbox()
        elif wake:
            # One wake-up (a write to the loop's self-pipe) per batch, not per delivery: an
            # event fanned out to many webhooks, or a burst of messages, costs one system call.
            loop.call_soon_threadsafe(self._take_inbox)

    def wait_idle(self, timeout: float) -> bool:
        """Block until no delivery is pending (for tests and the CLI); False on timeout.

        Never call it on the engine's loop: the deliveries it waits for run there."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
        return True

    def close(self) -> None:
        """Stop delivering; deliveries still pending stay `pending` in the log."""
        with self._start_lock:
            loop, thread = self._loop, self._own_thread
            if loop is None:
                return
            if threading.get_ident() == self._loop_thread:
                self._stop_on_loop()
            else:
                stopped = threading.Event()

                def stop() -> None:
                    self._stop_on_loop()
                    stopped.set()

                with contextlib.suppress(RuntimeError):  # the loop is closed already
                    loop.call_soon_threadsafe(stop)
                    stopped.wait(timeout=5)
            if thread is not None:
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout=5)
            self._loop = self._loop_thread = self._own_thread = None
        with self._idle:
            self._inbox.clear()  # never handed to a loop: they stay `pending`
            self._wake_pending = False

    def _start_own_loop(self) -> asyncio.AbstractEventLoop:
        with self._start_lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()
                self._own_thread = threading.Thread(
                    target=self._run, args=(loop, ready), name="smooch-mock-webhooks", daemon=True
                )
                self._own_thread.start()
                ready.wait(timeout=10)
                self._loop = loop
            return self._loop

    def _run(self, loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
        asyncio.set_event_loop(loop)
        self._loop_thread = threading.get_ident()
        loop.call_soon(ready.set)
        loop.run_forever()
        loop.close()

    def _stop_on_loop(self) -> None:
        """Cancel this engine's work on its loop (and only its own: the loop may be a server's)."""
        for task in [*self._tasks]:
            task.cancel()
        self._tasks.clear()
        if self._client is not None:
            self._client.close()

    def _take_inbox(self) -> None:
        with self._idle:
            batch = list(self._inbox)
            self._inbox.clear()
            self._wake_pending = False
        for delivery in batch:
            self._schedule(delivery)

    def _schedule(self, delivery: Delivery) -> None:
        queue = self._queues.get(delivery.ordering_key)
        if queue is not None:
            queue.append(delivery)
            return
        self._queues[delivery.ordering_key] = deque([delivery])
        task = asyncio.get_running_loop().create_task(self._drain(delivery.ordering_key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, key: str) -> None:
        queue = self._queues[key]
        while queue:
            delivery = queue[0]
            batch = [delivery]
            try:
                if delivery.chaos is not None:
                    await self._hold(delivery, delivery.chaos)
                elif self.batch_window > 0 and delivery.version == V2:
                    await asyncio.sleep(self.batch_window)
                    batch = take_batch(queue)
                await self._deliver(delivery)
            finally:
                for sent in batch:
                    queue.popleft()
                    sent.state = delivery.state
                    self._finished(sent)
        del self._queues[key]

    def _finished(self, delivery: Delivery) -> None:
        for listener in self._listeners:
            listener(delivery)
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()

    async def _hold(self, delivery: Delivery, plan: ChaosPlan) -> None:
        """Chaos before the first attempt: a delay, then a hold behind another conversation."""
        if plan.delay > 0:
            await self.clock.sleep(plan.delay)
        if plan.reorder is not None:
            await self._hold_for_next(delivery, plan.reorder, plan.hold)

    async def _hold_for_next(self, delivery: Delivery, fault: Fault, hold: float) -> None:
        released: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        entry = (delivery.ordering_key, released)
        waiting = self._held.setdefault(delivery.webhook_id, [])
        waiting.append(entry)
        timer = asyncio.ensure_future(self.clock.sleep(hold))
        either: set[asyncio.Future[Any]] = {released, timer}
        try:
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            timer.cancel()
            waiting.remove(entry)
            if not waiting:
                del self._held[delivery.webhook_id]
        if released.done():
            fault.held_behind = released.result()

    def _release_held(self, sent: Delivery) -> None:
        """`sent` went out: deliveries of other conversations held behind it may follow."""
        for key, released in self._held.get(sent.webhook_id, ()):
            if key != sent.ordering_key and not released.done():
                released.set_result(sent.id)

    async def _deliver(self, delivery: Delivery) -> None:
        plan = delivery.chaos
        policy = policy_for(delivery.version)
        first_at = self.clock.now()
        number = 1
        while True:
            injected = plan.attempt_fault(number) if plan is not None else None
            if injected is None:
                status = await self._attempt(delivery, number)
            else:
                fault, error = injected
                at = round(self.clock.now(), 3)
                delivery.attempts.append(Attempt(number, at, 0.0, error=error, fault=fault))
                status = None
            if status is not None and 200 <= status < 300:
                delivery.state = DELIVERED
                return
            if status in NOT_RETRIED:
                break
            wait = policy.wait_before(number, self.retry_base, self.clock.now() - first_at)
            if wait is None:
                break
            await self.clock.sleep(wait)
            number += 1
        delivery.state = FAILED

    def _make_client(self) -> WebhookClient:
        """The client, and the errors an attempt through it can end in (what an attempt
        catches), from the first delivery on: a session without webhooks never loads them."""
        from .http_client import ClientError, WebhookClient

        self._client_errors = (asyncio.TimeoutError, ClientError, OSError)
        self._client = WebhookClient()
        return self._client

    async def _attempt(self, delivery: Delivery, number: int) -> int | None:
        started_at = self.clock.now()
        started = time.perf_counter()
        attempt = Attempt(number=number, at=round(started_at, 3), duration_ms=0.0)
        try:
            answer = await (self._client or self._make_client()).post(
                delivery.target, delivery.body, delivery.secret, self.timeout
            )
        except self._client_errors as error:
            from .failures import describe_failure

            attempt.error = describe_failure(error, self.timeout)
        else:
            attempt.status = answer.status
            attempt.response_body = answer.body.decode("utf-8", "replace")
        attempt.duration_ms = (time.perf_counter() - started) * 1000
        delivery.attempts.append(attempt)
        if self._held:
            self._release_held(delivery)
        return attempt.status


def take_batch(queue: deque[Delivery]) -> list[Delivery]:
    """The head of `queue` and the v2 deliveries waiting behind it (no chaos, at most
    `MAX_BATCH_EVENTS` in all), made into one POST: the head's body carries every event, in
    order, and each of them shares the head's attempts."""
    head = queue[0]
    batch = [head]
    for waiting in itertools.islice(queue, 1, MAX_BATCH_EVENTS):
        if waiting.version != V2 or waiting.chaos is not None:
            break
        batch.append(waiting)
    if len(batch) == 1:
        return batch
    envelope = json.loads(head.body)
    envelope["events"] = [event for d in batch for event in json.loads(d.body)["events"]]
    head.body = encoding.dumps(envelope)
    for delivery in batch:
        delivery.batch = head.id
        delivery.attempts = head.attempts
    return batch
