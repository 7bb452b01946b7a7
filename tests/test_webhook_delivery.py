"""The delivery engine: asynchronous, ordered per conversation, Smooch's retries, the log."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from webhook_support import run_retry_schedule, wait_until

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.cli import main as cli_main
from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput, WebhookInput
from smooch_mock.webhooks import Delivery


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> Iterator[FakeSmooch]:
    instance = FakeSmooch(seed=11, clock=clock, webhook_retry_base=2.0, webhook_timeout=0.1)
    yield instance
    instance.close()
    assert not instance.internal_errors


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as target:
        yield target


class BlackHole:
    """A TCP target that accepts connections and never answers."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/hook"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        try:
            while True:
                self.accepted.append(self.socket.accept()[0])
        except OSError:
            return

    def close(self) -> None:
        for connection in self.accepted:
            connection.close()
        self.socket.close()


def _only_delivery(fake: FakeSmooch, app_id: str) -> Delivery:
    wait_until(lambda: len(fake.webhooks.log.list(app_id)) == 1, what="one delivery")
    return fake.webhooks.log.list(app_id)[0]


def test_two_failures_then_success_is_delivered_on_the_third_attempt(
    fake: FakeSmooch, clock: FakeClock, receiver: WebhookReceiver
) -> None:
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
    )
    receiver.fail_next(2, status=500)
    fake.simulate.write(app.id, "hello", user="ann")
    delivery = _only_delivery(fake, app.id)
    run_retry_schedule(fake, clock, delivery)
    assert delivery.state == "delivered"
    assert [a.status for a in delivery.attempts] == [500, 500, 200]
    assert len(receiver.requests) == 3
    waits = [b.at - a.at for a, b in zip(delivery.attempts, delivery.attempts[1:], strict=False)]
    assert waits[1] > waits[0], f"backoff must grow: {waits}"


def test_404_is_not_retried(fake: FakeSmooch, clock: FakeClock, receiver: WebhookReceiver) -> None:
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
    )
    receiver.respond_with(404)
    fake.simulate.write(app.id, "hello", user="ann")
    delivery = _only_delivery(fake, app.id)
    run_retry_schedule(fake, clock, delivery)
    assert delivery.state == "failed"
    assert [a.status for a in delivery.attempts] == [404]


@pytest.mark.parametrize("status", [400, 401, 403, 406])
def test_other_non_recoverable_statuses_are_not_retried(
    fake: FakeSmooch, clock: FakeClock, receiver: WebhookReceiver, status: int
) -> None:
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
    )
    receiver.respond_with(status)
    fake.simulate.write(app.id, "hello", user="ann")
    delivery = _only_delivery(fake, app.id)
    run_retry_schedule(fake, clock, delivery)
    assert [a.status for a in delivery.attempts] == [status]


def test_a_target_that_never_answers_times_out_six_times(
    fake: FakeSmooch, clock: FakeClock
) -> None:
    hole = BlackHole()
    try:
        app, _ = fake.create_app_with_key()
        fake.store.create_webhook(
            app.id, WebhookInput(hole.url, ["message:appUser"]), version="v1.1"
        )
        fake.simulate.write(app.id, "hello", user="ann")
        delivery = _only_delivery(fake, app.id)
        run_retry_schedule(fake, clock, delivery)
    finally:
        hole.close()
    assert delivery.state == "failed"
    assert len(delivery.attempts) == 6
    assert all(a.status is None and a.error == "timed out after 0.1 s" for a in delivery.attempts)


def test_refused_connections_are_retried_then_failed(fake: FakeSmooch, clock: FakeClock) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(
        app.id, WebhookInput(f"http://127.0.0.1:{port}/", ["message:appUser"]), version="v1.1"
    )
    fake.simulate.write(app.id, "hello", user="ann")
    delivery = _only_delivery(fake, app.id)
    run_retry_schedule(fake, clock, delivery)
    assert delivery.state == "failed" and len(delivery.attempts) == 6
    assert [a.error for a in delivery.attempts] == ["connection refused"] * 6


