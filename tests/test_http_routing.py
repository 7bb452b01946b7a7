"""HTTP routing as clients call it: /v1 and /v1.1, with or without /apps/{appId}, legacy v1."""

from __future__ import annotations

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
    fake.store.create_user(app.id, UserInput("bob@example.com"))
    return app


@pytest.mark.parametrize("version", ["v1", "v1.1"])
@pytest.mark.parametrize("prefixed", [False, True])
def test_app_scope_works_with_and_without_apps_prefix_on_both_versions(
    app_client: httpx.Client, app: App, version: str, prefixed: bool
) -> None:
    base = f"/{version}/apps/{app.id}" if prefixed else f"/{version}"
    posted = app_client.post(f"{base}/appusers/bob%40example.com/messages", json=TEXT)
    assert posted.status_code == 201, posted.text
    listed = app_client.get(f"{base}/appusers/bob%40example.com/messages")
    assert [m["text"] for m in listed.json()["messages"]] == ["hello"]


@pytest.mark.parametrize("version", ["v1", "v1.1"])
def test_account_scope_works_with_the_apps_prefix(
    account_client: httpx.Client, app: App, version: str
) -> None:
    response = account_client.get(f"/{version}/apps/{app.id}/appusers/bob@example.com")
    assert response.status_code == 200
    assert response.json()["appUser"]["userId"] == "bob@example.com"


def test_v1_app_user_carries_v1_only_fields(app_client: httpx.Client, app: App) -> None:
    v1 = app_client.get("/v1/appusers/bob@example.com").json()["appUser"]
    v11 = app_client.get("/v1.1/appusers/bob@example.com").json()["appUser"]
    assert v1["credentialRequired"] is False and v1["devices"] == []
    assert "credentialRequired" not in v11 and "devices" not in v11


def test_user_ids_with_slashes_are_percent_encoded_in_paths(
    app_client: httpx.Client, fake: FakeSmooch, app: App
) -> None:
    fake.store.create_user(app.id, UserInput("team/ann"))
    response = app_client.get("/v1.1/appusers/team%2Fann")
    assert response.json()["appUser"]["userId"] == "team/ann"


def test_trailing_slash_is_tolerated(app_client: httpx.Client, app: App) -> None:
    assert app_client.get("/v1.1/webhooks/").status_code == 200


def test_python_sdk_notification_path_on_v1_works(
    app_client: httpx.Client, fake: FakeSmooch, app: App
) -> None:
    integration = fake.store.create_integration(app.id, "telegram", {"token": "t"})
    body = {
        "destination": {"integrationId": integration.id, "destinationId": "123"},
        "author": {"role": "appMaker"},
        "message": {"type": "text", "text": "hi"},
    }
    response = app_client.post(f"/v1/apps/{app.id}/notifications", json=body)
    assert response.status_code == 201 and len(response.json()["notification"]["_id"]) == 36


def test_legacy_conversation_returns_messages_inline(app_client: httpx.Client, app: App) -> None:
    app_client.post("/v1/appusers/bob@example.com/messages", json=TEXT)
    conversation = app_client.get("/v1/appusers/bob@example.com/conversation").json()[
        "conversation"
    ]
    assert [m["text"] for m in conversation["messages"]] == ["hello"]
    assert conversation["unreadCount"] == 1 and len(conversation["appMakers"]) == 1
    assert conversation["appUsers"] == [
        app_client.get("/v1/appusers/bob@example.com").json()["appUser"]["_id"]
    ]


def test_legacy_untyped_message_is_text(app_client: httpx.Client, app: App) -> None:
    body = {
        "text": "old style",
        "role": "appMaker",
        "actions": [{"type": "postback", "text": "A", "payload": "A"}],
    }
    response = app_client.post("/v1/appusers/bob@example.com/conversation/messages", json=body)
    assert response.status_code == 201
    message = response.json()["message"]
    assert (message["type"], message["text"], message["actions"][0]["uri"]) == (
        "text",
        "old style",
        "",
    )


def test_legacy_init_creates_the_user_and_registers_the_device(
    app_client: httpx.Client, app: App
) -> None:
    body = {"device": {"id": "dev-1", "platform": "ios", "appVersion": "1.0"}, "userId": "dana"}
    first = app_client.post("/v1/init", json=body)
    assert first.status_code == 200
    user = first.json()["appUser"]
    assert user["userId"] == "dana" and user["clients"][0]["id"] == "dev-1"
    assert first.json()["app"]["_id"] == app.id
    again = app_client.post("/v1/init", json=body).json()["appUser"]
    assert again["_id"] == user["_id"] and len(again["clients"]) == 1


def test_legacy_track_event(app_client: httpx.Client, app: App) -> None:
    response = app_client.post("/v1/appusers/bob@example.com/events", json={"name": "visited"})
    assert response.status_code == 201 and response.json() == {"conversationUpdated": False}


