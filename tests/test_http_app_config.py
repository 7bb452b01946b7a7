"""HTTP: the app's persistent menu and message templates."""

from __future__ import annotations

import httpx
from support import assert_error

MENU = {
    "items": [{"type": "postback", "text": "Help", "payload": "HELP"}],
    "settings": {"inputEnabled": True},
}
TEMPLATE = {"name": "greet", "message": {"role": "appMaker", "type": "text", "text": "Hello!"}}


def test_menu_get_put_delete(app_client: httpx.Client) -> None:
    assert app_client.get("/v1.1/menu").json() == {"menu": {"items": []}}
    menu = app_client.put("/v1.1/menu", json=MENU).json()["menu"]
    assert menu["items"][0]["payload"] == "HELP" and len(menu["items"][0]["_id"]) == 24
    assert app_client.get("/v1.1/menu").json()["menu"] == menu
    assert app_client.delete("/v1.1/menu").json() == {"menu": {"items": []}}


def test_invalid_menu_is_400(app_client: httpx.Client) -> None:
    assert_error(
        app_client.put("/v1.1/menu", json={"items": [{"type": "link", "text": "x"}]}),
        400,
        "bad_request",
    )
    assert_error(app_client.put("/v1.1/menu", json={}), 400, "bad_request")


def test_template_crud_and_listing(app_client: httpx.Client) -> None:
    response = app_client.post("/v1.1/templates", json=TEMPLATE)
    assert response.status_code == 201
    template = response.json()["template"]
    assert template["name"] == "greet" and template["message"] == TEMPLATE["message"]
    listed = app_client.get("/v1.1/templates").json()
    assert listed == {"templates": [template], "hasMore": False, "offset": 0}
    path = f"/v1.1/templates/{template['_id']}"
    assert app_client.get(path).json()["template"] == template
    assert app_client.put(path, json={"name": "hello"}).json()["template"]["name"] == "hello"
    assert app_client.delete(path).json() == {}
    assert_error(app_client.get(path), 404, "not_found")


def test_invalid_template_is_400(app_client: httpx.Client) -> None:
    assert_error(app_client.post("/v1.1/templates", json={"name": "x"}), 400, "bad_request")
    bad_message = {"name": "x", "message": {"role": "appMaker", "type": "text"}}
    assert_error(app_client.post("/v1.1/templates", json=bad_message), 400, "bad_request")
