"""Every error status the fake answers, each as Smooch's JSON error body; no input gives a 500."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from support import assert_error, token

from smooch_mock import error_texts as texts
from smooch_mock.api.routes import SMOOCH_ROUTES
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.router import Body
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput
from smooch_mock.store.models import App, SecretKey

MESSAGES = "/v1.1/appusers/bob/messages"
TEXT = {"role": "appMaker", "type": "text", "text": "hello"}


@pytest.fixture
def app(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> App:
    app, _ = app_and_key
    fake.store.create_user(app.id, UserInput("bob"))
    return app


def _post_raw(
    client: httpx.Client, path: str, body: bytes, content_type: str = "application/json"
) -> httpx.Response:
    return client.post(path, content=body, headers={"Content-Type": content_type})


# -- 400 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", [b"{", b"{'role': 'appMaker'}", b"\xff\xfe", b"[" * 20_000, b"NaNx"]
)
def test_malformed_json_is_400(app_client: httpx.Client, app: App, body: bytes) -> None:
    error = assert_error(_post_raw(app_client, MESSAGES, body), 400, "bad_request")
    assert error["description"] == texts.MALFORMED_JSON


@pytest.mark.parametrize("body", [b"[]", b'"text"', b"42", b"null", b"true"])
def test_body_that_is_not_an_object_is_400(app_client: httpx.Client, app: App, body: bytes) -> None:
    error = assert_error(_post_raw(app_client, MESSAGES, body), 400, "bad_request")
    assert error["description"] == texts.BODY_NOT_OBJECT


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**TEXT, "text": 1}, "text"),
        ({**TEXT, "role": ["appMaker"]}, "role"),
        ({**TEXT, "actions": {}}, "actions"),
        ({**TEXT, "metadata": []}, "metadata"),
    ],
)
def test_wrong_types_are_400_naming_the_field(
    app_client: httpx.Client, app: App, body: dict[str, object], field: str
) -> None:
    assert (
        field
        in assert_error(app_client.post(MESSAGES, json=body), 400, "bad_request")["description"]
    )


def test_before_and_after_together_is_400(app_client: httpx.Client, app: App) -> None:
    response = app_client.get(MESSAGES, params={"before": "2", "after": "1"})
    error = assert_error(response, 400, "bad_request")
    assert "mutually exclusive" in error["description"]
    assert error["description"] == texts.BEFORE_AND_AFTER


# -- 401, 403 ----------------------------------------------------------------------------------


def test_missing_credentials_is_401_unauthorized(server: ServerThread) -> None:
    assert_error(httpx.get(server.url + "/v1.1/webhooks"), 401, "unauthorized")


def test_bad_token_is_401_invalid_auth(server: ServerThread) -> None:
    response = httpx.get(server.url + "/v1.1/webhooks", headers={"Authorization": "Bearer a.b.c"})
    assert_error(response, 401, "invalid_auth")


def test_valid_credentials_without_access_is_403(app_client: httpx.Client) -> None:
    assert_error(app_client.get("/v1.1/serviceaccounts"), 403, "forbidden")


# -- 404, 405, 409 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/v1.1/unknown",
        "/v1.1/appusers/ghost",
        "/v1.1/webhooks/" + "0" * 24,
        "/v1.1/templates/" + "0" * 24,
        "/v1.1/keys/app_nope",
        "/v1.1/appusers/bob/nothing",
    ],
)
def test_unknown_path_or_object_is_404(app_client: httpx.Client, app: App, path: str) -> None:
    assert_error(app_client.get(path), 404, "not_found")


def test_unknown_integration_is_404(app_client: httpx.Client, app: App) -> None:
    assert_error(app_client.get(f"/v1.1/apps/{app.id}/integrations/{'0' * 24}"), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/v1.1/appusers/bob"),
        ("PUT", "/v1.1/webhooks"),
        ("POST", "/v1.1/appusers/bob/authcode"),
        ("DELETE", "/v1.1/appusers"),
        ("POST", "/v1.1/menu"),
        ("GET", "/v1.1/attachments"),
    ],
)
def test_wrong_method_on_a_known_path_is_405(
    app_client: httpx.Client, app: App, method: str, path: str
) -> None:
    assert_error(app_client.request(method, path), 405, "method_not_allowed")


def test_405_names_the_methods_the_path_takes_in_allow(app_client: httpx.Client, app: App) -> None:
    response = app_client.request("PATCH", "/v1.1/appusers/bob")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "DELETE, GET, PUT"


def test_duplicate_user_id_is_409(app_client: httpx.Client, app: App) -> None:
    assert_error(app_client.post("/v1.1/appusers", json={"userId": "bob"}), 409, "conflict")


# -- 413, 415 ----------------------------------------------------------------------------------


def test_json_body_over_100_kb_is_413(app_client: httpx.Client, app: App) -> None:
    body = json.dumps({**TEXT, "text": "x" * (100 * 1024)}).encode()
    assert_error(_post_raw(app_client, MESSAGES, body), 413, "request_entity_too_large")


def test_json_body_just_under_100_kb_is_accepted(app_client: httpx.Client, app: App) -> None:
    body = json.dumps({**TEXT, "text": "x" * (99 * 1024)}).encode()
    assert _post_raw(app_client, MESSAGES, body).status_code == 201


def test_attachment_over_10_mb_is_413(app_client: httpx.Client, app: App) -> None:
    files = {"source": ("big.bin", b"0" * (10 * 1024 * 1024 + 1), "application/octet-stream")}
    response = app_client.post("/v1.1/attachments", params={"access": "public"}, files=files)
    assert_error(response, 413, "request_entity_too_large")


def test_body_far_over_every_limit_is_413_and_the_server_still_stops(
    fake: FakeSmooch, app: App
) -> None:
    _, key = fake.create_app_with_key("Big uploads")
    thread = ServerThread(fake).start()
    files = {"source": ("huge.bin", b"0" * (11 * 1024 * 1024), "application/octet-stream")}
    with httpx.Client(base_url=thread.url, auth=(key.id, key.secret)) as client:
        response = client.post("/v1.1/attachments", params={"access": "public"}, files=files)
    assert_error(response, 413, "request_entity_too_large")
    thread.stop()


def test_json_route_with_text_plain_body_is_415(app_client: httpx.Client, app: App) -> None:
    response = _post_raw(app_client, MESSAGES, json.dumps(TEXT).encode(), "text/plain")
    assert_error(response, 415, "unsupported_media_type")


def test_multipart_route_without_multipart_is_415(app_client: httpx.Client, app: App) -> None:
    response = app_client.post(
        "/v1.1/attachments", params={"access": "public"}, json={"source": "x"}
    )
    assert_error(response, 415, "unsupported_media_type")


def test_multipart_without_boundary_is_400(app_client: httpx.Client, app: App) -> None:
    response = _post_raw(
        app_client, "/v1.1/attachments?access=public", b"garbage", "multipart/form-data"
    )
    assert_error(response, 400, "bad_request")


# -- no 500, whatever the input ----------------------------------------------------------------

ODD_BODIES: list[object] = [
    {},
    {"role": None, "type": None, "text": None},
    {"items": [None], "fields": [[]], "actions": [{}], "coordinates": [], "quotedMessage": 1},
    {
        "name": {"a": 1},
        "message": [],
        "items": {},
        "settings": [],
        "metadata": "x",
        "properties": [1],
    },
    {"target": 5, "triggers": [None], "destination": {"integrationId": []}, "author": "x"},
    {"surviving": [], "discarded": None, "confirmation": {"type": []}, "type": {"x": 1}},
    {"device": {"id": 1}, "userId": {}, "actionId": [], "mediaUrl": 3, "amount": 10**30},
    {
        "type": "carousel",
        "role": "appMaker",
        "items": [{"title": "t", "actions": [{"type": "buy", "amount": 1e300}]}],
    },
    {"type": "location", "role": "appUser", "coordinates": {"lat": 10**400, "long": float("inf")}},
]


def _concrete(path: str, app: App, integration_id: str) -> str:
    values = {"appId": app.id, "userId": "bob", "integrationId": integration_id}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x"), path)


def test_no_odd_json_body_on_any_route_gives_a_500(
    fake: FakeSmooch, server: ServerThread, app: App, app_and_key: tuple[App, SecretKey]
) -> None:
    integration = fake.store.create_integration(
        app.id, "whatsapp", {"deploymentId": "5c86dbc35d2e6c0010b8b72e"}
    )
    account = httpx.Client(
        base_url=server.url,
        headers={"Authorization": f"Bearer {token(fake.account_key, 'account')}"},
    )
    statuses: set[int] = set()
    with account:
        for route in SMOOCH_ROUTES:
            if route.body is not Body.JSON:
                continue
            version = route.versions[-1]
            prefix = (
                ""
                if route.path.startswith("/apps") or route.path.startswith("/service")
                else f"/apps/{app.id}"
            )
            url = f"/{version}{prefix}{_concrete(route.path, app, integration.id)}"
            for body in ODD_BODIES:
                content = json.dumps(body, allow_nan=True).encode()
                response = account.request(
                    route.method, url, content=content, headers={"Content-Type": "application/json"}
                )
                statuses.add(response.status_code)
                assert response.status_code < 500, (route.method, url, body, response.text)
                assert response.headers["content-type"].startswith("application/json")
    assert not fake.internal_errors
    assert 400 in statuses
