"""HTTP: attachments uploaded as multipart, served back at their mediaUrl, used by messages."""

from __future__ import annotations

import httpx
import pytest
from support import assert_error

from smooch_mock.fake import FakeSmooch
from smooch_mock.store import UserInput
from smooch_mock.store.models import App, SecretKey

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4


@pytest.fixture
def app(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> App:
    app, _ = app_and_key
    fake.store.create_user(app.id, UserInput("bob"))
    return app


def _upload(
    client: httpx.Client, name: str = "doc.pdf", data: bytes = PDF, **params: str
) -> httpx.Response:
    return client.post(
        "/v1.1/attachments",
        params={"access": "public", **params},
        files={"source": (name, data, "application/pdf")},
    )


def test_upload_is_served_back_with_the_same_bytes_and_type(
    app_client: httpx.Client, app: App
) -> None:
    response = _upload(app_client, userId="bob")
    assert response.status_code == 201
    body = response.json()
    assert body["mediaType"] == "application/pdf"
    served = httpx.get(body["mediaUrl"])
    assert served.status_code == 200
    assert served.content == PDF and served.headers["content-type"].startswith("application/pdf")


def test_message_using_an_uploaded_file_gets_its_media_size(
    app_client: httpx.Client, app: App
) -> None:
    media_url = _upload(app_client).json()["mediaUrl"]
    message = app_client.post(
        "/v1.1/appusers/bob/messages",
        json={"role": "appMaker", "type": "file", "mediaUrl": media_url},
    ).json()["message"]
    assert message["mediaSize"] == len(PDF) and message["mediaType"] == "application/pdf"
    assert "altText" not in message  # only when given (live 2018 recordings)


def test_file_name_with_odd_characters_is_still_served(app_client: httpx.Client, app: App) -> None:
    media_url = _upload(app_client, name="a b/c#d?.pdf").json()["mediaUrl"]
    assert httpx.get(media_url).content == PDF


def test_remove_then_media_is_gone(app_client: httpx.Client, app: App) -> None:
    media_url = _upload(app_client).json()["mediaUrl"]
    assert app_client.post("/v1.1/attachments/remove", json={"mediaUrl": media_url}).json() == {}
    assert_error(httpx.get(media_url), 404, "not_found")
    assert_error(
        app_client.post("/v1.1/attachments/remove", json={"mediaUrl": media_url}), 404, "not_found"
    )


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"access": "private"}, 400, "bad_request"),
        ({"access": "public", "for": "avatar"}, 400, "bad_request"),
        ({"access": "public", "userId": "ghost"}, 404, "not_found"),
    ],
)
def test_bad_upload_parameters(
    app_client: httpx.Client, app: App, params: dict[str, str], status: int, code: str
) -> None:
    files = {"source": ("a.pdf", PDF, "application/pdf")}
    assert_error(app_client.post("/v1.1/attachments", params=params, files=files), status, code)


def test_upload_without_source_is_400(app_client: httpx.Client, app: App) -> None:
    response = app_client.post(
        "/v1.1/attachments", params={"access": "public"}, files={"file": ("a", b"x")}
    )
    assert_error(response, 400, "bad_request")
