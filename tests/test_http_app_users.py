"""HTTP: appUsers — pre-create, get, additive update, delete, profile, channels, links, merge."""

from __future__ import annotations

import httpx
import pytest
from support import assert_error

from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App, SecretKey


@pytest.fixture
def app(app_and_key: tuple[App, SecretKey]) -> App:
    return app_and_key[0]


def _create(client: httpx.Client, **body: object) -> dict[str, object]:
    response = client.post("/v1.1/appusers", json={"userId": "bob", **body})
    assert response.status_code == 201, response.text
    return dict(response.json()["appUser"])


def test_pre_create_returns_201_with_the_full_app_user(app_client: httpx.Client) -> None:
    user = _create(
        app_client,
        givenName="Bob",
        email="b@x.io",
        signedUpAt="2020-01-02T03:04:05.678Z",
        properties={"plan": "pro"},
    )
    assert (user["userId"], user["givenName"], user["email"]) == ("bob", "Bob", "b@x.io")
    assert user["signedUpAt"] == "2020-01-02T03:04:05.678Z"
    assert user["properties"] == {"plan": "pro"}
    assert (
        user["conversationStarted"] is False
        and user["clients"] == []
        and user["pendingClients"] == []
    )
    assert None not in user.values()


def test_new_user_history_is_an_empty_page_not_a_404(app_client: httpx.Client) -> None:
    _create(app_client)
    response = app_client.get("/v1.1/appusers/bob/messages")
    assert response.status_code == 200
    assert response.json()["messages"] == [] and response.json()["conversation"]["unreadCount"] == 0


def test_duplicate_user_id_is_409_conflict(app_client: httpx.Client) -> None:
    _create(app_client)
    assert_error(app_client.post("/v1.1/appusers", json={"userId": "bob"}), 409, "conflict")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"userId": 7},
        {"userId": "x", "properties": {"a": {"b": 1}}},
        {"userId": "x", "signedUpAt": "yesterday"},
        {"userId": "x", "credentialRequired": True},
        {"userId": "x", "nickname": "x"},
    ],
)
def test_invalid_pre_create_is_400(app_client: httpx.Client, body: dict[str, object]) -> None:
    assert_error(app_client.post("/v1.1/appusers", json=body), 400, "bad_request")


def test_v1_pre_create_accepts_credential_required(app_client: httpx.Client) -> None:
    response = app_client.post("/v1/appusers", json={"userId": "old", "credentialRequired": False})
    assert response.status_code == 201


def test_get_by_object_id_or_user_id_and_unknown_is_404(app_client: httpx.Client) -> None:
    user = _create(app_client)
    assert app_client.get(f"/v1.1/appusers/{user['_id']}").json()["appUser"]["userId"] == "bob"
    assert_error(app_client.get("/v1.1/appusers/nobody"), 404, "not_found")


def test_update_is_additive(app_client: httpx.Client) -> None:
    _create(app_client, givenName="Bob", properties={"plan": "pro", "seats": 2})
    response = app_client.put(
        "/v1.1/appusers/bob", json={"surname": "Ross", "properties": {"seats": 3}}
    )
    user = response.json()["appUser"]
    assert (user["givenName"], user["surname"]) == ("Bob", "Ross")
    assert user["properties"] == {"plan": "pro", "seats": 3}


def test_delete_answers_empty_object_then_404(app_client: httpx.Client) -> None:
    _create(app_client)
    response = app_client.delete("/v1.1/appusers/bob")
    assert (response.status_code, response.json()) == (200, {})
    assert_error(app_client.get("/v1.1/appusers/bob"), 404, "not_found")


def test_delete_profile_returns_the_cleared_user(app_client: httpx.Client) -> None:
    _create(app_client, givenName="Bob", properties={"a": 1})
    user = app_client.delete("/v1.1/appusers/bob/profile").json()["appUser"]
    assert "givenName" not in user and user["properties"] == {} and user["userId"] == "bob"


