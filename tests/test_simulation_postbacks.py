"""Tapping postbacks as the end user: by `_id` or payload, and errors that list what is there."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.errors import NotFound
from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store.inputs import MenuInput, MenuItemInput
from smooch_mock.store.models import App
from smooch_mock.testing import IsolatedApp

TRACK = {"type": "postback", "text": "Track my order", "payload": "TRACK"}
HELP = {"type": "postback", "text": "Talk to a human", "payload": "HUMAN"}
LINK = {"type": "link", "text": "Our site", "uri": "https://shop.example/"}


def offer(smooch: IsolatedApp, user: str, *actions: dict[str, Any]) -> list[dict[str, Any]]:
    """The business sends `user` a message with these buttons; returns them with their `_id`s."""
    body = {"role": "appMaker", "type": "text", "text": "Pick one", "actions": list(actions)}
    with httpx.Client(base_url=smooch.api_url, auth=smooch.auth, timeout=10) as client:
        answer = client.post(f"/appusers/{user}/messages", json=body)
    assert answer.status_code == 201, answer.text
    return list(answer.json()["message"]["actions"])


def test_taps_postback_by_payload_fires_the_postback_of_that_button(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    track, _ = offer(smooch, "bob", TRACK, HELP)
    tapped = smooch.taps_postback("bob", "TRACK")
    assert (tapped["_id"], tapped["payload"]) == (track["_id"], "TRACK")


def test_taps_postback_by_id_still_works(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    _, human = offer(smooch, "bob", TRACK, HELP)
    assert smooch.taps_postback("bob", human["_id"])["payload"] == "HUMAN"


def test_a_payload_on_several_buttons_taps_the_newest(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    (older,) = offer(smooch, "bob", TRACK)
    (newer,) = offer(smooch, "bob", TRACK)
    assert older["_id"] != newer["_id"]
    assert smooch.taps_postback("bob", "TRACK")["_id"] == newer["_id"]


def test_an_unknown_postback_lists_the_actions_the_user_can_see(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    track, link = offer(smooch, "bob", TRACK, LINK)
    with pytest.raises(NotFound) as caught:
        smooch.taps_postback("bob", "TRAKC")
    text = caught.value.description
    assert text.startswith("Action not found: ") and "'TRAKC'" in text
    assert f"postback _id {track['_id']} payload 'TRACK' text 'Track my order'" in text
    assert f"link _id {link['_id']} text 'Our site'" in text


def test_an_unknown_postback_in_an_empty_conversation_says_there_is_none(
    smooch: IsolatedApp,
) -> None:
    smooch.user_writes("hi", user="bob")
    with pytest.raises(NotFound, match="have no action at all"):
        smooch.taps_postback("bob", "TRACK")


def test_a_link_is_not_tapped_as_a_postback_even_by_id(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    (link,) = offer(smooch, "bob", LINK)
    with pytest.raises(Exception, match="is a link action, not a postback"):
        smooch.taps_postback("bob", link["_id"])


def test_paying_an_unknown_action_lists_the_actions(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    buy = {"type": "buy", "text": "Pay", "amount": 500}
    (offered,) = offer(smooch, "bob", buy)
    with pytest.raises(NotFound, match=f"buy _id {offered['_id']} text 'Pay'"):
        smooch.pays("bob", "0" * 24)
    assert smooch.pays("bob", offered["_id"])["state"] == "paid"


# -- the control API -------------------------------------------------------------------------------


@pytest.fixture
def served(fake: FakeSmooch, server: ServerThread) -> tuple[httpx.Client, App]:
    app, _ = fake.create_app_with_key()
    fake.simulate.write(app.id, "hi", user="bob")
    with fake.lock:
        fake.store.post_message(
            app.id,
            "bob",
            message_input({"role": "appMaker", "type": "text", "text": "Pick", "actions": [TRACK]}),
        )
        help_item = MenuItemInput("postback", "Menu help", payload="MENU_HELP")
        fake.store.update_menu(app.id, MenuInput(items=[help_item]))
    return httpx.Client(base_url=f"{server.url}/_mock/apps/{app.id}", timeout=10), app


def test_control_api_taps_by_payload(served: tuple[httpx.Client, App]) -> None:
    client, _ = served
    for body in ({"user": "bob", "payload": "TRACK"}, {"user": "bob", "actionId": "TRACK"}):
        answer = client.post("/simulate/postback", json=body)
        assert answer.status_code == 200, answer.text
        assert answer.json()["action"]["payload"] == "TRACK"
    menu = client.post("/simulate/postback", json={"user": "bob", "payload": "MENU_HELP"})
    assert menu.json()["action"]["text"] == "Menu help"


def test_control_api_unknown_postback_is_a_404_listing_the_actions(
    served: tuple[httpx.Client, App],
) -> None:
    client, _ = served
    answer = client.post("/simulate/postback", json={"user": "bob", "payload": "NOPE"})
    assert answer.status_code == 404
    error = answer.json()["error"]
    assert error["code"] == "not_found"
    assert "payload 'TRACK' text 'Track my order'" in error["description"]
    assert "payload 'MENU_HELP' text 'Menu help'" in error["description"]


def test_control_api_wants_exactly_one_of_action_id_and_payload(
    served: tuple[httpx.Client, App],
) -> None:
    client, _ = served
    for body in ({"user": "bob"}, {"user": "bob", "actionId": "TRACK", "payload": "TRACK"}):
        answer = client.post("/simulate/postback", json=body)
        assert answer.status_code == 400, answer.text
        assert set(answer.json()["error"]) == {"code", "description"}
