"""Clocks: the real one and a fake one tests can fast-forward."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Protocol


class Clock(Protocol):
    """Where the fake takes its time from: unix seconds, and a way to wait."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """Wall-clock time and real sleeping."""

    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class FakeClock:
    """A clock that only moves when told to; sleepers wake when `advance` passes their deadline.

    Safe to advance from another thread than the one whose event loop is sleeping.
    """

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self._sleepers: list[tuple[float, asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline has passed."""
        with self._lock:
            self._now += seconds
            due = [s for s in self._sleepers if s[0] <= self._now]
            self._sleepers = [s for s in self._sleepers if s[0] > self._now]
        for _, loop, future in due:
            loop.call_soon_threadsafe(_resolve, future)

    def advance_to_next_sleeper(self) -> float:
        """Jump to the earliest sleeper's deadline (the next webhook retry); return the jump."""
        with self._lock:
            if not self._sleepers:
                return 0.0
            jump = max(0.0, min(s[0] for s in self._sleepers) - self._now)
        self.advance(jump)
        return jump

    def pending_sleepers(self) -> int:
        """How many sleepers are waiting (lets tests advance only once a retry is scheduled)."""
        with self._lock:
            return len(self._sleepers)

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        sleeper = (self._now + seconds, loop, future)
        with self._lock:
            self._sleepers.append(sleeper)
        try:
            await future
        finally:
            # A cancelled sleep (a chaos hold released early) must not count as pending.
            with self._lock:
                if sleeper in self._sleepers:
                    self._sleepers.remove(sleeper)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
