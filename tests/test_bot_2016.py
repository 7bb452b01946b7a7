"""A bot written the 2016 way (Smooch's smooch-bot on smooch-core 2.x), in Python with httpx:
`/v1/appUsers/...` paths, an app-scope JWT, untyped `{text, role}` posts and shorthand buttons.
It greets, asks the user's name, confirms with `%[Yes](postback:yes)`, and hears the Yes tap."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from smooch_mock.testing import IsolatedApp


class SmoochBot2016:
    """smooch-bot's script: start → askName → finish, its state kept in the appUser's properties
    (smooch-bot's `setProp`), every reply posted as smooch-core 2.x posted them."""

    def __init__(self, smooch: IsolatedApp) -> None:
        self.api = httpx.Client(
            base_url=smooch.base_url,
            headers={"Authorization": f"Bearer {smooch.jwt('app')}"},
            timeout=10,
        )
        self.payloads: list[dict[str, Any]] = []
        self.errors: list[str] = []
        bot = self

        class Webhook(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                try:
                    bot.on_event(payload)
                except Exception as error:
                    bot.errors.append(repr(error))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
        self.url = f"http://127.0.0.1:{self.server.server_port}/smooch"

    # -- smooch-core 2.x, as the bot used it -----------------------------------------------------

    def say(self, user_id: str, text: str) -> None:
        """`appUsers.sendMessage(userId, {text, role: 'appMaker'})`: no type, camel-case path."""
        response = self.api.post(
            f"/v1/appUsers/{user_id}/messages", json={"text": text, "role": "appMaker"}
        )
        response.raise_for_status()

    def get_prop(self, user_id: str, name: str) -> Any:
        response = self.api.get(f"/v1/appUsers/{user_id}")
        response.raise_for_status()
        return response.json()["appUser"]["properties"].get(name)

    def set_prop(self, user_id: str, name: str, value: str) -> None:
        self.api.put(
            f"/v1/appUsers/{user_id}", json={"properties": {name: value}}
        ).raise_for_status()

    # -- the script ------------------------------------------------------------------------------

    def on_event(self, payload: dict[str, Any]) -> None:
        self.payloads.append(payload)
        user_id = payload["appUser"]["_id"]
        if payload["trigger"] == "postback":
            for postback in payload["postbacks"]:
                if postback["action"]["payload"] == "yes":
                    name = self.get_prop(user_id, "name")
                    self.say(user_id, f"Sorry {name}, my creator didn't teach me anything else!")
            return
        for message in payload["messages"]:
            state = self.get_prop(user_id, "state") or "start"
            if state == "start":
                self.say(user_id, "Hi! I'm Smooch Bot!")
                self.say(user_id, "What's your name?")
                self.set_prop(user_id, "state", "askName")
            elif state == "askName":
                name = message["text"]
                self.set_prop(user_id, "name", name)
                buttons = "%[Yes](postback:yes) %[No](postback:no)"
                self.say(user_id, f"Great! I'll call you {name}\nIs that OK? {buttons}")
                self.set_prop(user_id, "state", "finish")

    def __enter__(self) -> SmoochBot2016:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.api.close()


def test_a_2016_bot_greets_asks_confirms_with_a_button_and_hears_the_tap(
    smooch: IsolatedApp,
) -> None:
    with SmoochBot2016(smooch) as bot:
        # smooch-core 2.x's `webhooks.create` under app scope, on the /v1 path.
        hook = bot.api.post(
            "/v1/webhooks", json={"target": bot.url, "triggers": ["message:appUser", "postback"]}
        )
        assert hook.status_code == 201, hook.text

        smooch.user_writes("hi", user="sam", channel="web")
        smooch.assert_message_sent("sam", role="appMaker", text="What's your name?", timeout=10)

        smooch.user_writes("Sam", user="sam", channel="web")
        confirm = smooch.assert_message_sent(
            "sam", role="appMaker", text="Great! I'll call you Sam\nIs that OK?", timeout=10
        )
        yes, no = confirm["actions"]
        assert (yes["type"], yes["text"], yes["payload"], yes["uri"]) == (
            "postback",
            "Yes",
            "yes",
            "",
        )
        assert (no["type"], no["payload"]) == ("postback", "no") and len(yes["_id"]) == 24

        smooch.taps_postback("sam", yes["_id"])
        smooch.assert_message_sent(
            "sam",
            role="appMaker",
            text="Sorry Sam, my creator didn't teach me anything else!",
            timeout=10,
        )

    assert not bot.errors, bot.errors
    [postback] = [p for p in bot.payloads if p["trigger"] == "postback"]
    assert postback["postbacks"][0]["action"]["_id"] == yes["_id"]
    assert postback["postbacks"][0]["action"]["payload"] == "yes"
    texts = [m["text"] for m in smooch.messages("sam")]
    assert texts == [
        "hi",
        "Hi! I'm Smooch Bot!",
        "What's your name?",
        "Sam",
        "Great! I'll call you Sam\nIs that OK?",
        "Sorry Sam, my creator didn't teach me anything else!",
    ]
