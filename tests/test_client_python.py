"""The official Python SDK (`smooch` 5.34.0) against a real fake server on 127.0.0.1.

Every call goes through the SDK's own deserialisation, so a `null` in a field the SDK requires
fails the test. The SDK's models drop fields they do not know (action `_id`s, `uri`, `state`,
conversation read times), so `RecordingApiClient` keeps the raw JSON of the last response for
assertions on exactly what went over the wire.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
import smooch
from smooch.rest import ApiException

from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.auth import sign_jwt
from smooch_mock.server import ServerThread
from smooch_mock.store.models import SecretKey

HEX24 = r"^[0-9a-f]{24}$"
GRAVATAR = "https://www.gravatar.com/avatar/00000000000000000000000000000000.png?s=200&d=mm"


class RecordingApiClient(smooch.ApiClient):  # type: ignore[misc]
    """An ApiClient that also keeps the raw JSON of the last response it deserialised."""

    last_json: Any = None

    def deserialize(self, response: Any, response_type: Any) -> Any:
        data = response.data
        self.last_json = json.loads(data) if data else None
        return super().deserialize(response, response_type)


@dataclass
class Sdk:
    """One explicit ApiClient (pointing at the fake) shared by every API class."""

    client: RecordingApiClient
    apps: smooch.AppApi
    users: smooch.AppUserApi
    conversations: smooch.ConversationApi
    webhooks: smooch.WebhookApi
    menu: smooch.MenuApi
    templates: smooch.TemplateApi
    integrations: smooch.IntegrationApi
    attachments: smooch.AttachmentsApi
    service_accounts: smooch.ServiceAccountApi
    notifications: smooch.NotificationApi

    @property
    def raw(self) -> Any:
        return self.client.last_json


@dataclass
class Credentials:
    """Sets the SDK's process-wide auth settings (read at every call)."""

    config: Any

    def basic(self, key_id: str, secret: str) -> None:
        self.config.api_key.pop("Authorization", None)
        self.config.username, self.config.password = key_id, secret

    def bearer(self, token: str) -> None:
        self.config.username = self.config.password = ""
        self.config.api_key["Authorization"] = token
        self.config.api_key_prefix["Authorization"] = "Bearer"

    def none(self) -> None:
        self.basic("", "")


@dataclass
class AppUnderTest:
    sdk: Sdk
    app_id: str
    key_id: str


@pytest.fixture
def credentials() -> Iterator[Credentials]:
    """Control of `smooch.configuration` auth; the previous settings come back afterwards."""
    config = smooch.configuration
    saved = (config.username, config.password, dict(config.api_key), dict(config.api_key_prefix))
    yield Credentials(config)
    config.username, config.password = saved[0], saved[1]
    config.api_key.clear()
    config.api_key.update(saved[2])
    config.api_key_prefix.clear()
    config.api_key_prefix.update(saved[3])


@pytest.fixture
def sdk(server: ServerThread) -> Sdk:
    """Every SDK API class bound to one RecordingApiClient for the running fake server."""
    client = RecordingApiClient(host=server.url)
    return Sdk(
        client,
        smooch.AppApi(client),
        smooch.AppUserApi(client),
        smooch.ConversationApi(client),
        smooch.WebhookApi(client),
        smooch.MenuApi(client),
        smooch.TemplateApi(client),
        smooch.IntegrationApi(client),
        smooch.AttachmentsApi(client),
        smooch.ServiceAccountApi(client),
        smooch.NotificationApi(client),
    )


def use_account(credentials: Credentials, key: SecretKey, how: str) -> None:
    if how == "basic":
        credentials.basic(key.id, key.secret)
    else:
        credentials.bearer(sign_jwt(key, "account"))


@pytest.fixture(params=["app-jwt", "app-basic"])
def app_under_test(
    request: pytest.FixtureRequest, sdk: Sdk, credentials: Credentials, fake: FakeSmooch
) -> AppUnderTest:
    """An app made through the SDK with account credentials, then used with its own key:
    once through the app JWT that `get_app_jwt` returns, once with Basic auth."""
    credentials.basic(fake.account_key.id, fake.account_key.secret)
    app = sdk.apps.create_app(smooch.AppCreate(name="SDK app")).app
    key = sdk.apps.create_secret_key(app.id, smooch.SecretKeyCreate(name="SDK key")).key
    if request.param == "app-jwt":
        credentials.bearer(sdk.apps.get_app_jwt(app.id, key.id).jwt)
    else:
        credentials.basic(key.id, key.secret)
    return AppUnderTest(sdk, app.id, key.id)


def error_of(raised: pytest.ExceptionInfo[ApiException]) -> dict[str, Any]:
    body = json.loads(raised.value.body)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "description"}, body
    return dict(body["error"])


