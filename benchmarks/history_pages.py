"""Measurement 3: a history page (`list_messages`, `before`) at 100, 10 000 and 1 000 000 messages.

Run in a fresh process by run_all.py; prints its result as JSON.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from conversation_builder import fill_conversation, new_store

from smooch_mock.api.v1 import wire
from smooch_mock.store.models import Message

SIZES = (100, 10_000, 1_000_000)
LOOKUPS = 5_000


@dataclass(frozen=True, slots=True)
class PageTime:
    messages: int
    build_seconds: float
    page_size: int
    """Messages on the page before the middle message (a full page once the middle is ≥ 100 in)."""
    page_us: float
    """Median time of `list_messages(before=<middle message>)`, the same lookup repeated."""
    scattered_us: float
    """Median with `before` drawn at random from the middle half: pages not in the CPU cache."""
    newest_us: float
    """Median time of the newest page (no `before`): a full page even at 100 messages."""
    page_and_wire_us: float
    """Scattered page plus its messages' JSON joined, as the GET handler does (pages met for the
    first time: this includes rendering them)."""
    served_us: float
    """The newest page (100 messages at every size) served as the GET handler does: lookup plus
    its messages' rendered bytes joined, rendered already (every later GET of a page)."""


def measure(sizes: tuple[int, ...] = SIZES, lookups: int = LOOKUPS) -> list[PageTime]:
    store, app_id = new_store()
    chooser = random.Random(7)
    results = []
    for size in sizes:
        started = time.perf_counter()
        user = fill_conversation(store, app_id, f"user-{size}", size)
        build_seconds = time.perf_counter() - started
        times = user.default_conversation.received
        middle = times[len(times) // 2]
        scattered = [
            times[chooser.randrange(len(times) // 4, 3 * len(times) // 4 + 1)]
            for _ in range(lookups)
        ]
        page_size = len(store.list_messages(app_id, user.id, before=middle).messages)

        def page(before: float, user_id: str = user.id) -> list[Message]:
            return store.list_messages(app_id, user_id, before=before).messages

        def newest(_: float, user_id: str = user.id) -> list[Message]:
            return store.list_messages(app_id, user_id).messages

        def page_and_wire(before: float, user_id: str = user.id) -> bytes:
            return wire.messages_json(page(before, user_id))

        def served(_: float, user_id: str = user.id) -> bytes:
            messages = store.list_messages(app_id, user_id).messages
            return wire.messages_json(messages)

        served(0.0)  # renders the newest page once

        results.append(
            PageTime(
                messages=size,
                build_seconds=build_seconds,
                page_size=page_size,
                page_us=_median_us(page, [middle] * lookups),
                scattered_us=_median_us(page, scattered),
                newest_us=_median_us(newest, [0.0] * lookups),
                page_and_wire_us=_median_us(page_and_wire, scattered[: lookups // 5]),
                served_us=_median_us(served, [0.0] * lookups),
            )
        )
    return results


def _median_us(lookup: Callable[[float], object], befores: list[float]) -> float:
    elapsed = []
    for before in befores:
        started = time.perf_counter_ns()
        lookup(before)
        elapsed.append(time.perf_counter_ns() - started)
    return statistics.median(elapsed) / 1000


if __name__ == "__main__":
    print(json.dumps([asdict(r) for r in measure()]))
