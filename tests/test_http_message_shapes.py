"""POST /v1.1/appusers/{userId}/messages: every message and action type, the fields the server
fills, and each bad body answered 400 naming the field (the schema at the edge, the store's
cross-field rules behind it)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from support import assert_error

from smooch_mock.fake import FakeSmooch
from smooch_mock.store import UserInput
from smooch_mock.store.conversations import GRAVATAR_DEFAULT
from smooch_mock.store.models import App, SecretKey

HEX24 = re.compile(r"^[0-9a-f]{24}$")
LINK = {"type": "link", "text": "Open", "uri": "https://example.com"}
POSTBACK = {"type": "postback", "text": "Yes", "payload": "YES"}


@pytest.fixture
def app(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> App:
    app, _ = app_and_key
    fake.store.create_user(app.id, UserInput("bob", given_name="Bob", surname="Ross"))
    return app


def _answer(client: httpx.Client, body: dict[str, Any], version: str = "v1.1") -> httpx.Response:
    return client.post(f"/{version}/appusers/bob/messages", json=body)


def post(client: httpx.Client, **body: Any) -> dict[str, Any]:
    body.setdefault("role", "appMaker")
    answer = _answer(client, body)
    assert answer.status_code == 201, answer.text
    message: dict[str, Any] = answer.json()["message"]
    return message


def refused(client: httpx.Client, **body: Any) -> str:
    """The description of the 400 a body gets."""
    body.setdefault("role", "appMaker")
    error = assert_error(_answer(client, body), 400, "bad_request")
    description: str = error["description"]
    return description


def test_text_message_gets_every_server_filled_field(
    app_client: httpx.Client, app: App, fake: FakeSmooch
) -> None:
    message = post(app_client, type="text", text="Hello")
    assert HEX24.match(message["_id"])
    assert isinstance(message["received"], float)
    assert message["authorId"] == fake.store.get_app(app.id).business_author_id
    assert "name" not in message  # no business name configured (live 2018 recordings)
    assert message["avatarUrl"] == GRAVATAR_DEFAULT
    assert message["source"] == {"type": "api"}
    assert (message["role"], message["type"], message["text"]) == ("appMaker", "text", "Hello")


def test_app_maker_name_and_avatar_can_be_given(app_client: httpx.Client, app: App) -> None:
    message = post(
        app_client, type="text", text="Hi", name="Agent Kim", avatarUrl="https://a/k.png"
    )
    assert (message["name"], message["avatarUrl"]) == ("Agent Kim", "https://a/k.png")


def test_app_user_message_is_authored_by_the_user_with_their_full_name(
    app_client: httpx.Client, app: App, fake: FakeSmooch
) -> None:
    message = post(app_client, role="appUser", type="text", text="Hi")
    assert message["authorId"] == fake.store.user(app.id, "bob").id
    assert message["name"] == "Bob Ross"
    assert "avatarUrl" not in message


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
        ({"type": "buy", "text": "Pay", "amount": 1, "currency": "eur"}, {"currency": "eur"}),
    ],
)
def test_each_action_type_gets_an_id_and_its_server_filled_fields(
    app_client: httpx.Client, app: App, action: dict[str, Any], expected: dict[str, Any]
) -> None:
    [filled] = post(app_client, type="text", text="Choose", actions=[action])["actions"]
    assert HEX24.match(filled["_id"])
    for name, value in expected.items():
        assert filled[name] == value
    if action["type"] == "buy":
        assert filled["uri"] == f"https://app.smooch.io/checkout/{filled['_id']}"


def test_reply_and_location_request_get_empty_uri_and_combine(
    app_client: httpx.Client, app: App
) -> None:
    actions = [
        {"type": "reply", "text": "Yes", "payload": "Y", "iconUrl": "https://i/y.png"},
        {"type": "locationRequest", "text": "Where?"},
    ]
    filled = post(app_client, type="text", text="Q", actions=actions)["actions"]
    assert [a["uri"] for a in filled] == ["", ""]
    assert len({a["_id"] for a in filled}) == 2


def test_text_may_be_omitted_when_actions_are_given(app_client: httpx.Client, app: App) -> None:
    assert post(app_client, type="text", actions=[LINK])["text"] == ""


def test_blank_text_without_actions_is_400(app_client: httpx.Client, app: App) -> None:
    assert "text" in refused(app_client, type="text", text="   ")


@pytest.mark.parametrize(
    "actions",
    [
        [{"type": "reply", "text": "Y", "payload": "Y"}, LINK],
        [{"type": "locationRequest", "text": "Where?"}, POSTBACK],
    ],
)
def test_reply_and_location_request_cannot_mix_with_other_actions(
    app_client: httpx.Client, app: App, actions: list[dict[str, Any]]
) -> None:
    # v1's schema holds this rule (the store's own text is v2's: tests/test_v2_messages.py).
    assert "actions[1].type" in refused(app_client, type="text", text="Q", actions=actions)


def test_actions_are_only_allowed_on_app_maker_messages(app_client: httpx.Client, app: App) -> None:
    # v1's schema holds this rule (the store's own text is v2's: tests/test_v2_messages.py).
    description = refused(app_client, role="appUser", type="text", text="Q", actions=[LINK])
    assert description.startswith("actions:") and "empty" in description


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
    app_client: httpx.Client, app: App, action: dict[str, Any], field: str
) -> None:
    assert field in refused(app_client, type="text", text="Q", actions=[action])


def test_image_infers_media_type_and_gets_blank_text_and_a_media_size(
    app_client: httpx.Client, app: App, fake: FakeSmooch
) -> None:
    # As recorded live (2018): mediaSize even for media hosted elsewhere, altText only if given.
    message = post(app_client, type="image", mediaUrl="https://cdn.example.com/p/cat.png")
    assert message["mediaType"] == "image/png"
    assert message["text"] == " "
    assert "altText" not in message
    assert message["mediaSize"] == fake.store.media_size("https://cdn.example.com/p/cat.png")


def test_file_keeps_given_text_and_media_type(app_client: httpx.Client, app: App) -> None:
    message = post(
        app_client,
        type="file",
        text="Invoice",
        mediaUrl="https://x/doc",
        mediaType="application/pdf",
    )
    assert (message["text"], message["mediaType"]) == ("Invoice", "application/pdf")


def test_file_with_unknown_extension_is_octet_stream(app_client: httpx.Client, app: App) -> None:
    assert post(app_client, type="file", mediaUrl="https://x/blob")["mediaType"] == (
        "application/octet-stream"
    )


def test_media_hosted_by_the_fake_gets_media_size(
    app_client: httpx.Client, app: App, fake: FakeSmooch
) -> None:
    attachment = fake.store.upload_attachment(
        app.id, "a.txt", "text/plain", b"12345", access="public"
    )
    url = f"http://127.0.0.1:1/_mock/media/{attachment.id}/a.txt"
    assert post(app_client, type="file", mediaUrl=url)["mediaSize"] == 5


def test_image_requires_media_url(app_client: httpx.Client, app: App) -> None:
    assert "mediaUrl" in refused(app_client, type="image", text="no media")


def _item(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "actions": [POSTBACK], **extra}


@pytest.mark.parametrize("kind", ["carousel", "list"])
def test_items_get_ids_media_type_and_a_numbered_text_fallback(
    app_client: httpx.Client, app: App, kind: str
) -> None:
    items = [_item("Tea", description="Green", mediaUrl="https://x/tea.jpg"), _item("Coffee")]
    message = post(app_client, type=kind, items=items)
    assert all(HEX24.match(item["_id"]) for item in message["items"])
    assert all(HEX24.match(item["actions"][0]["_id"]) for item in message["items"])
    assert message["items"][0]["mediaType"] == "image/jpeg"
    assert message["text"] == "1. Tea\nGreen\n\n2. Coffee"


def test_carousel_display_settings_are_kept(app_client: httpx.Client, app: App) -> None:
    message = post(
        app_client,
        type="carousel",
        items=[_item("A")],
        displaySettings={"imageAspectRatio": "square"},
    )
    assert message["displaySettings"] == {"imageAspectRatio": "square"}


@pytest.mark.parametrize(
    ("items", "reason"),
    [
        ([{"title": "A"}], "actions"),
        ([{"actions": [POSTBACK]}], "title"),
        ([_item("A", actions=[{"type": "locationRequest", "text": "x"}])], "type"),
    ],
)
def test_invalid_items_are_400(
    app_client: httpx.Client, app: App, items: list[dict[str, Any]], reason: str
) -> None:
    assert reason in refused(app_client, type="carousel", items=items)


def test_ten_items_of_three_actions_are_accepted(app_client: httpx.Client, app: App) -> None:
    items = [_item(str(i), actions=[POSTBACK, LINK, {"type": "share"}]) for i in range(10)]
    message = post(app_client, type="list", items=items)
    assert len(message["items"]) == 10
    assert message["items"][0]["actions"][2] == {
        "type": "share", "_id": message["items"][0]["actions"][2]["_id"], "uri": ""
    }  # fmt: skip


def test_location_gets_a_maps_text_fallback(app_client: httpx.Client, app: App) -> None:
    message = post(
        app_client, role="appUser", type="location",
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
    ],
)
def test_invalid_coordinates_are_400(
    app_client: httpx.Client, app: App, coordinates: dict[str, Any] | None
) -> None:
    body: dict[str, Any] = {"role": "appUser", "type": "location"}
    if coordinates is not None:
        body["coordinates"] = coordinates
    assert "coordinates" in refused(app_client, **body)


def test_coordinates_beyond_a_float_are_400(app_client: httpx.Client, app: App) -> None:
    raw = b'{"role":"appUser","type":"location","coordinates":{"lat":1e400,"long":0}}'
    answer = app_client.post(
        "/v1.1/appusers/bob/messages", content=raw, headers={"Content-Type": "application/json"}
    )
    assert "coordinates" in assert_error(answer, 400, "bad_request")["description"]


SMALL = {"name": "s", "label": "S"}
FORM_FIELDS = [
    {"type": "text", "name": "name", "label": "Your name"},
    {"type": "select", "name": "size", "label": "Size", "options": [{"name": "s", "label": "S"}]},
]


def test_form_fields_get_ids_defaults_and_a_label_fallback(
    app_client: httpx.Client, app: App
) -> None:
    message = post(app_client, type="form", fields=FORM_FIELDS, blockChatInput=True)
    text_field, select_field = message["fields"]
    assert (text_field["minSize"], text_field["maxSize"]) == (1, 128)
    assert HEX24.match(text_field["_id"]) and HEX24.match(select_field["options"][0]["_id"])
    assert message["submitted"] is False and message["blockChatInput"] is True
    assert message["text"] == "Your name\nSize"


def test_form_field_names_must_be_unique(app_client: httpx.Client, app: App) -> None:
    assert "unique" in refused(app_client, type="form", fields=[FORM_FIELDS[0], FORM_FIELDS[0]])


def test_form_field_min_size_above_max_size_is_400(app_client: httpx.Client, app: App) -> None:
    field = {"type": "text", "name": "n", "label": "N", "minSize": 9, "maxSize": 3}
    assert "minSize" in refused(app_client, type="form", fields=[field])


def test_form_response_gets_text_fallback_and_marks_the_form_submitted(
    app_client: httpx.Client, app: App, fake: FakeSmooch
) -> None:
    form = post(app_client, type="form", fields=FORM_FIELDS)
    answer = post(
        app_client, role="appUser", type="formResponse",
        quotedMessage={"type": "message", "content": form},
        fields=[
            {"type": "text", "name": "name", "label": "Your name", "text": "Bob"},
            {"type": "select", "name": "size", "label": "Size", "select": [SMALL]},
        ],
    )  # fmt: skip
    assert answer["text"] == answer["textFallback"] == "Your name: Bob\nSize: S"
    stored = fake.store.get_message(app.id, "bob", form["_id"])
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
    app_client: httpx.Client, app: App, quoted: dict[str, Any] | None
) -> None:
    body: dict[str, Any] = {
        "role": "appUser",
        "type": "formResponse",
        "fields": [{"type": "text", "name": "n", "label": "N", "text": "x"}],
    }
    if quoted is not None:
        body["quotedMessage"] = quoted
    assert "quotedMessage" in refused(app_client, **body)


def test_metadata_must_be_flat(app_client: httpx.Client, app: App) -> None:
    assert post(app_client, type="text", text="x", metadata={"a": 1, "b": "c", "d": True})[
        "metadata"
    ] == {"a": 1, "b": "c", "d": True}
    assert "metadata.nested" in refused(
        app_client, type="text", text="x", metadata={"nested": {"no": 1}}
    )


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
    app_client: httpx.Client, app: App, body: dict[str, Any], field: str
) -> None:
    assert field in assert_error(_answer(app_client, body), 400, "bad_request")["description"]


def test_untyped_text_is_accepted_only_on_v1(app_client: httpx.Client, app: App) -> None:
    answer = _answer(app_client, {"role": "appUser", "text": "old"}, version="v1")
    assert answer.status_code == 201, answer.text
    assert answer.json()["message"]["type"] == "text"
    assert_error(_answer(app_client, {"role": "appUser", "text": "old"}), 400, "bad_request")
