"""The rules: what a production webhook endpoint may and must not answer, per kind of request."""

from __future__ import annotations

from ..webhooks.retry_policy import NOT_RETRIED
from .report import FAIL, PASS, WARN, CheckResult


def judge_valid(result: CheckResult, timeout: float) -> None:
    """A payload the platform really sends, with the right key: must be answered 2xx in time."""
    for e in result.exchanges:
        if e.timed_out:
            return _set(result, FAIL, f"{e.label}: {_too_slow(timeout)}")
        if e.status is None:
            return _set(result, FAIL, f"{e.label}: {e.error}")
        if e.status >= 500:
            return _set(
                result,
                FAIL,
                f"{e.label}: answered {e.status} to a valid payload (the platform retries it,"
                " up to 5 times)",
            )
    for e in result.exchanges:
        if e.status is not None and not 200 <= e.status < 300:
            fate = (
                "the platform does not retry it: the event is lost"
                if e.status in NOT_RETRIED
                else "the platform retries it"
            )
            return _set(result, WARN, f"{e.label}: answered {e.status} to a valid payload; {fate}")
    return _set(result, PASS, "")


def judge_forged(result: CheckResult) -> None:
    """A request without the right X-API-Key: anything but 2xx; 401 or 403 says why."""
    e = result.exchanges[0]
    result.forged_key_accepted = e.status is not None and 200 <= e.status < 300
    if result.forged_key_accepted:
        return _set(
            result, FAIL, f"accepted it (answered {e.status}): anyone can post events to the bot"
        )
    if e.status is None:
        return _set(result, WARN, f"no answer: {e.error}")
    if e.status >= 500:
        return _set(result, WARN, f"refused, but with {e.status}: 401 or 403 says why")
    if e.status not in (401, 403):
        return _set(result, PASS, f"refused with {e.status} (401 or 403 is usual)")
    return _set(result, PASS, "")


def judge_huge(result: CheckResult, timeout: float) -> None:
    """A body far larger than any event: refuse it (413) or take it, but answer, and in time."""
    e = result.exchanges[0]
    if e.timed_out:
        return _set(result, FAIL, _too_slow(timeout))
    if e.status is None:
        return _set(result, WARN, f"no answer ({e.error}); 413 says why")
    if e.status >= 500:
        return _set(result, WARN, f"answered {e.status}: a large body should be 413, not a crash")
    return _set(result, PASS, "")


def _too_slow(timeout: float) -> str:
    return f"no answer within {timeout:g} s (the platform's timeout): it gives up and retries"


def _set(result: CheckResult, verdict: str, reason: str) -> None:
    result.verdict, result.reason = verdict, reason
