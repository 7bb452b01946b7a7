"""Runs the probe's checks against one URL over real HTTP, one after the other."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import aiohttp

from .. import encoding
from ..api.v1.triggers import WILDCARD, known_triggers
from ..store.models import JsonObject
from ..webhooks.http_client import USER_AGENT
from .payloads import later_event, padded, valid_payloads
from .report import SKIP, CheckResult, Exchange, ProbeReport
from .verdicts import judge_forged, judge_huge, judge_valid

COMMON_TRIGGERS = {
    "v1.1": ("message:appUser", "message:appMaker", "postback", "conversation:start",
             "conversation:read"),
    "v1": ("message", "message:appUser", "message:appMaker", "postback", "conversation:start"),
}  # fmt: skip
DEFAULT_TRIGGERS = COMMON_TRIGGERS["v1.1"]
PLATFORM_TIMEOUT = 20.0
ANSWER_READ_LIMIT = 64 * 1024
DRIP_PIECES = 10


class Unreachable(Exception):
    """The endpoint could not be reached at all (nothing to judge)."""


@dataclass(frozen=True, slots=True)
class ProbeOptions:
    """What to send and how long to wait; the defaults are the platform's."""

    url: str
    secret: str | None = None
    """The X-API-Key the endpoint expects (the webhook's secret); without it, no key checks."""
    triggers: tuple[str, ...] = ()
    """The triggers the endpoint subscribes to (default: the common ones; `*`: all)."""
    version: str = "v1.1"
    timeout: float = PLATFORM_TIMEOUT
    huge_bytes: int = 2 * 1024 * 1024
    drip_seconds: float = 2.0
    """How long the slow sender takes to send one body."""
    storm: int = 20
    """How many copies of one event the retry storm sends at once."""
    seed: int = 0
    checks: tuple[str, ...] = field(default=())
    """Run only checks whose name starts with one of these (default: all)."""

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise ValueError(f"the URL needs http:// or https://: {self.url!r}")
        if self.version not in COMMON_TRIGGERS:
            raise ValueError(f"version must be v1.1 or v1, not {self.version!r}")
        known = known_triggers(self.version)
        unknown = [t for t in self.triggers if t != WILDCARD and t not in known]
        if unknown:
            raise ValueError(
                f"unknown {self.version} trigger(s) {', '.join(unknown)}; known: {', '.join(known)}"
            )
        if not self.timeout > 0 or not self.drip_seconds >= 0:
            raise ValueError("timeout must be positive and drip_seconds not negative")
        if self.storm < 1 or self.huge_bytes < 1:
            raise ValueError("storm and huge_bytes must be at least 1")

    def chosen_triggers(self) -> list[str]:
        if not self.triggers:
            return list(COMMON_TRIGGERS[self.version])
        if WILDCARD in self.triggers:
            return list(known_triggers(self.version))
        return list(dict.fromkeys(self.triggers))


def probe_endpoint(url: str, **options: Any) -> ProbeReport:
    """Probe `url` (see `ProbeOptions`) and return the report; from sync or async code alike."""
    settings = ProbeOptions(url, **options)
    # Its own thread and loop: callable from a test whose event loop is already running.
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="smooch-probe") as pool:
        return pool.submit(asyncio.run, _run(settings)).result()


async def aprobe_endpoint(url: str, **options: Any) -> ProbeReport:
    """`probe_endpoint` for async code."""
    return await _run(ProbeOptions(url, **options))


async def _run(options: ProbeOptions) -> ProbeReport:
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        prober = Prober(session, options)
        return ProbeReport(options.url, await prober.run())


