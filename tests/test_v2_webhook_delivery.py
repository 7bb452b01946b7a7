"""v2 deliveries: one change notifies every generation in its own shape, the v2 no-retry
statuses, event ids kept across retries, switchboard standby filtering, `validate --auto`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from v2_webhook_support import assert_valid_v2_payload, v2_webhook
from webhook_support import (
    WebhookWorld,
    checked_receiver,
    run_retry_schedule,
    served_world,
    wait_until,
)

from smooch_mock.cli import main as cli_main
from smooch_mock.clock import FakeClock
from smooch_mock.contract.check import check_webhook_payload
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.store.switchboards import SwitchboardIntegrationInput


@pytest.fixture(scope="module")
def world() -> Iterator[WebhookWorld]:
    with served_world(seed=29) as world:
        yield world


@pytest.fixture
def receiver(world: WebhookWorld) -> Iterator[WebhookReceiver]:
    with checked_receiver(world) as target:
        yield target


def test_one_user_message_reaches_v1_v1_1_and_v2_webhooks_each_in_its_shape(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    world.create_webhook(app, receiver.url + "/v1", ["message:appUser"], "v1")
    world.create_webhook(app, receiver.url + "/v1.1", ["message:appUser"], "v1.1")
    v2_webhook(world.fake, app, receiver.url + "/v2", ["conversation:message"])
    world.trigger(app, "message:appUser", user="ola", text="Where is my parcel?")
    wait_until(lambda: len(receiver.requests) == 3, what="three deliveries")
    by_path = {r.path: r.json() for r in receiver.requests}

    v1, v1_1, v2 = by_path["/v1"], by_path["/v1.1"], by_path["/v2"]
    assert check_webhook_payload(v1, "message:appUser", "v1") is None
    assert check_webhook_payload(v1_1, "message:appUser", "v1.1") is None
    assert_valid_v2_payload(v2, "conversation:message")
    assert "version" not in v1 and v1["trigger"] == "message:appUser"
    assert v1_1["version"] == "v1.1" and v1_1["app"] == {"_id": app.id}
    message = v2["events"][0]["payload"]["message"]
    assert v1["messages"][0]["_id"] == v1_1["messages"][0]["_id"] == message["id"]
    assert v1_1["messages"][0]["role"] == "appUser" and message["author"]["type"] == "user"
    assert isinstance(v1_1["messages"][0]["received"], float)
    assert message["received"].endswith("Z")
    assert v1_1["messages"][0]["text"] == message["content"]["text"] == "Where is my parcel?"


def test_a_business_message_posted_through_v1_1_reaches_a_v2_webhook(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    v2_webhook(world.fake, app, receiver.url, ["conversation:message"])
    world.trigger(app, "client:add", user="pia")
    with world.account() as client:
        answer = client.post(
            f"/v1.1/apps/{app.id}/appusers/pia/messages",
            json={"role": "appMaker", "type": "text", "text": "Hello from v1.1", "name": "Desk"},
        )
    assert answer.status_code == 201, answer.text
    body = receiver.wait_for(1, trigger="conversation:message")[0]
    assert_valid_v2_payload(body, "conversation:message")
    message = body["events"][0]["payload"]["message"]
    assert message["id"] == answer.json()["message"]["_id"]
    assert message["author"]["type"] == "business"
    assert message["author"]["displayName"] == "Desk"
    assert message["source"]["type"] == "api"


@pytest.fixture
def clocked() -> Iterator[tuple[FakeSmooch, FakeClock]]:
    clock = FakeClock(start=1_700_000_000.0)
    fake = FakeSmooch(clock=clock, seed=31, webhook_retry_base=2.0, webhook_timeout=5)
    yield fake, clock
    fake.close()
    assert not fake.internal_errors


@pytest.mark.parametrize("status", [400, 401, 403, 404, 406])
def test_v2_deliveries_are_not_retried_after_these_statuses(
    clocked: tuple[FakeSmooch, FakeClock], status: int
) -> None:
    fake, clock = clocked
    with WebhookReceiver() as receiver:
        receiver.respond_with(status)
        app, _ = fake.create_app_with_key()
        v2_webhook(fake, app, receiver.url, ["conversation:message"])
        fake.simulate.write(app.id, "hello", user="quin")
        (delivery,) = fake.webhooks.log.list(app.id)
        run_retry_schedule(fake, clock, delivery)
    assert delivery.state == "failed"
    assert [a.status for a in delivery.attempts] == [status]


def test_a_retried_v2_event_keeps_its_id(clocked: tuple[FakeSmooch, FakeClock]) -> None:
    fake, clock = clocked
    with WebhookReceiver() as receiver:
        receiver.fail_next(2, status=503)
        app, _ = fake.create_app_with_key()
        v2_webhook(fake, app, receiver.url, ["conversation:message"])
        fake.simulate.write(app.id, "hello", user="rex")
        (delivery,) = fake.webhooks.log.list(app.id)
        run_retry_schedule(fake, clock, delivery)
        bodies = [r.json() for r in receiver.requests]
    assert delivery.state == "delivered"
    assert [a.status for a in delivery.attempts] == [503, 503, 200]
    assert len({b["events"][0]["id"] for b in bodies}) == 1
    assert bodies[0] == bodies[2]


def test_two_webhooks_see_one_event_under_one_id(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    v2_webhook(world.fake, app, receiver.url + "/a", ["conversation:message"])
    v2_webhook(world.fake, app, receiver.url + "/b", ["conversation:message"], full_user=True)
    world.trigger(app, "message:appUser", user="sia")
    wait_until(lambda: len(receiver.requests) == 2, what="two deliveries")
    ids = {r.json()["events"][0]["id"] for r in receiver.requests}
    assert len(ids) == 1


def test_standby_integrations_without_deliver_standby_events_get_no_conversation_events(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    store = world.fake.store
    triggers = ["conversation:message", "switchboard:passControl"]
    bot = v2_webhook(world.fake, app, receiver.url + "/bot", triggers)
    agent = v2_webhook(world.fake, app, receiver.url + "/agent", triggers)
    watcher = v2_webhook(world.fake, app, receiver.url + "/watcher", triggers)
    with world.fake.lock:
        board = store.create_switchboard(app.id)
        members = [
            store.create_switchboard_integration(
                app.id,
                board.id,
                SwitchboardIntegrationInput(
                    name=name,
                    integration_id=store.webhook_integration(app.id, hook.id).id,
                    deliver_standby_events=False,
                ),
            )
            for name, hook in (("bot", bot), ("agent", agent))
        ]
        store.update_switchboard(app.id, board.id, True, members[0].id)
    assert watcher  # a custom integration outside the switchboard hears everything
    world.trigger(app, "message:appUser", user="tom", text="one")
    conversation = store.user(app.id, "tom").default_conversation
    with world.fake.lock:
        store.pass_control(app.id, conversation.id, "agent", None)
    world.trigger(app, "message:appUser", user="tom", text="two")
    wait_until(lambda: len(receiver.payloads("conversation:message")) == 4, what="four messages")
    assert world.fake.webhooks.engine.wait_idle(5)

    def texts(path: str) -> list[str]:
        return [
            r.json()["events"][0]["payload"]["message"]["content"]["text"]
            for r in receiver.requests
            if r.path == path and r.json()["events"][0]["type"] == "conversation:message"
        ]

    assert texts("/bot") == ["one"], "the default integration had control of the first message"
    assert texts("/agent") == ["two"], "control passed to the agent before the second"
    assert texts("/watcher") == ["one", "two"]
    passes = [
        r.path
        for r in receiver.requests
        if r.json()["events"][0]["type"] == "switchboard:passControl"
    ]
    assert sorted(passes) == ["/agent", "/bot", "/watcher"]


def test_validate_auto_recognises_a_delivered_v2_payload(
    world: WebhookWorld, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    app = world.new_app()
    v2_webhook(world.fake, app, receiver.url, ["conversation:postback"])
    world.trigger(app, "postback", user="uma")
    body = receiver.wait_for(1, trigger="conversation:postback")[0]
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(body))
    assert cli_main(["validate", str(path), "--auto"]) == 0
    body["events"][0]["payload"]["postback"] = {}
    path.write_text(json.dumps(body))
    assert cli_main(["validate", str(path), "--auto"]) != 0


def test_v2_operations_cause_create_join_leave_remove_and_user_remove(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app, key = world.fake.create_app_with_key("v2 caused")
    kinds = [
        "conversation:create", "conversation:join", "conversation:leave", "conversation:remove",
        "user:remove",
    ]  # fmt: skip
    v2_webhook(world.fake, app, receiver.url, kinds)
    base = f"/v2/apps/{app.id}"
    with httpx.Client(base_url=world.server.url, auth=(key.id, key.secret), timeout=10) as api:
        for external in ("vic", "wes"):
            made = api.post(base + "/users", json={"externalId": external})
            assert made.status_code == 201, made.text
        group = api.post(
            base + "/conversations",
            json={
                "type": "sdkGroup",
                "participants": [{"userExternalId": "vic", "subscribeSDKClient": False}],
            },
        )
        assert group.status_code == 201, group.text
        conversation_id = group.json()["conversation"]["id"]
        path = f"{base}/conversations/{conversation_id}"
        assert api.post(path + "/join", json={"userExternalId": "wes"}).status_code == 201
        assert api.post(path + "/leave", json={"userExternalId": "wes"}).status_code == 200
        assert api.delete(path).status_code == 200
        assert api.delete(base + "/users/wes").status_code == 200
    expected = [
        "conversation:create", "conversation:join", "conversation:join", "conversation:leave",
        "conversation:remove", "user:remove",
    ]  # fmt: skip
    wait_until(lambda: len(receiver.requests) == len(expected), what="six events")
    bodies = sorted(
        (r.json() for r in receiver.requests), key=lambda b: b["events"][0]["createdAt"]
    )
    assert sorted(b["events"][0]["type"] for b in bodies) == sorted(expected)
    for body in bodies:
        kind = body["events"][0]["type"]
        assert_valid_v2_payload(body, kind)
        conversation = body["events"][0]["payload"].get("conversation")
        if conversation is not None:
            assert conversation["id"] == conversation_id
    created = next(b for b in bodies if b["events"][0]["type"] == "conversation:create")
    assert created["events"][0]["payload"]["creationReason"] == "none"


def test_a_webhook_made_through_create_integration_gets_v2_events(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app, key = world.fake.create_app_with_key("v2 integration")
    hook = {"target": receiver.url, "triggers": ["conversation:message"], "includeFullUser": True}
    with httpx.Client(base_url=world.server.url, auth=(key.id, key.secret), timeout=10) as api:
        made = api.post(
            f"/v2/apps/{app.id}/integrations",
            json={"type": "custom", "displayName": "Bot", "webhooks": [hook]},
        )
    assert made.status_code == 201, made.text
    webhook = made.json()["integration"]["webhooks"][0]
    world.trigger(app, "message:appUser", user="yan", text="hi bot")
    body = receiver.wait_for(1, trigger="conversation:message")[0]
    assert_valid_v2_payload(body, "conversation:message")
    assert body["webhook"] == {"id": webhook["id"], "version": "v2"}
    assert receiver.requests[0].headers["X-API-Key"] == webhook["secret"]
    author = body["events"][0]["payload"]["message"]["author"]
    assert author["user"]["externalId"] == "yan" and "profile" in author["user"]


def test_a_form_response_quotes_the_form_it_answers_as_listmessages_does(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app, key = world.fake.create_app_with_key("forms")
    v2_webhook(world.fake, app, receiver.url, ["conversation:message"])
    field = {"type": "text", "name": "email", "label": "Email"}
    with httpx.Client(base_url=world.server.url, auth=(key.id, key.secret), timeout=10) as api:
        assert api.post("/v1.1/appusers", json={"userId": "zoe"}).status_code == 201
        form = api.post(
            "/v1.1/appusers/zoe/messages",
            json={"role": "appMaker", "type": "form", "fields": [field]},
        ).json()["message"]
        filled = {**field, "text": "z@x.io"}
        answered = api.post(
            "/v1.1/appusers/zoe/messages",
            json={"role": "appUser", "type": "formResponse", "fields": [filled],
                  "quotedMessage": {"type": "message", "content": form}},
        )  # fmt: skip
        assert answered.status_code == 201, answered.text
        conversation = answered.json()["conversation"]["_id"]
        listed = api.get(f"/v2/apps/{app.id}/conversations/{conversation}/messages").json()
    bodies = receiver.wait_for(2, trigger="conversation:message")
    response = bodies[1]["events"][0]["payload"]["message"]
    assert_valid_v2_payload(bodies[1], "conversation:message")
    assert response["content"]["type"] == "formResponse"
    assert response["quotedMessage"]["type"] == "message"
    assert response["quotedMessage"]["message"]["id"] == form["_id"]
    assert response["quotedMessage"] == listed["messages"][-1]["quotedMessage"]
