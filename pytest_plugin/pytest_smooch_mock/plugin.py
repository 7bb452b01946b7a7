"""pytest plugin of smooch-mock: a fake Smooch per session, an isolated app per test, a marker."""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    # Only for annotations: importing the fake at load time would tax every pytest run.
    from smooch_mock.coverage import CoverageCounts
    from smooch_mock.fake import FakeSmooch
    from smooch_mock.probe import ProbeReport
    from smooch_mock.receiver import WebhookReceiver
    from smooch_mock.testing import IsolatedApp, SmoochHarness, SmoochSettings

MARKER = (
    "smooch(seed=None, version='v1.1', webhook_retry_base=None, webhook_timeout=None, "
    "webhook_batch_window=None, fake_clock=False, base_urls=(), chaos=None): configure the "
    "smooch fixtures of this test; seed, webhook_retry_base, webhook_timeout, "
    "webhook_batch_window (v2 events of a conversation share a POST) and fake_clock give the "
    "test a fake server of its own; chaos={'drop': 0.2, 'duplicate': 0.3, 'seed': 1, ...} "
    "injects delivery faults; version='v2' makes the helpers speak Sunshine Conversations v2 "
    "(shapes, custom integrations' webhooks, author types)."
)


COVERAGE_PLUGIN = "smooch_mock_coverage"
WORKER_COVERAGE = "smooch_mock_coverage"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("smooch-mock")
    group.addoption(
        "--smooch-coverage",
        action="store_true",
        default=False,
        help="at the end, show which Smooch operations, webhook triggers and message types the "
        "session's fakes served",
    )
    group.addoption(
        "--smooch-coverage-json",
        metavar="FILE",
        default=None,
        help="write that coverage report (with what was never exercised) to FILE as JSON",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)
    if config.pluginmanager.hasplugin("faker"):
        # Registered after Faker's plugin, so this `faker` wraps Faker's own fixture.
        config.pluginmanager.register(FakerWithSmoochProvider(), "smooch_mock_faker")
    if config.getoption("smooch_coverage") or config.getoption("smooch_coverage_json"):
        config.pluginmanager.register(SmoochCoverage(config), COVERAGE_PLUGIN)


class SmoochCoverage:
    """Adds up what the session's fakes served; with xdist, the workers' counts are summed."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.counts: CoverageCounts = {"operations": {}, "triggers": {}, "messageTypes": {}}

    def add(self, fake: FakeSmooch) -> None:
        """Count a fake's work (called by the fixtures before they close a fake)."""
        self._merge(fake.coverage.counts())

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller prints the sum
            workeroutput[WORKER_COVERAGE] = json.dumps(self.counts)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        counts = getattr(node, "workeroutput", {}).get(WORKER_COVERAGE)
        if counts:
            self._merge(json.loads(counts))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if hasattr(self.config, "workeroutput"):
            return
        from smooch_mock.coverage.report import coverage_report, coverage_table

        report = coverage_report(self.counts)
        if self.config.getoption("smooch_coverage"):
            terminalreporter.write_sep("-", "smooch-mock coverage")
            terminalreporter.write_line(coverage_table(report))
        path = self.config.getoption("smooch_coverage_json")
        if path:
            Path(path).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            terminalreporter.write_line(f"smooch-mock coverage written to {path}")

    def _merge(self, counts: Any) -> None:
        from smooch_mock.coverage import merge_counts

        merge_counts(self.counts, counts)


def _count_coverage(config: pytest.Config, fake: FakeSmooch) -> None:
    collector = config.pluginmanager.get_plugin(COVERAGE_PLUGIN)
    if collector is not None:
        collector.add(fake)


class FakerWithSmoochProvider:
    """Adds `smooch_mock.faker.SmoochProvider` to Faker's `faker` fixture (both installed)."""

    @pytest.fixture
    def faker(self, faker: Any) -> Any:
        """Faker's seeded `faker`, with the `smooch_…` methods of smooch-mock's provider."""
        if not hasattr(faker, "smooch_object_id"):
            from smooch_mock.faker import SmoochProvider

            faker.add_provider(SmoochProvider)
        return faker


@pytest.fixture
def smooch_settings(request: pytest.FixtureRequest) -> SmoochSettings:
    """The options of the `@pytest.mark.smooch(...)` markers on this test (the closest wins).

    Override this fixture to configure a whole directory, e.g. `return SmoochSettings(seed=1)`.
    """
    return _marker_settings(request.node)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """A mistake in a `smooch` marker fails collection of its module, naming the test, instead
    of erroring each test at fixture set-up (a collection error, which xdist reports as well)."""
    report = yield
    if report.passed:
        problems = []
        for node in report.result:
            if isinstance(node, pytest.Item) and node.get_closest_marker("smooch") is not None:
                try:
                    _marker_settings(node)
                except (ValueError, pytest.UsageError) as error:
                    problems.append(f"{node.nodeid}: {error}")
        if problems:
            report.outcome = "failed"
            report.longrepr = "\n".join(problems)
    return report


