"""The CLI speaks v2: `trigger` makes every v2 event type happen for real, `serve` prints the
official v2 clients' setup, which works as pasted."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sunshine_conversations_client as sunco
from v2_webhook_support import assert_valid_v2_payload
from webhook_support import WebhookWorld, checked_receiver, served_world

from smooch_mock.cli import main as cli_main
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.schemas import v2_event_types
from smooch_mock.simulation.recipes import RECIPES
from smooch_mock.store.models import App

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def world() -> Iterator[WebhookWorld]:
    with served_world(seed=41) as world:
        yield world


@pytest.fixture
def receiver(world: WebhookWorld) -> Iterator[WebhookReceiver]:
    with checked_receiver(world) as target:
        yield target


def custom_integration(world: WebhookWorld, app: App, target: str, triggers: list[str]) -> Any:
    """A custom integration with one v2 webhook, made through CreateIntegration."""
    with world.account() as client:
        response = client.post(
            f"/v2/apps/{app.id}/integrations",
            json={"type": "custom", "webhooks": [{"target": target, "triggers": triggers}]},
        )
    assert response.status_code == 201, response.text
    return response.json()["integration"]


def trigger(world: WebhookWorld, app: App, event_type: str, *options: str) -> int:
    arguments = ["trigger", event_type, "--app", app.id, "--url", world.server.url]
    return cli_main([*arguments, "--wait", "10", *options])


def test_every_v2_event_type_has_a_trigger() -> None:
    assert set(v2_event_types()) <= set(RECIPES)
    assert len(v2_event_types()) == 25


@pytest.mark.parametrize("event_type", v2_event_types())
def test_cli_trigger_delivers_each_v2_event_type_in_the_v2_envelope(
    world: WebhookWorld,
    receiver: WebhookReceiver,
    event_type: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = world.new_app()
    integration = custom_integration(world, app, receiver.url, [event_type])
    exit_code = trigger(world, app, event_type)
    printed = capsys.readouterr()
    assert exit_code == 0, printed
    assert f'"type": "{event_type}"' in printed.out
    assert f"# {event_type} → {receiver.url} (delivered, 1 attempt(s))" in printed.out
    (payload,) = receiver.payloads(event_type)
    assert payload["app"] == {"id": app.id}
    assert payload["webhook"]["id"] == integration["webhooks"][0]["id"]
    assert [event["type"] for event in payload["events"]] == [event_type]
    assert_valid_v2_payload(payload, event_type)


def test_a_v2_message_trigger_leaves_the_message_in_the_conversation(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    custom_integration(world, app, receiver.url, ["conversation:message"])
    assert (
        trigger(world, app, "conversation:message", "--set", "user=ana", "--set", "text=Hej") == 0
    )
    (payload,) = receiver.payloads("conversation:message")
    event = payload["events"][0]["payload"]
    with world.fake.lock:
        conversation = world.fake.store.user(app.id, "ana").default_conversation
        assert [m.content.text for m in conversation.messages] == ["Hej"]
        assert event["message"]["id"] == conversation.messages[0].id
    assert event["conversation"]["id"] == conversation.id


def test_pass_control_hands_the_conversation_to_another_switchboard_member(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    bot = custom_integration(world, app, receiver.url, ["switchboard:passControl"])
    assert trigger(world, app, "switchboard:passControl", "--set", "user=bo") == 0
    (payload,) = receiver.payloads("switchboard:passControl")
    with world.fake.lock:
        store = world.fake.store
        switchboard = store.app_state(app.id).switchboard
        assert switchboard is not None and switchboard.enabled
        members = list(switchboard.members.values())
        assert [m.integration_id for m in members][:1] == [bot["id"]]
        active = store.user(app.id, "bo").default_conversation.active_switchboard_integration_id
    assert active == members[1].id, "control passed from the bot to the stand-in agent"
    shown = payload["events"][0]["payload"]["conversation"]["activeSwitchboardIntegration"]
    assert shown["id"] == members[1].id


def test_switchboard_triggers_use_the_apps_own_switchboard_when_it_has_one(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    first = custom_integration(world, app, receiver.url, ["switchboard:offerControl"])
    second = custom_integration(world, app, "http://127.0.0.1:9/unused", ["user:remove"])
    with world.account() as client:
        made = client.post(f"/v2/apps/{app.id}/switchboards").json()["switchboard"]
        members = f"/v2/apps/{app.id}/switchboards/{made['id']}/switchboardIntegrations"
        agent = client.post(members, json={"name": "humans", "integrationId": second["id"]}).json()[
            "switchboardIntegration"
        ]
        bot = client.post(
            members,
            json={
                "name": "bot",
                "integrationId": first["id"],
                "nextSwitchboardIntegrationId": agent["id"],
            },
        ).json()["switchboardIntegration"]
        client.patch(
            f"/v2/apps/{app.id}/switchboards/{made['id']}",
            json={"enabled": True, "defaultSwitchboardIntegrationId": bot["id"]},
        )
    assert trigger(world, app, "switchboard:offerControl", "--set", "user=cy") == 0
    (payload,) = receiver.payloads("switchboard:offerControl")
    conversation = payload["events"][0]["payload"]["conversation"]
    assert conversation["activeSwitchboardIntegration"]["name"] == "bot"
    assert conversation["pendingSwitchboardIntegration"]["name"] == "humans"
    with world.fake.lock:
        assert set(world.fake.store.app_state(app.id).switchboard.members) == {  # type: ignore[union-attr]
            bot["id"],
            agent["id"],
        }


def test_a_v2_trigger_without_a_v2_subscriber_says_so(
    world: WebhookWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    app = world.new_app()
    world.create_webhook(app, "http://127.0.0.1:9/hook", ["message:appUser"])
    assert trigger(world, app, "conversation:message") == 1
    assert "no webhook" in capsys.readouterr().err


def test_serve_prints_the_v2_python_setup_and_it_works_as_pasted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "smooch_mock", "serve", "--port", "0", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline()]
        while not lines[-1].startswith("Control API"):
            assert lines[-1], "serve ended before its banner did"
            lines.append(process.stdout.readline())
        heading = next(i for i, line in enumerate(lines) if line.startswith("Python v2 client"))
        setup = [line.strip() for line in lines[heading + 1 : heading + 3]]
        assert setup[0] == "import sunshine_conversations_client as sunco"
        scope: dict[str, Any] = {}
        exec("\n".join(setup), scope)  # the two lines as a user pastes them
        app_id = next(line.split()[-1] for line in lines if line.strip().startswith("App id"))
        app = sunco.AppsApi(sunco.ApiClient(scope["config"])).get_app(app_id).app
        assert app.id == app_id
        node = "".join(lines[lines.index("Node v2 client (sunshine-conversations-client):\n") :])
        url = scope["config"].host
        assert f"client.basePath = '{url}';" in node
        assert httpx.get(f"{url}/_mock/health").status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert process.returncode == 0
