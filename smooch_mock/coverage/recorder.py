"""Counters of what a fake served: operations matched, triggers delivered, messages stored."""

from __future__ import annotations

import threading
from typing import Any, TypedDict


class OperationCount(TypedDict):
    calls: int
    errors: int


class CoverageCounts(TypedDict):
    """Plain JSON, so xdist workers can hand their counts to the controller."""

    operations: dict[str, OperationCount]
    triggers: dict[str, dict[str, int]]
    """trigger → webhook version → deliveries."""
    messageTypes: dict[str, dict[str, int]]
    """message type → role → messages stored."""


def empty_counts() -> CoverageCounts:
    return {"operations": {}, "triggers": {}, "messageTypes": {}}


class CoverageRecorder:
    """A few dict increments per request, delivery or message; safe from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = empty_counts()

    def saw_operation(self, operation: str, status: int) -> None:
        with self._lock:
            count = self._counts["operations"].get(operation)
            if count is None:
                count = self._counts["operations"][operation] = {"calls": 0, "errors": 0}
            count["calls"] += 1
            if status >= 400:
                count["errors"] += 1

    def saw_delivery(self, trigger: str, version: str) -> None:
        with self._lock:
            _bump(self._counts["triggers"], trigger, version)

    def saw_message(self, message_type: str, role: str) -> None:
        with self._lock:
            _bump(self._counts["messageTypes"], message_type, role)

    def counts(self) -> CoverageCounts:
        """A copy of the counts so far."""
        with self._lock:
            return merge_counts(empty_counts(), self._counts)

    def clear(self) -> None:
        with self._lock:
            self._counts = empty_counts()


def merge_counts(total: CoverageCounts, more: CoverageCounts | dict[str, Any]) -> CoverageCounts:
    """Add `more` into `total` (returned); `more` may come from JSON (another process)."""
    for operation, count in more.get("operations", {}).items():
        into = total["operations"].setdefault(operation, {"calls": 0, "errors": 0})
        into["calls"] += int(count["calls"])
        into["errors"] += int(count["errors"])
    _add_table(total["triggers"], more.get("triggers", {}))
    _add_table(total["messageTypes"], more.get("messageTypes", {}))
    return total


def _add_table(table: dict[str, dict[str, int]], more: dict[str, dict[str, int]]) -> None:
    for name, by_kind in more.items():
        for kind, n in by_kind.items():
            _bump(table, name, kind, int(n))


def _bump(table: dict[str, dict[str, int]], name: str, kind: str, n: int = 1) -> None:
    row = table.setdefault(name, {})
    row[kind] = row.get(kind, 0) + n
