"""Users the simulation creates look real and agree with what the caller gave: anonymous SDK users
have no invented names, a name can be given, clients are never seen before their user signed up."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def _write(server: ServerThread, app: App, **body: object) -> httpx.Response:
    return httpx.post(f"{server.url}/_mock/apps/{app.id}/simulate/message", json=body)


@pytest.mark.parametrize("channel", ["web", "ios", "android"])
def test_a_new_sdk_user_is_anonymous(
    server: ServerThread, app_and_key: tuple[App, object], channel: str
) -> None:
    app, _ = app_and_key
    response = _write(server, app, user="sam", channel=channel, text="hello")
    assert response.status_code == 201, response.text
    user = response.json()["appUser"]
    assert user["userId"] == "sam"
    assert "givenName" not in user and "surname" not in user
    assert "displayName" not in user["clients"][0]


def test_a_simulated_user_can_be_given_a_name(
    server: ServerThread, app_and_key: tuple[App, object]
) -> None:
    app, _ = app_and_key
    body = {"user": "sam", "givenName": "Sam", "surname": "Lee", "text": "hello"}
    response = _write(server, app, **body)
    user, message = response.json()["appUser"], response.json()["message"]
    assert (user["givenName"], user["surname"]) == ("Sam", "Lee")
    assert message["name"] == "Sam Lee"


def test_a_channel_profile_agrees_with_the_user_it_belongs_to(
    server: ServerThread, app_and_key: tuple[App, object]
) -> None:
    app, _ = app_and_key
    body = {"user": "kim", "givenName": "Kim", "surname": "Park", "channel": "messenger"}
    user = _write(server, app, **body, text="hi").json()["appUser"]
    [client] = user["clients"]
    assert client["displayName"] == "Kim Park"
    invented = _write(server, app, user="lou", channel="messenger", text="hi").json()["appUser"]
    assert invented["clients"][0]["displayName"] == (
        f"{invented['givenName']} {invented['surname']}"
    )


@pytest.mark.parametrize("channel", ["web", "ios", "messenger", "telegram", "whatsapp"])
def test_a_client_is_never_seen_before_its_user_signed_up(
    server: ServerThread, app_and_key: tuple[App, object], channel: str
) -> None:
    app, _ = app_and_key
    user = _write(server, app, user="sam", channel=channel, text="hi").json()["appUser"]
    [client] = user["clients"]
    assert _seconds(client["lastSeen"]) >= _seconds(user["signedUpAt"])


def test_a_web_client_shows_its_raw_profile_like_the_web_messenger(
    fake: FakeSmooch, app_and_key: tuple[App, object]
) -> None:
    app, _ = app_and_key
    _, client = fake.simulate.end_user(app.id, "sam", channel="web")
    assert client.raw == client.info and "timezone" not in client.info
    assert {"sdkVersion", "URL", "userAgent", "currentUrl", "vendor"} <= set(client.info)
