"""Argument types of the CLI: numbers checked against their range, so a bad one is a usage error."""

from __future__ import annotations

import argparse
import math

MAX_SECONDS = 86_400.0
"""A day: longer waits, timeouts and intervals are typing mistakes (and overflow timers)."""


def port(text: str) -> int:
    """A TCP port, 0 to 65535 (0: the system picks a free one)."""
    number = _integer(text)
    if not 0 <= number <= 65_535:
        raise argparse.ArgumentTypeError(
            f"{text} is not a port: use 0 to 65535 (0 picks a free one)"
        )
    return number


def positive_count(text: str) -> int:
    """A count of at least one."""
    number = _integer(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is out of range: use a whole number above 0")
    return number


def seconds(text: str) -> float:
    """A duration that may be zero: 0 to a day."""
    return _seconds(text, allow_zero=True)


def positive_seconds(text: str) -> float:
    """A duration that must be longer than zero, up to a day."""
    return _seconds(text, allow_zero=False)


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _seconds(text: str, *, allow_zero: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    low = "0" if allow_zero else "more than 0"
    too_small = value < 0 or (value == 0 and not allow_zero)
    if not math.isfinite(value) or too_small or value > MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"{text} is out of range: use {low} to {MAX_SECONDS:g} seconds"
        )
    return value
