"""The control API behind the dashboard's v2 views: every conversation of an app, the v2 trigger
vocabulary in the page's configuration, and the live stream naming the conversation it changed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from support import assert_error

from smooch_mock import error_texts as texts
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.schemas import v2_event_types
from smooch_mock.server import ServerThread
from smooch_mock.store import WebhookInput
from smooch_mock.store.inputs import ConversationInput
from smooch_mock.store.switchboards import SwitchboardIntegrationInput


@pytest.fixture
def clocked() -> FakeSmooch:
    """A fake whose clock moves only when told: activity order is the test's order."""
    return FakeSmooch(seed=5, clock=FakeClock(start=1_700_000_000.0))


@pytest.fixture
def served(clocked: FakeSmooch) -> Any:
    with ServerThread(clocked) as server:
        yield server
    clocked.close()
    assert not clocked.internal_errors, [e.traceback for e in clocked.internal_errors]


def listed(server: ServerThread, app_id: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.url}/_mock/apps/{app_id}/conversations", timeout=10)
    assert response.status_code == 200, response.text
    conversations: list[dict[str, Any]] = response.json()["conversations"]
    return conversations


def test_every_conversation_of_the_app_is_listed_latest_activity_first(
    clocked: FakeSmooch, served: ServerThread
) -> None:
    fake, clock = clocked, clocked.clock
    assert isinstance(clock, FakeClock)
    app, _ = fake.create_app_with_key("Desk")
    ann, _ = fake.simulate.write(
        app.id, "hello", user="ann-1", channel="messenger", name=("Ann", "Lee")
    )
    clock.advance(1)
    bob, _ = fake.simulate.end_user(app.id, "bob-2", channel="web")
    clock.advance(1)
    with fake.lock:
        group = fake.store.create_conversation(
            app.id,
            ConversationInput(
                type="sdkGroup", participant_user_ids=[ann.id, bob.id], display_name="Support"
            ),
        )
    clock.advance(1)
    fake.simulate.write(app.id, "hi all", user=bob.id, conversation=group.id)
    clock.advance(1)
    with fake.lock:
        fake.store.post_to_conversation(
            app.id, group.id, message_input({"role": "appMaker", "type": "text", "text": "Hi!"})
        )

    summaries = listed(served, app.id)
    assert [s["conversation"]["id"] for s in summaries] == [
        group.id,  # two messages, the business one last
        bob.default_conversation.id,  # created after Ann wrote, never written in
        ann.default_conversation.id,
    ]
    in_group, bobs, anns = summaries
    assert in_group["conversation"]["type"] == "sdkGroup"
    assert in_group["conversation"]["displayName"] == "Support"
    assert [p["user"]["externalId"] for p in in_group["participants"]] == ["ann-1", "bob-2"]
    assert in_group["participants"][0]["user"]["profile"] == {"givenName": "Ann", "surname": "Lee"}
    assert in_group["participants"][0]["channels"] == ["messenger"]
    assert in_group["messageCount"] == 2
    assert in_group["lastMessage"]["author"]["type"] == "business"
    assert in_group["lastMessage"]["content"] == {"type": "text", "text": "Hi!"}
    assert in_group["lastActivity"] == in_group["conversation"]["lastUpdatedAt"]
    assert (bobs["conversation"]["type"], bobs["conversation"]["isDefault"]) == ("personal", True)
    assert (bobs["messageCount"], "lastMessage" in bobs) == (0, False)
    assert [p["participant"]["userId"] for p in bobs["participants"]] == [bob.id]
    author = anns["lastMessage"]["author"]
    assert (author["type"], author["userId"], author["displayName"]) == ("user", ann.id, "Ann Lee")


def test_a_summary_names_the_switchboard_integration_in_control(
    clocked: FakeSmooch, served: ServerThread
) -> None:
    fake = clocked
    app, _ = fake.create_app_with_key("Hand-off")
    target = WebhookInput("https://example.com/bot", ["conversation:message"])
    with fake.lock:
        webhook = fake.store.create_webhook(app.id, target, version="v2")
        bot_integration = fake.store.webhook_integration(app.id, webhook.id)
        switchboard = fake.store.create_switchboard(app.id)
        bot = fake.store.create_switchboard_integration(
            app.id,
            switchboard.id,
            SwitchboardIntegrationInput(name="bot", integration_id=bot_integration.id),
        )
        fake.store.update_switchboard(app.id, switchboard.id, True, bot.id)
    user, _ = fake.simulate.write(app.id, "help", user="cy")

    (summary,) = listed(served, app.id)
    assert summary["conversation"]["activeSwitchboardIntegration"] == {
        "id": bot.id,
        "name": "bot",
        "integrationId": bot_integration.id,
        "integrationType": "custom",
    }
    assert "pendingSwitchboardIntegration" not in summary["conversation"]
    assert user.default_conversation.active_switchboard_integration_id == bot.id


def test_the_conversation_list_of_an_unknown_app_is_a_404(served: ServerThread) -> None:
    response = httpx.get(f"{served.url}/_mock/apps/nope/conversations", timeout=10)
    assert assert_error(response, 404, "not_found")["description"] == texts.APP_NOT_FOUND


def test_the_conversation_list_only_reads(clocked: FakeSmooch, served: ServerThread) -> None:
    app, _ = clocked.create_app_with_key("Read only")
    response = httpx.post(f"{served.url}/_mock/apps/{app.id}/conversations", json={}, timeout=10)
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["Allow"] == "GET"


def test_the_page_configuration_names_the_v2_event_types(served: ServerThread) -> None:
    config = httpx.get(f"{served.url}/_mock/dashboard/config", timeout=10).json()
    assert config["triggers"]["v2"] == v2_event_types()
    assert "switchboard:passControl" in config["triggers"]["v2"]
    assert "message:appUser" in config["triggers"]["v1.1"]
