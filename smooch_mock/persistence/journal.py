"""The request journal: each state-changing request as one JSON line, replayable exactly."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import encoding
from .. import error_texts as texts
from ..clock import Clock
from ..errors import StateNotSaved
from ..http.auth import Principal
from ..http.messages import ApiRequest
from ..store.models import Scope

if TYPE_CHECKING:
    from ..fake import FakeSmooch

log = logging.getLogger("smooch_mock")

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CHANGING_READS = frozenset({"getSdkIds", "Authorize"})
"""Reads that change the state: an app's SDK integrations are created on first demand; an OAuth
authorization issues a code."""
UNCHANGING_WRITES = frozenset(
    {
        "mockRedeliver",
        "mockAdvanceClock",
        "mockSetWebhookChaos",
        "mockClearWebhookChaos",
        "mockSetAppChaos",
        "mockClearAppChaos",
        "mockClearCoverage",
    }
)
"""Writes that change nothing a snapshot holds: a webhook sent again, the fake clock moved, a
test's delivery chaos or coverage counts (run-time tools, never kept by `--state`)."""

SCOPES: tuple[Scope, ...] = ("account", "app", "appUser", "integration")


@dataclass(frozen=True, slots=True)
class Caller:
    """A principal as journaled."""

    scope: Scope
    key_id: str
    app_id: str | None
    user_id: str | None


class ReplayDiverged(Exception):
    """A journaled request took another path on replay than when it was answered."""


class JournalClock:
    """The store's clock under a journal: the readings a journaled request takes are recorded,
    and handed back in the same order when it is replayed (on that request's thread only: the
    webhook engine reads the time on its own)."""

    def __init__(self, inner: Clock) -> None:
        self.inner = inner
        self._thread: int | None = None
        self._recorded: list[float] = []
        self._replayed: Iterator[float] | None = None

    def now(self) -> float:
        if threading.get_ident() != self._thread:
            return self.inner.now()
        if self._replayed is not None:
            reading = next(self._replayed, None)
            if reading is None:
                raise ReplayDiverged(texts.REPLAY_CLOCK_MORE)
            return reading
        reading = self.inner.now()
        self._recorded.append(reading)
        return reading

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)

    @contextmanager
    def recording(self) -> Iterator[list[float]]:
        self._thread, self._recorded = threading.get_ident(), []
        try:
            yield self._recorded
        finally:
            self._thread = None

    @contextmanager
    def replaying(self, readings: list[float]) -> Iterator[None]:
        remaining = iter(readings)
        self._thread, self._replayed = threading.get_ident(), remaining
        try:
            yield
            if next(remaining, None) is not None:
                raise ReplayDiverged(texts.REPLAY_CLOCK_LESS)
        finally:
            self._thread, self._replayed = None, None


@dataclass(frozen=True, slots=True)
class Entry:
    """One journaled request: what was asked, by whom, and what it drew from chance and time."""

    request: ApiRequest
    caller: Caller | None
    """Who asked, as a key id (authentication is not repeated: JWTs expire, keys rotate)."""
    seed: int
    clock: list[float]


