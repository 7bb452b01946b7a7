"""Messaging shorthand in business texts: each action kind, the image and the template shorthand,
through the official Python SDK (v1.1) and raw HTTP (v1 and v1.1), and in webhook payloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import smooch as smooch_sdk

from smooch_mock.receiver import WebhookReceiver
from smooch_mock.testing import IsolatedApp


@dataclass(frozen=True, slots=True)
class Kind:
    """A shorthand, the text left once it is taken out, and the action it must become."""

    text: str
    remaining: str
    action: dict[str, Any]


KINDS = {
    "postback": Kind(
        "Is that OK? %[Yes](postback:yes)",
        "Is that OK?",
        {"type": "postback", "text": "Yes", "payload": "yes", "uri": ""},
    ),
    "reply": Kind(
        "How was it? %[Great](reply:GREAT)",
        "How was it?",
        {"type": "reply", "text": "Great", "payload": "GREAT", "uri": ""},
    ),
    "link": Kind(
        "Our menu: %[Read it](https://example.com/menu)",
        "Our menu:",
        {"type": "link", "text": "Read it", "uri": "https://example.com/menu"},
    ),
    "webview": Kind(
        "Book here %[Book](webview:https://example.com/book)",
        "Book here",
        {
            "type": "webview",
            "text": "Book",
            "uri": "https://example.com/book",
            "fallback": "https://example.com/book",
        },
    ),
    "buy": Kind(
        "Ready? $[Buy now](25.00)",
        "Ready?",
        {"type": "buy", "text": "Buy now", "amount": 2500, "currency": "usd", "state": "offered"},
    ),
    "buy-prefix": Kind(
        "Ready? %[Pay](buy:9.99)",
        "Ready?",
        {"type": "buy", "text": "Pay", "amount": 999, "currency": "usd", "state": "offered"},
    ),
    "locationRequest": Kind(
        "Where are you? %[Send location](location)",
        "Where are you?",
        {"type": "locationRequest", "text": "Send location", "uri": ""},
    ),
    "locationRequest-long": Kind(
        "Where are you? %[Send location](locationRequest)",
        "Where are you?",
        {"type": "locationRequest", "text": "Send location", "uri": ""},
    ),
}


def _assert_parsed(message: dict[str, Any], kind: Kind) -> None:
    assert message["type"] == "text" and message["text"] == kind.remaining
    [action] = message["actions"]
    assert isinstance(action["_id"], str) and len(action["_id"]) == 24
    assert {k: v for k, v in action.items() if k != "_id"} == {
        **kind.action,
        **({"uri": action["uri"]} if kind.action["type"] == "buy" else {}),
    }
    if kind.action["type"] == "buy":
        assert action["uri"] == f"https://app.smooch.io/checkout/{action['_id']}"


def _raw_post(smooch_app: IsolatedApp, version: str, user: str, text: str) -> httpx.Response:
    with httpx.Client(base_url=smooch_app.base_url, auth=smooch_app.auth) as http:
        return http.post(
            f"/{version}/appusers/{user}/messages",
            json={"role": "appMaker", "type": "text", "text": text},
        )


@pytest.mark.parametrize("version", ["v1", "v1.1"])
@pytest.mark.parametrize("kind", KINDS)
def test_shorthand_action_over_raw_http(smooch: IsolatedApp, kind: str, version: str) -> None:
    smooch.user_writes("hi", user="ann")
    response = _raw_post(smooch, version, "ann", KINDS[kind].text)
    assert response.status_code == 201, response.text
    _assert_parsed(response.json()["message"], KINDS[kind])
    [_, stored] = smooch.messages("ann")
    _assert_parsed(stored, KINDS[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_shorthand_action_through_the_python_sdk(smooch: IsolatedApp, kind: str) -> None:
    smooch.user_writes("hi", user="ann")
    api = smooch_sdk.ConversationApi(smooch.python_sdk_api_client())
    body = smooch_sdk.MessagePost(role="appMaker", type="text", text=KINDS[kind].text)
    message = api.post_message(smooch.app_id, "ann", body).message
    assert message.text == KINDS[kind].remaining
    [action] = message.actions
    assert (action.type, action.text) == (KINDS[kind].action["type"], KINDS[kind].action["text"])
    # The SDK's Action model has no `_id` attribute: the stored message shows it (below).
    assert action.payload == KINDS[kind].action.get("payload")
    assert action.amount == KINDS[kind].action.get("amount")
    _assert_parsed(smooch.messages("ann")[-1], KINDS[kind])


@pytest.mark.parametrize("version", ["v1", "v1.1"])
def test_image_shorthand_makes_an_image_message(smooch: IsolatedApp, version: str) -> None:
    smooch.user_writes("hi", user="ann")
    text = "Our special ![taco](https://example.com/taco.png) %[Order](postback:ORDER)"
    message = _raw_post(smooch, version, "ann", text).json()["message"]
    assert (message["type"], message["text"]) == ("image", "Our special")
    assert message["mediaUrl"] == "https://example.com/taco.png"
    assert message["mediaType"] == "image/png" and message["altText"] == "taco"
    assert isinstance(message["mediaSize"], int)
    assert [a["payload"] for a in message["actions"]] == ["ORDER"]


def test_image_shorthand_through_the_python_sdk(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="ann")
    api = smooch_sdk.ConversationApi(smooch.python_sdk_api_client())
    body = smooch_sdk.MessagePost(
        role="appMaker", type="text", text="Look ![](https://example.com/cat.jpg)"
    )
    message = api.post_message(smooch.app_id, "ann", body).message
    assert (message.type, message.text, message.media_url) == (
        "image",
        "Look",
        "https://example.com/cat.jpg",
    )


@pytest.mark.parametrize("version", ["v1", "v1.1"])
def test_several_buttons_keep_their_order_and_the_text_keeps_its_lines(
    smooch: IsolatedApp, version: str
) -> None:
    smooch.user_writes("hi", user="ann")
    text = "Great! I will call you Sam\nIs that OK? %[Yes](postback:yes) %[No](postback:no)"
    message = _raw_post(smooch, version, "ann", text).json()["message"]
    assert message["text"] == "Great! I will call you Sam\nIs that OK?"
    assert [(a["text"], a["payload"]) for a in message["actions"]] == [("Yes", "yes"), ("No", "no")]
    assert len({a["_id"] for a in message["actions"]}) == 2


def test_template_shorthand_sends_the_stored_template(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="ann")
    api = smooch_sdk.TemplateApi(smooch.python_sdk_api_client())
    template = {
        "role": "appMaker",
        "type": "image",
        "text": "Our family basket",
        "mediaUrl": "https://example.com/basket.jpg",
        "actions": [{"type": "postback", "text": "Subscribe", "payload": "SUB"}],
    }
    api.create_template(smooch.app_id, smooch_sdk.TemplateCreate(name="basket", message=template))
    conversation = smooch_sdk.ConversationApi(smooch.python_sdk_api_client())
    body = smooch_sdk.MessagePost(role="appMaker", type="text", text="%{{template: basket}}%")
    message = conversation.post_message(smooch.app_id, "ann", body).message
    assert (message.type, message.text, message.media_url) == (
        "image",
        "Our family basket",
        "https://example.com/basket.jpg",
    )
    [action] = message.actions
    assert (action.type, action.payload, action.uri) == ("postback", "SUB", "")
    assert len(smooch.messages("ann")[-1]["actions"][0]["_id"]) == 24


@pytest.mark.parametrize("version", ["v1", "v1.1"])
def test_text_around_a_template_is_sent_around_it_in_extra_messages(
    smooch: IsolatedApp, version: str
) -> None:
    smooch.user_writes("hi", user="ann")
    with httpx.Client(base_url=smooch.base_url, auth=smooch.auth) as http:
        http.post(
            f"/{version}/templates",
            json={"name": "ask", "message": {"role": "appMaker", "type": "text", "text": "Pick"}},
        ).raise_for_status()
    text = "Hello %((template: ask))% Bye %[Site](https://example.com)"
    body = _raw_post(smooch, version, "ann", text).json()
    assert body["message"]["text"] == "Hello"
    assert [(m["text"], m.get("actions", [{}])[0].get("uri")) for m in body["extraMessages"]] == [
        ("Pick", None),
        ("Bye", "https://example.com"),
    ]
    assert [m["text"] for m in smooch.messages("ann")] == ["hi", "Hello", "Pick", "Bye"]


def test_an_unknown_template_is_400_and_nothing_is_sent(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="ann")
    response = _raw_post(smooch, "v1.1", "ann", "Hello %{{template: nope}}%")
    assert response.status_code == 400
    assert "nope" in response.json()["error"]["description"]
    assert [m["text"] for m in smooch.messages("ann")] == ["hi"]


def test_user_messages_and_unknown_targets_stay_text(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="ann")
    with httpx.Client(base_url=smooch.base_url, auth=smooch.auth) as http:
        user_post = http.post(
            "/v1.1/appusers/ann/messages",
            json={"role": "appUser", "type": "text", "text": "%[Yes](postback:yes)"},
        ).json()["message"]
    assert user_post["text"] == "%[Yes](postback:yes)" and "actions" not in user_post
    odd = _raw_post(smooch, "v1.1", "ann", "Try %[this](ftp://example.com)").json()["message"]
    assert odd["text"] == "Try %[this](ftp://example.com)" and "actions" not in odd


def test_shorthand_keeps_smooch_s_reply_and_location_mixing_rule(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="ann")
    mixed = _raw_post(smooch, "v1.1", "ann", "%[Yes](postback:yes) %[Sure](reply:sure)")
    assert mixed.status_code == 400 and "mixed" in mixed.json()["error"]["description"]
    allowed = _raw_post(smooch, "v1.1", "ann", "Where? %[Here](location) %[Skip](reply:SKIP)")
    assert [a["type"] for a in allowed.json()["message"]["actions"]] == ["locationRequest", "reply"]


@pytest.mark.parametrize("version", ["v1", "v1.1"])
def test_webhook_payload_of_a_shorthand_message_carries_the_parsed_actions(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver, version: str
) -> None:
    trigger = "message:appMaker"
    with httpx.Client(base_url=smooch.base_url, auth=smooch.auth) as http:
        http.post(
            f"/{version}/webhooks",
            json={"target": smooch_webhook_receiver.url, "triggers": [trigger]},
        ).raise_for_status()
    smooch.user_writes("hi", user="ann")
    posted = _raw_post(smooch, version, "ann", KINDS["postback"].text).json()["message"]
    [delivery] = smooch.wait_for_delivery(trigger=trigger)
    [message] = delivery.payload["messages"]
    assert message["text"] == "Is that OK?"
    assert message["actions"] == posted["actions"]
    assert message["actions"][0]["payload"] == "yes"
