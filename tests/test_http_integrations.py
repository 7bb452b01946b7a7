"""HTTP: integrations (always under /apps/{appId}), their menus, profile and WhatsApp templates."""

from __future__ import annotations

import httpx
import pytest
from support import assert_error

from smooch_mock.store.models import App, SecretKey

MESSENGER = {"type": "messenger", "pageAccessToken": "PAT", "appId": "123", "appSecret": "ASEC"}


@pytest.fixture
def base(app_and_key: tuple[App, SecretKey]) -> str:
    return f"/v1.1/apps/{app_and_key[0].id}/integrations"


def test_create_never_echoes_secrets(app_client: httpx.Client, base: str) -> None:
    response = app_client.post(base, json=MESSENGER)
    assert response.status_code == 201
    integration = response.json()["integration"]
    assert integration["type"] == "messenger" and integration["status"] == "active"
    assert integration["appId"] == "123" and integration["pageId"]
    assert "pageAccessToken" not in integration and "appSecret" not in integration
    fetched = app_client.get(f"{base}/{integration['_id']}").json()["integration"]
    assert fetched == integration


def test_missing_required_field_is_400_naming_it(app_client: httpx.Client, base: str) -> None:
    body = {k: v for k, v in MESSENGER.items() if k != "appSecret"}
    assert (
        "appSecret"
        in assert_error(app_client.post(base, json=body), 400, "bad_request")["description"]
    )
    assert_error(app_client.post(base, json={"type": "pigeon"}), 400, "bad_request")


def test_list_filters_by_types_and_pages(app_client: httpx.Client, base: str) -> None:
    app_client.post(base, json=MESSENGER)
    app_client.post(base, json={"type": "telegram", "token": "t"})
    listed = app_client.get(base, params={"types": "telegram,line"}).json()
    assert [i["type"] for i in listed["integrations"]] == ["telegram"] and listed[
        "hasMore"
    ] is False
    assert len(app_client.get(base).json()["integrations"]) == 2
    assert_error(app_client.get(base, params={"types": "pigeon"}), 400, "bad_request")


def test_update_and_delete(app_client: httpx.Client, base: str) -> None:
    integration = app_client.post(base, json={"type": "web"}).json()["integration"]
    path = f"{base}/{integration['_id']}"
    updated = app_client.put(path, json={"brandColor": "ff0000", "displayName": "Chat"}).json()[
        "integration"
    ]
    assert (updated["brandColor"], updated["displayName"]) == ("ff0000", "Chat")
    assert_error(app_client.put(path, json={"type": "line"}), 400, "bad_request")
    assert app_client.delete(path).json() == {}
    assert_error(app_client.get(path), 404, "not_found")


def test_integration_menu(app_client: httpx.Client, base: str) -> None:
    integration = app_client.post(base, json=MESSENGER).json()["integration"]
    path = f"{base}/{integration['_id']}/menu"
    assert app_client.get(path).json() == {"menu": {"items": []}}
    menu = {"items": [{"type": "link", "text": "Site", "uri": "https://x.io"}]}
    created = app_client.post(path, json=menu)
    assert (
        created.status_code == 201 and created.json()["menu"]["items"][0]["uri"] == "https://x.io"
    )
    # A configured menu shows its settings, inputEnabled by default (live 2018 recordings).
    assert app_client.put(path, json={"items": []}).json() == {
        "menu": {"items": [], "settings": {"inputEnabled": True}}
    }
    assert app_client.delete(path).json() == {}


def test_whatsapp_profile_photo_and_message_templates(app_client: httpx.Client, base: str) -> None:
    integration = app_client.post(
        base, json={"type": "whatsapp", "deploymentId": "5c86dbc35d2e6c0010b8b72e"}
    ).json()["integration"]
    path = f"{base}/{integration['_id']}"
    assert (
        app_client.put(
            f"{path}/profile", json={"about": "We sell tea", "websites": ["https://t.io"]}
        ).json()
        == {}
    )
    assert app_client.get(f"{path}/profile").json()["profile"]["about"] == "We sell tea"
    photo = app_client.put(
        f"{path}/profile/photo", files={"source": ("me.jpg", b"JPEG", "image/jpeg")}
    )
    assert photo.status_code == 200
    assert app_client.get(photo.json()["photoUrl"]).content == b"JPEG"
    body = {
        "name": "hello",
        "category": "ISSUE_RESOLUTION",
        "language": "en_US",
        "components": [{"type": "BODY", "text": "Hello {{1}}"}],
    }
    template = app_client.post(f"{path}/messageTemplates", json=body)
    assert template.status_code == 201 and template.json()["messageTemplate"]["status"] == "PENDING"
    assert [
        t["name"] for t in app_client.get(f"{path}/messageTemplates").json()["messageTemplates"]
    ] == ["hello"]
    assert app_client.delete(f"{path}/messageTemplates/hello").json() == {}
    assert_error(app_client.delete(f"{path}/messageTemplates/hello"), 404, "not_found")


def test_integrations_are_not_served_without_the_apps_prefix(app_client: httpx.Client) -> None:
    assert_error(app_client.get("/v1.1/integrations"), 404, "not_found")
