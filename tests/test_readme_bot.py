"""The README's pytest example, run for real: a webhook bot replying through the Python SDK."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import smooch as smooch_sdk  # the official SDK (the name `smooch` belongs to the fixture)


class EchoBot:
    """A tiny bot: answers every `message:appUser` webhook through the Smooch API."""

    def __init__(self, api_client: smooch_sdk.ApiClient) -> None:
        self.conversations = smooch_sdk.ConversationApi(api_client)
        bot = self

        class Webhook(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                bot.on_event(payload)
                self.send_response(200)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhook"

    def on_event(self, payload: dict) -> None:
        if payload["trigger"] != "message:appUser":
            return
        for message in payload["messages"]:
            reply = smooch_sdk.MessagePost(
                role="appMaker", type="text", text=f"You said: {message['text']}"
            )
            self.conversations.post_message(payload["app"]["_id"], payload["appUser"]["_id"], reply)

    def __enter__(self) -> EchoBot:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_bot_answers_what_the_user_wrote(smooch) -> None:
    api_client = smooch_sdk.ApiClient(host=smooch.base_url)
    # python_sdk_credentials(): the SDK's Basic auth is this test's own app key, restored after
    with smooch.python_sdk_credentials(), EchoBot(api_client) as bot:
        smooch.create_webhook(bot.url, triggers=["message:appUser"])
        smooch.user_writes("hi", user="bob", channel="ios")
        smooch.wait_for_delivery(trigger="message:appUser")
        smooch.assert_message_sent("bob", text="You said: hi")
