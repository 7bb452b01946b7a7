"""Every v1/v1.1 trigger fires from the state change that causes it and reaches a real receiver."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from webhook_support import WebhookWorld, checked_receiver, served_world

from smooch_mock.api.v1.triggers import TRIGGERS_V1, TRIGGERS_V1_1
from smooch_mock.cli import main as cli_main
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.schemas import v2_event_types

Payload = dict[str, Any]

BODY_KEYS: dict[str, set[str]] = {
    "message": {"messages"},
    "message:appUser": {"messages"},
    "message:appMaker": {"messages"},
    "postback": {"postbacks"},
    "conversation:start": {"source", "timestamp"},
    "conversation:read": {"source", "timestamp"},
    "conversation:referral": {"source", "referral", "timestamp"},
    "typing:appUser": {"activity", "timestamp"},
    "merge:appUser": {"surviving", "discarded"},
    "delivery:success": {"destination", "messages", "timestamp"},
    "delivery:failure": {"destination", "messages", "timestamp", "error"},
    "message:delivery:channel": {"destination", "message", "timestamp"},
    "message:delivery:user": {"destination", "message", "timestamp"},
    "message:delivery:failure": {"destination", "message", "timestamp", "error"},
    "payment:success": {"payments", "timestamp"},
    "link:match": {"channel", "criteria"},
    "link:success": {"channel", "criteria"},
    "link:failure": {"channel", "criteria", "error"},
    "client:add": {"client", "reason", "timestamp"},
    "client:remove": {"client", "reason", "timestamp"},
    "appUser:delete": {"timestamp"},
    "notification:delivery:channel": {"notification", "destination", "timestamp"},
    "notification:delivery:user": {"notification", "destination", "timestamp"},
    "notification:delivery:failure": {"notification", "destination", "timestamp", "error"},
}
WITHOUT_APP_USER = {
    "merge:appUser",
    "notification:delivery:channel",
    "notification:delivery:user",
    "notification:delivery:failure",
}
WITHOUT_CONVERSATION = WITHOUT_APP_USER | {"appUser:delete"}


def _check_semantics(trigger: str, payload: Payload) -> None:
    """What each trigger's payload must say about the event that caused it."""
    checks: dict[str, Callable[[Payload], bool]] = {
        "message:appUser": lambda p: p["messages"][0]["role"] == "appUser",
        "message:appMaker": lambda p: p["messages"][0]["role"] == "appMaker",
        "message": lambda p: p["messages"][0]["role"] == "appUser",
        "postback": lambda p: (
            p["postbacks"][0]["action"]["type"] == "postback"
            and p["postbacks"][0]["message"]["actions"][0]["_id"]
            == p["postbacks"][0]["action"]["_id"]
        ),
        "typing:appUser": lambda p: p["activity"]["type"] == "typing:start",
        "merge:appUser": lambda p: p["surviving"]["_id"] != p["discarded"][0]["_id"],
        "payment:success": lambda p: (
            p["payments"][0]["action"]["state"] == "paid"
            and p["payments"][0]["charge"]["id"].startswith("ch_")
        ),
        "delivery:failure": lambda p: bool(p["error"]["code"]),
        "message:delivery:failure": lambda p: bool(p["error"]["code"]),
        "link:failure": lambda p: bool(p["error"]["code"]),
        "client:remove": lambda p: p["reason"] == "api",
        "message:delivery:channel": lambda p: p["destination"]["type"] == "messenger",
    }
    check = checks.get(trigger)
    assert check is None or check(payload), (
        f"{trigger} payload does not describe its event: {payload}"
    )


@pytest.fixture(scope="module")
def world() -> Iterator[WebhookWorld]:
    with served_world(seed=7) as world:
        yield world


@pytest.fixture
def receiver(world: WebhookWorld) -> Iterator[WebhookReceiver]:
    with checked_receiver(world) as target:
        yield target


CASES = (
    [pytest.param(t, "v1", False, False, id=f"v1-{t}") for t in TRIGGERS_V1]
    + [pytest.param(t, "v1.1", False, False, id=f"v1.1-{t}") for t in TRIGGERS_V1_1]
    + [pytest.param(t, "v1.1", True, True, id=f"v1.1-client-fulluser-{t}") for t in TRIGGERS_V1_1]
)


