"""Shared fixtures: a seeded fake, a real server on 127.0.0.1 around it, and an app with its key."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import httpx._transports.default as httpx_transports
import pytest

from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store import Store
from smooch_mock.store.events import Event
from smooch_mock.store.models import App, SecretKey

# httpx builds a fresh TLS context for every client (certifi's bundle: ~40-60 ms each) although
# the suite only speaks plain HTTP to 127.0.0.1; one context per argument set serves them all.
httpx_transports.create_ssl_context = functools.cache(httpx._config.create_ssl_context)  # type: ignore[attr-defined]


@pytest.fixture
def fake() -> Iterator[FakeSmooch]:
    """A fresh, seeded FakeSmooch; any exception inside it during the test fails the test."""
    instance = FakeSmooch(seed=1234)
    yield instance
    instance.close()
    errors = "\n".join(error.traceback for error in instance.internal_errors)
    assert not instance.internal_errors, f"the fake raised while serving the test:\n{errors}"


@pytest.fixture
def server(fake: FakeSmooch) -> Iterator[ServerThread]:
    """`fake` served over real HTTP on 127.0.0.1 (free port); `.url` is the base URL."""
    thread = ServerThread(fake).start()
    yield thread
    thread.stop()


@pytest.fixture
def app_and_key(fake: FakeSmooch) -> tuple[App, SecretKey]:
    """An app in `fake` and one app-scope secret key of it."""
    return fake.create_app_with_key("Test app")


# -- store-level and HTTP-level helpers of the core suite ---------------------------------------


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at a fixed start; tests move it with `clock.advance(seconds)`."""
    return FakeClock(start=1_700_000_000.0)


@pytest.fixture
def store(clock: FakeClock) -> Store:
    """A seeded Store without HTTP, driven by `clock`."""
    return Store(seed=99, clock=clock)


@pytest.fixture
def events(store: Store) -> list[Event]:
    """Every domain event `store` emits, in order."""
    recorded: list[Event] = []
    store.subscribe(recorded.append)
    return recorded


@pytest.fixture
def client_for(server: ServerThread) -> Iterator[Callable[..., httpx.Client]]:
    """Make httpx clients on `server`: `client_for(auth=(keyId, secret))` or `(token=jwt)`."""
    clients: list[httpx.Client] = []

    def make(auth: tuple[str, str] | None = None, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        client = httpx.Client(base_url=server.url, auth=auth, headers=headers, timeout=30)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def app_client(
    client_for: Callable[..., httpx.Client], app_and_key: tuple[App, SecretKey]
) -> httpx.Client:
    """An httpx client on `server` authenticated with the app key (Basic auth, app scope)."""
    _, key = app_and_key
    return client_for(auth=(key.id, key.secret))


@pytest.fixture
def account_client(client_for: Callable[..., httpx.Client], fake: FakeSmooch) -> httpx.Client:
    """An httpx client on `server` authenticated with the account key (account scope)."""
    return client_for(auth=(fake.account_key.id, fake.account_key.secret))


# -- strict contract -------------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    """Strict-contract mode for every FakeSmooch of the suite: each answer and webhook payload
    is checked against the schemas, and a violation fails the test that caused it."""
    import os

    from smooch_mock.contract import STRICT_ENV

    os.environ[STRICT_ENV] = "1"
    config.addinivalue_line(
        "markers", "fuzz: fuzzers and randomized stress runs (slow; only with -m fuzz)"
    )


# -- reliability figures (tests/test_reliability_*.py) ---------------------------------------------


from reliability_figures import ReliabilityFigures  # noqa: E402 - this block stays self-contained

_RELIABILITY = ReliabilityFigures()


@pytest.fixture(scope="session")
def reliability_figures() -> ReliabilityFigures:
    """Counters the reliability tests add to; shown in the terminal summary of the run."""
    return _RELIABILITY


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker, hand the figures to the controller (see `pytest_testnodedown`)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["reliability"] = _RELIABILITY.as_dict()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On the xdist controller, add each worker's figures."""
    figures = getattr(node, "workeroutput", {}).get("reliability")
    if figures:
        _RELIABILITY.add(figures)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if any(_RELIABILITY.as_dict().values()):
        terminalreporter.write_sep("-", "reliability figures")
        terminalreporter.write_line(_RELIABILITY.line())
