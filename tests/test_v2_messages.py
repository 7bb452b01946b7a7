"""v2 messages and activity through the official Python client (17.0.1) against a real fake:
post (201, server-filled fields, shorthand, 423), list backwards by message id, delete one and
all, activity; in a user's default conversation and in an sdkGroup; the same records as v1's."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import CREDENTIALS, Scheme, V2Clients, error_of, v2_clients

from smooch_mock import error_texts as texts
from smooch_mock.api.v1.message_input import message_input as v1_message_input
from smooch_mock.fake import FakeSmooch
from smooch_mock.store import ConversationInput, UserInput
from smooch_mock.store.conversations import GRAVATAR_DEFAULT, MESSAGE_LIMIT
from smooch_mock.store.models import App, AuthorInput, Content, MessageInput, SecretKey, User

__all__ = ["v2_clients"]  # the fixture, imported for pytest

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
TEXT_X = {"type": "text", "text": "x"}
BUSINESS_TEXT = {"author": {"type": "business"}, "content": {"type": "text", "text": "Hello"}}


@pytest.fixture
def app(v2_clients: V2Clients) -> tuple[App, SecretKey]:
    return v2_clients.fake.create_app_with_key("Messages")


@pytest.fixture
def bob(fake: FakeSmooch, app: tuple[App, SecretKey]) -> User:
    return fake.store.create_user(app[0].id, UserInput("bob", given_name="Bob"))


@pytest.fixture
def integration_key(fake: FakeSmooch, app: tuple[App, SecretKey]) -> SecretKey:
    """An `int_` key as custom integrations will hold them, put straight into the store."""
    key = SecretKey(
        id="int_" + "3" * 24,
        secret="t" * 32,
        name="Integration key",
        scope="integration",
        app_id=app[0].id,
        integration_id="4" * 24,
    )
    fake.store.keys[key.id] = key
    return key


def _client(v2_clients: V2Clients, app: tuple[App, SecretKey], scope: str, scheme: Scheme) -> Any:
    key = v2_clients.fake.account_key if scope == "account" else app[1]
    return v2_clients.client(key, scheme)


def _post(api: sunco.MessagesApi, app_id: str, conversation_id: str, body: dict[str, Any]) -> Any:
    return api.post_message(app_id, conversation_id, sunco.MessagePost.from_dict(body))


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_post_message_answers_201_with_the_server_filled_fields(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User, scheme: Scheme, scope: str
) -> None:
    api = sunco.MessagesApi(_client(v2_clients, app, scope, scheme))
    answer = _post(api, app[0].id, bob.default_conversation.id, BUSINESS_TEXT)
    assert isinstance(answer, sunco.MessagePostResponse)
    [message] = answer.messages
    assert len(message.id) == 24 and ISO.match(message.received)
    assert message.author.type == "business" and message.author.avatar_url == GRAVATAR_DEFAULT
    assert message.source.type == "api:conversations"
    assert message.content.actual_instance.text == "Hello"
    stored = bob.default_conversation.messages[-1]
    assert stored.id == message.id and stored.source.type == "api:conversations"


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_an_integration_key_posts_and_lists_messages(
    v2_clients: V2Clients,
    app: tuple[App, SecretKey],
    bob: User,
    integration_key: SecretKey,
    scheme: Scheme,
) -> None:
    api = sunco.MessagesApi(v2_clients.client(integration_key, scheme))
    posted = _post(api, app[0].id, bob.default_conversation.id, BUSINESS_TEXT).messages[0]
    listed = api.list_messages(app[0].id, bob.default_conversation.id)
    assert [m.id for m in listed.messages] == [posted.id]


def test_a_user_message_by_external_id_carries_the_user_and_their_name(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User
) -> None:
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    body = {
        "author": {"type": "user", "userExternalId": "bob"},
        "content": {"type": "image", "mediaUrl": "https://cdn.example.com/cat.png"},
        "metadata": {"lang": "en"},
    }
    [message] = _post(api, app[0].id, bob.default_conversation.id, body).messages
    assert (message.author.type, message.author.user_id) == ("user", bob.id)
    assert message.author.display_name == "Bob"
    image = message.content.actual_instance
    assert image.media_type == "image/png" and isinstance(image.media_size, (int, float))
    assert message.metadata == {"lang": "en"}


def test_shorthand_with_a_template_answers_every_message_it_makes(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User
) -> None:
    shown = {"role": "appMaker", "type": "text", "text": "Open 9 to 5"}
    v2_clients.fake.store.create_template(app[0].id, "hours", shown, v1_message_input(shown))
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    text = "Our hours: %((template: hours))% See you %[Soon](postback:SOON)"
    body = {"author": {"type": "business"}, "content": {"type": "text", "text": text}}
    messages = _post(api, app[0].id, bob.default_conversation.id, body).messages
    contents = [m.content.actual_instance for m in messages]
    assert [c.text for c in contents] == ["Our hours:", "Open 9 to 5", "See you"]
    assert [a.actual_instance.payload for a in contents[2].actions] == ["SOON"]


def test_posting_in_an_sdk_group_reaches_its_participants_only(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User
) -> None:
    store = v2_clients.fake.store
    store.create_user(app[0].id, UserInput("ann"))
    store.create_user(app[0].id, UserInput("eve"))
    group = store.create_conversation(
        app[0].id, ConversationInput(type="sdkGroup", participant_user_ids=["bob", "ann"])
    )
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    said = {"author": {"type": "user", "userId": bob.id}, "content": {"type": "text", "text": "hi"}}
    posted = _post(api, app[0].id, group.id, said).messages[0]
    _post(api, app[0].id, group.id, BUSINESS_TEXT)
    assert [p.unread_count for p in group.participants] == [1, 1]
    listed = api.list_messages(app[0].id, group.id).messages
    assert listed[0].id == posted.id and bob.default_conversation.messages == []
    eve = {"author": {"type": "user", "userExternalId": "eve"}, "content": said["content"]}
    error = error_of(lambda: _post(api, app[0].id, group.id, eve), errors.NotFoundException)
    assert error == {"code": "not_found", "title": texts.V2_AUTHOR_NOT_A_PARTICIPANT}


@pytest.mark.parametrize(
    ("body", "exception", "code"),
    [
        ({"author": {"type": "business"}}, errors.BadRequestException, "bad_request"),
        (
            {"author": {"type": "user"}, "content": {"type": "text", "text": "x"}},
            errors.BadRequestException,
            "bad_request",
        ),
        (
            {"author": {"type": "user", "userId": "0" * 24}, "content": TEXT_X},
            errors.NotFoundException,
            "user_not_found",
        ),
        (
            {
                "author": {"type": "business"},
                "content": {"type": "text", "text": "Q", "actions": [
                    {"type": "reply", "text": "Y", "payload": "Y"},
                    {"type": "link", "text": "L", "uri": "https://example.com"},
                ]},
            },
            errors.BadRequestException,
            "bad_request",
        ),
    ],
)  # fmt: skip
def test_a_bad_post_answers_the_v2_error_body(
    app: tuple[App, SecretKey],
    bob: User,
    raw: httpx.Client,
    body: dict[str, Any],
    exception: type[errors.ApiException],
    code: str,
) -> None:
    # The Python models refuse some of these bodies before sending: they go as plain JSON.
    url = f"/v2/apps/{app[0].id}/conversations/{bob.default_conversation.id}/messages"
    answer = raw.post(url, json=body)
    assert answer.status_code == exception(status=answer.status_code).status
    error = _error_body(answer.content)
    assert error["code"] == code
    if body.get("content", {}).get("actions"):
        assert "cannot be mixed" in error["title"]  # the store's rule, once for both generations


def _error_body(content: bytes) -> dict[str, Any]:
    body = json.loads(content)
    assert set(body) == {"errors"} and len(body["errors"]) == 1, body
    entry: dict[str, Any] = body["errors"][0]
    assert set(entry) == {"code", "title"}
    return entry


def test_unknown_conversation_is_404_conversation_not_found(
    v2_clients: V2Clients, app: tuple[App, SecretKey]
) -> None:
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    for call in (
        lambda: _post(api, app[0].id, "0" * 24, BUSINESS_TEXT),
        lambda: api.list_messages(app[0].id, "0" * 24),
        lambda: api.delete_all_messages(app[0].id, "0" * 24),
    ):
        error = error_of(call, errors.NotFoundException)
        assert error == {"code": "conversation_not_found", "title": texts.CONVERSATION_NOT_FOUND}


def test_beyond_thirty_thousand_messages_a_conversation_is_locked(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User
) -> None:
    store = v2_clients.fake.store
    filler = MessageInput(AuthorInput(type="user"), Content(type="text", text="x"))
    with v2_clients.fake.lock:
        for _ in range(MESSAGE_LIMIT):
            store.post_message(app[0].id, bob.id, filler)
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    with pytest.raises(errors.ApiException) as caught:
        _post(api, app[0].id, bob.default_conversation.id, BUSINESS_TEXT)
    assert caught.value.status == 423
    assert _error_body(caught.value.body.encode()) == {
        "code": "locked",
        "title": "Message limit of 30000 per conversation reached.",
    }
    assert len(bob.default_conversation.messages) == MESSAGE_LIMIT


def _fill(v2_clients: V2Clients, app_id: str, user: User, count: int) -> list[str]:
    store = v2_clients.fake.store
    with v2_clients.fake.lock:
        return [
            store.post_message(
                app_id, user.id, MessageInput(AuthorInput(type="user"), Content("text", str(n)))
            ).id
            for n in range(count)
        ]


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_history_of_250_walks_back_with_before_and_forward_with_after_each_once_in_order(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User, scheme: Scheme
) -> None:
    made = _fill(v2_clients, app[0].id, bob, 250)
    api = sunco.MessagesApi(v2_clients.client(app[1], scheme))
    conversation_id = bob.default_conversation.id
    pages: list[list[str]] = []
    page = api.list_messages(app[0].id, conversation_id, page=sunco.Page(size=10))
    while True:
        assert isinstance(page, sunco.MessageListResponse)
        pages.insert(0, [m.id for m in page.messages])
        if not page.meta.has_more:
            assert page.meta.before_cursor is None and page.links.prev is None
            break
        assert page.links.prev.endswith(f"page[before]={page.meta.before_cursor}")
        page = api.list_messages(
            app[0].id, conversation_id, page=sunco.Page(before=page.meta.before_cursor)
        )
    assert [len(p) for p in pages] == [50, 100, 100]  # size ignored: 100 a page, newest first
    assert [i for p in pages for i in p] == made

    forward = list(pages[0])
    cursor = forward[-1]
    while True:
        page = api.list_messages(app[0].id, conversation_id, page=sunco.Page(after=cursor))
        forward += [m.id for m in page.messages]
        if not page.meta.has_more:
            assert page.meta.after_cursor is None and page.links.next is None
            break
        assert page.meta.after_cursor == forward[-1]
        cursor = page.meta.after_cursor
    assert forward == made


def test_an_unknown_message_cursor_is_400(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User
) -> None:
    _fill(v2_clients, app[0].id, bob, 3)
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    error = error_of(
        lambda: api.list_messages(
            app[0].id, bob.default_conversation.id, page=sunco.Page(after="f" * 24)
        ),
        errors.BadRequestException,
    )
    assert error == {"code": "bad_request", "title": texts.V2_INVALID_PAGE_QUERY}


def test_an_empty_history_is_one_page_without_cursors(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User
) -> None:
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    page = api.list_messages(app[0].id, bob.default_conversation.id)
    assert page.messages == [] and page.meta.has_more is False


@pytest.fixture
def raw(client_for: Callable[..., httpx.Client], app: tuple[App, SecretKey]) -> httpx.Client:
    """A plain HTTP client with the app key, for bodies the official client would not send."""
    return client_for(auth=(app[1].id, app[1].secret))


@pytest.fixture
def v1(client_for: Callable[..., httpx.Client], app: tuple[App, SecretKey]) -> httpx.Client:
    return client_for(auth=(app[1].id, app[1].secret))


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_delete_one_message_then_all_shows_in_both_generations(
    v2_clients: V2Clients,
    app: tuple[App, SecretKey],
    bob: User,
    v1: httpx.Client,
    scheme: Scheme,
    scope: str,
) -> None:
    first, second, third = _fill(v2_clients, app[0].id, bob, 3)
    api = sunco.MessagesApi(_client(v2_clients, app, scope, scheme))
    conversation_id = bob.default_conversation.id
    assert api.delete_message(app[0].id, conversation_id, second) == {}
    assert [m.id for m in api.list_messages(app[0].id, conversation_id).messages] == [first, third]
    v1_ids = [m["_id"] for m in v1.get("/v1.1/appusers/bob/messages").json()["messages"]]
    assert v1_ids == [first, third]
    error = error_of(
        lambda: api.delete_message(app[0].id, conversation_id, second), errors.NotFoundException
    )
    assert error["code"] == "not_found"
    assert api.delete_all_messages(app[0].id, conversation_id) == {}
    assert api.list_messages(app[0].id, conversation_id).messages == []
    assert v1.get("/v1.1/appusers/bob/messages").json()["messages"] == []


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_activity_reads_and_typing(
    v2_clients: V2Clients,
    app: tuple[App, SecretKey],
    bob: User,
    v1: httpx.Client,
    scheme: Scheme,
    scope: str,
) -> None:
    activities = sunco.ActivitiesApi(_client(v2_clients, app, scope, scheme))
    messages = sunco.MessagesApi(_client(v2_clients, app, scope, scheme))
    conversation = bob.default_conversation
    _post(messages, app[0].id, conversation.id, BUSINESS_TEXT)
    assert conversation.participant(bob.id).unread_count == 1  # type: ignore[union-attr]

    def post(author: dict[str, Any], kind: str) -> object:
        body = sunco.ActivityPost.from_dict({"author": author, "type": kind})
        return activities.post_activity(app[0].id, conversation.id, body)

    assert post({"type": "business"}, "typing:start") == {}
    assert post({"type": "business"}, "conversation:read") == {}
    business_read = conversation.business_last_read
    assert post({"type": "user", "userId": bob.id}, "conversation:read") == {}
    participant = conversation.participant(bob.id)
    assert participant is not None and participant.unread_count == 0
    assert participant.last_read is not None and business_read is not None
    shown = v1.get("/v1.1/appusers/bob/messages").json()["conversation"]
    assert shown["unreadCount"] == 0
    assert (shown["appMakerLastRead"], shown["appUserLastRead"]) == (
        business_read,
        participant.last_read,
    )


def test_a_user_may_only_read(app: tuple[App, SecretKey], bob: User, raw: httpx.Client) -> None:
    url = f"/v2/apps/{app[0].id}/conversations/{bob.default_conversation.id}/activity"
    body = {"author": {"type": "user", "userId": bob.id}, "type": "typing:start"}
    answer = raw.post(url, json=body)
    assert answer.status_code == 400
    assert _error_body(answer.content)["code"] == "bad_request"


def test_messages_of_v1_v2_and_simulate_are_one_history_in_both_generations(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User, v1: httpx.Client
) -> None:
    posted_v1 = v1.post(
        "/v1.1/appusers/bob/messages",
        json={"role": "appMaker", "type": "text", "text": "from v1.1", "name": "Agent"},
    ).json()["message"]
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    said = {
        "author": {"type": "user", "userId": bob.id},
        "content": {"type": "text", "text": "from v2"},
    }
    posted_v2 = _post(api, app[0].id, bob.default_conversation.id, said).messages[0]
    _, simulated = v2_clients.fake.simulate.write(app[0].id, "simulated", user="bob", channel="web")

    v1_history = v1.get("/v1.1/appusers/bob/messages").json()["messages"]
    v2_history = api.list_messages(app[0].id, bob.default_conversation.id).messages
    ids = [posted_v1["_id"], posted_v2.id, simulated.id]
    assert [m["_id"] for m in v1_history] == [m.id for m in v2_history] == ids
    assert [m["role"] for m in v1_history] == ["appMaker", "appUser", "appUser"]
    assert [m.author.type for m in v2_history] == ["business", "user", "user"]
    assert [m.author.user_id for m in v2_history[1:]] == [bob.id, bob.id]
    assert [m["authorId"] for m in v1_history[1:]] == [bob.id, bob.id]
    assert v2_history[0].author.display_name == "Agent" == v1_history[0]["name"]
    assert [m.source.type for m in v2_history] == ["api", "api:conversations", "web"]
    assert [m["source"]["type"] for m in v1_history] == ["api", "api:conversations", "web"]
    assert v2_history[0].received.endswith("Z")


def test_a_whatsapp_template_posted_in_v2_shows_as_text_in_v1(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User, v1: httpx.Client
) -> None:
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    template = {"name": "order_ready", "language": {"policy": "deterministic", "code": "en_US"}}
    body = {
        "author": {"type": "business"},
        "schema": "whatsapp",
        "content": {"type": "template", "template": template},
    }
    [posted] = _post(api, app[0].id, bob.default_conversation.id, body).messages
    assert posted.content.actual_instance.template == template
    [shown] = v1.get("/v1.1/appusers/bob/messages").json()["messages"]
    assert (shown["_id"], shown["type"], shown["text"]) == (posted.id, "text", "")


def test_every_v1_message_type_reads_through_the_python_models(
    v2_clients: V2Clients, app: tuple[App, SecretKey], bob: User, v1: httpx.Client
) -> None:
    postback = {"type": "postback", "text": "Yes", "payload": "YES"}
    item = {"title": "Tea", "actions": [postback, {"type": "share"}]}
    field = {
        "type": "select",
        "name": "size",
        "label": "Size",
        "options": [{"name": "s", "label": "S"}],
    }
    bodies: list[dict[str, Any]] = [
        {
            "role": "appMaker",
            "type": "text",
            "text": "Pick",
            "actions": [postback, {"type": "buy", "text": "Pay", "amount": 500}],
        },
        {
            "role": "appMaker",
            "type": "carousel",
            "items": [item, {"title": "Only share", "actions": [{"type": "share"}]}],
        },
        {"role": "appMaker", "type": "list", "items": [item]},
        {"role": "appUser", "type": "image", "mediaUrl": "https://example.com/cat.png"},
        {
            "role": "appUser",
            "type": "file",
            "mediaUrl": "https://example.com/doc.pdf",
            "altText": "doc",
        },
        {"role": "appUser", "type": "location", "coordinates": {"lat": 1, "long": 2}},
        {"role": "appMaker", "type": "form", "fields": [field], "blockChatInput": True},
    ]
    posted = [
        v1.post("/v1.1/appusers/bob/messages", json=body).json()["message"] for body in bodies
    ]
    answer = {
        "type": "select",
        "name": "size",
        "label": "Size",
        "select": [{"name": "s", "label": "S"}],
    }
    v1.post(
        "/v1.1/appusers/bob/messages",
        json={"role": "appUser", "type": "formResponse", "fields": [answer],
              "quotedMessage": {"type": "message", "content": posted[-1]}},
    )  # fmt: skip
    api = sunco.MessagesApi(v2_clients.client(app[1]))
    history = api.list_messages(app[0].id, bob.default_conversation.id).messages
    contents = [m.content.actual_instance for m in history]
    assert [c.type for c in contents] == [b["type"] for b in bodies] + ["formResponse"]
    assert [a.actual_instance.type for a in contents[0].actions] == ["postback", "buy"]
    assert [item.title for item in contents[1].items] == ["Tea"]  # share-only item left out
    assert [a.actual_instance.type for a in contents[1].items[0].actions] == ["postback"]
    assert contents[6].submitted is True and contents[6].block_chat_input is True
    response = history[-1]
    assert contents[-1].text_fallback == "Size: S"
    assert response.quoted_message.actual_instance.message.id == posted[-1]["_id"]