@pytest.mark.parametrize(("trigger", "version", "include_client", "full_user"), CASES)
def test_trigger_reaches_a_real_receiver(
    world: WebhookWorld,
    receiver: WebhookReceiver,
    trigger: str,
    version: str,
    include_client: bool,
    full_user: bool,
) -> None:
    app = world.new_app()
    webhook = world.create_webhook(
        app,
        receiver.url + "/hook",
        [trigger],
        version,
        includeClient=include_client,
        includeFullAppUser=full_user,
    )
    world.trigger(app, trigger)
    payload = receiver.wait_for(1, trigger=trigger)[0]
    request = next(r for r in receiver.requests if r.json()["trigger"] == trigger)

    assert request.method == "POST"
    assert request.headers["X-API-Key"] == webhook["secret"]
    assert request.headers["Content-Type"] == "application/json"
    assert "smooch-mock" in request.headers["User-Agent"]
    assert payload["trigger"] == trigger
    assert payload["app"] == {"_id": app.id}
    assert BODY_KEYS[trigger] <= payload.keys(), f"missing {BODY_KEYS[trigger] - payload.keys()}"
    _check_semantics(trigger, payload)
    if version == "v1":
        assert (
            "version" not in payload and "conversation" not in payload and "client" not in payload
        )
        return
    assert payload["version"] == "v1.1"
    if trigger in WITHOUT_APP_USER:
        assert "appUser" not in payload
        return
    user = world.fake.store.apps[app.id].users.get(payload["appUser"]["_id"])
    if full_user:
        assert {"_id", "properties", "clients", "signedUpAt", "conversationStarted"} <= payload[
            "appUser"
        ].keys()
    else:
        assert set(payload["appUser"]) <= {"_id", "userId", "conversationStarted"}
    if trigger not in WITHOUT_CONVERSATION:
        assert user is not None
        assert payload["conversation"] == {"_id": user.default_conversation.id}
    if include_client:
        assert {"id", "platform"} <= payload["client"].keys()
    elif trigger not in ("client:add", "client:remove"):
        assert "client" not in payload


def test_the_event_really_happened(world: WebhookWorld, receiver: WebhookReceiver) -> None:
    app = world.new_app()
    world.create_webhook(app, receiver.url, ["message:appUser"])
    world.trigger(app, "message:appUser", text="Where is my order?", user="bob", channel="whatsapp")
    payload = receiver.wait_for(1)[0]
    user = world.fake.store.user(app.id, "bob")
    assert [m.content.text for m in user.default_conversation.messages] == ["Where is my order?"]
    assert payload["messages"][0]["_id"] == user.default_conversation.messages[0].id
    assert payload["messages"][0]["source"]["type"] == "whatsapp"
    assert user.clients[0].platform == "whatsapp"


def test_wildcard_covers_everything_but_typing(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    world.create_webhook(app, receiver.url, ["*"])
    world.trigger(app, "typing:appUser", user="tina")
    world.trigger(app, "message:appUser", user="tina")
    receiver.wait_for(1, trigger="message:appUser")
    assert world.fake.webhooks.engine.wait_idle(5)
    assert receiver.payloads("typing:appUser") == []
    assert receiver.payloads("client:add"), "the wildcard also covers client:add"


@pytest.mark.parametrize("trigger", sorted(set(TRIGGERS_V1) | set(TRIGGERS_V1_1)))
def test_cli_trigger_delivers_a_payload(
    world: WebhookWorld, receiver: WebhookReceiver, trigger: str, capsys: pytest.CaptureFixture[str]
) -> None:
    app = world.new_app()
    version = "v1.1" if trigger in TRIGGERS_V1_1 else "v1"
    world.create_webhook(app, receiver.url, [trigger], version)
    exit_code = cli_main(
        ["trigger", trigger, "--app", app.id, "--url", world.server.url, "--wait", "10"]
    )
    printed = capsys.readouterr().out
    assert exit_code == 0, printed
    assert f'"trigger": "{trigger}"' in printed
    assert receiver.payloads(trigger)


def test_cli_trigger_applies_overrides(
    world: WebhookWorld, receiver: WebhookReceiver, capsys: pytest.CaptureFixture[str]
) -> None:
    app = world.new_app()
    world.create_webhook(app, receiver.url, ["message:appUser"])
    code = cli_main(
        [
            "trigger",
            "message:appUser",
            "--app",
            app.id,
            "--url",
            world.server.url,
            "--set",
            "text=Hola",
            "--set",
            "channel=line",
        ]
    )
    assert code == 0
    payload = receiver.wait_for(1)[0]
    assert payload["messages"][0]["text"] == "Hola"
    assert payload["messages"][0]["source"]["type"] == "line"
    assert '"text": "Hola"' in capsys.readouterr().out


def test_cli_trigger_without_subscriber_says_so(
    world: WebhookWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    app = world.new_app()
    assert cli_main(["trigger", "postback", "--app", app.id, "--url", world.server.url]) == 1
    assert "no webhook" in capsys.readouterr().err


def test_cli_trigger_lists_every_trigger(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["trigger", "--list"]) == 0
    listed = capsys.readouterr().out.split()
    assert set(listed) == set(TRIGGERS_V1) | set(TRIGGERS_V1_1) | set(v2_event_types())


def test_a_link_by_address_on_a_non_email_channel_reports_the_address(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    world.create_webhook(app, receiver.url, ["link:success"])
    world.trigger(app, "client:add", user="zed")
    with world.account() as client:
        answer = client.post(
            f"/v1.1/apps/{app.id}/appusers/zed/channels",
            json={
                "type": "twitter",
                "address": "zed@example.com",
                "confirmation": {"type": "immediate"},
            },
        )
    assert answer.status_code == 200, answer.text
    payload = receiver.wait_for(1, trigger="link:success")[0]
    assert payload["criteria"] == {"address": "zed@example.com"}
