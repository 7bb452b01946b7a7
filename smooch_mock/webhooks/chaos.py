"""Delivery chaos: seeded faults (drop, delay, duplicate, reorder, fail first N) per webhook."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from .. import error_texts as texts

DROP = "drop"
FAIL = "fail"
DELAY = "delay"
DUPLICATE = "duplicate"
REORDER = "reorder"
FAULT_TYPES = (DROP, FAIL, DELAY, DUPLICATE, REORDER)

MAX_DELAY_LIMIT = 300.0
"""Longest delay or reorder hold one delivery may get, in seconds."""
MAX_FAIL_FIRST = 10

DROPPED_TEXT = "dropped by chaos: the request never reached the target"
FAILED_TEXT = "failed by chaos: not sent (fail the first {n} attempt(s))"

_JSON_NAMES = {"max_delay": "maxDelay", "fail_first": "failFirst"}
_CHANCES = ("drop", "duplicate", "delay", "reorder")


@dataclass(frozen=True, slots=True)
class ChaosSettings:
    """Which faults a webhook's deliveries get; the same seed gives the same faults."""

    seed: int = 0
    drop: float = 0.0
    """Chance that an attempt is lost on the way (never sent); the platform retries it."""
    duplicate: float = 0.0
    """Chance that a delivery is sent twice (a second delivery with the same payload)."""
    delay: float = 0.0
    """Chance that a delivery waits up to `max_delay` seconds before its first attempt."""
    reorder: float = 0.0
    """Chance that a delivery is held back until the webhook's next delivery to another
    conversation has gone out (at most `max_delay` seconds)."""
    max_delay: float = 2.0
    fail_first: int = 0
    """The first N attempts of every delivery fail without being sent (then retried)."""

    def __post_init__(self) -> None:
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError(texts.CHAOS_SEED.format(seed=self.seed))
        for name in _CHANCES:
            value = getattr(self, name)
            if not _is_number(value) or not 0.0 <= value <= 1.0:
                raise ValueError(texts.CHAOS_CHANCE.format(name=name, value=value))
        if not _is_number(self.max_delay) or not 0.0 <= self.max_delay <= MAX_DELAY_LIMIT:
            raise ValueError(
                texts.CHAOS_MAX_DELAY.format(limit=MAX_DELAY_LIMIT, value=self.max_delay)
            )
        fail_first = self.fail_first
        if isinstance(fail_first, bool) or not isinstance(fail_first, int):
            raise ValueError(texts.CHAOS_FAIL_FIRST.format(value=fail_first))
        if not 0 <= fail_first <= MAX_FAIL_FIRST:
            raise ValueError(texts.CHAOS_FAIL_FIRST_RANGE.format(limit=MAX_FAIL_FIRST))

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> ChaosSettings:
        """From Python keyword names (`max_delay`) or JSON names (`maxDelay`); unknown → error."""
        by_json = {json_name: name for name, json_name in _JSON_NAMES.items()}
        known = {f.name for f in fields(cls)}
        values = {by_json.get(key, key): value for key, value in options.items()}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(
                texts.CHAOS_UNKNOWN_OPTIONS.format(
                    unknown=", ".join(unknown), known=", ".join(sorted(known))
                )
            )
        for name in ("seed", "fail_first"):
            value = values.get(name)
            if isinstance(value, float) and value.is_integer():
                values[name] = int(value)  # JSON's 2.0 is an integer too
        return cls(**values)

    @property
    def active(self) -> bool:
        return self.fail_first > 0 or any(getattr(self, name) > 0 for name in _CHANCES)

    def to_json(self) -> dict[str, Any]:
        return {_JSON_NAMES.get(f.name, f.name): getattr(self, f.name) for f in fields(self)}

    def describe(self) -> str:
        """`drop 20%, duplicate 10%, fail first 2, seed 7` (what is on)."""
        parts = [f"{name} {getattr(self, name):.0%}" for name in _CHANCES if getattr(self, name)]
        if self.delay or self.reorder:
            parts.append(f"max delay {self.max_delay:g} s")
        if self.fail_first:
            parts.append(f"fail first {self.fail_first}")
        return ", ".join(parts or ["off"]) + f", seed {self.seed}"


@dataclass(slots=True)
class Fault:
    """One fault injected into a delivery, as the delivery log shows it."""

    type: str
    seconds: float | None = None
    """`delay`: how long it waited; `reorder`: the longest it may be held."""
    of: str | None = None
    """`duplicate`: the delivery this one copies."""
    held_behind: str | None = None
    """`reorder`: the delivery let through first (None: none came within the hold)."""

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": self.type}
        if self.seconds is not None:
            body["seconds"] = self.seconds
        if self.of is not None:
            body["of"] = self.of
        if self.type == REORDER:
            body["heldBehind"] = self.held_behind
        return body


@dataclass(slots=True)
class ChaosPlan:
    """The faults drawn for one delivery when it was created, carried out by the engine."""

    dropped: frozenset[int]
    fail_first: int
    delay: float
    reorder: Fault | None
    hold: float

    def attempt_fault(self, number: int) -> tuple[str, str] | None:
        """The fault (`fail`, `drop`) and log text of attempt `number` (1-based); None: send it."""
        if number <= self.fail_first:
            return FAIL, FAILED_TEXT.format(n=self.fail_first)
        return (DROP, DROPPED_TEXT) if number in self.dropped else None


@dataclass(frozen=True, slots=True)
class Draw:
    plan: ChaosPlan
    faults: list[Fault]
    duplicated: bool


class Chaos:
    """Settings with their random sequence: the n-th delivery always draws the same faults."""

    def __init__(self, settings: ChaosSettings, attempts: int) -> None:
        self.settings = settings
        self.attempts = attempts
        self._random = random.Random(settings.seed)

    def draw(self) -> Draw:
        """The faults of the next delivery. Always the same number of draws, whatever is on, so
        switching one fault on does not reshuffle where the others fall."""
        s, rng = self.settings, self._random
        dropped = frozenset(n for n in range(1, self.attempts + 1) if rng.random() < s.drop)
        duplicated = rng.random() < s.duplicate
        delayed = rng.random() < s.delay
        delay = round(rng.uniform(0.0, s.max_delay), 3) if delayed else 0.0
        reordered = rng.random() < s.reorder
        faults: list[Fault] = []
        if delay > 0:
            faults.append(Fault(DELAY, seconds=delay))
        reorder = Fault(REORDER, seconds=s.max_delay) if reordered else None
        if reorder is not None:
            faults.append(reorder)
        plan = ChaosPlan(dropped, s.fail_first, delay, reorder, s.max_delay)
        return Draw(plan, faults, duplicated)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
