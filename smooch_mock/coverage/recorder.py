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
    """One dict increment per request, delivery or message; safe from any thread. The tables of
    `CoverageCounts` are built when asked for: a request pays for a flat counter only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._operations: dict[tuple[str, bool], int] = {}
        """(operation, answered with an error) → count."""
        self._tallies: dict[tuple[str, str, str], int] = {}
        """(table, name, kind) → count, for `triggers` and `messageTypes`."""

    def saw_operation(self, operation: str, status: int) -> None:
        key = (operation, status >= 400)
        with self._lock:
            self._operations[key] = self._operations.get(key, 0) + 1

    def saw_delivery(self, trigger: str, version: str) -> None:
        key = ("triggers", trigger, version)
        with self._lock:
            self._tallies[key] = self._tallies.get(key, 0) + 1

    def saw_message(self, message_type: str, role: str) -> None:
        key = ("messageTypes", message_type, role)
        with self._lock:
            self._tallies[key] = self._tallies.get(key, 0) + 1

    def counts(self) -> CoverageCounts:
        """A copy of the counts so far."""
        with self._lock:
            operations = list(self._operations.items())
            tallies = list(self._tallies.items())
        counts = empty_counts()
        for (operation, failed), n in operations:
            row = counts["operations"].setdefault(operation, {"calls": 0, "errors": 0})
            row["calls"] += n
            row["errors"] += n if failed else 0
        for (table, name, kind), n in tallies:
            _bump(counts["triggers" if table == "triggers" else "messageTypes"], name, kind, n)
        return counts

    def clear(self) -> None:
        with self._lock:
            self._operations = {}
            self._tallies = {}


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