# -- account scope -------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["basic", "jwt"])
def test_account_scope_creates_app_key_and_app_jwt(
    how: str, sdk: Sdk, credentials: Credentials, fake: FakeSmooch
) -> None:
    use_account(credentials, fake.account_key, how)
    app = sdk.apps.create_app(
        smooch.AppCreate(
            name="Created by SDK", settings={"echoPostback": True}, metadata={"team": "qa"}
        )
    ).app
    assert app.name == "Created by SDK"
    assert app.id and len(app.app_token) == 25
    assert app.settings.echo_postback is True
    assert app.metadata == {"team": "qa"}
    assert sdk.apps.get_app(app.id).app.id == app.id
    assert [a.id for a in sdk.apps.list_apps().apps] == [app.id]
    sdk_ids = sdk.apps.get_sdk_ids(app.id)
    assert (
        len(
            {sdk_ids.web_integration_id, sdk_ids.ios_integration_id, sdk_ids.android_integration_id}
        )
        == 3
    )

    key = sdk.apps.create_secret_key(app.id, smooch.SecretKeyCreate(name="My key")).key
    assert key.id.startswith("app_") and key.secret and key.name == "My key"
    assert [k.id for k in sdk.apps.list_secret_keys(app.id).keys] == [key.id]
    assert sdk.apps.get_secret_key(app.id, key.id).key.secret == key.secret

    token = sdk.apps.get_app_jwt(app.id, key.id).jwt
    assert jwt.get_unverified_header(token)["kid"] == key.id
    assert jwt.decode(token, key.secret, algorithms=["HS256"])["scope"] == "app"

    updated = sdk.apps.update_app(app.id, smooch.AppUpdate(name="Renamed")).app
    assert updated.name == "Renamed"
    sdk.apps.delete_secret_key(app.id, key.id)
    assert sdk.apps.list_secret_keys(app.id).keys == []
    sdk.apps.delete_app(app.id)
    with pytest.raises(ApiException) as raised:
        sdk.apps.get_app(app.id)
    assert raised.value.status == 404


@pytest.mark.parametrize("how", ["basic", "jwt"])
def test_service_accounts_and_their_keys(
    how: str, sdk: Sdk, credentials: Credentials, fake: FakeSmooch
) -> None:
    use_account(credentials, fake.account_key, how)
    api = sdk.service_accounts
    account = api.create_service_account(smooch.ServiceAccountCreate(name="robot")).service_account
    assert account.name == "robot" and account.id
    assert api.get_service_account(account.id).service_account.name == "robot"
    renamed = api.update_service_account(account.id, smooch.ServiceAccountUpdate(name="robot 2"))
    assert renamed.service_account.name == "robot 2"
    listed = api.list_service_accounts()
    assert [a.id for a in listed.service_accounts] == [account.id]

    key = api.create_secret_key(account.id, smooch.SecretKeyCreate(name="svc key")).key
    assert key.id.startswith("svc_") and key.secret and key.name == "svc key"
    assert [k.id for k in api.list_secret_keys(account.id).keys] == [key.id]
    assert api.get_secret_key(account.id, key.id).key.id == key.id
    token = api.get_jwt(account.id, key.id).jwt
    assert jwt.get_unverified_header(token)["kid"] == key.id
    assert jwt.decode(token, key.secret, algorithms=["HS256"])["scope"] == "account"

    # The service account's JWT is an account credential of its own.
    credentials.bearer(token)
    app = sdk.apps.create_app(smooch.AppCreate(name="Made by a service account")).app
    assert app.name == "Made by a service account"

    use_account(credentials, fake.account_key, how)
    api.delete_secret_key(account.id, key.id)
    assert api.list_secret_keys(account.id).keys == []
    api.delete_service_account(account.id)
    with pytest.raises(ApiException) as raised:
        api.get_service_account(account.id)
    assert raised.value.status == 404


# -- app users -----------------------------------------------------------------------------------


