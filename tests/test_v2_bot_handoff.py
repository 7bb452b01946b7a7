"""A bot hands a conversation to a human agent: it answers `conversation:message` until the user
asks for a person, then passes control through the official v2 client; the agent's webhook hears
`switchboard:passControl` and the user's next messages, and the bot, now in standby, no longer
hears them."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sunshine_conversations_client as sunco

from smooch_mock.receiver import WebhookReceiver
from smooch_mock.testing import IsolatedApp

pytestmark = pytest.mark.smooch(version="v2")


class HandOffBot:
    """Answers users until one asks for a person; then passes control to `next` (the agent)."""

    def __init__(self, api: sunco.ApiClient) -> None:
        self.messages = sunco.MessagesApi(api)
        self.switchboard = sunco.SwitchboardActionsApi(api)
        self.heard: list[str] = []
        self.errors: list[BaseException] = []
        bot = self

        class Webhook(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                try:
                    bot.on_webhook(body)
                except Exception as error:  # reported by the test, not lost
                    bot.errors.append(error)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
        self.url = f"http://127.0.0.1:{self.server.server_port}/bot"

    def on_webhook(self, body: dict[str, Any]) -> None:
        app_id = body["app"]["id"]
        for event in body["events"]:
            payload = event["payload"]
            message = payload.get("message", {})
            if event["type"] != "conversation:message" or message["author"]["type"] != "user":
                continue
            text = message["content"]["text"]
            self.heard.append(text)
            conversation_id = payload["conversation"]["id"]
            if "person" in text:
                self.switchboard.pass_control(
                    app_id,
                    conversation_id,
                    sunco.PassControlBody(
                        switchboard_integration="next", metadata={"reason": "asked for a person"}
                    ),
                )
            else:
                reply = sunco.MessagePost.from_dict(
                    {
                        "author": {"type": "business", "displayName": "Bot"},
                        "content": {"type": "text", "text": "I am a bot: ask for a person."},
                    }
                )
                self.messages.post_message(app_id, conversation_id, reply)

    def __enter__(self) -> HandOffBot:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def agent_desk() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


def test_the_bot_passes_control_and_the_agent_hears_the_user_from_then_on(
    smooch: IsolatedApp, agent_desk: WebhookReceiver
) -> None:
    api = smooch.sunshine_api_client()
    with HandOffBot(api) as bot:
        bot_integration = smooch.create_custom_integration(bot.url, display_name="Bot")
        agent_integration = smooch.create_custom_integration(
            agent_desk.url,
            ["conversation:message", "switchboard:passControl"],
            display_name="Agents",
        )
        switchboards = sunco.SwitchboardsApi(api)
        members = sunco.SwitchboardIntegrationsApi(api)
        board = switchboards.create_switchboard(smooch.app_id).switchboard
        agent = members.create_switchboard_integration(
            smooch.app_id,
            board.id,
            sunco.SwitchboardIntegrationCreateBody(
                name="agent",
                integration_id=agent_integration["id"],
                deliver_standby_events=False,  # the desk hears nothing before the hand-off
            ),
        ).switchboard_integration
        bot_member = members.create_switchboard_integration(
            smooch.app_id,
            board.id,
            sunco.SwitchboardIntegrationCreateBody(
                name="bot",
                integration_id=bot_integration["id"],
                next_switchboard_integration_id=agent.id,
                deliver_standby_events=False,
            ),
        ).switchboard_integration
        switchboards.update_switchboard(
            smooch.app_id,
            board.id,
            sunco.SwitchboardUpdateBody(
                enabled=True, default_switchboard_integration_id=bot_member.id
            ),
        )

        smooch.user_writes("where is my order?", user="ana")
        smooch.assert_message_sent("ana", text="I am a bot: ask for a person.", timeout=5)
        smooch.user_writes("a person, please", user="ana")
        handed = agent_desk.wait_for(1, trigger="switchboard:passControl")[0]["events"][0]
        smooch.user_writes("hello, human?", user="ana")
        heard = agent_desk.wait_for(1, trigger="conversation:message")[0]["events"][0]
        smooch.wait_for_all_deliveries()

    assert bot.errors == []
    assert bot.heard == ["where is my order?", "a person, please"]
    assert handed["payload"]["metadata"] == {"reason": "asked for a person"}
    passed_to = handed["payload"]["conversation"]["activeSwitchboardIntegration"]
    assert (passed_to["id"], passed_to["name"]) == (agent.id, "agent")
    assert heard["payload"]["message"]["content"]["text"] == "hello, human?"
    conversation_id = heard["payload"]["conversation"]["id"]
    shown = sunco.ConversationsApi(api).get_conversation(smooch.app_id, conversation_id)
    assert shown.conversation.active_switchboard_integration.name == "agent"
