"""Failure texts of the test helpers: what was expected, and the nearest things that did happen."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from ..webhooks import PENDING, Delivery
from ..webhooks.log import QueuePlace

SHOWN = 10


def similarity(expected: str | None, actual: str | None) -> float:
    """0..1, how alike two texts are (1 when nothing was expected)."""
    if expected is None:
        return 1.0
    return difflib.SequenceMatcher(None, expected, actual or "").ratio()


def describe_expected_message(text: str | None, type: str | None, role: str) -> str:
    parts = [f"role={role!r}"]
    if type is not None:
        parts.append(f"type={type!r}")
    if text is not None:
        parts.append(f"text={text!r}")
    return "a message with " + ", ".join(parts)


def message_not_found(
    where: str, text: str | None, type: str | None, role: str, messages: Sequence[dict[str, Any]]
) -> str:
    """Explain a missing message in `where` ("the conversation of 'bob'", "conversation 'c1'"),
    listing its messages (`role`, `type`, `text` views) nearest first."""
    expected = describe_expected_message(text, type, role)
    if not messages:
        return f"expected {expected} in {where}, but it is empty"

    def score(message: dict[str, Any]) -> tuple[float, int, int]:
        return (
            similarity(text, message.get("text")),
            message.get("role") == role,
            type is None or message.get("type") == type,
        )

    ranked = sorted(messages, key=score, reverse=True)
    lines = [f"expected {expected} in {where}; it holds {len(messages)} message(s), nearest first:"]
    for message in ranked[:SHOWN]:
        lines.append(
            f"  - role={message.get('role')!r} type={message.get('type')!r} "
            f"text={message.get('text')!r} (similarity {similarity(text, message.get('text')):.2f})"
        )
    if len(ranked) > SHOWN:
        lines.append(f"  … and {len(ranked) - SHOWN} more")
    return "\n".join(lines)


def user_not_found(user: str, known: Sequence[str]) -> str:
    """Explain an unknown appUser reference, naming the nearest known ones."""
    if not known:
        return f"no appUser {user!r} in this app: it has no appUsers yet"
    nearest = difflib.get_close_matches(user, known, n=5, cutoff=0.0)
    return f"no appUser {user!r} in this app; nearest known: {', '.join(map(repr, nearest))}"


def conversation_not_found(conversation: str, known: Sequence[str]) -> str:
    """Explain an unknown v2 conversation id, naming the app's conversations."""
    if not known:
        return f"no conversation {conversation!r} in this app: it has none yet"
    nearest = difflib.get_close_matches(conversation, known, n=5, cutoff=0.0)
    listed = ", ".join(map(repr, nearest))
    return f"no conversation {conversation!r} in this app; nearest known: {listed}"


def describe_delivery(delivery: Delivery, place: QueuePlace | None = None) -> str:
    outcomes = [
        str(a.status) if a.status is not None else (a.error or "no answer")
        for a in delivery.attempts
    ]
    tried = ", ".join(outcomes) if outcomes else "not tried yet"
    waiting = f"; {place.describe()}" if place is not None and delivery.state == PENDING else ""
    return f"{delivery.trigger} → {delivery.target}: {delivery.state} (attempts: {tried}{waiting})"


def delivery_not_found(
    trigger: str | None,
    count: int,
    timeout: float,
    deliveries: Sequence[Delivery],
    places: Mapping[str, QueuePlace] | None = None,
) -> str:
    """Explain a delivery that did not finish in time, listing the log nearest first."""
    what = f"{trigger!r} deliveries" if trigger else "deliveries"
    head = f"expected {count} finished {what} within {timeout:g}s"
    if not deliveries:
        return f"{head}, but the delivery log of this app is empty (is a webhook subscribed?)"
    ranked = sorted(deliveries, key=lambda d: similarity(trigger, d.trigger), reverse=True)
    lines = [f"{head}; the delivery log holds {len(deliveries)}, nearest first:"]
    lines += [f"  - {describe_delivery(d, (places or {}).get(d.id))}" for d in ranked[:SHOWN]]
    if len(ranked) > SHOWN:
        lines.append(f"  … and {len(ranked) - SHOWN} more")
    return "\n".join(lines)
