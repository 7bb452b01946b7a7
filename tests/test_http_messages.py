"""HTTP: posting messages, history URLs, deletes, /images uploads, activity, read and postbacks."""

from __future__ import annotations

import re

import httpx
import pytest
from support import assert_error

from smooch_mock.fake import FakeSmooch
from smooch_mock.store import UserInput
from smooch_mock.store.models import App, SecretKey

TEXT = {"role": "appMaker", "type": "text", "text": "hello"}


@pytest.fixture
def app(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> App:
    app, _ = app_and_key
    fake.store.create_user(app.id, UserInput("bob"))
    return app


def test_post_answers_201_with_message_and_conversation(app_client: httpx.Client, app: App) -> None:
    response = app_client.post("/v1.1/appusers/bob/messages", json=TEXT)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"message", "conversation"}
    message, conversation = body["message"], body["conversation"]
    assert re.fullmatch(r"[0-9a-f]{24}", message["_id"])
    # No business name configured: no `name` (live 2018 recordings of such apps).
    assert message["source"] == {"type": "api"} and "name" not in message
    assert re.fullmatch(r"\d+\.\d{1,3}", str(message["received"]))
    assert (
        conversation["unreadCount"] == 1 and conversation["appMakerLastRead"] == message["received"]
    )
    assert None not in message.values()


def test_user_reply_resets_unread_and_marks_conversation_started(
    app_client: httpx.Client, app: App
) -> None:
    app_client.post("/v1.1/appusers/bob/messages", json=TEXT)
    reply = app_client.post("/v1.1/appusers/bob/messages", json={**TEXT, "role": "appUser"}).json()
    assert reply["conversation"]["unreadCount"] == 0
    assert reply["conversation"]["appUserLastRead"] == reply["message"]["received"]
    assert app_client.get("/v1.1/appusers/bob").json()["appUser"]["conversationStarted"] is True


def test_v1_messages_carry_metadata_and_actions_only_when_given(
    app_client: httpx.Client, app: App
) -> None:
    # Live /v1 recordings (2018): no `metadata: {}` / `actions: []` on a plain text message.
    message = app_client.post("/v1/appusers/bob/messages", json=TEXT).json()["message"]
    assert "metadata" not in message and "actions" not in message
    given = {**TEXT, "metadata": {"lang": "en"}}
    message = app_client.post("/v1/appusers/bob/messages", json=given).json()["message"]
    assert message["metadata"] == {"lang": "en"} and "actions" not in message


def test_invalid_message_is_400_naming_the_field(app_client: httpx.Client, app: App) -> None:
    error = assert_error(
        app_client.post("/v1.1/appusers/bob/messages", json={**TEXT, "colour": 1}),
        400,
        "bad_request",
    )
    assert "colour" in error["description"]


def test_message_to_unknown_user_is_404(app_client: httpx.Client, app: App) -> None:
    assert_error(app_client.post("/v1.1/appusers/ghost/messages", json=TEXT), 404, "not_found")


def test_delete_all_messages_and_one_message(app_client: httpx.Client, app: App) -> None:
    first = app_client.post("/v1.1/appusers/bob/messages", json=TEXT).json()["message"]
    second = app_client.post("/v1.1/appusers/bob/messages", json=TEXT).json()["message"]
    assert app_client.delete(f"/v1.1/appusers/bob/messages/{first['_id']}").json() == {}
    assert [m["_id"] for m in app_client.get("/v1.1/appusers/bob/messages").json()["messages"]] == [
        second["_id"]
    ]
    assert_error(app_client.delete(f"/v1.1/appusers/bob/messages/{first['_id']}"), 404, "not_found")
    assert app_client.delete("/v1.1/appusers/bob/messages").json() == {}
    assert app_client.get("/v1.1/appusers/bob/messages").json()["messages"] == []
    assert app_client.get("/v1.1/appusers/bob").status_code == 200


