"""The platform's retry policy per webhook generation: how many attempts, and how far apart."""

from __future__ import annotations

from dataclasses import dataclass

NOT_RETRIED = frozenset({400, 401, 403, 404, 406})
"""Answers both generations document as final: the delivery ends at once, undelivered."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most `attempts` attempts; the waits between them start at the engine's retry base and
    double. With a `window`, every attempt starts within that many seconds of the first."""

    attempts: int
    window: float | None = None

    def wait_before(self, retry: int, base: float, since_first: float) -> float | None:
        """Seconds to wait before retry number `retry` (1 is the second attempt), `since_first`
        seconds after the first attempt started; None when no retry is left."""
        if retry >= self.attempts:
            return None
        if self.window is None:
            return base * 2.0 ** (retry - 1)
        # The doubling waits of a large base would overrun the window: shrink the base so that
        # all of them fit, which keeps the spacing exponential.
        waits = 2.0 ** (self.attempts - 1) - 1
        wait = min(base, self.window / waits) * 2.0 ** (retry - 1)
        # Slow answers eat into the window too: the last attempts move closer, never past it.
        remaining = self.window - since_first
        if remaining <= 0:
            return None
        return min(wait, remaining)


V1_POLICY = RetryPolicy(attempts=6)
"""v1 and v1.1: "re-attempted up to 5 times" after the first, exponentially spaced."""
V2_POLICY = RetryPolicy(attempts=5, window=15 * 60.0)
"""v2: at most 5 attempts within 15 minutes, exponentially spaced."""
MAX_ATTEMPTS = max(V1_POLICY.attempts, V2_POLICY.attempts)


def policy_for(version: str) -> RetryPolicy:
    """The retry policy of a webhook of `version` (`v1`, `v1.1` or `v2`)."""
    return V2_POLICY if version == "v2" else V1_POLICY
