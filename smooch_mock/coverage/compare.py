"""Coverage counts against what there is: given routes, every trigger, every message type."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..api.v1.triggers import TRIGGERS_V1, TRIGGERS_V1_1
from ..http.router import Placement, Route
from ..store.message_rules import MESSAGE_TYPES
from .recorder import CoverageCounts

ALL_TRIGGERS = tuple(dict.fromkeys(TRIGGERS_V1_1 + TRIGGERS_V1))
_SMOOCH = "smooch"
_CONTROL = "control"


def coverage_report(counts: CoverageCounts, served: Sequence[Route]) -> dict[str, Any]:
    """The JSON report of `served`: what was exercised (with counts) and what never was."""
    routes = {route.operation: route for route in served}
    operations = []
    for operation, count in sorted(counts["operations"].items(), key=_route_order(routes)):
        route = routes.get(operation)
        operations.append(
            {
                "operation": operation,
                "api": _api(route),
                "method": route.method if route else "",
                "path": display_path(route) if route else "",
                "calls": count["calls"],
                "errors": count["errors"],
            }
        )
    triggers = [
        {"trigger": trigger, "version": version, "deliveries": n}
        for trigger in _ordered(counts["triggers"], ALL_TRIGGERS)
        for version, n in sorted(counts["triggers"][trigger].items())
    ]
    message_types = [
        {"type": kind, "role": role, "count": n}
        for kind in _ordered(counts["messageTypes"], MESSAGE_TYPES)
        for role, n in sorted(counts["messageTypes"][kind].items())
    ]
    smooch_operations = [r.operation for r in served if r.placement is not Placement.CONTROL]
    return {
        "operations": operations,
        "triggers": triggers,
        "messageTypes": message_types,
        "notExercised": {
            "operations": [op for op in smooch_operations if op not in counts["operations"]],
            "triggers": [t for t in ALL_TRIGGERS if t not in counts["triggers"]],
            "messageTypes": [t for t in MESSAGE_TYPES if t not in counts["messageTypes"]],
        },
    }


def coverage_table(report: dict[str, Any], served: Sequence[Route]) -> str:
    """The report as text tables, one per kind; lists only what was exercised."""
    smooch_total = sum(1 for r in served if r.placement is not Placement.CONTROL)
    smooch = [row for row in report["operations"] if row["api"] == _SMOOCH]
    control = [row for row in report["operations"] if row["api"] == _CONTROL]
    lines = [f"Smooch API operations: {len(smooch)} of {smooch_total} exercised"]
    lines += _table(
        ("calls", "errors", "operation", "method", "path"),
        [(r["calls"], r["errors"], r["operation"], r["method"], r["path"]) for r in smooch],
    )
    if control:
        lines.append(f"Control API (/_mock) operations: {len(control)}")
        lines += _table(
            ("calls", "errors", "operation", "method", "path"),
            [(r["calls"], r["errors"], r["operation"], r["method"], r["path"]) for r in control],
        )
    delivered = {row["trigger"] for row in report["triggers"]}
    lines.append(f"Webhook triggers: {len(delivered)} of {len(ALL_TRIGGERS)} delivered")
    lines += _table(
        ("deliveries", "trigger", "version"),
        [(r["deliveries"], r["trigger"], r["version"]) for r in report["triggers"]],
    )
    stored = {row["type"] for row in report["messageTypes"]}
    lines.append(f"Message types: {len(stored)} of {len(MESSAGE_TYPES)} stored")
    lines += _table(
        ("messages", "type", "role"),
        [(r["count"], r["type"], r["role"]) for r in report["messageTypes"]],
    )
    return "\n".join(lines)


def display_path(route: Route) -> str:
    if route.placement is Placement.CONTROL:
        return route.path
    version = "v1.1" if "v1.1" in route.versions else route.versions[0]
    return f"/{version}{route.path}"


def _api(route: Route | None) -> str:
    return _CONTROL if route is not None and route.placement is Placement.CONTROL else _SMOOCH


def _route_order(routes: dict[str, Route]) -> Any:
    order = {operation: index for index, operation in enumerate(routes)}
    return lambda item: (order.get(item[0], len(order)), item[0])


def _ordered(names: dict[str, Any], known: tuple[str, ...]) -> list[str]:
    """`names` in the order of `known`, unknown ones last."""
    return [n for n in known if n in names] + sorted(n for n in names if n not in known)


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    if not rows:
        return ["  (none)"]
    cells = [tuple(str(c) for c in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = [
            cell.rjust(w) if is_number else cell.ljust(w)
            for cell, w, is_number in zip(row, widths, numeric, strict=True)
        ]
        lines.append("  " + "  ".join(parts).rstrip())
    return lines
