"""The retry policy is the webhook's generation's: v2 makes at most 5 attempts within 15 minutes,
v1 and v1.1 make 6; the delivery log shows every attempt. Driven on the fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import httpx
import pytest
from aiohttp import web
from v2_webhook_support import v2_webhook
from webhook_support import WebhookWorld, run_retry_schedule

from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.server import BackgroundServer
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App
from smooch_mock.webhooks import Delivery
from smooch_mock.webhooks.retry_policy import V1_POLICY, V2_POLICY, RetryPolicy

FIFTEEN_MINUTES = 15 * 60.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=1_700_000_000.0)


def _world(clock: FakeClock, retry_base: float) -> Iterator[WebhookWorld]:
    fake = FakeSmooch(clock=clock, seed=47, webhook_retry_base=retry_base, webhook_timeout=5)
    server = ServerThread(fake).start()
    yield WebhookWorld(fake, server)
    server.stop()
    fake.close()
    assert not fake.internal_errors, [e.traceback for e in fake.internal_errors]


@pytest.fixture
def world(clock: FakeClock) -> Iterator[WebhookWorld]:
    yield from _world(clock, retry_base=2.0)


@pytest.fixture
def slow_base_world(clock: FakeClock) -> Iterator[WebhookWorld]:
    """A retry base so large that doubling waits would take an hour: 120, 240, 480, 960 s."""
    yield from _world(clock, retry_base=120.0)


@pytest.fixture
def failing() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as target:
        target.respond_with(500)
        yield target


def _only_delivery(world: WebhookWorld, app: App) -> Delivery:
    (delivery,) = world.fake.webhooks.log.list(app.id)
    return delivery


def _logged(world: WebhookWorld, app: App, delivery: Delivery) -> dict[str, Any]:
    """The delivery as the control API's delivery log shows it."""
    answer = httpx.get(f"{world.server.url}/_mock/apps/{app.id}/deliveries/{delivery.id}")
    assert answer.status_code == 200, answer.text
    logged: dict[str, Any] = answer.json()["delivery"]
    return logged


def _waits(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in pairwise(times)]


def _user_writes_to(world: WebhookWorld, target: str, version: str) -> tuple[App, Delivery]:
    app = world.new_app()
    if version == "v2":
        v2_webhook(world.fake, app, target, ["conversation:message"])
    else:
        world.create_webhook(app, target, ["message:appUser"], version)
    world.fake.simulate.write(app.id, "Is anyone there?", user="una")
    return app, _only_delivery(world, app)


def test_a_v2_target_that_always_answers_500_gets_exactly_five_attempts_within_15_minutes(
    world: WebhookWorld, clock: FakeClock, failing: WebhookReceiver
) -> None:
    app, delivery = _user_writes_to(world, failing.url, "v2")
    run_retry_schedule(world.fake, clock, delivery)

    assert delivery.state == "failed"
    assert len(failing.requests) == 5
    logged = _logged(world, app, delivery)
    assert logged["state"] == "failed" and logged["version"] == "v2"
    assert [a["number"] for a in logged["attempts"]] == [1, 2, 3, 4, 5]
    assert [a["status"] for a in logged["attempts"]] == [500] * 5
    times = [a["at"] for a in logged["attempts"]]
    assert times[-1] - times[0] <= FIFTEEN_MINUTES
    waits = _waits(times)
    assert waits == pytest.approx([2.0, 4.0, 8.0, 16.0])
    assert clock.pending_sleepers() == 0, "nothing is left to retry"


@pytest.mark.parametrize("version", ["v1.1", "v1"])
def test_a_v1_target_that_always_answers_500_gets_six_attempts(
    world: WebhookWorld, clock: FakeClock, failing: WebhookReceiver, version: str
) -> None:
    app, delivery = _user_writes_to(world, failing.url, version)
    run_retry_schedule(world.fake, clock, delivery)

    assert delivery.state == "failed"
    assert len(failing.requests) == 6
    logged = _logged(world, app, delivery)
    assert [a["number"] for a in logged["attempts"]] == [1, 2, 3, 4, 5, 6]
    assert [a["status"] for a in logged["attempts"]] == [500] * 6
    times = [a["at"] for a in logged["attempts"]]
    waits = _waits(times)
    assert waits == pytest.approx([2.0, 4.0, 8.0, 16.0, 32.0])