def _marker_settings(node: pytest.Item) -> SmoochSettings:
    """The settings the `smooch` markers on `node` (closest last) ask for; ValueError if wrong."""
    from smooch_mock.testing import SmoochSettings

    markers = list(node.iter_markers("smooch"))  # closest first
    for marker in markers:
        if marker.args:
            raise pytest.UsageError(
                f"@pytest.mark.smooch takes keyword arguments only, not {marker.args!r}"
            )
    return SmoochSettings.from_options(m.kwargs for m in reversed(markers))


@pytest.fixture(scope="session")
def smooch_server(request: pytest.FixtureRequest) -> Iterator[SmoochHarness]:
    """A fake Smooch served on 127.0.0.1 (free port), started once per session (per xdist worker).

    `.base_url`, `.fake` (the FakeSmooch: `.store`, `.webhooks`, `.simulate`). Tests normally use
    `smooch`, which takes an app of its own on this server.
    """
    from smooch_mock.testing import SmoochHarness

    harness = SmoochHarness.serve()
    yield harness
    _count_coverage(request.config, harness.fake)
    harness.close()


@pytest.fixture
def smooch(
    request: pytest.FixtureRequest, smooch_settings: SmoochSettings
) -> Iterator[IsolatedApp]:
    """An app of this test's own on the fake Smooch server, deleted after the test.

    Credentials: `base_url`, `app_id`, `key_id`/`secret` (app scope), `account_key_id`/
    `account_secret`, `jwt(scope, user_id)`, `python_sdk_api_client()`, `python_sdk_credentials()`,
    `smooch_core_options`; v2: `sunshine_configuration()`, `sunshine_api_client()`. The end user:
    `user_writes("hi", user="bob", channel="ios", conversation=None)`, `create_group(*users)`,
    `taps_postback`, `pays`, `reads`, `types`, `starts_conversation`, … Checks: `messages(user,
    conversation=None)`, `deliveries(trigger)`, `events(type)`, `wait_for_delivery(trigger or
    type=…)`, `assert_message_sent(user, text=…, role=…, conversation=…)`. Webhooks:
    `create_webhook` (v2: a custom integration's), `create_custom_integration`. The helpers speak
    the marker's `version` (v1.1 unless `@pytest.mark.smooch(version="v2")`).
    Time: `advance(seconds)` with `@pytest.mark.smooch(fake_clock=True)`. Delivery chaos:
    `chaos(drop=0.2, duplicate=0.3, seed=1)`, `chaos_off()`, `injected_faults()`.
    An exception inside the fake during the test fails it at teardown.
    """
    from smooch_mock.testing import SmoochHarness

    if smooch_settings.needs_own_fake:
        harness, owned = SmoochHarness.serve(smooch_settings), True
    else:
        harness, owned = request.getfixturevalue("smooch_server"), False
    yield from _isolated(request, harness, smooch_settings, owned)


@pytest.fixture
def smooch_mock(
    request: pytest.FixtureRequest, smooch_settings: SmoochSettings
) -> Iterator[IsolatedApp]:
    """Like `smooch`, but in-process: no socket, httpx clients (sync and async) served via respx.

    Requests to https://api.smooch.io, https://api.eu-1.smooch.io and the marker's `base_urls`
    reach a fake of this test's own; any other httpx request fails as not mocked. `.respx` is the
    router (add routes, or `pass_through()` a host). Webhooks still go out over real HTTP.
    """
    try:
        import respx  # noqa: F401 - an optional dependency, checked before it is needed
    except ImportError:
        from smooch_mock.error_texts import IN_PROCESS_NEEDS_RESPX

        pytest.fail(IN_PROCESS_NEEDS_RESPX, pytrace=False)
    from smooch_mock.inprocess import respx_router
    from smooch_mock.testing import SmoochHarness

    harness = SmoochHarness.in_process(smooch_settings)
    with respx_router(harness.fake, smooch_settings.in_process_base_urls) as router:
        for app in _isolated(request, harness, smooch_settings, owned=True):
            app.respx = router
            yield app


@pytest.fixture
def smooch_webhook_receiver() -> Iterator[WebhookReceiver]:
    """A real webhook target on 127.0.0.1, stopped after the test: `.url`, `.requests`,
    `.payloads(trigger)`, `.wait_for(count, timeout, trigger)`, `.fail_next(n, status)`,
    `.hang_next(n)`, `.respond_with(status)`.
    """
    from smooch_mock.receiver import WebhookReceiver

    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smooch_probe() -> Callable[..., ProbeReport]:
    """Attack your webhook endpoint as `smooch-mock probe` does: `report = smooch_probe(url,
    secret=..., triggers=("message:appUser",), timeout=2)`, then `report.assert_production_ready()`
    (fails with the table on a forged key accepted, a 5xx to a valid payload, or a timeout).
    """
    from smooch_mock.probe import probe_endpoint

    return probe_endpoint


def _isolated(
    request: pytest.FixtureRequest, harness: SmoochHarness, settings: SmoochSettings, owned: bool
) -> Iterator[IsolatedApp]:
    app = harness.isolated_app(settings.version, name=request.node.nodeid)
    if settings.chaos is not None:
        app.chaos(**settings.chaos.to_json())
    try:
        yield app
    finally:
        app.close()
        if owned:
            _count_coverage(request.config, harness.fake)
            harness.close()
    report = app.internal_error_report()
    if report is not None:
        pytest.fail(report, pytrace=False)
