"""A fake Smooch ready for tests: served on 127.0.0.1 or in-process, handing out isolated apps."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..clock import FakeClock
from ..fake import FakeSmooch
from ..http.server import ServerThread
from .settings import SmoochSettings

if TYPE_CHECKING:
    from types import TracebackType

    from .app import IsolatedApp

T = TypeVar("T")


class ActivityWatcher:
    """Wakes waiters whenever the fake changes (a store event, a finished webhook delivery).

    Waiting on a condition instead of sleeping keeps waits short and deterministic.
    """

    def __init__(self, fake: FakeSmooch) -> None:
        self._changed = threading.Condition()
        self._generation = 0
        fake.store.subscribe(self._on_change)
        fake.webhooks.engine.on_finished(self._on_change)

    def wait_until(
        self, check: Callable[[], T | None], timeout: float, *, poll: float | None = None
    ) -> T | None:
        """Return `check()`'s first non-None answer, or None once `timeout` seconds have passed.

        `poll` bounds each wait, for conditions no event announces (e.g. a retry being scheduled).
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._changed:
                seen = self._generation
            result = check()
            if result is not None:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            with self._changed:
                if self._generation == seen:
                    self._changed.wait(remaining if poll is None else min(remaining, poll))

    def _on_change(self, _: object) -> None:
        with self._changed:
            self._generation += 1
            self._changed.notify_all()


class SmoochHarness:
    """One fake Smooch for tests, reachable at `base_url`, from which each test takes its own app.

    `serve()` puts it on a real socket (127.0.0.1, free port); `in_process()` leaves it socketless,
    for the httpx/respx bridge in `smooch_mock.inprocess`.
    """

    def __init__(
        self,
        fake: FakeSmooch,
        base_url: str,
        *,
        server: ServerThread | None = None,
        clock: FakeClock | None = None,
    ) -> None:
        self.fake = fake
        self.base_url = base_url
        self.server = server
        self.clock = clock
        self.watcher = ActivityWatcher(fake)

    @classmethod
    def serve(cls, settings: SmoochSettings | None = None) -> SmoochHarness:
        """A fake with `settings`, served over HTTP on 127.0.0.1 from its own thread."""
        fake, clock = _make_fake(settings or SmoochSettings())
        server = ServerThread(fake).start()
        return cls(fake, server.url, server=server, clock=clock)

    @classmethod
    def in_process(cls, settings: SmoochSettings | None = None) -> SmoochHarness:
        """A fake with `settings` and no socket; `base_url` is the first URL it answers for."""
        settings = settings or SmoochSettings()
        fake, clock = _make_fake(settings)
        return cls(fake, settings.in_process_base_urls[0], clock=clock)

    def isolated_app(self, version: str = "v1.1", name: str = "Test app") -> IsolatedApp:
        """A new app with its own keys and service account; `close()` it to delete them again."""
        from .app import IsolatedApp

        return IsolatedApp.create(self, version=version, name=name)

    def close(self) -> None:
        """Stop the server (if any) and the fake's webhook engine."""
        if self.server is not None:
            self.server.stop()
        else:
            self.fake.close()

    def __enter__(self) -> SmoochHarness:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _make_fake(settings: SmoochSettings) -> tuple[FakeSmooch, FakeClock | None]:
    clock = FakeClock() if settings.fake_clock else None
    return FakeSmooch(clock=clock, **settings.fake_options()), clock
