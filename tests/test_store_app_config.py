"""Store: the persistent menu and message templates."""

from __future__ import annotations

from typing import Any

import pytest

from smooch_mock import error_texts as texts
from smooch_mock.api.v1.message_input import message_input, template_document
from smooch_mock.errors import BadRequest, NotFound
from smooch_mock.store import Store, UserInput
from smooch_mock.store.inputs import MenuInput, MenuItemInput
from smooch_mock.store.models import App, Template

MENU = MenuInput(
    items=[
        MenuItemInput("link", "Site", uri="https://shop.io"),
        MenuItemInput("postback", "Help", payload="HELP"),
        MenuItemInput("submenu", "More", items=[MenuItemInput("postback", "A", payload="A")]),
    ],
    input_enabled=False,
)


@pytest.fixture
def app(store: Store) -> App:
    return store.create_app("Shop")


def test_new_app_menu_is_empty(store: Store, app: App) -> None:
    assert store.get_menu(app.id) == {"items": []}


def test_menu_items_get_ids_and_keep_settings(store: Store, app: App) -> None:
    menu = store.update_menu(app.id, MENU)
    assert [item["type"] for item in menu["items"]] == ["link", "postback", "submenu"]
    assert all(len(item["_id"]) == 24 for item in menu["items"])
    assert menu["items"][2]["items"][0]["payload"] == "A"
    assert menu["settings"] == {"inputEnabled": False}
    assert store.get_menu(app.id) == menu


def test_delete_menu_empties_it(store: Store, app: App) -> None:
    store.update_menu(app.id, MENU)
    assert store.delete_menu(app.id) == {"items": []}


def test_a_menu_link_must_be_an_http_url(store: Store, app: App) -> None:
    """The one menu rule the schema leaves to the store (the schema's URLs allow mailto:...);
    the shapes (required fields, types, nesting) are the schema's: test_validate_once.py."""
    submenu = MenuItemInput("submenu", "x", items=[MenuItemInput("link", "y", uri="ftp://x")])
    with pytest.raises(BadRequest) as caught:
        store.update_menu(app.id, MenuInput(items=[submenu]))
    assert caught.value.description == texts.FIELD_NOT_URL.format(
        field="menu.items[0].items[0].uri"
    )
    assert store.get_menu(app.id) == {"items": []}


def test_menu_postback_can_be_tapped(store: Store, app: App) -> None:
    menu = store.update_menu(app.id, MENU)
    store.create_user(app.id, UserInput("bob"))
    message, action = store.tap_postback(app.id, "bob", menu["items"][1]["_id"])
    assert message is None and action["payload"] == "HELP"


TEMPLATE_MESSAGE = {
    "role": "appMaker",
    "type": "text",
    "text": "Pick",
    "actions": [{"type": "postback", "text": "A", "payload": "A"}],
}


STORED_TEMPLATE_MESSAGE = {
    **TEMPLATE_MESSAGE,
    "actions": [{"type": "postback", "text": "A", "payload": "A", "uri": ""}],
}


def _create_template(store: Store, app: App, name: str, message: dict[str, Any]) -> Template:
    """What POST /templates hands the store: the message as shown, and as a typed input."""
    shown = template_document(message, store.media_size)
    return store.create_template(app.id, name, shown, message_input(message, role="appMaker"))


def test_template_is_validated_but_stored_without_action_ids(store: Store, app: App) -> None:
    # As recorded live (2018): no action ids, `uri: ""` on postback and reply actions.
    template = _create_template(store, app, "pick", TEMPLATE_MESSAGE)
    assert template.message == STORED_TEMPLATE_MESSAGE
    assert "_id" not in template.message["actions"][0]
    assert store.list_templates(app.id) == [template]


def test_template_update_and_delete(store: Store, app: App) -> None:
    template = _create_template(store, app, "pick", TEMPLATE_MESSAGE)
    store.update_template(app.id, template.id, "renamed", None)
    assert template.name == "renamed" and template.message == STORED_TEMPLATE_MESSAGE
    store.delete_template(app.id, template.id)
    with pytest.raises(NotFound):
        store.get_template(app.id, template.id)


# A missing mediaUrl (the schema's) is checked at the edge: tests/test_http_message_shapes.py.
def test_invalid_template_message_is_400(store: Store, app: App) -> None:
    field = {"type": "text", "name": "n", "label": "N"}
    with pytest.raises(BadRequest):
        _create_template(
            store, app, "bad", {"role": "appMaker", "type": "form", "fields": [field, field]}
        )
