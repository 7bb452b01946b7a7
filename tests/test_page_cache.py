"""A history page is kept until the store notes a change: every kind of change shows at once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from smooch_mock.api.v1 import wire
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.server import ServerThread
from smooch_mock.store.models import App, Message, SecretKey

PAGE = "/v1.1/appusers/bob/messages"


@pytest.fixture
def bob(app_client: httpx.Client) -> dict[str, Any]:
    """The appUser `bob`, with one message of his own; his page has been served once (kept)."""
    user: dict[str, Any] = app_client.post("/v1.1/appusers", json={"userId": "bob"}).json()[
        "appUser"
    ]
    say(app_client, "hello", role="appUser")
    assert app_client.get(PAGE).status_code == 200
    return user


@pytest.fixture
def page_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of messages of every page assembled from now on (a kept page adds nothing)."""
    built: list[int] = []
    original = wire.messages_json

    def counting(models: list[Message]) -> bytes:
        built.append(len(models))
        return original(models)

    monkeypatch.setattr(wire, "messages_json", counting)
    return built


def say(client: httpx.Client, text: str, role: str = "appMaker", **fields: Any) -> dict[str, Any]:
    body = {"role": role, "type": "text", "text": text, **fields}
    response = client.post(PAGE, json=body)
    assert response.status_code == 201, response.text
    message: dict[str, Any] = response.json()["message"]
    return message


def page(client: httpx.Client, path: str = PAGE, **query: str) -> dict[str, Any]:
    response = client.get(path, params=query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def texts(body: dict[str, Any]) -> list[str]:
    return [m["text"] for m in body["messages"]]


def test_a_page_asked_again_without_a_change_is_not_assembled_again(
    app_client: httpx.Client, bob: dict[str, Any], page_builds: list[int]
) -> None:
    first = app_client.get(PAGE)
    again = app_client.get(PAGE)
    assert again.content == first.content
    assert page_builds == [], "the unchanged page was assembled again"
    say(app_client, "news")
    assert texts(page(app_client)) == ["hello", "news"]
    assert page_builds == [2]


def test_a_new_message_shows_with_its_unread_count(
    app_client: httpx.Client, bob: dict[str, Any]
) -> None:
    say(app_client, "from the business")
    body = page(app_client)
    assert texts(body) == ["hello", "from the business"]
    assert body["conversation"]["unreadCount"] == 1


def test_the_user_reading_shows(
    app_client: httpx.Client,
    bob: dict[str, Any],
    fake: FakeSmooch,
    app_and_key: tuple[App, SecretKey],
) -> None:
    say(app_client, "unread")
    before = page(app_client)["conversation"]
    assert before["unreadCount"] == 1
    fake.simulate.read(app_and_key[0].id, "bob")
    after = page(app_client)["conversation"]
    assert after["unreadCount"] == 0
    assert after["appUserLastRead"] > before["appUserLastRead"]


def test_resetting_the_unread_count_shows(app_client: httpx.Client, bob: dict[str, Any]) -> None:
    say(app_client, "unread")
    assert page(app_client)["conversation"]["unreadCount"] == 1
    response = app_client.post("/v1.1/appusers/bob/conversation/read", json={})
    assert response.status_code == 200, response.text
    assert page(app_client)["conversation"]["unreadCount"] == 0


def test_the_business_reading_shows(app_client: httpx.Client, bob: dict[str, Any]) -> None:
    assert "appMakerLastRead" not in page(app_client)["conversation"]
    activity = {"role": "appMaker", "type": "conversation:read"}
    response = app_client.post("/v1.1/appusers/bob/conversation/activity", json=activity)
    assert response.status_code == 200, response.text
    assert "appMakerLastRead" in page(app_client)["conversation"]


def test_a_merge_shows_the_discarded_users_messages(
    app_client: httpx.Client, bob: dict[str, Any]
) -> None:
    alt = app_client.post("/v1.1/appusers", json={"userId": "alt"}).json()["appUser"]
    sent = app_client.post(
        "/v1.1/appusers/alt/messages", json={"role": "appUser", "type": "text", "text": "from alt"}
    )
    assert sent.status_code == 201, sent.text
    assert texts(page(app_client)) == ["hello"]
    merge = {"surviving": {"_id": bob["_id"]}, "discarded": {"_id": alt["_id"]}}
    assert app_client.post("/v1.1/appusers/merge", json=merge).status_code == 200
    assert texts(page(app_client)) == ["hello", "from alt"]


def test_deleting_every_message_shows(app_client: httpx.Client, bob: dict[str, Any]) -> None:
    say(app_client, "unread")
    assert app_client.delete(PAGE).status_code == 200
    body = page(app_client)
    assert body["messages"] == []
    assert body["conversation"]["unreadCount"] == 0


def test_deleting_one_message_shows(app_client: httpx.Client, bob: dict[str, Any]) -> None:
    doomed = say(app_client, "doomed")
    say(app_client, "kept")
    assert texts(page(app_client)) == ["hello", "doomed", "kept"]
    assert app_client.delete(f"{PAGE}/{doomed['_id']}").status_code == 200
    assert texts(page(app_client)) == ["hello", "kept"]


def test_a_submitted_form_shows_as_submitted(app_client: httpx.Client, bob: dict[str, Any]) -> None:
    fields = [{"type": "text", "name": "name", "label": "Your name"}]
    form = app_client.post(PAGE, json={"role": "appMaker", "type": "form", "fields": fields})
    assert form.status_code == 201, form.text
    shown = page(app_client)["messages"][-1]
    assert shown["submitted"] is False
    answer = {
        "role": "appUser",
        "type": "formResponse",
        "fields": [{"type": "text", "name": "name", "label": "Your name", "text": "Bob"}],
        "quotedMessage": {"type": "message", "content": form.json()["message"]},
    }
    assert app_client.post(PAGE, json=answer).status_code == 201
    shown = page(app_client)["messages"][-2]
    assert (shown["type"], shown["submitted"]) == ("form", True)


def test_a_paid_buy_action_shows_as_paid(
    app_client: httpx.Client,
    bob: dict[str, Any],
    fake: FakeSmooch,
    app_and_key: tuple[App, SecretKey],
) -> None:
    offer = say(app_client, "Tacos?", actions=[{"type": "buy", "text": "Buy", "amount": 800}])
    assert page(app_client)["messages"][-1]["actions"][0]["state"] == "offered"
    fake.simulate.pay(app_and_key[0].id, "bob", offer["actions"][0]["_id"])
    assert page(app_client)["messages"][-1]["actions"][0]["state"] == "paid"


def test_each_way_of_asking_keeps_its_own_links(
    app_client: httpx.Client, bob: dict[str, Any], server: ServerThread
) -> None:
    for number in range(100):
        say(app_client, f"more {number}")
    newest = page(app_client)
    assert newest["previous"].startswith(f"{server.url}/v1.1/appusers/bob/messages?before=")
    on_v1 = page(app_client, "/v1/appusers/bob/messages")
    assert on_v1["previous"].startswith(f"{server.url}/v1/appusers/bob/messages?before=")
    by_id = page(app_client, f"/v1.1/appusers/{bob['_id']}/messages")
    assert by_id["previous"].startswith(f"{server.url}/v1.1/appusers/{bob['_id']}/messages?")
    oldest = page(app_client, before=newest["messages"][0]["received"].__repr__())
    assert texts(oldest) == ["hello"]
    assert "next" in oldest and "previous" not in oldest
    assert page(app_client) == newest
