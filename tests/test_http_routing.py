"""HTTP routing as clients call it: /v1 and /v1.1, with or without /apps/{appId}, legacy v1."""

from __future__ import annotations

import httpx
import pytest
from support import assert_error

from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App, SecretKey

TEXT = {"role": "appMaker", "type": "text", "text": "hello"}


@pytest.fixture
def app(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> App:
    app, _ = app_and_key
    fake.store.create_app_user(app.id, "bob@example.com")
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
    fake.store.create_app_user(app.id, "team/ann")
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


@pytest.mark.parametrize(
    "path", ["/v2/appusers/bob", "/v1.2/webhooks", "/appusers/bob", "/v1.1/nothing"]
)
def test_unknown_paths_are_404(app_client: httpx.Client, path: str) -> None:
    assert_error(app_client.get(path), 404, "not_found")
