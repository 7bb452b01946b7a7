"""Delivery chaos: seeded drops, delays, duplicates, reorders, failed first attempts, all logged."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from aiohttp import web

from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import BackgroundServer
from smooch_mock.store import WebhookInput
from smooch_mock.store.models import App
from smooch_mock.webhooks import Delivery
from smooch_mock.webhooks.chaos import ChaosSettings

USERS = ("alice", "bob", "carol")
ROUNDS = 4
EVERY_FAULT = ChaosSettings(drop=0.3, duplicate=0.3, delay=0.3, reorder=0.3, max_delay=0.05, seed=4)


@dataclass
class DedupingBot:
    """A webhook endpoint that handles each message id once and sorts by `received`."""

    seen: set[str] = field(default_factory=set)
    handled: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    naive: dict[str, list[str]] = field(default_factory=dict)
    """What a bot that trusts the delivery order and count would have."""
    posts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhook", self.receive)
        return app

    async def receive(self, request: web.Request) -> web.Response:
        payload = json.loads(await request.read())
        user = payload["appUser"]["userId"]
        with self.lock:
            self.posts += 1
            for message in payload["messages"]:
                self.naive.setdefault(user, []).append(message["text"])
                if message["_id"] in self.seen:
                    continue
                self.seen.add(message["_id"])
                self.handled.setdefault(user, []).append((message["received"], message["text"]))
        return web.json_response({})

    @property
    def state(self) -> dict[str, list[str]]:
        return {user: [text for _, text in sorted(rows)] for user, rows in self.handled.items()}


@dataclass
class Run:
    fake: FakeSmooch
    app: App
    webhook_id: str

    def deliveries(self) -> list[Delivery]:
        return self.fake.webhooks.log.list(self.app.id)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as target:
        yield target


def conversations(target: str, chaos: ChaosSettings | None, seed: int = 5) -> Run:
    """Three users write four messages each, interleaved, to a webhook at `target`."""
    fake = FakeSmooch(seed=seed, webhook_retry_base=0.005)
    app, _ = fake.create_app_with_key("Chaos app")
    webhook = fake.store.create_webhook(
        app.id, WebhookInput(target, ["message:appUser"]), version="v1.1"
    )
    fake.webhooks.set_chaos(app.id, webhook.id, chaos)
    for round_number in range(ROUNDS):
        for user in USERS:
            fake.simulate.write(app.id, f"{user} says {round_number}", user=user)
    assert fake.webhooks.engine.wait_idle(10), "deliveries did not finish"
    fake.close()
    assert not fake.internal_errors, [e.traceback for e in fake.internal_errors]
    return Run(fake, app, webhook.id)


def text_of(delivery: Delivery) -> str:
    return str(delivery.payload["messages"][0]["text"])


def fault_types(delivery: Delivery) -> list[str]:
    return [f.type for f in delivery.faults] + [str(a.fault) for a in delivery.attempts if a.fault]


def test_a_bot_that_dedupes_by_message_id_ends_in_the_same_state_under_chaos() -> None:
    states = {}
    bots = {}
    for label, chaos in (("calm", None), ("chaos", EVERY_FAULT)):
        bot = DedupingBot()
        with BackgroundServer(bot.application()) as server:
            run = conversations(f"{server.url}/webhook", chaos)
        assert {d.state for d in run.deliveries()} == {"delivered"}
        states[label], bots[label] = bot.state, bot
        if chaos is not None:
            injected = {t for d in run.deliveries() for t in fault_types(d)}
            assert injected >= {"drop", "duplicate", "delay", "reorder"}, injected

    assert states["chaos"] == states["calm"]
    assert states["calm"] == {u: [f"{u} says {n}" for n in range(ROUNDS)] for u in USERS}
    assert bots["chaos"].posts > bots["calm"].posts == len(USERS) * ROUNDS
    # The same deliveries break a bot that trusts them to come once: chaos did bite.
    assert bots["chaos"].naive != bots["calm"].naive


def test_every_injected_fault_is_in_the_delivery_log(receiver: WebhookReceiver) -> None:
    run = conversations(receiver.url, EVERY_FAULT)
    deliveries = run.deliveries()
    arrivals = [r.body for r in receiver.requests]

    sent_attempts = [a for d in deliveries for a in d.attempts if a.fault is None]
    assert len(arrivals) == len(sent_attempts)  # drops and failures never reached the target
    for delivery in deliveries:
        assert delivery.state == "delivered"
        *injected, last = delivery.attempts
        assert last.fault is None and last.status == 200
        assert all(a.fault == "drop" and a.status is None for a in injected), delivery.to_json()
        assert arrivals.count(delivery.body) == sum(d.body == delivery.body for d in deliveries)

    by_id = {d.id: d for d in deliveries}
    for delivery in deliveries:
        for fault in delivery.faults:
            if fault.type == "duplicate":
                original = by_id[str(fault.of)]
                assert original.body == delivery.body and not _is_copy(original)
            elif fault.type == "delay":
                assert fault.seconds is not None
                waited = delivery.attempts[0].at - delivery.created_at
                assert waited >= fault.seconds - 0.002, (waited, fault)
            elif fault.type == "reorder" and fault.held_behind is not None:
                first = by_id[fault.held_behind]
                assert arrivals.index(first.body) < _last_index(arrivals, delivery.body)
    copies = [d for d in deliveries if _is_copy(d)]
    assert len({d.body for d in deliveries}) == len(USERS) * ROUNDS == len(deliveries) - len(copies)


def test_chaos_keeps_the_order_within_a_conversation(receiver: WebhookReceiver) -> None:
    conversations(receiver.url, EVERY_FAULT)
    for user in USERS:
        texts = [
            r.json()["messages"][0]["text"]
            for r in receiver.requests
            if r.json()["appUser"]["userId"] == user
        ]
        firsts = list(dict.fromkeys(texts))
        assert firsts == [f"{user} says {n}" for n in range(ROUNDS)], texts


def test_the_same_seed_gives_the_same_faults(receiver: WebhookReceiver) -> None:
    def faults(chaos: ChaosSettings) -> list[tuple[str, list[str]]]:
        return [
            (text_of(d), fault_types(d)) for d in conversations(receiver.url, chaos).deliveries()
        ]

    first = faults(EVERY_FAULT)
    assert any(types for _, types in first)
    assert faults(EVERY_FAULT) == first
    assert faults(replace(EVERY_FAULT, seed=5)) != first


def test_fail_first_n_retries_until_the_n_plus_first_attempt(receiver: WebhookReceiver) -> None:
    run = conversations(receiver.url, ChaosSettings(fail_first=2))
    for delivery in run.deliveries():
        assert [a.fault for a in delivery.attempts] == ["fail", "fail", None]
        assert [a.status for a in delivery.attempts] == [None, None, 200]
        assert "fail the first 2 attempt(s)" in str(delivery.attempts[0].error)
    assert len(receiver.requests) == len(USERS) * ROUNDS


def test_failing_more_attempts_than_the_platform_makes_fails_the_delivery(
    receiver: WebhookReceiver,
) -> None:
    run = conversations(receiver.url, ChaosSettings(fail_first=6))
    assert {d.state for d in run.deliveries()} == {"failed"}
    assert all(len(d.attempts) == 6 for d in run.deliveries())
    assert receiver.requests == []


def test_app_wide_chaos_reaches_later_webhooks_and_a_webhook_setting_wins(
    receiver: WebhookReceiver,
) -> None:
    fake = FakeSmooch(seed=8, webhook_retry_base=0.005)
    try:
        app, _ = fake.create_app_with_key()
        fake.webhooks.set_chaos(app.id, None, ChaosSettings(duplicate=1.0))
        copied = fake.store.create_webhook(
            app.id, WebhookInput(receiver.url + "/a", ["message:appUser"]), version="v1.1"
        )
        own = fake.store.create_webhook(
            app.id, WebhookInput(receiver.url + "/b", ["message:appUser"]), version="v1.1"
        )
        fake.webhooks.set_chaos(app.id, own.id, ChaosSettings(fail_first=1))
        fake.simulate.write(app.id, "hello", user="dana")
        assert fake.webhooks.engine.wait_idle(5)
        to_copied = fake.webhooks.log.list(app.id, webhook_id=copied.id)
        to_own = fake.webhooks.log.list(app.id, webhook_id=own.id)
        assert [fault_types(d) for d in to_copied] == [[], ["duplicate"]]
        assert [fault_types(d) for d in to_own] == [["fail"]]
    finally:
        fake.close()


def test_chaos_off_sends_plain_deliveries_and_redelivery_ignores_chaos(
    receiver: WebhookReceiver,
) -> None:
    fake = FakeSmooch(seed=8, webhook_retry_base=0.005)
    try:
        app, _ = fake.create_app_with_key()
        webhook = fake.store.create_webhook(
            app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
        )
        fake.webhooks.set_chaos(app.id, webhook.id, ChaosSettings(duplicate=1.0, fail_first=1))
        fake.simulate.write(app.id, "during", user="erin")
        fake.webhooks.set_chaos(app.id, webhook.id, None)
        fake.simulate.write(app.id, "after", user="erin")
        assert fake.webhooks.engine.wait_idle(5)
        original, copy, after = fake.webhooks.log.list(app.id)
        assert fault_types(copy) == ["duplicate", "fail"]  # the copy meets chaos, once
        assert (after.chaos, after.faults, len(after.attempts)) == (None, [], 1)
        again = fake.webhooks.redeliver(app.id, original.id)
        assert fake.webhooks.engine.wait_idle(5)
        assert (again.faults, [a.fault for a in again.attempts]) == ([], [None])
    finally:
        fake.close()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"drop": 1.5}, "drop is a chance between 0 and 1"),
        ({"fail_first": 11}, "fail_first must be between 0 and 10"),
        ({"max_delay": -1}, "max_delay must be between 0 and 300"),
        ({"seed": "x"}, "seed must be an integer"),
        ({"dorp": 0.1}, "unknown option(s) dorp"),
    ],
)
def test_impossible_settings_are_refused_by_name(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ChaosSettings.from_options(options)


def _is_copy(delivery: Delivery) -> bool:
    return any(f.type == "duplicate" for f in delivery.faults)


def _last_index(items: list[bytes], item: bytes) -> int:
    return len(items) - 1 - items[::-1].index(item)
