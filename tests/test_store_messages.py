"""Store: what posting a typed message fills in from the store's state (author names, time),
and that an input is never changed by posting it. Message shapes and their 400s are checked at
the HTTP edge: tests/test_http_message_shapes.py."""

from __future__ import annotations

import re

import pytest

from smooch_mock.clock import FakeClock
from smooch_mock.errors import BadRequest
from smooch_mock.store import Store, UserInput
from smooch_mock.store.conversations import GRAVATAR_DEFAULT
from smooch_mock.store.models import App, AuthorInput, Client, Content, MessageInput

HEX24 = re.compile(r"^[0-9a-f]{24}$")


def _text(author: str, text: str = "x", **content: object) -> MessageInput:
    kind = "business" if author == "business" else "user"
    return MessageInput(AuthorInput(type=kind), Content(type="text", text=text, **content))  # type: ignore[arg-type]


@pytest.fixture
def app(store: Store) -> App:
    app = store.create_app("Shop")
    store.create_user(app.id, UserInput("bob", given_name="Bob", surname="Ross"))
    return app


def test_text_message_gets_every_server_filled_field(store: Store, app: App) -> None:
    clock: FakeClock = store.clock  # type: ignore[assignment]
    clock.advance(0.1234)
    message = store.post_message(app.id, "bob", _text("business", "Hello"))
    assert HEX24.match(message.id)
    assert message.received == round(clock.now(), 3)
    assert message.author.business_id == store.get_app(app.id).business_author_id
    assert message.author.display_name is None  # no business name configured
    assert message.author.avatar_url == GRAVATAR_DEFAULT
    assert message.source.type == "api"
    assert (message.author.type, message.content.type, message.content.text) == (
        "business",
        "text",
        "Hello",
    )


def test_anonymous_app_user_message_falls_back_to_user_id_then_anonymous(store: Store) -> None:
    app = store.create_app("A")
    named = store.create_user(app.id, UserInput("carol"))
    nameless = store.create_user(app.id)
    by_user_id = store.post_message(app.id, named.id, _text("user"))
    anonymous = store.post_message(app.id, nameless.id, _text("user"))
    assert (by_user_id.author.display_name, anonymous.author.display_name) == ("carol", "Anonymous")


def test_animal_names_when_the_app_uses_them(store: Store) -> None:
    app = store.create_app("A", settings={"useAnimalNames": True})
    user = store.create_user(app.id)
    message = store.post_message(app.id, user.id, _text("user"))
    assert message.author.display_name is not None
    assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", message.author.display_name)


def test_client_display_name_is_used_for_a_nameless_user(store: Store) -> None:
    app = store.create_app("A")
    user = store.create_user(app.id)
    client = Client(id="c", platform="messenger", display_name="Zed", avatar_url="https://z/a.png")
    store.add_client(app.id, user, client)
    message = store.post_message(app.id, user.id, _text("user"), client=client)
    assert (message.author.display_name, message.author.avatar_url) == ("Zed", "https://z/a.png")


def test_posting_an_input_twice_leaves_it_as_given(store: Store, app: App) -> None:
    action = {"type": "postback", "text": "Yes", "payload": "YES"}
    given = _text("business", "Pick", actions=[action])
    first = store.post_message(app.id, "bob", given)
    second = store.post_message(app.id, "bob", given)
    assert given.content.actions == [action]
    ids = [m.content.actions[0]["_id"] for m in (first, second) if m.content.actions]
    assert len(set(ids)) == 2 and all(HEX24.match(i) for i in ids)


def test_a_user_message_with_actions_is_refused_by_the_store(store: Store, app: App) -> None:
    action = {"type": "link", "text": "Open", "uri": "https://example.com"}
    with pytest.raises(BadRequest, match="only allowed on business"):
        store.post_message(app.id, "bob", _text("user", "Q", actions=[action]))


def test_messages_of_one_author_share_one_author_and_a_change_of_name_shows(
    store: Store, app: App
) -> None:
    first = store.post_message(app.id, "bob", _text("bob", "one"))
    second = store.post_message(app.id, "bob", _text("bob", "two"))
    assert second.author is first.author  # a long history holds one author, not one per message
    store.update_user(app.id, "bob", UserInput("bob", given_name="Robert", surname="Ross"))
    renamed = store.post_message(app.id, "bob", _text("bob", "three"))
    assert renamed.author.display_name == "Robert Ross"
    assert first.author.display_name == "Bob Ross", "an older message keeps the name it had"
    business = store.post_message(app.id, "bob", _text("business", "hi"))
    assert business.author.type == "business" and business.author is not first.author
    store.reset()
    assert store.authors == {}, "a reset keeps no author of the apps it forgot"
