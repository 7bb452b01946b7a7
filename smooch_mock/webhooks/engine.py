"""The delivery engine: POSTs on its own thread, in order per conversation, retrying as Smooch."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import aiohttp

from ..clock import Clock
from .chaos import ChaosPlan, Fault
from .failures import describe_failure
from .log import DELIVERED, FAILED, Attempt, Delivery

MAX_RETRIES = 5
ATTEMPTS = MAX_RETRIES + 1
NOT_RETRIED = frozenset({400, 401, 403, 404, 406})
USER_AGENT = "smooch-mock/0.1 (fake Smooch webhook delivery)"
RESPONSE_BODY_LIMIT = 64 * 1024
"""How much of a target's answer is read (and kept in the log); the rest is never downloaded."""

DeliveryListener = Callable[[Delivery], None]


class DeliveryEngine:
    """Delivers on a background event loop, so the API never waits for a webhook target.

    Deliveries sharing an ordering key (one webhook, one conversation) go out one after the
    other; different keys never wait for each other, so a dead target only delays itself.
    """

    def __init__(self, clock: Clock, *, retry_base: float, timeout: float) -> None:
        self.clock = clock
        self.retry_base = retry_base
        self.timeout = timeout
        self._queues: dict[str, deque[Delivery]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._session: aiohttp.ClientSession | None = None
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
        """Call `listener` (on the engine's thread) each time a delivery ends."""
        self._listeners.append(listener)

    def enqueue(self, delivery: Delivery) -> None:
        """Hand a delivery over; returns at once, from any thread."""
        loop = self._ensure_started()
        with self._idle:
            self._in_flight += 1
            self._inbox.append(delivery)
            if self._wake_pending:
                return
            self._wake_pending = True
        # One wake-up (a write to the loop's self-pipe) per batch, not per delivery: an event
        # fanned out to many webhooks, or a burst of messages, costs one system call.
        loop.call_soon_threadsafe(self._take_inbox)

    def wait_idle(self, timeout: float) -> bool:
        """Block until no delivery is pending (for tests and the CLI); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
        return True

    def close(self) -> None:
        """Stop the engine thread; deliveries still pending stay `pending` in the log."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
        with contextlib.suppress(Exception):  # best effort on the way out
            future.result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        self._loop = self._thread = None
        with self._idle:
            self._inbox.clear()  # never handed to the stopped loop: they stay `pending`
            self._wake_pending = False

    def _ensure_started(self) -> asyncio.AbstractEventLoop:
        with self._start_lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()
                self._thread = threading.Thread(
                    target=self._run, args=(loop, ready), name="smooch-mock-webhooks", daemon=True
                )
                self._thread.start()
                ready.wait(timeout=10)
                self._loop = loop
            return self._loop

    def _run(self, loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
        asyncio.set_event_loop(loop)
        loop.call_soon(ready.set)
        loop.run_forever()
        loop.close()

    async def _shutdown(self) -> None:
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

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
        asyncio.get_running_loop().create_task(self._drain(delivery.ordering_key))

    async def _drain(self, key: str) -> None:
        queue = self._queues[key]
        while queue:
            delivery = queue[0]
            try:
                if delivery.chaos is not None:
                    await self._hold(delivery, delivery.chaos)
                await self._deliver(delivery)
            finally:
                queue.popleft()
                self._finished(delivery)
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
        for retry in range(MAX_RETRIES + 1):
            injected = plan.attempt_fault(retry + 1) if plan is not None else None
            if injected is None:
                status = await self._attempt(delivery, retry + 1)
            else:
                fault, error = injected
                at = round(self.clock.now(), 3)
                delivery.attempts.append(Attempt(retry + 1, at, 0.0, error=error, fault=fault))
                status = None
            if status is not None and 200 <= status < 300:
                delivery.state = DELIVERED
                return
            if status in NOT_RETRIED:
                break
            if retry < MAX_RETRIES:
                await self.clock.sleep(self.retry_base * 2**retry)
        delivery.state = FAILED

    async def _attempt(self, delivery: Delivery, number: int) -> int | None:
        session = self._session_for_loop()
        started_at = self.clock.now()
        started = time.perf_counter()
        attempt = Attempt(number=number, at=round(started_at, 3), duration_ms=0.0)
        try:
            async with session.post(
                delivery.target,
                data=delivery.body,
                headers={
                    "Content-Type": "application/json",
                    "X-API-Key": delivery.secret,
                    "User-Agent": USER_AGENT,
                },
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                allow_redirects=False,
            ) as response:
                attempt.status = response.status
                attempt.response_body = await _read_capped(response)
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as error:
            attempt.error = describe_failure(error, self.timeout)
        attempt.duration_ms = (time.perf_counter() - started) * 1000
        delivery.attempts.append(attempt)
        if self._held:
            self._release_held(delivery)
        return attempt.status

    def _session_for_loop(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        return self._session


async def _read_capped(response: aiohttp.ClientResponse) -> str:
    """The first RESPONSE_BODY_LIMIT bytes of the answer; a longer one loses its connection."""
    body = bytearray()
    while len(body) < RESPONSE_BODY_LIMIT:
        chunk = await response.content.read(RESPONSE_BODY_LIMIT - len(body))
        if not chunk:
            break
        body += chunk
    if not response.content.at_eof():
        response.close()  # stop downloading: the rest of a huge or endless answer stays unread
    return body.decode("utf-8", "replace")