def test_a_black_hole_target_does_not_hold_the_api_or_other_targets(
    receiver: WebhookReceiver,
) -> None:
    fake = FakeSmooch(seed=3)  # real clock, Smooch's 20 s timeout
    hole = BlackHole()
    try:
        with ServerThread(fake) as server:
            app, key = fake.create_app_with_key()
            fake.store.create_webhook(
                app.id, WebhookInput(hole.url, ["message:appUser"]), version="v1.1"
            )
            fake.store.create_webhook(
                app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
            )
            fake.store.create_user(app.id, UserInput("ann"))
            with httpx.Client(base_url=server.url, auth=(key.id, key.secret)) as client:
                started = time.perf_counter()
                answer = client.post(
                    "/v1.1/appusers/ann/messages",
                    json={"role": "appUser", "type": "text", "text": "hi"},
                )
                answered_in = time.perf_counter() - started
            assert answer.status_code == 201
            receiver.wait_for(1)
            to_hole = next(d for d in fake.webhooks.log.list(app.id) if d.target == hole.url)
            # The API answered and the other target got its payload while this one is in flight.
            assert to_hole.state == "pending" and to_hole.attempts == []
            print(
                f"API answered in {answered_in * 1000:.1f} ms with a black-hole webhook subscribed"
            )
    finally:
        hole.close()
        fake.close()


def test_deliveries_of_one_conversation_arrive_in_order(receiver: WebhookReceiver) -> None:
    fake = FakeSmooch(seed=4)
    try:
        app, _ = fake.create_app_with_key()
        fake.store.create_webhook(
            app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
        )
        texts = [f"message {n}" for n in range(40)]
        for text in texts:
            fake.simulate.write(app.id, text, user="ann")
        payloads = receiver.wait_for(40)
        assert [p["messages"][0]["text"] for p in payloads] == texts
    finally:
        fake.close()


def test_log_filters_and_redelivery_over_the_control_api(
    fake: FakeSmooch, clock: FakeClock, receiver: WebhookReceiver
) -> None:
    app, _ = fake.create_app_with_key()
    hook = fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appUser", "conversation:read"]), version="v1.1"
    )
    receiver.respond_with(404)
    fake.simulate.write(app.id, "hello", user="ann")
    fake.simulate.read(app.id, "ann")
    assert fake.webhooks.engine.wait_idle(5)
    receiver.respond_with(200)
    with (
        ServerThread(fake) as server,
        httpx.Client(base_url=f"{server.url}/_mock/apps/{app.id}") as control,
    ):
        failed = control.get(
            "/deliveries", params={"state": "failed", "trigger": "message:appUser"}
        ).json()["deliveries"]
        assert len(failed) == 1 and failed[0]["attempts"][0]["status"] == 404
        assert failed[0]["payload"]["messages"][0]["text"] == "hello"
        assert (
            len(control.get("/deliveries", params={"webhook": hook.id}).json()["deliveries"]) == 2
        )
        assert control.get("/deliveries", params={"state": "bogus"}).status_code == 400
        again = control.post(f"/deliveries/{failed[0]['_id']}/redeliver").json()["delivery"]
        assert again["redeliveryOf"] == failed[0]["_id"]
        wait_until(
            lambda: (
                control.get(f"/deliveries/{again['_id']}").json()["delivery"]["state"]
                == "delivered"
            )
        )
        assert control.get("/deliveries/000000000000000000000000").status_code == 404


def test_deliveries_cli_lists_the_log(
    fake: FakeSmooch, receiver: WebhookReceiver, capsys: pytest.CaptureFixture[str]
) -> None:
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
    )
    fake.simulate.write(app.id, "hello", user="ann")
    assert fake.webhooks.engine.wait_idle(5)
    with ServerThread(fake) as server:
        assert cli_main(["deliveries", "--app", app.id, "--url", server.url]) == 0
        listed = capsys.readouterr().out
        assert "delivered" in listed and "message:appUser" in listed and receiver.url in listed
        assert (
            cli_main(["deliveries", "--app", app.id, "--url", server.url, "--state", "failed"]) == 0
        )
        assert "no deliveries" in capsys.readouterr().err


def test_payload_is_a_snapshot_of_the_event(
    fake: FakeSmooch, clock: FakeClock, receiver: WebhookReceiver
) -> None:
    """A payment later must not change what an earlier message:appMaker delivery said."""
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appMaker"]), version="v1.1"
    )
    user, _ = fake.simulate.end_user(app.id, "ann", channel="web")
    message = fake.store.post_message(
        app.id,
        user.id,
        message_input(
            {
                "role": "appMaker",
                "type": "text",
                "text": "Pay",
                "actions": [{"type": "buy", "text": "Pay", "amount": 500}],
            }
        ),
    )
    fake.simulate.pay(app.id, user.id, (message.content.actions or [])[0]["_id"])
    payload = receiver.wait_for(1, trigger="message:appMaker")[0]
    assert payload["messages"][0]["actions"][0]["state"] == "offered"