class Prober:
    def __init__(self, session: aiohttp.ClientSession, options: ProbeOptions) -> None:
        self.session = session
        self.options = options
        triggers = options.chosen_triggers()
        self.payloads = valid_payloads(triggers, options.version, options.seed)
        # Duplicates and ordering matter most for messages: use one when subscribed.
        first = next((t for t in triggers if t.startswith("message")), triggers[0])
        self.event = self.payloads[first]
        self.event_trigger = first
        self._ids = random.Random(options.seed)
        self._shift = 0.0

    async def run(self) -> list[CheckResult]:
        checks: list[tuple[str, Callable[[], Awaitable[CheckResult]]]] = [
            *((f"valid {t}", partial(self.valid, t)) for t in self.payloads),
            ("duplicate", self.duplicate),
            ("out of order", self.out_of_order),
            ("forged X-API-Key", partial(self.key_check, "forged X-API-Key", forged=True)),
            ("missing X-API-Key", partial(self.key_check, "missing X-API-Key", forged=False)),
            ("huge body", self.huge_body),
            ("slow sender", self.slow_sender),
            ("retry storm", self.retry_storm),
        ]
        wanted = self.options.checks
        results: list[CheckResult] = []
        for name, check in checks:
            if wanted and not name.startswith(wanted):
                continue
            result = await check()
            sent = result.exchanges
            if not results and sent and all(e.status is None and not e.timed_out for e in sent):
                raise Unreachable(f"cannot reach {self.options.url}: {sent[0].error}")
            results.append(result)
        return results

    # -- the checks -------------------------------------------------------------------------------

    async def valid(self, trigger: str) -> CheckResult:
        result = CheckResult(f"valid {trigger}", f"a real {trigger} payload, right key")
        result.exchanges.append(await self._send(trigger, self.payloads[trigger]))
        judge_valid(result, self.options.timeout)
        return result

    async def duplicate(self) -> CheckResult:
        result = CheckResult("duplicate", f"the same {self.event_trigger} event twice")
        event = self._fresh_event()
        for label in ("first", "duplicate"):
            result.exchanges.append(await self._send(label, event))
        judge_valid(result, self.options.timeout)
        return result

    async def out_of_order(self) -> CheckResult:
        result = CheckResult("out of order", "a newer event of a conversation, then an older one")
        older = self._fresh_event()
        newer = self._fresh_event()
        result.exchanges.append(await self._send("newer first", newer))
        result.exchanges.append(await self._send("then older", older))
        judge_valid(result, self.options.timeout)
        return result

    async def key_check(self, name: str, *, forged: bool) -> CheckResult:
        what = "a valid payload with a wrong key" if forged else "a valid payload with no key"
        result = CheckResult(name, what)
        secret = self.options.secret
        if secret is None:
            result.verdict, result.reason = SKIP, "give the endpoint's secret (--secret)"
            return result
        key = _forge(secret) if forged else None
        result.exchanges.append(await self._send(name, self._fresh_event(), key=key))
        judge_forged(result)
        return result

    async def huge_body(self) -> CheckResult:
        size = self.options.huge_bytes
        result = CheckResult("huge body", f"a {_size(size)} body with the right key")
        body = encoding.dumps(padded(self._fresh_event(), size))
        result.exchanges.append(await self._send(_size(len(body)), raw=body))
        judge_huge(result, self.options.timeout)
        return result

    async def slow_sender(self) -> CheckResult:
        seconds = self.options.drip_seconds
        result = CheckResult("slow sender", f"a valid payload drip-fed over {seconds:g} s")
        body = encoding.dumps(self._fresh_event())
        result.exchanges.append(await self._send("drip-fed", raw=body, drip=seconds))
        judge_valid(result, self.options.timeout)
        return result

    async def retry_storm(self) -> CheckResult:
        n = self.options.storm
        result = CheckResult("retry storm", f"{n} copies of one event at once")
        event = self._fresh_event()
        sends = [self._send(f"copy {i + 1}", event) for i in range(n)]
        result.exchanges.extend(await asyncio.gather(*sends))
        judge_valid(result, self.options.timeout)
        return result

    def _fresh_event(self) -> JsonObject:
        """The probe's event again, as a new one: a later time and a message id not seen yet."""
        self._shift += 1.0
        return later_event(self.event, self._shift, f"{self._ids.getrandbits(96):024x}")

    # -- sending ---------------------------------------------------------------------------------

    async def _send(
        self,
        label: str,
        payload: JsonObject | None = None,
        *,
        raw: bytes | None = None,
        key: str | bool | None = True,
        drip: float = 0.0,
    ) -> Exchange:
        """POST as the platform does; `key` True: the right secret, None: no header."""
        body = raw if raw is not None else encoding.dumps(payload)
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        secret = self.options.secret if key is True else key
        if isinstance(secret, str):
            headers["X-API-Key"] = secret
        data: bytes | AsyncIterator[bytes] = body
        if drip > 0:
            headers["Content-Length"] = str(len(body))
            data = _drip(body, drip)
        timeout = aiohttp.ClientTimeout(total=self.options.timeout + drip)
        started = time.perf_counter()
        try:
            async with self.session.post(
                self.options.url, data=data, headers=headers, timeout=timeout, allow_redirects=False
            ) as response:
                await response.content.read(ANSWER_READ_LIMIT)
                status = response.status
        except asyncio.TimeoutError:
            return Exchange(label, None, time.perf_counter() - started, "timed out", True)
        except aiohttp.ClientConnectorError as error:
            errno = error.os_error.errno
            reason = os.strerror(errno).lower() if errno else "cannot connect"
            return Exchange(label, None, time.perf_counter() - started, reason)
        except (aiohttp.ClientError, OSError) as error:
            text = _connection_error(error)
            return Exchange(label, None, time.perf_counter() - started, text)
        return Exchange(label, status, time.perf_counter() - started)


async def _drip(body: bytes, seconds: float) -> AsyncIterator[bytes]:
    step = max(1, -(-len(body) // DRIP_PIECES))
    for start in range(0, len(body), step):
        yield body[start : start + step]
        await asyncio.sleep(seconds / DRIP_PIECES)


def _forge(secret: str) -> str:
    """A key as long as the secret and different in every character."""
    return "".join("b" if c == "a" else "a" for c in secret) or "forged"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KiB"


def _connection_error(error: BaseException) -> str:
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "closed the connection without answering"
    return f"{type(error).__name__}: {error}".rstrip(": ")
