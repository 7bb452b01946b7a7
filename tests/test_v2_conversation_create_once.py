"""A conversation is created once: v2 webhooks hear `conversation:create` exactly once per
conversation, whichever use comes first (an opt-in, a message, a notification), and the v1.1
`conversation:start` and `client:add` of the same sequence are not repeated either."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from v2_webhook_support import assert_valid_v2_payload, v2_webhook
from webhook_support import WebhookWorld, checked_receiver, served_world

from smooch_mock.fake import FakeSmooch
from smooch_mock.persistence.snapshot import restore, snapshot
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.store.models import App

V2_TYPES = ["conversation:create", "conversation:message", "client:add"]
V1_TRIGGERS = ["conversation:start", "message:appUser", "message:appMaker", "client:add"]


@pytest.fixture(scope="module")
def world() -> Iterator[WebhookWorld]:
    with served_world(seed=53) as world:
        yield world


@pytest.fixture
def receiver(world: WebhookWorld) -> Iterator[WebhookReceiver]:
    with checked_receiver(world) as target:
        yield target


@pytest.fixture
def app(world: WebhookWorld, receiver: WebhookReceiver) -> App:
    """An app with a v1.1 and a v2 webhook on the receiver (paths `/v1.1` and `/v2`)."""
    app = world.new_app()
    world.create_webhook(app, receiver.url + "/v1.1", V1_TRIGGERS, "v1.1")
    v2_webhook(world.fake, app, receiver.url + "/v2", V2_TYPES)
    return app


def _simulate(world: WebhookWorld, app: App, action: str, **body: Any) -> None:
    answer = httpx.post(
        f"{world.server.url}/_mock/apps/{app.id}/simulate/{action}", json=body, timeout=10
    )
    assert answer.status_code in (200, 201), answer.text


def _business_reply(world: WebhookWorld, app: App, user: str, text: str) -> None:
    with world.account() as client:
        answer = client.post(
            f"/v1.1/apps/{app.id}/appusers/{user}/messages",
            json={"role": "appMaker", "type": "text", "text": text},
        )
    assert answer.status_code == 201, answer.text


def _heard(world: WebhookWorld, receiver: WebhookReceiver) -> tuple[Counter[str], Counter[str]]:
    """Once every delivery is done: how often each v1.1 trigger and each v2 event type arrived."""
    assert world.fake.webhooks.engine.wait_idle(10), "deliveries still pending"
    v1_1: Counter[str] = Counter()
    v2: Counter[str] = Counter()
    for request in receiver.requests:
        body = request.json()
        if request.path == "/v2":
            assert_valid_v2_payload(body, body["events"][0]["type"])
            v2.update(event["type"] for event in body["events"])
        else:
            v1_1[body["trigger"]] += 1
    return v1_1, v2


def _creations(receiver: WebhookReceiver) -> list[dict[str, Any]]:
    return [
        event["payload"]
        for body in receiver.payloads("conversation:create")
        for event in body["events"]
        if event["type"] == "conversation:create"
    ]


def test_an_opt_in_then_the_first_messages_create_the_conversation_once(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    _simulate(world, app, "conversation-start", user="olga", channel="messenger")
    _simulate(world, app, "message", user="olga", channel="messenger", text="Hi!")
    _business_reply(world, app, "olga", "Hello Olga")
    _simulate(world, app, "message", user="olga", channel="messenger", text="Thanks")

    v1_1, v2 = _heard(world, receiver)
    assert v2 == {"conversation:create": 1, "conversation:message": 3, "client:add": 1}
    assert v1_1 == {
        "conversation:start": 1,
        "message:appUser": 2,
        "message:appMaker": 1,
        "client:add": 1,
    }
    (created,) = _creations(receiver)
    assert created["creationReason"] == "startConversation"
    assert created["source"]["type"] == "messenger"
    with world.fake.lock:
        olga = world.fake.store.user(app.id, "olga")
    assert created["conversation"]["id"] == olga.default_conversation.id


def test_a_first_message_then_an_opt_in_create_the_conversation_once(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    _simulate(world, app, "message", user="piet", channel="messenger", text="Hello?")
    _simulate(world, app, "conversation-start", user="piet", channel="messenger")

    v1_1, v2 = _heard(world, receiver)
    assert v2 == {"conversation:create": 1, "conversation:message": 1, "client:add": 1}
    # The opt-in is a user action of its own: v1.1 hears it, after the message, as it happened.
    assert v1_1 == {"conversation:start": 1, "message:appUser": 1, "client:add": 1}
    assert [c["creationReason"] for c in _creations(receiver)] == ["message"]


def test_a_second_opt_in_creates_nothing_more(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    _simulate(world, app, "conversation-start", user="quim", channel="messenger")
    _simulate(world, app, "conversation-start", user="quim", channel="messenger")

    v1_1, v2 = _heard(world, receiver)
    assert v2 == {"conversation:create": 1, "client:add": 1}
    assert v1_1 == {"conversation:start": 2, "client:add": 1}


def test_emptying_the_history_does_not_create_the_conversation_again(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    _simulate(world, app, "message", user="rosa", text="First")
    with world.account() as client:
        emptied = client.delete(f"/v1.1/apps/{app.id}/appusers/rosa/messages")
    assert emptied.status_code == 200, emptied.text
    _simulate(world, app, "message", user="rosa", text="First again")

    _, v2 = _heard(world, receiver)
    assert v2["conversation:create"] == 1 and v2["conversation:message"] == 2


def test_a_business_message_first_creates_the_conversation_and_the_users_reply_does_not(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    with world.account() as client:
        made = client.post(f"/v1.1/apps/{app.id}/appusers", json={"userId": "sven"})
    assert made.status_code == 201, made.text
    _business_reply(world, app, "sven", "Your order shipped")
    _simulate(world, app, "message", user="sven", text="Great")

    _, v2 = _heard(world, receiver)
    assert v2["conversation:create"] == 1 and v2["conversation:message"] == 2
    assert [c["creationReason"] for c in _creations(receiver)] == ["message"]


def test_merging_into_a_user_whose_conversation_was_never_used_creates_nothing_more(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    _simulate(world, app, "message", user="tara", text="I wrote as a guest")
    with world.account() as client:
        made = client.post(f"/v1.1/apps/{app.id}/appusers", json={"userId": "tara-account"})
        assert made.status_code == 201, made.text
        with world.fake.lock:
            guest = world.fake.store.user(app.id, "tara").id
        merged = client.post(
            f"/v1.1/apps/{app.id}/appusers/merge",
            json={"surviving": {"_id": made.json()["appUser"]["_id"]}, "discarded": {"_id": guest}},
        )
    assert merged.status_code == 200, merged.text
    _simulate(world, app, "message", user="tara-account", text="Now signed in")

    _, v2 = _heard(world, receiver)
    assert v2["conversation:create"] == 1 and v2["conversation:message"] == 2


def test_conversation_create_still_comes_before_the_first_message_it_creates(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    _simulate(world, app, "message", user="uma", text="Order question")

    _heard(world, receiver)
    v2_order = [
        event["type"]
        for request in receiver.requests
        if request.path == "/v2"
        for event in request.json()["events"]
        if event["type"] != "client:add"
    ]
    assert v2_order == ["conversation:create", "conversation:message"]


def test_a_fake_restored_from_an_old_state_file_does_not_create_used_conversations_again() -> None:
    original = FakeSmooch(seed=59)
    app, _ = original.create_app_with_key()
    original.simulate.write(app.id, "before the restart", user="vic")
    saved = snapshot(original.store)
    for entry in saved["apps"]:
        for conversation in entry["conversations"]:
            del conversation["creation_reason"]  # as files written before it was kept
    restored = FakeSmooch(seed=61)
    restore(restored.store, saved)
    with WebhookReceiver() as target:
        v2_webhook(restored, app, target.url, ["conversation:create", "conversation:message"])
        restored.simulate.write(app.id, "after the restart", user="vic")
        assert restored.webhooks.engine.wait_idle(10)
        types = [e["type"] for body in target.payloads() for e in body["events"]]
    original.close()
    restored.close()
    assert types == ["conversation:message"]