def test_legacy_webhooks_path_is_the_app_scope_webhooks_route(
    app_client: httpx.Client, app: App
) -> None:
    created = app_client.post("/v1/webhooks", json={"target": "https://x.io/h"}).json()["webhook"]
    # A /v1 answer has no `version` (2017 docs, live 2018 recordings); the webhook is a v1 one.
    assert created["triggers"] == ["message"] and "version" not in created
    assert app.id and app_client.get("/v1.1/webhooks").json()["webhooks"][0]["version"] == "v1"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1.1/init"),
        ("GET", "/v1.1/init"),
        ("POST", "/v1.1/appusers/bob@example.com/conversation/messages"),
        ("POST", "/v1.1/appusers/bob@example.com/events"),
        ("GET", "/v1.1/appusers/bob@example.com/events"),
    ],
)
def test_legacy_only_paths_are_404_on_v1_1(
    app_client: httpx.Client, app: App, method: str, path: str
) -> None:
    assert_error(
        app_client.request(method, path, json={"text": "x", "role": "appUser"}), 404, "not_found"
    )


@pytest.mark.parametrize("path", ["/v1.2/webhooks", "/appusers/bob", "/v1.1/nothing"])
def test_unknown_paths_are_404(app_client: httpx.Client, path: str) -> None:
    assert_error(app_client.get(path), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/apps/{app}/appusers/bob@example.com/authCode", None),
        ("GET", "/v1/appUsers/bob@example.com", None),
        ("POST", "/v1/appUsers/bob@example.com/messages", TEXT),
        ("GET", "/v1.1/AppUsers/bob@example.com/Channels", None),
        ("POST", "/v1/appUsers/bob@example.com/Conversation/Read", {}),
        ("POST", "/v1/appUsers/bob@example.com/stripe/Customer", {"token": "tok_visa"}),
        ("GET", "/V1/Stripe/Account", None),
        ("GET", "/v1/Apps/{app}/appUsers/bob@example.com/Conversation", None),
    ],
)
def test_literal_path_segments_match_in_any_case(
    app_client: httpx.Client, app: App, method: str, path: str, body: object
) -> None:
    # smooch-core 2.x called /v1/appUsers/..., and GET .../authCode was recorded answering 200.
    response = app_client.request(method, path.format(app=app.id), json=body)
    assert response.status_code == (201 if path.endswith("/messages") else 200), response.text


def test_path_parameters_keep_their_case(app_client: httpx.Client, app: App) -> None:
    assert_error(app_client.get("/v1/appusers/BOB@example.com"), 404, "not_found")


def test_images_upload_path_matches_in_any_case(app_client: httpx.Client, app: App) -> None:
    files = {"source": ("cat.png", b"\x89PNG\r\n", "image/png")}
    response = app_client.post(
        "/v1/appUsers/bob@example.com/Images", files=files, data={"role": "appUser"}
    )
    assert response.status_code == 201 and response.json()["message"]["type"] == "image"


def test_untyped_v1_post_is_a_text_message_and_v1_1_still_needs_type(
    app_client: httpx.Client, app: App
) -> None:
    untyped = {"text": "Hi there", "role": "appMaker"}
    posted = app_client.post("/v1/appusers/bob@example.com/messages", json=untyped)
    assert posted.status_code == 201 and posted.json()["message"]["type"] == "text"
    error = assert_error(
        app_client.post("/v1.1/appusers/bob@example.com/messages", json=untyped),
        400,
        "bad_request",
    )
    assert "type" in error["description"]


def test_legacy_init_accepts_the_other_platform(app_client: httpx.Client, app: App) -> None:
    body = {"device": {"id": "kiosk-1", "platform": "other"}, "userId": "bob@example.com"}
    response = app_client.post("/v1/init", json=body)
    assert response.status_code == 200, response.text
    [device] = response.json()["appUser"]["clients"]
    assert (device["id"], device["platform"]) == ("kiosk-1", "other")


def test_legacy_device_update_refreshes_the_sdk_device(app_client: httpx.Client, app: App) -> None:
    init = {"device": {"id": "ios-1", "platform": "ios", "appVersion": "1.0"}, "userId": "bob"}
    assert app_client.post("/v1/init", json=init).status_code == 200
    response = app_client.put("/v1/appusers/bob/devices/ios-1", json={"appVersion": "8.0"})
    assert response.status_code == 200
    device = response.json()["device"]
    assert (device["id"], device["appVersion"], device["active"]) == ("ios-1", "8.0", True)
    assert "status" not in device  # a v1 client
    assert_error(app_client.put("/v1/appusers/bob/devices/nope", json={}), 404, "not_found")
    assert_error(app_client.put("/v1.1/appusers/bob/devices/ios-1", json={}), 404, "not_found")
