"""v2 ListMessages keeps its last page, and each message's JSON, until the store notes a change:
the same bytes as rendering the whole answer, and every change shows at once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from smooch_mock import encoding
from smooch_mock.api.v2 import messages_wire
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.server import ServerThread
from smooch_mock.store import UserInput
from smooch_mock.store.models import App, Conversation, Message, SecretKey

BUSINESS = {"type": "business"}


@pytest.fixture
def conversation(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> Conversation:
    """bob's default conversation, with one message of his own."""
    bob = fake.store.create_user(app_and_key[0].id, UserInput("bob"))
    return bob.default_conversation


@pytest.fixture
def messages_path(app_and_key: tuple[App, SecretKey], conversation: Conversation) -> str:
    return f"/v2/apps/{app_and_key[0].id}/conversations/{conversation.id}/messages"


@pytest.fixture
def page_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of messages of every page assembled from now on (a kept page adds nothing)."""
    built: list[int] = []
    original = messages_wire.messages_json

    def counting(models: list[Message], conversation: Conversation | None = None) -> bytes:
        built.append(len(models))
        return original(models, conversation)

    monkeypatch.setattr(messages_wire, "messages_json", counting)
    return built


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of every message `messages_wire.message` renders from now on."""
    seen: list[str] = []
    original = messages_wire.message

    def counting(model: Message, conversation: Conversation | None = None) -> Any:
        seen.append(model.id)
        return original(model, conversation)

    monkeypatch.setattr(messages_wire, "message", counting)
    return seen


def say(client: httpx.Client, path: str, text: str) -> dict[str, Any]:
    response = client.post(
        path, json={"author": BUSINESS, "content": {"type": "text", "text": text}}
    )
    assert response.status_code == 201, response.text
    message: dict[str, Any] = response.json()["messages"][0]
    return message


def page(client: httpx.Client, path: str, **query: str) -> dict[str, Any]:
    response = client.get(path, params=query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def texts(body: dict[str, Any]) -> list[str]:
    return [m["content"].get("text") for m in body["messages"]]


def test_a_page_is_the_same_bytes_as_encoding_the_whole_answer(
    app_client: httpx.Client, messages_path: str, conversation: Conversation
) -> None:
    for number in range(120):
        say(app_client, messages_path, f"message {number} — é ✓")
    served = app_client.get(messages_path)
    newest = conversation.messages[-100:]
    whole = {
        "messages": [messages_wire.message(m, conversation) for m in newest],
        "meta": {"hasMore": True, "beforeCursor": newest[0].id},
        "links": {"prev": f"{served.url.copy_with(query=None)}?page[before]={newest[0].id}"},
    }
    assert served.content == encoding.dumps(whole)


def test_a_page_asked_again_without_a_change_is_not_assembled_again(
    app_client: httpx.Client, messages_path: str, page_builds: list[int]
) -> None:
    say(app_client, messages_path, "hello")
    page_builds.clear()  # the answer to the post is one
    first = app_client.get(messages_path)
    again = app_client.get(messages_path)
    assert again.content == first.content
    assert page_builds == [1], "the unchanged page was assembled again"
    say(app_client, messages_path, "news")
    assert texts(page(app_client, messages_path)) == ["hello", "news"]
    assert page_builds == [1, 1, 2]


def test_a_message_is_rendered_once_for_its_answer_and_every_later_page(
    app_client: httpx.Client, messages_path: str, renders: list[str]
) -> None:
    posted = [say(app_client, messages_path, f"hi {n}")["id"] for n in range(5)]
    assert renders == posted
    say(app_client, messages_path, "one more")  # a change: the next page is assembled anew
    shown = [m["id"] for m in page(app_client, messages_path)["messages"]]
    assert shown[:5] == posted
    assert renders == [*posted, shown[5]], "the page rendered messages again"


def test_v1_and_v2_pages_of_one_conversation_stay_each_in_its_own_shape(
    app_client: httpx.Client, messages_path: str
) -> None:
    say(app_client, messages_path, "hello")
    for _ in range(2):
        v2 = page(app_client, messages_path)
        v1 = page(app_client, "/v1.1/appusers/bob/messages")
        assert texts(v2) == ["hello"] and "meta" in v2
        assert [m["text"] for m in v1["messages"]] == ["hello"] and "conversation" in v1


def test_deleting_one_message_and_then_all_shows(
    app_client: httpx.Client, messages_path: str
) -> None:
    doomed = say(app_client, messages_path, "doomed")
    say(app_client, messages_path, "kept")
    assert texts(page(app_client, messages_path)) == ["doomed", "kept"]
    assert app_client.delete(f"{messages_path}/{doomed['id']}").status_code == 200
    assert texts(page(app_client, messages_path)) == ["kept"]
    assert app_client.delete(messages_path).status_code == 200
    assert page(app_client, messages_path)["messages"] == []


def test_each_query_and_host_keeps_its_own_links(
    app_client: httpx.Client, messages_path: str, server: ServerThread
) -> None:
    for number in range(105):
        say(app_client, messages_path, f"more {number}")
    newest = page(app_client, messages_path)
    cursor = newest["meta"]["beforeCursor"]
    assert newest["links"]["prev"] == f"{server.url}{messages_path}?page[before]={cursor}"
    older = page(app_client, messages_path, **{"page[before]": cursor})
    assert texts(older) == [f"more {n}" for n in range(5)]
    assert older["links"] == {
        "next": f"{server.url}{messages_path}?page[after]={older['meta']['afterCursor']}"
    }
    by_name = httpx.get(
        f"http://localhost:{server.port}{messages_path}", auth=app_client.auth, timeout=10
    ).json()
    assert by_name["links"]["prev"].startswith(f"http://localhost:{server.port}/")
    assert page(app_client, messages_path) == newest


def test_a_form_response_stops_quoting_its_form_once_the_form_is_deleted(
    app_client: httpx.Client, messages_path: str
) -> None:
    field = {"type": "text", "name": "name", "label": "Your name"}
    form = app_client.post(
        "/v1.1/appusers/bob/messages", json={"role": "appMaker", "type": "form", "fields": [field]}
    ).json()["message"]
    answer = {
        "role": "appUser",
        "type": "formResponse",
        "fields": [{**field, "text": "Bob"}],
        "quotedMessage": {"type": "message", "content": form},
    }
    assert app_client.post("/v1.1/appusers/bob/messages", json=answer).status_code == 201
    quoting = page(app_client, messages_path)["messages"][-1]
    assert quoting["quotedMessage"]["message"]["id"] == form["_id"]
    assert app_client.delete(f"{messages_path}/{form['_id']}").status_code == 200
    [response] = page(app_client, messages_path)["messages"]
    assert response["content"]["type"] == "formResponse" and "quotedMessage" not in response