def test_one_failing_target_is_retried_per_generation_when_both_hear_the_same_message(
    world: WebhookWorld, clock: FakeClock, failing: WebhookReceiver
) -> None:
    app = world.new_app()
    world.create_webhook(app, failing.url + "/v1.1", ["message:appUser"], "v1.1")
    v2_webhook(world.fake, app, failing.url + "/v2", ["conversation:message"])
    world.fake.simulate.write(app.id, "Two generations, one message", user="ivo")
    deliveries = {d.version: d for d in world.fake.webhooks.log.list(app.id)}
    for delivery in deliveries.values():
        run_retry_schedule(world.fake, clock, delivery)

    assert {v: len(d.attempts) for v, d in deliveries.items()} == {"v1.1": 6, "v2": 5}
    paths = [r.path for r in failing.requests]
    assert (paths.count("/v1.1"), paths.count("/v2")) == (6, 5)


def test_a_large_retry_base_is_shrunk_so_all_five_v2_attempts_fit_in_15_minutes(
    slow_base_world: WebhookWorld, clock: FakeClock, failing: WebhookReceiver
) -> None:
    app, delivery = _user_writes_to(slow_base_world, failing.url, "v2")
    run_retry_schedule(slow_base_world.fake, clock, delivery)

    times = [a["at"] for a in _logged(slow_base_world, app, delivery)["attempts"]]
    assert len(times) == 5
    waits = _waits(times)
    # 60 s doubling: the longest base whose four waits (1 + 2 + 4 + 8 of it) fill 15 minutes.
    assert waits == pytest.approx([60.0, 120.0, 240.0, 480.0])
    assert times[-1] - times[0] <= FIFTEEN_MINUTES


def test_the_same_large_base_keeps_its_doubling_waits_for_a_v1_1_webhook(
    slow_base_world: WebhookWorld, clock: FakeClock, failing: WebhookReceiver
) -> None:
    app, delivery = _user_writes_to(slow_base_world, failing.url, "v1.1")
    run_retry_schedule(slow_base_world.fake, clock, delivery)

    times = [a["at"] for a in _logged(slow_base_world, app, delivery)["attempts"]]
    waits = _waits(times)
    assert waits == pytest.approx([120.0, 240.0, 480.0, 960.0, 1920.0])


class _SlowFailingTarget(BackgroundServer):
    """Answers 500 after `takes` seconds of the fake clock (it moves the clock as it answers)."""

    def __init__(self, clock: FakeClock, takes: float) -> None:
        self.clock = clock
        self.takes = takes
        self.hits = 0
        app = web.Application()
        app.router.add_post("/hook", self._answer)
        super().__init__(app)

    async def _answer(self, request: web.Request) -> web.Response:
        await request.read()
        self.hits += 1
        self.clock.advance(self.takes)
        return web.json_response({"busy": True}, status=500)


def test_slow_answers_use_up_the_v2_window_and_no_attempt_starts_after_15_minutes(
    world: WebhookWorld, clock: FakeClock
) -> None:
    with _SlowFailingTarget(clock, takes=300.0) as target:
        app, delivery = _user_writes_to(world, target.url + "/hook", "v2")
        run_retry_schedule(world.fake, clock, delivery)

    times = [a["at"] for a in _logged(world, app, delivery)["attempts"]]
    # 0 → answered at 300, retried at 302 → 602, retried at 606 → 906: past the window, done.
    assert times == pytest.approx([times[0], times[0] + 302.0, times[0] + 606.0])
    assert target.hits == 3 and delivery.state == "failed"


def test_slow_answers_do_not_cut_a_v1_1_webhooks_six_attempts(
    world: WebhookWorld, clock: FakeClock
) -> None:
    with _SlowFailingTarget(clock, takes=300.0) as target:
        _, delivery = _user_writes_to(world, target.url + "/hook", "v1.1")
        run_retry_schedule(world.fake, clock, delivery)

    assert target.hits == 6 and len(delivery.attempts) == 6


def test_the_policies_are_the_documented_ones() -> None:
    assert (V2_POLICY.attempts, V2_POLICY.window) == (5, FIFTEEN_MINUTES)
    assert (V1_POLICY.attempts, V1_POLICY.window) == (6, None)


@pytest.mark.parametrize("base", [0.0, 0.5, 1.0, 60.0, 61.0, 1000.0])
def test_every_v2_wait_schedule_fits_the_window_and_doubles(base: float) -> None:
    policy = RetryPolicy(attempts=5, window=FIFTEEN_MINUTES)
    waits: list[float] = []
    elapsed = 0.0
    for retry in range(1, 10):
        wait = policy.wait_before(retry, base, elapsed)
        if wait is None:
            break
        waits.append(wait)
        elapsed += wait
    assert len(waits) == 4
    assert elapsed <= FIFTEEN_MINUTES
    assert all(later == pytest.approx(2 * earlier) for earlier, later in pairwise(waits))