def test_app_user_create_get_update_delete(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    body = smooch.AppUserPreCreate(
        user_id="steve@example.com",
        given_name="Steve",
        surname="Smith",
        email="steve@example.com",
        signed_up_at="2020-01-02T03:04:05.678Z",
        properties={"plan": "gold", "seats": 3},
    )
    user = sdk.users.pre_create_app_user(app_id, body).app_user
    assert user.user_id == "steve@example.com" and user.given_name == "Steve"
    assert user.properties == {"plan": "gold", "seats": 3}
    assert user.conversation_started is False
    assert user.signed_up_at == "2020-01-02T03:04:05.678Z"
    assert sdk.raw["appUser"]["_id"] == user.id

    by_user_id = sdk.users.get_app_user(app_id, "steve@example.com").app_user
    assert by_user_id.id == user.id and by_user_id.surname == "Smith"

    update = smooch.AppUserUpdate(given_name="Steven", properties={"seats": 5, "team": "red"})
    updated = sdk.users.update_app_user(app_id, user.id, update).app_user
    assert updated.given_name == "Steven" and updated.surname == "Smith"
    assert updated.properties == {"plan": "gold", "seats": 5, "team": "red"}

    cleared = sdk.users.delete_app_user_profile(app_id, user.id).app_user
    assert cleared.properties == {} and cleared.given_name is None
    assert cleared.user_id == "steve@example.com"

    sdk.users.delete_app_user(app_id, user.id)
    with pytest.raises(ApiException) as raised:
        sdk.users.get_app_user(app_id, user.id)
    assert raised.value.status == 404
    assert error_of(raised)["code"] == "not_found"


def test_existing_user_id_is_409(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    sdk.users.pre_create_app_user(app_id, smooch.AppUserPreCreate(user_id="dup"))
    with pytest.raises(ApiException) as raised:
        sdk.users.pre_create_app_user(app_id, smooch.AppUserPreCreate(user_id="dup"))
    assert raised.value.status == 409
    assert error_of(raised)["code"] == "conflict"


# -- messages ------------------------------------------------------------------------------------


def make_user(sdk: Sdk, app_id: str, user_id: str = "alice") -> Any:
    body = smooch.AppUserPreCreate(user_id=user_id, given_name="Alice", surname="Doe")
    return sdk.users.pre_create_app_user(app_id, body).app_user


def post(sdk: Sdk, app_id: str, user_id: str, **fields: Any) -> tuple[Any, dict[str, Any]]:
    """Post through the SDK; returns the deserialised message and the raw JSON response."""
    response = sdk.conversations.post_message(app_id, user_id, smooch.MessagePost(**fields))
    assert response.message.id == sdk.raw["message"]["_id"]
    return response, sdk.raw


def test_text_message_with_every_action_type(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    user = make_user(sdk, app_id)
    actions = [
        smooch.Action(type="link", text="Site", uri="https://example.com", default=True),
        smooch.Action(
            type="webview",
            text="Open",
            uri="https://example.com/w",
            fallback="https://example.com",
            size="tall",
        ),
        smooch.Action(type="postback", text="More", payload="MORE", metadata={"n": 1}),
        smooch.Action(type="buy", text="Buy", amount=1500),
    ]
    response, raw = post(
        sdk, app_id, user.id, role="appMaker", type="text", text="Pick one", actions=actions
    )
    message = response.message
    assert message.text == "Pick one" and message.role == "appMaker" and message.type == "text"
    # No business name configured: no `name` (live 2018 recordings), the gravatar default avatar.
    assert message.name is None and "name" not in raw["message"]
    assert message.avatar_url == GRAVATAR
    assert message.author_id and message.source.type == "api"
    assert [a.type for a in message.actions] == ["link", "webview", "postback", "buy"]
    wire = raw["message"]["actions"]
    assert all(len(a["_id"]) == 24 for a in wire)
    assert len({a["_id"] for a in wire}) == 4
    assert wire[0]["uri"] == "https://example.com" and wire[0]["default"] is True
    assert (
        wire[1]["uri"] == "https://example.com/w" and wire[1]["fallback"] == "https://example.com"
    )
    assert wire[2]["uri"] == "" and wire[2]["payload"] == "MORE" and wire[2]["metadata"] == {"n": 1}
    assert wire[3]["currency"] == "usd" and wire[3]["state"] == "offered"
    assert wire[3]["uri"] == f"https://app.smooch.io/checkout/{wire[3]['_id']}"
    assert message.actions[3].amount == 1500
    assert response.conversation.unread_count == 1
    assert raw["conversation"]["appMakerLastRead"] == raw["message"]["received"]
    assert isinstance(message.received, float)

    quick = [
        smooch.Action(
            type="reply", text="Yes", payload="YES", icon_url="https://example.com/y.png"
        ),
        smooch.Action(type="locationRequest", text="Where are you?"),
    ]
    response, raw = post(
        sdk, app_id, user.id, role="appMaker", type="text", text="Quick?", actions=quick
    )
    assert [a.type for a in response.message.actions] == ["reply", "locationRequest"]
    assert [a["uri"] for a in raw["message"]["actions"]] == ["", ""]
    assert response.message.actions[0].icon_url == "https://example.com/y.png"
    assert response.conversation.unread_count == 2

    user_reply, raw = post(
        sdk, app_id, user.id, role="appUser", type="text", text="Yes", payload="YES"
    )
    assert user_reply.message.author_id == user.id and user_reply.message.name == "Alice Doe"
    assert user_reply.message.payload == "YES"
    assert user_reply.conversation.unread_count == 0
    assert raw["conversation"]["appUserLastRead"] == raw["message"]["received"]
    assert sdk.users.get_app_user(app_id, user.id).app_user.conversation_started is True


def test_media_carousel_list_and_location_messages(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    user = make_user(sdk, app_id)

    image, raw = post(
        sdk, app_id, user.id, role="appMaker", type="image", media_url="https://example.com/cat.png"
    )
    assert image.message.media_url == "https://example.com/cat.png"
    assert image.message.media_type == "image/png" and image.message.text == " "
    # altText only when given; mediaSize even for media hosted elsewhere (live 2018 recordings).
    assert image.message.alt_text is None and "altText" not in raw["message"]
    assert isinstance(raw["message"]["mediaSize"], int) and raw["message"]["mediaSize"] > 0

    file, raw = post(
        sdk, app_id, user.id, role="appUser", type="file", text="The report",
        media_url="https://example.com/report.pdf",
    )  # fmt: skip
    assert file.message.media_type == "application/pdf" and file.message.text == "The report"

    items = [
        smooch.MessageItem(
            title="Tacos", description="Spicy", media_url="https://example.com/t.jpg",
            actions=[smooch.Action(type="postback", text="Order", payload="TACOS")],
        ),
        smooch.MessageItem(
            title="Burrito", actions=[smooch.Action(type="link", text="See", uri="https://example.com/b")]
        ),
    ]  # fmt: skip
    carousel, raw = post(
        sdk, app_id, user.id, role="appMaker", type="carousel", items=items,
        display_settings=smooch.DisplaySettings(image_aspect_ratio="square"),
    )  # fmt: skip
    assert carousel.message.text == "1. Tacos\nSpicy\n\n2. Burrito"
    assert [i.title for i in carousel.message.items] == ["Tacos", "Burrito"]
    assert carousel.message.items[0].media_type == "image/jpeg"
    assert carousel.message.display_settings.image_aspect_ratio == "square"
    wire_items = raw["message"]["items"]
    assert all(len(i["_id"]) == 24 for i in wire_items)
    assert (
        wire_items[0]["actions"][0]["uri"] == "" and len(wire_items[0]["actions"][0]["_id"]) == 24
    )

    listed, raw = post(
        sdk, app_id, user.id, role="appMaker", type="list", items=items,
        actions=[smooch.Action(type="postback", text="More", payload="MORE")],
    )  # fmt: skip
    assert listed.message.type == "list" and listed.message.text.startswith("1. Tacos")
    assert raw["message"]["actions"][0]["uri"] == ""

    location, raw = post(
        sdk, app_id, user.id, role="appUser", type="location",
        coordinates=smooch.Coordinates(lat=45.5, long=-73.5),
        location=smooch.Location(address="1 Main St", name="Office"),
    )  # fmt: skip
    assert location.message.coordinates.lat == 45.5 and location.message.coordinates.long == -73.5
    assert location.message.location.name == "Office"
    assert location.message.text == "Location shared:\nhttps://maps.google.com/maps?q=45.5,-73.5"
    assert location.conversation.unread_count == 0


def test_form_and_form_response_messages(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    user = make_user(sdk, app_id)
    form_fields = [
        smooch.FieldPost(type="text", name="name", label="Your name", placeholder="Jane"),
        smooch.FieldPost(type="email", name="email", label="Your email"),
        smooch.FieldPost(
            type="select",
            name="meal",
            label="Meal",
            options=[
                smooch.Option(name="taco", label="Taco"),
                smooch.Option(name="soup", label="Soup"),
            ],
        ),
    ]
    form, raw = post(
        sdk,
        app_id,
        user.id,
        role="appMaker",
        type="form",
        fields=form_fields,
        block_chat_input=True,
    )
    assert form.message.submitted is False and form.message.block_chat_input is True
    assert [f.name for f in form.message.fields] == ["name", "email", "meal"]
    assert form.message.fields[0].min_size == 1 and form.message.fields[0].max_size == 128
    assert all(len(f["_id"]) == 24 for f in raw["message"]["fields"])
    assert all(len(o["_id"]) == 24 for o in raw["message"]["fields"][2]["options"])
    form_message = raw["message"]

    # The SDK has no FieldPost for answers: formResponse bodies go as plain JSON.
    answers = [
        {"type": "text", "name": "name", "label": "Your name", "text": "Jane"},
        {"type": "email", "name": "email", "label": "Your email", "email": "jane@example.com"},
        {
            "type": "select",
            "name": "meal",
            "label": "Meal",
            "select": [{"name": "taco", "label": "Taco"}],
        },
    ]
    body = {
        "role": "appUser",
        "type": "formResponse",
        "fields": answers,
        "quotedMessage": {"type": "message", "content": form_message},
    }
    response = sdk.conversations.post_message(app_id, user.id, body)
    message = response.message
    assert message.type == "formResponse"
    assert message.text_fallback == "Your name: Jane\nYour email: jane@example.com\nMeal: Taco"
    assert message.fields[0].text == "Jane" and message.fields[1].email == "jane@example.com"
    assert message.fields[2].select[0].label == "Taco"
    assert message.quoted_message.type == "message"
    assert message.quoted_message.content.id == form_message["_id"]

    history = sdk.conversations.get_messages(app_id, user.id)
    assert [m.type for m in history.messages] == ["form", "formResponse"]
    assert history.messages[0].submitted is True


def test_history_pages_before_and_after(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    user = make_user(sdk, app_id)
    received = []
    for number in range(1, 103):
        response, _ = post(sdk, app_id, user.id, role="appUser", type="text", text=str(number))
        received.append(response.message.received)
    assert received == sorted(received) and len(set(received)) == 102

    newest = sdk.conversations.get_messages(app_id, user.id)
    assert [m.text for m in newest.messages] == [str(n) for n in range(3, 103)]
    assert newest.conversation.id == sdk.raw["conversation"]["_id"]
    assert newest.next is None
    assert sdk.raw["previous"].endswith(f"/messages?before={received[2]:.3f}")
    assert sdk.raw["previous"].startswith(sdk.client.host)

    older = sdk.conversations.get_messages(app_id, user.id, before=str(received[2]))
    assert [m.text for m in older.messages] == ["1", "2"]
    assert older.next is not None and "after=" in older.next

    newer = sdk.conversations.get_messages(app_id, user.id, after=str(received[99]))
    assert [m.text for m in newer.messages] == ["101", "102"]

    first_page = sdk.conversations.get_messages(app_id, user.id, after=str(received[0] - 1))
    assert len(first_page.messages) == 100 and first_page.messages[0].text == "1"
    assert first_page.next.endswith(f"after={received[99]:.3f}")

    with pytest.raises(ApiException) as raised:
        sdk.conversations.get_messages(app_id, user.id, before="2", after="1")
    assert raised.value.status == 400
    assert error_of(raised)["code"] == "bad_request"


def test_activity_read_and_deleting_messages(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    user = make_user(sdk, app_id)
    first, _ = post(sdk, app_id, user.id, role="appMaker", type="text", text="one")
    post(sdk, app_id, user.id, role="appMaker", type="text", text="two")

    typing = smooch.ConversationActivity(role="appMaker", type="typing:start", name="Agent")
    activity = sdk.conversations.conversation_activity(app_id, user.id, typing)
    assert activity.conversation.unread_count == 2
    read = smooch.ConversationActivity(role="appMaker", type="conversation:read")
    sdk.conversations.conversation_activity(app_id, user.id, read)
    assert sdk.raw["conversation"]["appMakerLastRead"] >= first.message.received

    sdk.conversations.reset_unread_count(app_id, user.id)
    assert sdk.conversations.get_messages(app_id, user.id).conversation.unread_count == 0

    sdk.conversations.delete_message(app_id, user.id, first.message.id)
    assert [m.text for m in sdk.conversations.get_messages(app_id, user.id).messages] == ["two"]
    with pytest.raises(ApiException) as raised:
        sdk.conversations.delete_message(app_id, user.id, first.message.id)
    assert raised.value.status == 404

    sdk.conversations.delete_messages(app_id, user.id)
    assert sdk.conversations.get_messages(app_id, user.id).messages == []
    assert sdk.users.get_app_user(app_id, user.id).app_user.id == user.id


# -- app configuration ---------------------------------------------------------------------------


def test_webhook_crud(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    body = smooch.WebhookCreate(
        target="http://127.0.0.1:9/hook",
        triggers=["message:appUser", "postback"],
        include_client=True,
    )
    webhook = sdk.webhooks.create_webhook(app_id, body).webhook
    assert webhook.target == "http://127.0.0.1:9/hook"
    assert webhook.triggers == ["message:appUser", "postback"]
    assert (
        webhook.secret and webhook.include_client is True and webhook.include_full_app_user is False
    )
    assert sdk.raw["webhook"]["version"] == "v1.1"

    default = sdk.webhooks.create_webhook(
        app_id, smooch.WebhookCreate(target="https://example.com/h")
    )
    assert default.webhook.triggers == ["message:appUser"]

    listed = sdk.webhooks.list_webhooks(app_id).webhooks
    assert {w.id for w in listed} == {webhook.id, default.webhook.id}
    assert sdk.webhooks.get_webhook(app_id, webhook.id).webhook.secret == webhook.secret

    update = smooch.WebhookUpdate(triggers=["*"], include_full_app_user=True)
    updated = sdk.webhooks.update_webhook(app_id, webhook.id, update).webhook
    assert updated.triggers == ["*"] and updated.include_full_app_user is True
    assert updated.target == webhook.target

    sdk.webhooks.delete_webhook(app_id, webhook.id)
    assert [w.id for w in sdk.webhooks.list_webhooks(app_id).webhooks] == [default.webhook.id]
    with pytest.raises(ApiException) as raised:
        sdk.webhooks.get_webhook(app_id, webhook.id)
    assert raised.value.status == 404


def test_menu_get_update_delete(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    assert sdk.menu.get_menu(app_id).menu.items == []
    items = [
        smooch.MenuItem(type="link", text="Site", uri="https://example.com"),
        smooch.MenuItem(type="postback", text="Help", payload="HELP"),
        smooch.MenuItem(
            type="submenu", text="More",
            items=[smooch.SubMenuItem(type="postback", text="Hours", payload="HOURS")],
        ),
    ]  # fmt: skip
    menu = sdk.menu.update_menu(app_id, smooch.Menu(items=items)).menu
    assert [i.type for i in menu.items] == ["link", "postback", "submenu"]
    assert menu.items[0].uri == "https://example.com" and menu.items[1].payload == "HELP"
    assert menu.items[2].items[0].text == "Hours"
    assert all(len(i["_id"]) == 24 for i in sdk.raw["menu"]["items"])
    assert [i.text for i in sdk.menu.get_menu(app_id).menu.items] == ["Site", "Help", "More"]
    assert sdk.menu.delete_menu(app_id).menu.items == []
    assert sdk.menu.get_menu(app_id).menu.items == []


def test_template_crud(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    message: dict[str, Any] = {
        "role": "appMaker",
        "type": "text",
        "text": "Hello!",
        "actions": [{"type": "postback", "text": "Hi", "payload": "HI"}],
    }
    template = sdk.templates.create_template(
        app_id, smooch.TemplateCreate(name="greeting", message=message)
    ).template
    assert template.name == "greeting" and template.id
    assert template.message.text == "Hello!" and template.message.actions[0].payload == "HI"
    # Stored nearly as given: no action ids, but `uri: ""` on the postback (live 2018 recording).
    stored = {**message, "actions": [{"uri": "", **message["actions"][0]}]}
    assert sdk.raw["template"]["message"] == stored
    assert sdk.templates.get_template(app_id, template.id).template.message.text == "Hello!"
    listed = sdk.templates.list_templates(app_id)
    assert [t.id for t in listed.templates] == [template.id]
    assert sdk.raw["hasMore"] is False and sdk.raw["offset"] == 0

    updated = sdk.templates.update_template(
        app_id, template.id, smooch.TemplateUpdate(name="hello")
    ).template
    assert updated.name == "hello" and sdk.raw["template"]["message"] == stored
    sdk.templates.delete_template(app_id, template.id)
    assert sdk.templates.list_templates(app_id).templates == []
    with pytest.raises(ApiException) as raised:
        sdk.templates.get_template(app_id, template.id)
    assert raised.value.status == 404


def test_integrations_crud_with_menu_and_profile(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    api = sdk.integrations
    twilio = api.create_integration(
        app_id,
        smooch.IntegrationCreate(
            type="twilio", account_sid="AC123", auth_token="secret", phone_number_sid="PN123"
        ),
    ).integration
    assert twilio.type == "twilio" and twilio.status == "active" and twilio.account_sid == "AC123"
    assert twilio.phone_number and twilio.phone_number.startswith("+")
    assert "authToken" not in sdk.raw["integration"]

    telegram = api.create_integration(
        app_id, smooch.IntegrationCreate(type="telegram", token="t0k")
    )
    assert telegram.integration.username
    web = api.create_integration(
        app_id, smooch.IntegrationCreate(type="web", brand_color="00ff00", business_name="Shop")
    ).integration
    assert web.brand_color == "00ff00" and web.business_name == "Shop"
    whatsapp = api.create_integration(
        app_id,
        smooch.IntegrationCreate(
            type="whatsapp", base_url="https://wa.example.com", username="u", password="p"
        ),
    ).integration
    assert whatsapp.base_url == "https://wa.example.com"

    everything = api.list_integrations(app_id).integrations
    assert [i.type for i in everything] == ["twilio", "telegram", "web", "whatsapp"]
    only = api.list_integrations(app_id, types="twilio,web").integrations
    assert [i.type for i in only] == ["twilio", "web"]
    assert api.get_integration(app_id, twilio.id).integration.id == twilio.id

    updated = api.update_integration(
        app_id, web.id, smooch.IntegrationUpdate(brand_color="ff0000", display_name="Web")
    ).integration
    assert updated.brand_color == "ff0000" and updated.display_name == "Web"

    assert api.get_integration_menu(app_id, twilio.id).menu.items == []
    menu = smooch.Menu(items=[smooch.MenuItem(type="postback", text="Start", payload="START")])
    created = api.create_integration_menu(app_id, twilio.id, menu).menu
    assert created.items[0].payload == "START"
    menu = smooch.Menu(items=[smooch.MenuItem(type="link", text="Web", uri="https://example.com")])
    assert api.update_integration_menu(app_id, twilio.id, menu).menu.items[0].type == "link"
    assert api.get_integration_menu(app_id, twilio.id).menu.items[0].text == "Web"
    api.delete_integration_menu(app_id, twilio.id)
    assert api.get_integration_menu(app_id, twilio.id).menu.items == []

    profile = smooch.IntegrationProfileUpdate(
        about="We sell tacos", email="shop@example.com", websites=["https://example.com"]
    )
    api.update_integration_profile(app_id, whatsapp.id, profile)
    got = api.get_integration_profile(app_id, whatsapp.id).profile
    assert got == {
        "about": "We sell tacos",
        "email": "shop@example.com",
        "websites": ["https://example.com"],
    }

    api.delete_integration(app_id, telegram.integration.id)
    assert len(api.list_integrations(app_id).integrations) == 3
    with pytest.raises(ApiException) as raised:
        api.get_integration(app_id, telegram.integration.id)
    assert raised.value.status == 404


def test_attachment_upload_and_remove(app_under_test: AppUnderTest, tmp_path: Path) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    user = make_user(sdk, app_id)
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    uploaded = sdk.attachments.upload_attachment(
        app_id, str(picture), "public", _for="message", app_user_id=user.id
    )
    assert uploaded.media_type == "image/png"
    assert uploaded.media_url.startswith(sdk.client.host) and uploaded.media_url.endswith(
        "photo.png"
    )

    _, raw = post(sdk, app_id, user.id, role="appUser", type="image", media_url=uploaded.media_url)
    assert raw["message"]["mediaSize"] == 108

    uploaded_image = sdk.users.post_image_message(app_id, user.id, str(picture), "appMaker")
    assert uploaded_image.message.type == "image" and uploaded_image.message.role == "appMaker"
    assert uploaded_image.message.media_url.startswith(sdk.client.host)
    assert uploaded_image.conversation.unread_count == 1

    whatsapp = sdk.integrations.create_integration(
        app_id, smooch.IntegrationCreate(type="whatsapp", deployment_id="5e0f8a1b2c3d4e5f60718293")
    ).integration
    photo = sdk.integrations.upload_integration_profile_photo(app_id, whatsapp.id, str(picture))
    assert photo.photo_url.endswith("photo.png")
    assert sdk.integrations.get_integration_profile(app_id, whatsapp.id).profile == {
        "photoUrl": photo.photo_url
    }

    sdk.attachments.remove_attachment(app_id, smooch.AttachmentRemove(media_url=uploaded.media_url))
    with pytest.raises(ApiException) as raised:
        sdk.attachments.remove_attachment(
            app_id, smooch.AttachmentRemove(media_url=uploaded.media_url)
        )
    assert raised.value.status == 404


# -- channels, links, merges, notifications ------------------------------------------------------


def test_channels_links_auth_code_and_merge(app_under_test: AppUnderTest) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    twilio = sdk.integrations.create_integration(
        app_id,
        smooch.IntegrationCreate(
            type="twilio", account_sid="AC1", auth_token="x", phone_number_sid="PN1"
        ),
    ).integration
    messenger = sdk.integrations.create_integration(
        app_id,
        smooch.IntegrationCreate(
            type="messenger", page_access_token="p", app_id="fb", app_secret="s"
        ),
    ).integration
    user = make_user(sdk, app_id)

    link = smooch.AppUserLink(
        type="twilio",
        phone_number="+15145550000",
        confirmation=smooch.Confirmation(type="immediate"),
    )
    linked = sdk.users.link_app_user(app_id, user.id, link).app_user
    assert [c.platform for c in linked.clients] == ["twilio"]
    assert linked.clients[0].integration_id == twilio.id and linked.pending_clients == []

    channels = sdk.users.get_app_user_entity_ids(app_id, user.id).channels
    assert [(c.type, c.phone_number) for c in channels] == [("twilio", "+15145550000")]
    assert sdk.users.get_app_user_business_system_ids(app_id, user.id).business_systems == []
    assert sdk.users.get_app_user_auth_code(app_id, user.id).auth_code.startswith("ac_")

    requests = sdk.users.get_link_requests(app_id, user.id, [messenger.id]).link_requests
    assert [(r.integration_id, r.type) for r in requests] == [(messenger.id, "messenger")]
    assert requests[0].code.startswith("lr_") and requests[0].url

    sdk.users.unlink_app_user(app_id, user.id, "twilio")
    assert sdk.users.get_app_user(app_id, user.id).app_user.clients == []

    prompt = smooch.AppUserLink(
        type="twilio", phone_number="+15145550009",
        confirmation=smooch.Confirmation(type="prompt", message={"type": "text", "text": "Link?"}),
    )  # fmt: skip
    pending = sdk.users.link_app_user(app_id, user.id, prompt).app_user
    assert pending.clients == [] and [c.status for c in pending.pending_clients] == ["pending"]

    other = make_user(sdk, app_id, "bob")
    post(sdk, app_id, other.id, role="appUser", type="text", text="from bob")
    post(sdk, app_id, user.id, role="appUser", type="text", text="from alice")
    merge = smooch.AppUserMerge(
        surviving=smooch.MergedUser(id=user.id), discarded=smooch.MergedUser(id=other.id)
    )
    sdk.users.merge_users(app_id, merge)
    merged = sdk.conversations.get_messages(app_id, user.id).messages
    assert sorted(m.text for m in merged) == ["from alice", "from bob"]
    assert merged[0].received < merged[1].received
    with pytest.raises(ApiException) as raised:
        sdk.users.get_app_user(app_id, other.id)
    assert raised.value.status == 404


def test_notification_goes_to_v1_path(
    app_under_test: AppUnderTest, fake: FakeSmooch, caplog: pytest.LogCaptureFixture
) -> None:
    sdk, app_id = app_under_test.sdk, app_under_test.app_id
    caplog.set_level(logging.INFO, logger="smooch_mock.access")
    whatsapp = sdk.integrations.create_integration(
        app_id,
        smooch.IntegrationCreate(
            type="whatsapp", base_url="https://wa", username="u", password="p"
        ),
    ).integration
    body = smooch.NotificationPost(
        destination=smooch.NotificationPostDestination(
            integration_id=whatsapp.id, destination_id="+15145550001"
        ),
        author=smooch.Author(role="appMaker", name="Shop"),
        message={"type": "text", "text": "Your order shipped"},
    )
    notification = sdk.notifications.post_notification(app_id, body).notification
    assert len(notification.id) == 36
    assert notification.id in fake.store.apps[app_id].notifications
    requests = [r.getMessage() for r in caplog.records if r.name == "smooch_mock.access"]
    assert any(r.startswith(f"POST /v1/apps/{app_id}/notifications 201") for r in requests), (
        requests
    )


# -- errors --------------------------------------------------------------------------------------


def test_unknown_user_is_404_not_found(app_under_test: AppUnderTest) -> None:
    with pytest.raises(ApiException) as raised:
        app_under_test.sdk.users.get_app_user(app_under_test.app_id, "nobody")
    assert raised.value.status == 404
    assert error_of(raised)["code"] == "not_found"
    assert raised.value.headers["Content-Type"].startswith("application/json")


def test_no_credentials_is_401_unauthorized(
    sdk: Sdk, credentials: Credentials, app_and_key: tuple[Any, SecretKey]
) -> None:
    credentials.none()
    with pytest.raises(ApiException) as raised:
        sdk.menu.get_menu(app_and_key[0].id)
    assert raised.value.status == 401
    assert error_of(raised) == {"code": "unauthorized", "description": "Authorization is required"}


def test_bad_jwt_signature_is_401_invalid_auth(
    sdk: Sdk, credentials: Credentials, app_and_key: tuple[Any, SecretKey]
) -> None:
    app, key = app_and_key
    forged = SecretKey(id=key.id, secret="not the secret " * 4, name=key.name, scope="app")
    credentials.bearer(sign_jwt(forged, "app"))
    with pytest.raises(ApiException) as raised:
        sdk.menu.get_menu(app.id)
    assert raised.value.status == 401
    assert error_of(raised)["code"] == "invalid_auth"


@pytest.mark.parametrize("how", ["basic", "jwt"])
def test_app_key_on_another_app_is_403_forbidden(
    how: str, sdk: Sdk, credentials: Credentials, fake: FakeSmooch
) -> None:
    mine, my_key = fake.create_app_with_key("Mine")
    theirs, _ = fake.create_app_with_key("Theirs")
    if how == "basic":
        credentials.basic(my_key.id, my_key.secret)
    else:
        credentials.bearer(sign_jwt(my_key, "app"))
    assert sdk.menu.get_menu(mine.id).menu.items == []
    with pytest.raises(ApiException) as raised:
        sdk.menu.get_menu(theirs.id)
    assert raised.value.status == 403
    assert error_of(raised)["code"] == "forbidden"
    with pytest.raises(ApiException) as raised:
        sdk.apps.create_app(smooch.AppCreate(name="not allowed"))
    assert raised.value.status == 403


def test_merge_keeps_history_times_unique_when_two_users_wrote_in_the_same_millisecond(
    credentials: Credentials,
) -> None:
    frozen = FakeSmooch(seed=7, clock=FakeClock())
    app, key = frozen.create_app_with_key("Frozen")
    with ServerThread(frozen) as server:
        client = RecordingApiClient(host=server.url)
        users, conversations = smooch.AppUserApi(client), smooch.ConversationApi(client)
        credentials.basic(key.id, key.secret)
        ids = []
        for name in ("alice", "bob"):
            user = users.pre_create_app_user(app.id, smooch.AppUserPreCreate(user_id=name))
            body = smooch.MessagePost(role="appUser", type="text", text=f"from {name}")
            conversations.post_message(app.id, name, body)
            ids.append(user.app_user.id)
        merge = smooch.AppUserMerge(
            surviving=smooch.MergedUser(id=ids[0]), discarded=smooch.MergedUser(id=ids[1])
        )
        users.merge_users(app.id, merge)
        merged = conversations.get_messages(app.id, "alice").messages
        after_first = conversations.get_messages(app.id, "alice", after=str(merged[0].received))
    assert [m.text for m in merged] == ["from alice", "from bob"]
    assert merged[0].received < merged[1].received
    assert [m.text for m in after_first.messages] == ["from bob"]
    frozen.close()
    assert not frozen.internal_errors


# -- WhatsApp deployments ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["basic", "jwt"])
def test_whatsapp_deployment_lifecycle(
    how: str, sdk: Sdk, credentials: Credentials, fake: FakeSmooch
) -> None:
    use_account(credentials, fake.account_key, how)
    api = smooch.DeploymentApi(sdk.client)
    created = api.create_deployment(
        smooch.DeploymentCreate(hosting="smooch", callback_url="https://example.com/cb")
    )
    deployment = created.deployment
    assert deployment.id and deployment.hosting == "smooch" and deployment.status == "unregistered"
    assert [d.id for d in api.list_deployments().deployments] == [deployment.id]

    activation = smooch.DeploymentActivatePhoneNumber(
        verified_name_certificate="CERT", phone_number="+15145550100", method="sms"
    )
    pending = api.activate_phone_number(deployment.id, activation).deployment
    assert pending.status == "pending" and pending.phone_number == "+15145550100"
    with pytest.raises(ApiException) as wrong_code:
        api.confirm_code(deployment.id, smooch.DeploymentConfirmCode(code="000000"))
    assert wrong_code.value.status == 400
    confirmed = api.confirm_code(
        deployment.id, smooch.DeploymentConfirmCode(code="123456")
    ).deployment
    assert confirmed.status == "registered"

    api.delete_deployment(deployment.id)
    with pytest.raises(ApiException) as gone:
        api.get_deployment(deployment.id)
    assert gone.value.status == 404
    assert error_of(gone)["code"] == "not_found"


def test_self_hosted_deployment_needs_its_credentials(
    sdk: Sdk, credentials: Credentials, fake: FakeSmooch
) -> None:
    use_account(credentials, fake.account_key, "basic")
    api = smooch.DeploymentApi(sdk.client)
    with pytest.raises(ApiException) as missing:
        api.create_deployment(
            smooch.DeploymentCreate(hosting="self", base_url="https://wa.example.com")
        )
    assert missing.value.status == 400
    body = smooch.DeploymentCreate(
        hosting="self", base_url="https://wa.example.com", username="admin", password="pw"
    )
    deployment = api.create_deployment(body).deployment
    assert deployment.base_url == "https://wa.example.com" and deployment.username == "admin"
    assert "password" not in sdk.raw["deployment"]
