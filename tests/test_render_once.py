"""A message's JSON is rendered once, reused by every page and answer, rendered anew on change."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from smooch_mock import encoding
from smooch_mock.api.v1 import wire
from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.inprocess import fake_transport
from smooch_mock.store.inputs import UserInput
from smooch_mock.store.models import App, Message, SecretKey

BASE = "https://api.smooch.io"


@pytest.fixture
def client(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> httpx.Client:
    app, key = app_and_key
    fake.store.create_user(app.id, UserInput(external_id="bob"))
    fake.store.create_user(app.id, UserInput(external_id="sue"))
    return httpx.Client(base_url=BASE, transport=fake_transport(fake), auth=(key.id, key.secret))


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of every message `wire.message` renders from now on."""
    seen: list[str] = []
    original = wire.message

    def counting(model: Message, version: str = "v1.1") -> Any:
        seen.append(model.id)
        return original(model, version)

    monkeypatch.setattr(wire, "message", counting)
    return seen


def post(client: httpx.Client, user: str, text: str, role: str = "appUser") -> dict[str, Any]:
    response = client.post(
        f"/v1.1/appusers/{user}/messages", json={"role": role, "type": "text", "text": text}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_page_is_the_same_bytes_as_encoding_the_whole_answer(
    fake: FakeSmooch, client: httpx.Client, app_and_key: tuple[App, SecretKey]
) -> None:
    for number in range(30):
        post(client, "bob", f"message {number} — é ✓", role="appMaker" if number % 3 else "appUser")
    page = client.get("/v1.1/appusers/bob/messages", params={"before": "9999999999"})
    app, _ = app_and_key
    history = fake.store.list_messages(app.id, "bob", before=9999999999.0)
    user = fake.store.user(app.id, "bob")
    whole = {
        "conversation": wire.conversation(history.conversation, user),
        "messages": [wire.message(m) for m in history.messages],
    }
    assert page.content == encoding.dumps(whole)
    assert page.content == json.dumps(whole, separators=(",", ":"), ensure_ascii=False).encode()


def test_a_message_is_rendered_once_for_its_answer_and_every_later_page(
    client: httpx.Client, renders: list[str]
) -> None:
    posted = [post(client, "bob", f"hi {n}")["message"]["_id"] for n in range(5)]
    assert renders == posted
    first = client.get("/v1.1/appusers/bob/messages")
    again = client.get("/v1/appusers/bob/messages")
    assert [m["_id"] for m in first.json()["messages"]] == posted
    assert again.content == first.content
    assert renders == posted, "the pages rendered messages again"


def test_a_form_answered_after_its_page_shows_submitted_on_the_next_page(
    client: httpx.Client, renders: list[str]
) -> None:
    form = {
        "role": "appMaker",
        "type": "form",
        "fields": [{"type": "text", "name": "name", "label": "Your name"}],
    }
    posted = client.post("/v1.1/appusers/bob/messages", json=form)
    assert posted.status_code == 201, posted.text
    form_message = posted.json()["message"]
    before = client.get("/v1.1/appusers/bob/messages").json()["messages"]
    assert [m.get("submitted") for m in before] == [False]
    answer = {
        "role": "appUser",
        "type": "formResponse",
        "fields": [{"type": "text", "name": "name", "label": "Your name", "text": "Bob"}],
        "quotedMessage": {"type": "message", "content": form_message},
    }
    assert client.post("/v1.1/appusers/bob/messages", json=answer).status_code == 201
    after = client.get("/v1.1/appusers/bob/messages").json()["messages"]
    assert [m.get("submitted") for m in after] == [True, None]
    assert renders.count(form_message["_id"]) == 2


def test_merged_histories_show_the_times_the_merge_gave_them() -> None:
    # One fake clock: both users write in the same millisecond, so the merge must move one.
    fake = FakeSmooch(seed=5, clock=FakeClock())
    app, key = fake.create_app_with_key()
    fake.store.create_user(app.id, UserInput(external_id="bob"))
    fake.store.create_user(app.id, UserInput(external_id="sue"))
    client = httpx.Client(base_url=BASE, transport=fake_transport(fake), auth=(key.id, key.secret))
    post(client, "bob", "from bob")
    post(client, "sue", "from sue")
    shown_before = [
        client.get(f"/v1.1/appusers/{user}/messages").json()["messages"][0]["received"]
        for user in ("bob", "sue")
    ]
    assert shown_before[0] == shown_before[1]
    with fake.lock:
        fake.store.merge_users(app.id, "bob", "sue")
    stored = fake.store.list_messages(app.id, "bob").messages
    page = client.get("/v1.1/appusers/bob/messages").json()["messages"]
    assert [m["received"] for m in page] == [m.received for m in stored]
    assert len({m["received"] for m in page}) == 2
    fake.close()