def test_link_immediate_then_list_channels_then_unlink(
    app_client: httpx.Client, fake: FakeSmooch, app: App
) -> None:
    twilio = fake.store.create_integration(
        app.id, "twilio", {"accountSid": "a", "authToken": "b", "phoneNumberSid": "c"}
    )
    _create(app_client)
    body = {"type": "twilio", "phoneNumber": "+15145550000", "confirmation": {"type": "immediate"}}
    user = app_client.post("/v1.1/appusers/bob/channels", json=body).json()["appUser"]
    assert [c["platform"] for c in user["clients"]] == ["twilio"]
    channels = app_client.get("/v1.1/appusers/bob/channels").json()["channels"]
    assert channels == [
        {"type": "twilio", "integrationId": twilio.id, "phoneNumber": "+15145550000"}
    ]
    assert app_client.delete("/v1.1/appusers/bob/channels/twilio").json() == {}
    assert app_client.get("/v1.1/appusers/bob/channels").json()["channels"] == []
    assert_error(app_client.delete("/v1.1/appusers/bob/channels/twilio"), 404, "not_found")


def test_link_with_prompt_leaves_a_pending_client(app_client: httpx.Client) -> None:
    _create(app_client)
    body = {"type": "twilio", "phoneNumber": "+15145550000", "confirmation": {"type": "prompt"}}
    user = app_client.post("/v1.1/appusers/bob/channels", json=body).json()["appUser"]
    assert user["clients"] == [] and user["pendingClients"][0]["status"] == "pending"


@pytest.mark.parametrize(
    "body",
    [
        {"type": "twilio", "confirmation": {"type": "immediate"}},
        {"type": "twilio", "phoneNumber": "5145550000", "confirmation": {"type": "immediate"}},
        {"type": "twilio", "phoneNumber": "+15145550000"},
        {"type": "twilio", "phoneNumber": "+15145550000", "confirmation": {"type": "userActivity"}},
        {"type": "mailgun", "confirmation": {"type": "immediate"}},
        {"type": "pager", "confirmation": {"type": "immediate"}},
        {
            "type": "twilio",
            "phoneNumber": "+1555",
            "confirmation": {"type": "prompt", "message": {"type": "carousel"}},
        },
        {
            "type": "twilio",
            "phoneNumber": "+1555",
            "confirmation": {"type": "immediate"},
            "skipConfirmation": True,
        },
    ],
)
def test_invalid_link_is_400(app_client: httpx.Client, body: dict[str, object]) -> None:
    _create(app_client)
    assert_error(app_client.post("/v1.1/appusers/bob/channels", json=body), 400, "bad_request")


def test_business_systems_auth_code_and_link_requests(
    app_client: httpx.Client, fake: FakeSmooch, app: App
) -> None:
    telegram = fake.store.create_integration(app.id, "telegram", {"token": "t"})
    _create(app_client)
    assert app_client.get("/v1.1/appusers/bob/businesssystems").json() == {"businessSystems": []}
    assert app_client.get("/v1.1/appusers/bob/authcode").json()["authCode"].startswith("ac_")
    response = app_client.get(
        "/v1.1/appusers/bob/linkrequest", params={"integrationIds": telegram.id}
    )
    [request] = response.json()["linkRequests"]
    assert request["integrationId"] == telegram.id and request["url"].startswith(
        "https://telegram.me/"
    )
    assert_error(app_client.get("/v1.1/appusers/bob/linkrequest"), 400, "bad_request")


def test_merge_answers_empty_object_and_removes_the_discarded_user(
    app_client: httpx.Client,
) -> None:
    surviving = _create(app_client)
    discarded = app_client.post("/v1.1/appusers", json={"userId": "alt"}).json()["appUser"]
    app_client.post(
        "/v1.1/appusers/alt/messages", json={"role": "appUser", "type": "text", "text": "from alt"}
    )
    body = {"surviving": {"_id": surviving["_id"]}, "discarded": {"_id": discarded["_id"]}}
    response = app_client.post("/v1.1/appusers/merge", json=body)
    assert (response.status_code, response.json()) == (200, {})
    assert_error(app_client.get("/v1.1/appusers/alt"), 404, "not_found")
    texts = [m["text"] for m in app_client.get("/v1.1/appusers/bob/messages").json()["messages"]]
    assert texts == ["from alt"]
    assert_error(
        app_client.post("/v1.1/appusers/merge", json={"surviving": {"_id": "x"}}),
        400,
        "bad_request",
    )