def test_image_upload_posts_an_image_message_served_by_the_fake(
    app_client: httpx.Client, app: App
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
    response = app_client.post(
        "/v1.1/appusers/bob/images",
        data={"role": "appMaker", "text": "look", "metadata": '{"k": "v"}'},
        files={"source": ("cat.png", png, "image/png")},
    )
    assert response.status_code == 201, response.text
    message = response.json()["message"]
    assert (message["type"], message["text"], message["mediaType"]) == (
        "image",
        "look",
        "image/png",
    )
    assert message["mediaSize"] == len(png) and message["metadata"] == {"k": "v"}
    served = app_client.get(message["mediaUrl"])
    assert served.content == png and served.headers["content-type"] == "image/png"


def test_image_upload_needs_a_source_file(app_client: httpx.Client, app: App) -> None:
    response = app_client.post(
        "/v1.1/appusers/bob/images", data={"role": "appMaker"}, files={"other": ("a", b"x")}
    )
    assert_error(response, 400, "bad_request")


def test_conversation_activity_and_read(app_client: httpx.Client, app: App) -> None:
    app_client.post("/v1.1/appusers/bob/messages", json=TEXT)
    activity = app_client.post(
        "/v1.1/appusers/bob/conversation/activity",
        json={"role": "appMaker", "type": "typing:start"},
    )
    assert activity.status_code == 200 and activity.json()["conversation"]["unreadCount"] == 1
    read = app_client.post("/v1.1/appusers/bob/conversation/read")
    assert (read.status_code, read.json()) == (200, {})
    conversation = app_client.get("/v1.1/appusers/bob/messages").json()["conversation"]
    assert conversation["unreadCount"] == 0
    bad = app_client.post(
        "/v1.1/appusers/bob/conversation/activity", json={"role": "appUser", "type": "typing:start"}
    )
    assert_error(bad, 400, "bad_request")


def test_postback_on_a_posted_action(app_client: httpx.Client, app: App) -> None:
    body = {**TEXT, "actions": [{"type": "postback", "text": "Yes", "payload": "YES"}]}
    action_id = app_client.post("/v1.1/appusers/bob/messages", json=body).json()["message"][
        "actions"
    ][0]["_id"]
    response = app_client.post(
        "/v1.1/appusers/bob/conversation/postback", json={"actionId": action_id}
    )
    assert (response.status_code, response.json()) == (200, {})
    missing = app_client.post(
        "/v1.1/appusers/bob/conversation/postback", json={"actionId": "0" * 24}
    )
    assert_error(missing, 404, "not_found")


def _seed(app_client: httpx.Client, base: str, count: int) -> None:
    for number in range(count):
        app_client.post(f"{base}/appusers/bob/messages", json={**TEXT, "text": str(number)})


@pytest.mark.parametrize("version", ["v1", "v1.1"])
@pytest.mark.parametrize("prefixed", [False, True])
def test_next_and_previous_keep_the_exact_prefix_of_the_request(
    app_client: httpx.Client, app: App, version: str, prefixed: bool
) -> None:
    base = f"/{version}/apps/{app.id}" if prefixed else f"/{version}"
    _seed(app_client, base, 101)
    newest = app_client.get(f"{base}/appusers/bob/messages").json()
    assert "next" not in newest
    previous = newest["previous"]
    prefix = str(app_client.base_url) + base + "/appusers/bob/messages?before="
    assert previous.startswith(prefix), previous
    older = app_client.get(previous).json()
    assert [m["text"] for m in older["messages"]] == ["0"]
    assert older["next"].startswith(
        str(app_client.base_url) + base + "/appusers/bob/messages?after="
    )
    assert "previous" not in older


def test_account_scope_next_url_keeps_the_apps_prefix(
    account_client: httpx.Client, app: App
) -> None:
    base = f"/v1.1/apps/{app.id}"
    _seed(account_client, base, 101)
    previous = account_client.get(f"{base}/appusers/bob/messages").json()["previous"]
    assert f"/v1.1/apps/{app.id}/appusers/bob/messages?before=" in previous
    assert account_client.get(previous).status_code == 200


def test_legacy_conversation_on_v1_1_is_served_too(app_client: httpx.Client, app: App) -> None:
    app_client.post("/v1.1/appusers/bob/messages", json=TEXT)
    conversation = app_client.get("/v1.1/appusers/bob/conversation").json()["conversation"]
    assert [m["text"] for m in conversation["messages"]] == ["hello"]
