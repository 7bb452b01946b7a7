"""Store: posting every message type and action type, server-filled fields and validation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from smooch_mock.api.v1 import wire
from smooch_mock.clock import FakeClock
from smooch_mock.errors import BadRequest
from smooch_mock.store import Store, UserInput
from smooch_mock.store.conversations import GRAVATAR_DEFAULT
from smooch_mock.store.models import App, Client, Message

HEX24 = re.compile(r"^[0-9a-f]{24}$")
LINK = {"type": "link", "text": "Open", "uri": "https://example.com"}
POSTBACK = {"type": "postback", "text": "Yes", "payload": "YES"}


@pytest.fixture
def app(store: Store) -> App:
    app = store.create_app("Shop")
    store.create_user(app.id, UserInput("bob", given_name="Bob", surname="Ross"))
    return app


def post(store: Store, app: App, **body: Any) -> dict[str, Any]:
    body.setdefault("role", "appMaker")
    return wire.message(store.post_message(app.id, "bob", body))


def test_text_message_gets_every_server_filled_field(store: Store, app: App) -> None:
    clock: FakeClock = store.clock  # type: ignore[assignment]
    clock.advance(0.1234)
    message = post(store, app, type="text", text="Hello")
    assert HEX24.match(message["_id"])
    assert message["received"] == round(clock.now(), 3)
    assert isinstance(message["received"], float)
    assert message["authorId"] == store.get_app(app.id).business_author_id
    assert "name" not in message  # no business name configured (live 2018 recordings)
    assert message["avatarUrl"] == GRAVATAR_DEFAULT
    assert message["source"] == {"type": "api"}
    assert (message["role"], message["type"], message["text"]) == ("appMaker", "text", "Hello")


def test_app_maker_name_and_avatar_can_be_given(store: Store, app: App) -> None:
    message = post(
        store, app, type="text", text="Hi", name="Agent Kim", avatarUrl="https://a/k.png"
    )
    assert (message["name"], message["avatarUrl"]) == ("Agent Kim", "https://a/k.png")


def test_app_user_message_is_authored_by_the_user_with_their_full_name(
    store: Store, app: App
) -> None:
    message = post(store, app, role="appUser", type="text", text="Hi")
    assert message["authorId"] == store.user(app.id, "bob").id
    assert message["name"] == "Bob Ross"
    assert "avatarUrl" not in message


def test_anonymous_app_user_message_falls_back_to_user_id_then_anonymous(store: Store) -> None:
    app = store.create_app("A")
    named = store.create_user(app.id, UserInput("carol"))
    nameless = store.create_user(app.id)
    by_user_id = store.post_message(
        app.id, named.id, {"role": "appUser", "type": "text", "text": "x"}
    )
    anonymous = store.post_message(
        app.id, nameless.id, {"role": "appUser", "type": "text", "text": "x"}
    )
    assert (by_user_id.author.display_name, anonymous.author.display_name) == ("carol", "Anonymous")


def test_animal_names_when_the_app_uses_them(store: Store) -> None:
    app = store.create_app("A", settings={"useAnimalNames": True})
    user = store.create_user(app.id)
    message = store.post_message(app.id, user.id, {"role": "appUser", "type": "text", "text": "x"})
    assert message.author.display_name is not None
    assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", message.author.display_name)


def test_client_display_name_is_used_for_a_nameless_user(store: Store) -> None:
    app = store.create_app("A")
    user = store.create_user(app.id)
    client = Client(id="c", platform="messenger", display_name="Zed", avatar_url="https://z/a.png")
    store.add_client(app.id, user, client)
    message = store.post_message(
        app.id, user.id, {"role": "appUser", "type": "text", "text": "x"}, client=client
    )
    assert (message.author.display_name, message.author.avatar_url) == ("Zed", "https://z/a.png")


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (LINK, {"uri": "https://example.com"}),
        (
            {"type": "webview", "text": "W", "uri": "https://w.io", "fallback": "https://f.io"},
            {"uri": "https://w.io", "fallback": "https://f.io"},
        ),
        (POSTBACK, {"uri": "", "payload": "YES"}),
        ({"type": "buy", "text": "Pay", "amount": 1500}, {"currency": "usd", "state": "offered"}),
        ({"type": "buy", "text": "Pay", "amount": 1, "currency": "EUR"}, {"currency": "eur"}),
    ],
)
def test_each_action_type_gets_an_id_and_its_server_filled_fields(
    store: Store, app: App, action: dict[str, Any], expected: dict[str, Any]
) -> None:
    [filled] = post(store, app, type="text", text="Choose", actions=[action])["actions"]
    assert HEX24.match(filled["_id"])
    for name, value in expected.items():
        assert filled[name] == value
    if action["type"] == "buy":
        assert filled["uri"] == f"https://app.smooch.io/checkout/{filled['_id']}"


def test_reply_and_location_request_get_empty_uri_and_combine(store: Store, app: App) -> None:
    actions = [
        {"type": "reply", "text": "Yes", "payload": "Y", "iconUrl": "https://i/y.png"},
        {"type": "locationRequest", "text": "Where?"},
    ]
    filled = post(store, app, type="text", text="Q", actions=actions)["actions"]
    assert [a["uri"] for a in filled] == ["", ""]
    assert len({a["_id"] for a in filled}) == 2


def test_text_may_be_omitted_when_actions_are_given(store: Store, app: App) -> None:
    assert post(store, app, type="text", actions=[LINK])["text"] == ""


@pytest.mark.parametrize(
    "actions",
    [
        [{"type": "reply", "text": "Y", "payload": "Y"}, LINK],
        [{"type": "locationRequest", "text": "Where?"}, POSTBACK],
    ],
)
def test_reply_and_location_request_cannot_mix_with_other_actions(
    store: Store, app: App, actions: list[dict[str, Any]]
) -> None:
    with pytest.raises(BadRequest, match="cannot be mixed"):
        post(store, app, type="text", text="Q", actions=actions)


def test_actions_are_only_allowed_on_app_maker_messages(store: Store, app: App) -> None:
    with pytest.raises(BadRequest, match="only allowed on appMaker"):
        post(store, app, role="appUser", type="text", text="Q", actions=[LINK])


@pytest.mark.parametrize(
    ("action", "field"),
    [
        ({"type": "link", "text": "x"}, "uri"),
        ({"type": "webview", "text": "x", "uri": "https://w"}, "fallback"),
        ({"type": "postback", "text": "x"}, "payload"),
        ({"type": "reply", "text": "x"}, "payload"),
        ({"type": "locationRequest"}, "text"),
        ({"type": "buy", "text": "x"}, "amount"),
        ({"type": "buy", "text": "x", "amount": 9.5}, "amount"),
        ({"type": "buy", "text": "x", "amount": 0}, "amount"),
        ({"type": "teleport", "text": "x"}, "type"),
        (
            {"type": "link", "text": "x", "uri": "https://e", "metadata": {"a": {"b": 1}}},
            "metadata",
        ),
    ],
)
def test_invalid_action_is_400_naming_the_field(
    store: Store, app: App, action: dict[str, Any], field: str
) -> None:
    with pytest.raises(BadRequest, match=field):
        post(store, app, type="text", text="Q", actions=[action])


def test_image_infers_media_type_and_gets_blank_text_and_a_media_size(
    store: Store, app: App
) -> None:
    # As recorded live (2018): mediaSize even for media hosted elsewhere, altText only if given.
    message = post(store, app, type="image", mediaUrl="https://cdn.example.com/p/cat.png")
    assert message["mediaType"] == "image/png"
    assert message["text"] == " "
    assert "altText" not in message
    assert message["mediaSize"] == store.media_size("https://cdn.example.com/p/cat.png")


def test_file_keeps_given_text_and_media_type(store: Store, app: App) -> None:
    message = post(
        store,
        app,
        type="file",
        text="Invoice",
        mediaUrl="https://x/doc",
        mediaType="application/pdf",
    )
    assert (message["text"], message["mediaType"]) == ("Invoice", "application/pdf")


def test_file_with_unknown_extension_is_octet_stream(store: Store, app: App) -> None:
    assert post(store, app, type="file", mediaUrl="https://x/blob")["mediaType"] == (
        "application/octet-stream"
    )


def test_media_hosted_by_the_fake_gets_media_size(store: Store, app: App) -> None:
    attachment = store.upload_attachment(app.id, "a.txt", "text/plain", b"12345", access="public")
    url = f"http://127.0.0.1:1/_mock/media/{attachment.id}/a.txt"
    assert post(store, app, type="file", mediaUrl=url)["mediaSize"] == 5


def test_image_requires_media_url(store: Store, app: App) -> None:
    with pytest.raises(BadRequest, match="mediaUrl"):
        post(store, app, type="image", text="no media")


def _item(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "actions": [POSTBACK], **extra}


@pytest.mark.parametrize("kind", ["carousel", "list"])
def test_items_get_ids_media_type_and_a_numbered_text_fallback(
    store: Store, app: App, kind: str
) -> None:
    items = [_item("Tea", description="Green", mediaUrl="https://x/tea.jpg"), _item("Coffee")]
    message = post(store, app, type=kind, items=items)
    assert all(HEX24.match(item["_id"]) for item in message["items"])
    assert all(HEX24.match(item["actions"][0]["_id"]) for item in message["items"])
    assert message["items"][0]["mediaType"] == "image/jpeg"
    assert message["text"] == "1. Tea\nGreen\n\n2. Coffee"


def test_carousel_display_settings_are_kept(store: Store, app: App) -> None:
    message = post(
        store,
        app,
        type="carousel",
        items=[_item("A")],
        displaySettings={"imageAspectRatio": "square"},
    )
    assert message["displaySettings"] == {"imageAspectRatio": "square"}


@pytest.mark.parametrize(
    ("items", "reason"),
    [
        ([{"title": "A"}], "actions is required"),
        ([{"actions": [POSTBACK]}], "title"),
        ([_item("A", actions=[{"type": "locationRequest", "text": "x"}])], "type"),
    ],
)
def test_invalid_items_are_400(
    store: Store, app: App, items: list[dict[str, Any]], reason: str
) -> None:
    with pytest.raises(BadRequest, match=reason):
        post(store, app, type="carousel", items=items)


# Unknown keys and the item, action and option limits are the schema's: they are checked at the
# edge (tests/test_validate_once.py), not again in the store.


def test_ten_items_of_three_actions_are_accepted(store: Store, app: App) -> None:
    items = [_item(str(i), actions=[POSTBACK, LINK, {"type": "share"}]) for i in range(10)]
    message = post(store, app, type="list", items=items)
    assert len(message["items"]) == 10
    assert message["items"][0]["actions"][2] == {
        "type": "share", "_id": message["items"][0]["actions"][2]["_id"], "uri": ""
    }  # fmt: skip


def test_location_gets_a_maps_text_fallback(store: Store, app: App) -> None:
    message = post(
        store, app, role="appUser", type="location",
        coordinates={"lat": 45.5, "long": -73}, location={"name": "Home"},
    )  # fmt: skip
    assert message["text"] == "Location shared:\nhttps://maps.google.com/maps?q=45.5,-73"
    assert message["coordinates"] == {"lat": 45.5, "long": -73.0}
    assert message["location"] == {"name": "Home"}


@pytest.mark.parametrize(
    "coordinates",
    [
        None,
        {"lat": 1},
        {"lat": "1", "long": 2},
        {"lat": 91, "long": 0},
        {"lat": 10**400, "long": 0},
    ],
)
def test_invalid_coordinates_are_400(
    store: Store, app: App, coordinates: dict[str, Any] | None
) -> None:
    with pytest.raises(BadRequest, match="coordinates"):
        post(store, app, role="appUser", type="location", coordinates=coordinates)


SMALL = {"name": "s", "label": "S"}
FORM_FIELDS = [
    {"type": "text", "name": "name", "label": "Your name"},
    {"type": "select", "name": "size", "label": "Size", "options": [{"name": "s", "label": "S"}]},
]


def test_form_fields_get_ids_defaults_and_a_label_fallback(store: Store, app: App) -> None:
    message = post(store, app, type="form", fields=FORM_FIELDS, blockChatInput=True)
    text_field, select_field = message["fields"]
    assert (text_field["minSize"], text_field["maxSize"]) == (1, 128)
    assert HEX24.match(text_field["_id"]) and HEX24.match(select_field["options"][0]["_id"])
    assert message["submitted"] is False and message["blockChatInput"] is True
    assert message["text"] == "Your name\nSize"


def test_form_field_names_must_be_unique(store: Store, app: App) -> None:
    with pytest.raises(BadRequest, match="unique"):
        post(store, app, type="form", fields=[FORM_FIELDS[0], FORM_FIELDS[0]])


def test_form_response_gets_text_fallback_and_marks_the_form_submitted(
    store: Store, app: App
) -> None:
    form = post(store, app, type="form", fields=FORM_FIELDS)
    answer = post(
        store, app, role="appUser", type="formResponse",
        quotedMessage={"type": "message", "content": {"_id": form["_id"]}},
        fields=[
            {"type": "text", "name": "name", "label": "Your name", "text": "Bob"},
            {"type": "select", "name": "size", "label": "Size", "select": [SMALL]},
        ],
    )  # fmt: skip
    assert answer["text"] == answer["textFallback"] == "Your name: Bob\nSize: S"
    stored = store.get_message(app.id, "bob", form["_id"])
    assert stored.content.submitted is True


@pytest.mark.parametrize(
    "quoted",
    [
        None,
        {"type": "externalMessageId"},
        {"type": "externalMessageId", "externalMessageId": "x", "content": [1]},
    ],
)
def test_form_response_needs_a_valid_quoted_message(
    store: Store, app: App, quoted: dict[str, Any] | None
) -> None:
    fields = [{"type": "text", "name": "n", "label": "N", "text": "x"}]
    with pytest.raises(BadRequest, match="quotedMessage"):
        post(store, app, role="appUser", type="formResponse", fields=fields, quotedMessage=quoted)


def test_metadata_must_be_flat(store: Store, app: App) -> None:
    assert post(store, app, type="text", text="x", metadata={"a": 1, "b": "c", "d": True})[
        "metadata"
    ] == {"a": 1, "b": "c", "d": True}
    with pytest.raises(BadRequest, match=r"metadata\.nested"):
        post(store, app, type="text", text="x", metadata={"nested": {"no": 1}})


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "text", "text": "x"}, "role"),
        ({"role": "bot", "type": "text", "text": "x"}, "role"),
        ({"role": "appMaker", "text": "x"}, "type"),
        ({"role": "appMaker", "type": "video", "text": "x"}, "type"),
        ({"role": "appMaker", "type": "text"}, "text"),
        ({"role": "appMaker", "type": "text", "text": 5}, "text"),
        ({"role": "appMaker", "type": "text", "text": "x", "override": "no"}, "override"),
    ],
)
def test_invalid_message_is_400_naming_the_field(
    store: Store, app: App, body: dict[str, Any], field: str
) -> None:
    with pytest.raises(BadRequest, match=field):
        store.post_message(app.id, "bob", body)


def test_untyped_text_is_accepted_only_with_a_default_type(store: Store, app: App) -> None:
    message: Message = store.post_message(
        app.id, "bob", {"role": "appUser", "text": "old"}, default_type="text"
    )
    assert message.content.type == "text"
