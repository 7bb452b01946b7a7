"""With a batch window, a v2 webhook's events about one conversation share one POST (the platform
may batch; a handler that reads only `events[0]` loses the rest), each still logged as its own
delivery; v1/v1.1 webhooks and other conversations are never mixed in."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from v2_webhook_support import assert_valid_v2_payload, v2_webhook

from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store.inputs import WebhookInput
from smooch_mock.store.models import App
from smooch_mock.webhooks.engine import MAX_BATCH_EVENTS


@pytest.fixture
def served() -> Iterator[ServerThread]:
    fake = FakeSmooch(seed=5, webhook_retry_base=0.01, webhook_batch_window=0.5)
    server = ServerThread(fake).start()
    yield server
    server.stop()
    assert not fake.internal_errors, [e.traceback for e in fake.internal_errors]


@pytest.fixture
def batching(served: ServerThread) -> FakeSmooch:
    return served.fake


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as target:
        yield target


def app_of(fake: FakeSmooch) -> App:
    app, _ = fake.create_app_with_key("Batching")
    return app


def write(fake: FakeSmooch, app: App, user: str, *texts: str) -> None:
    for text in texts:
        fake.simulate.write(app.id, text, user=user)


def texts_of(body: dict[str, object]) -> list[str]:
    events = body["events"]
    assert isinstance(events, list)
    return [e["payload"]["message"]["content"]["text"] for e in events]


def test_events_of_one_conversation_within_the_window_share_one_post(
    batching: FakeSmooch, receiver: WebhookReceiver
) -> None:
    app = app_of(batching)
    webhook = v2_webhook(batching, app, receiver.url, ["conversation:message"])
    write(batching, app, "ana", "one", "two", "three")
    assert batching.webhooks.engine.wait_idle(5)

    [body] = receiver.payloads()
    assert texts_of(body) == ["one", "two", "three"]
    assert len({e["id"] for e in body["events"]}) == 3
    assert_valid_v2_payload(body, "conversation:message")
    assert body["webhook"] == {"id": webhook.id, "version": "v2"}
    deliveries = batching.webhooks.log.list(app.id)
    assert len(deliveries) == 3 and {d.state for d in deliveries} == {"delivered"}
    head = next(d for d in deliveries if d.payload["events"] == body["events"])
    assert {d.batch for d in deliveries} == {head.id}
    assert all(len(d.attempts) == 1 and d.attempts[0].status == 200 for d in deliveries)
    # Each delivery keeps its own event for the log; the head's body is what was POSTed.
    assert sorted(texts_of(d.payload)[0] for d in deliveries if d is not head) == ["three", "two"]


def test_the_delivery_log_names_the_batch_of_each_event(
    served: ServerThread, receiver: WebhookReceiver
) -> None:
    app = app_of(served.fake)
    v2_webhook(served.fake, app, receiver.url, ["conversation:message"])
    write(served.fake, app, "gus", "one", "two")
    assert served.fake.webhooks.engine.wait_idle(5)
    listed = httpx.get(f"{served.url}/_mock/apps/{app.id}/deliveries").json()["deliveries"]
    [head] = [d for d in listed if len(d["payload"]["events"]) == 2]
    assert [d["batch"] for d in listed] == [head["_id"], head["_id"]]


def test_a_batch_is_retried_whole_and_every_event_shows_the_attempts(
    batching: FakeSmooch, receiver: WebhookReceiver
) -> None:
    app = app_of(batching)
    v2_webhook(batching, app, receiver.url, ["conversation:message"])
    receiver.fail_next(1)
    write(batching, app, "bea", "first", "second")
    assert batching.webhooks.engine.wait_idle(5)

    failed, retried = receiver.payloads()
    assert failed == retried and texts_of(retried) == ["first", "second"]
    for delivery in batching.webhooks.log.list(app.id):
        assert [a.status for a in delivery.attempts] == [500, 200]
        assert delivery.state == "delivered"


def test_other_conversations_and_v1_webhooks_are_never_batched_together(
    batching: FakeSmooch, receiver: WebhookReceiver
) -> None:
    app = app_of(batching)
    v2_webhook(batching, app, receiver.url + "/v2", ["conversation:message"])
    with batching.lock:
        batching.store.create_webhook(
            app.id,
            WebhookInput(target=receiver.url + "/v11", triggers=["message:appUser"]),
            version="v1.1",
        )
    write(batching, app, "cal", "hi from cal")
    write(batching, app, "dee", "hi from dee")
    write(batching, app, "cal", "cal again")
    assert batching.webhooks.engine.wait_idle(5)

    v2_posts = [r.json() for r in receiver.requests if r.path == "/v2"]
    assert sorted(texts_of(b) for b in v2_posts) == [["hi from cal", "cal again"], ["hi from dee"]]
    v1_posts = [r.json() for r in receiver.requests if r.path == "/v11"]
    assert [len(b["messages"]) for b in v1_posts] == [1, 1, 1]


def test_a_batch_holds_at_most_ten_events(batching: FakeSmooch, receiver: WebhookReceiver) -> None:
    app = app_of(batching)
    v2_webhook(batching, app, receiver.url, ["conversation:message"])
    sent = [f"m{n}" for n in range(MAX_BATCH_EVENTS + 3)]
    write(batching, app, "eve", *sent)
    assert batching.webhooks.engine.wait_idle(5)

    posts = [texts_of(b) for b in receiver.payloads()]
    assert [len(p) for p in posts] == [MAX_BATCH_EVENTS, 3]
    assert [t for p in posts for t in p] == sent


def test_without_a_window_each_event_has_its_own_post(receiver: WebhookReceiver) -> None:
    fake = FakeSmooch(seed=5)
    server = ServerThread(fake).start()
    try:
        app = app_of(fake)
        v2_webhook(fake, app, receiver.url, ["conversation:message"])
        write(fake, app, "fay", "one", "two")
        assert fake.webhooks.engine.wait_idle(5)
    finally:
        server.stop()
    assert [texts_of(b) for b in receiver.payloads()] == [["one"], ["two"]]
    assert {d.batch for d in fake.webhooks.log.list(app.id)} == {None}