class Journal:
    """Journals the state-changing requests of a fake: each is made deterministic (a seed of its
    own, recorded clock readings) and handed to `write` as one line before it is answered.

    Only requests through `FakeSmooch.handle` are journaled (all `serve` has); Python calls into
    the store or the simulator are not.
    """

    def __init__(
        self, fake: FakeSmooch, write: Callable[[bytes], None], *, seed_base: int, count: int
    ) -> None:
        self.fake = fake
        self.write = write
        self.seed_base = seed_base
        """With the number of requests journaled so far, makes each request's seed."""
        self.count = count
        self.failure: str | None = None
        """Why the last write failed; from then on every change is refused."""
        self.clock = JournalClock(fake.store.clock)
        fake.store.clock = self.clock

    def records(self, method: str, operation: str) -> bool:
        """Whether a request to this operation is journaled (whether it can change the state)."""
        if operation in UNCHANGING_WRITES:
            return False
        return method not in READ_METHODS or operation in CHANGING_READS

    @contextmanager
    def recording(self, request: ApiRequest, principal: Principal | None) -> Iterator[None]:
        """Run the block as a journaled request; its line is written when it ends, even by an
        error (a handler may change the state before it raises)."""
        if self.failure is not None:
            raise StateNotSaved(reason=self.failure)
        seed = request_seed(self.seed_base, self.count)
        with self._seeded(seed), self.clock.recording() as readings:
            try:
                yield
            finally:
                self.count += 1
                self._append(encode_entry(request, principal, seed, readings))

    def replay(self, entry: Entry) -> None:
        """Apply a journaled request again, without sending a webhook."""
        fake = self.fake
        with fake.lock, fake.webhooks.muted():
            with self._seeded(entry.seed), self.clock.replaying(entry.clock):
                try:
                    fake.replay(entry.request, self._principal(entry.caller))
                except ReplayDiverged:
                    raise
                except Exception:  # answered with this error then too; what it changed is redone
                    pass
            self.count += 1

    @contextmanager
    def _seeded(self, seed: int) -> Iterator[None]:
        # The simulator's Faker gets a stream of its own, apart from the ids'.
        self.fake.simulate.reseed(seed | 1 << 64)
        with self.fake.store.ids.seeded(seed):
            yield

    def _principal(self, caller: Caller | None) -> Principal | None:
        if caller is None:
            return None
        key = self.fake.store.keys.get(caller.key_id)
        if key is None:
            raise ReplayDiverged(texts.REPLAY_KEY_GONE.format(key_id=caller.key_id))
        return Principal(
            caller.scope, key, caller.app_id, caller.user_id, integration_id=key.integration_id
        )

    def fail(self, reason: str) -> None:
        """Refuse every change from now on: they could not be kept."""
        self.failure = reason
        log.error("smooch-mock: %s; no more changes are accepted", reason)

    def _append(self, line: bytes) -> None:
        try:
            self.write(line)
        except OSError as error:
            self.fail(f"writing its journal failed: {error.strerror or error}")
            raise StateNotSaved(reason=self.failure) from error


def request_seed(seed_base: int, count: int) -> int:
    """The seed of the `count`-th journaled request: never the same twice for one state."""
    digest = hashlib.blake2b(f"{seed_base}:{count}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def encode_entry(
    request: ApiRequest, principal: Principal | None, seed: int, readings: list[float]
) -> bytes:
    caller = None
    if principal is not None:
        caller = [principal.scope, principal.key.id, principal.app_id, principal.user_id]
    record: dict[str, Any] = {
        "seed": seed,
        "method": request.method,
        "path": request.path,
        "query": dict(request.query),
        "baseUrl": request.base_url,
        "contentType": request.headers.get("content-type"),
        "caller": caller,
        "clock": readings,
    }
    try:
        record["body"] = request.body.decode("utf-8")
    except UnicodeDecodeError:
        record["body64"] = base64.b64encode(request.body).decode("ascii")
    return encoding.dumps(record) + b"\n"


def decode_entry(line: bytes) -> Entry:
    """A journal line back as an entry; ValueError saying what is wrong with it."""
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    try:
        if "body64" in record:
            body = base64.b64decode(_typed(record, "body64", str), validate=True)
        else:
            body = _typed(record, "body", str).encode("utf-8")
        content_type = record["contentType"]
        request = ApiRequest(
            method=_typed(record, "method", str),
            path=_typed(record, "path", str),
            query=_typed(record, "query", dict),
            headers={} if content_type is None else {"content-type": str(content_type)},
            body=body,
            base_url=_typed(record, "baseUrl", str),
        )
        clock = _typed(record, "clock", list)
        if not all(isinstance(reading, (int, float)) for reading in clock):
            raise ValueError("'clock' holds something else than readings")
        return Entry(request, _caller(record["caller"]), _typed(record, "seed", int), clock)
    except KeyError as error:
        raise ValueError(f"no {error.args[0]!r}") from error
    except (binascii.Error, UnicodeError) as error:
        raise ValueError(f"bad body: {error}") from error


def _caller(raw: Any) -> Caller | None:
    if raw is None:
        return None
    if (
        isinstance(raw, list)
        and len(raw) == 4
        and raw[0] in SCOPES
        and isinstance(raw[1], str)
        and all(part is None or isinstance(part, str) for part in raw[2:])
    ):
        return Caller(*raw)
    raise ValueError(f"'caller' {raw!r} is not [scope, key id, app id, user id]")


def _typed(record: dict[str, Any], name: str, kind: type) -> Any:
    value = record[name]
    if not isinstance(value, kind):
        raise ValueError(f"{name!r} is not a {kind.__name__}")
    return value
