"""Deliveries on the server's own loop keep every guarantee: order, retries, the full log."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator

import httpx
import pytest
from webhook_support import run_retry_schedule, wait_until

from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store.inputs import UserInput, WebhookInput

USERS = 6
POSTERS = 4
"""Threads posting at once, each to every user in turn: conversations get interleaved writers."""
MESSAGES_PER_POSTER = 15


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def served(clock: FakeClock) -> Iterator[ServerThread]:
    fake = FakeSmooch(seed=21, clock=clock, webhook_retry_base=1.0, webhook_timeout=5)
    server = ServerThread(fake).start()
    yield server
    server.stop()
    assert not fake.internal_errors


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as target:
        yield target


def test_deliveries_run_on_the_servers_loop_not_a_thread_of_their_own(
    served: ServerThread, receiver: WebhookReceiver
) -> None:
    fake = served.fake
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
    )
    fake.simulate.write(app.id, "hello", user="ann")
    assert fake.webhooks.engine.wait_idle(10)
    names = {thread.name for thread in threading.enumerate()}
    assert "smooch-mock-webhooks" not in names, names
    assert [d.state for d in fake.webhooks.log.list(app.id)] == ["delivered"]


def test_an_unserved_fake_delivers_from_a_loop_of_its_own(receiver: WebhookReceiver) -> None:
    fake = FakeSmooch(seed=22)
    try:
        app, _ = fake.create_app_with_key()
        fake.store.create_webhook(
            app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
        )
        fake.simulate.write(app.id, "hello", user="ann")
        assert fake.webhooks.engine.wait_idle(10)
        assert "smooch-mock-webhooks" in {thread.name for thread in threading.enumerate()}
        assert [d.state for d in fake.webhooks.log.list(app.id)] == ["delivered"]
    finally:
        fake.close()


def test_concurrent_posts_arrive_in_order_per_webhook_and_conversation_each_logged_once(
    served: ServerThread, receiver: WebhookReceiver
) -> None:
    fake = served.fake
    app, key = fake.create_app_with_key()
    for path in ("/first", "/second"):
        fake.store.create_webhook(
            app.id, WebhookInput(receiver.url + path, ["message:appUser"]), version="v1.1"
        )
    users = [
        fake.store.create_user(app.id, UserInput(external_id=f"user-{n}")).id for n in range(USERS)
    ]
    failures: list[str] = []

    def post_all(poster: int) -> None:
        with httpx.Client(base_url=served.url, auth=(key.id, key.secret), timeout=30) as client:
            for number in range(MESSAGES_PER_POSTER):
                user = users[(poster + number) % USERS]
                body = {"role": "appUser", "type": "text", "text": f"{poster}-{number}"}
                response = client.post(f"/v1.1/appusers/{user}/messages", json=body)
                if response.status_code != 201:
                    failures.append(response.text)

    posters = [threading.Thread(target=post_all, args=(n,)) for n in range(POSTERS)]
    for poster in posters:
        poster.start()
    for poster in posters:
        poster.join()
    assert not failures
    expected = 2 * POSTERS * MESSAGES_PER_POSTER
    receiver.wait_for(expected, timeout=30)
    assert fake.webhooks.engine.wait_idle(30)

    arrived: dict[tuple[str, str], list[str]] = defaultdict(list)
    for request in receiver.requests:
        payload = request.json()
        arrived[(request.path, payload["appUser"]["_id"])].append(payload["messages"][0]["_id"])
    for user in users:
        stored = [m.id for m in fake.store.list_messages(app.id, user).messages]
        for path in ("/first", "/second"):
            assert arrived[(path, user)] == stored, (path, user)

    deliveries = fake.webhooks.log.list(app.id)
    assert len(deliveries) == expected
    assert {d.state for d in deliveries} == {"delivered"}
    assert all([a.status for a in d.attempts] == [200] for d in deliveries)


def test_retries_on_the_fake_clock_are_logged_attempt_by_attempt(
    served: ServerThread, clock: FakeClock, receiver: WebhookReceiver
) -> None:
    fake = served.fake
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
    )
    receiver.fail_next(3, status=503)
    started = clock.now()
    fake.simulate.write(app.id, "hello", user="ann")
    wait_until(lambda: len(fake.webhooks.log.list(app.id)) == 1, what="the delivery")
    (delivery,) = fake.webhooks.log.list(app.id)
    run_retry_schedule(fake, clock, delivery, timeout=10)
    assert delivery.state == "delivered"
    assert [a.status for a in delivery.attempts] == [503, 503, 503, 200]
    # Smooch's backoff on the fake clock: 1, 2 and 4 seconds after the failures.
    assert [round(a.at - started) for a in delivery.attempts] == [0, 1, 3, 7]
    assert len(receiver.requests) == 4
