"""One state, two generations: a v1.1 appUser is the v2 user (same id, `userId` as
`externalId`), its conversation the user's default one; conversations v2 adds stay invisible to
v1; the simulation plays the end user in a v2 conversation named by its id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import sunshine_conversations_client as sunco
from v2_clients import V2Clients, v2_clients
from webhook_support import wait_until

from smooch_mock import error_texts as texts
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store import events as ev
from smooch_mock.store.models import API_SOURCE, App, Conversation, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest

UNREACHABLE = "http://127.0.0.1:9/hook"


@pytest.fixture
def v1(client_for: Callable[..., httpx.Client], app_and_key: tuple[App, SecretKey]) -> httpx.Client:
    """A v1.1 client of the test app (its app key, Basic)."""
    _, key = app_and_key
    return client_for(auth=(key.id, key.secret))


@pytest.fixture
def v2(v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]) -> sunco.ApiClient:
    """The official v2 client on the same app and key."""
    return v2_clients.client(app_and_key[1])


def simulate(server: ServerThread, app: App, action: str, **body: Any) -> httpx.Response:
    return httpx.post(f"{server.url}/_mock/apps/{app.id}/simulate/{action}", json=body)


def group_of(v2: sunco.ApiClient, app: App, *user_ids: str) -> str:
    participants = [
        sunco.ParticipantSubSchema(
            sunco.ParticipantWithUserId(user_id=u, subscribe_sdk_client=True)
        )
        for u in user_ids
    ]
    body = sunco.ConversationCreateBody(type="sdkGroup", participants=participants)
    conversation: str = sunco.ConversationsApi(v2).create_conversation(app.id, body).conversation.id
    return conversation


def test_an_app_user_made_in_v1_1_is_the_v2_user(
    v1: httpx.Client, v2: sunco.ApiClient, app_and_key: tuple[App, SecretKey]
) -> None:
    app, _ = app_and_key
    made = v1.post(
        f"/v1.1/apps/{app.id}/appusers",
        json={
            "userId": "steve",
            "givenName": "Steve",
            "email": "steve@example.com",
            "properties": {"plan": "pro"},
            "signedUpAt": "2020-09-30T18:00:56.830Z",
        },
    )
    assert made.status_code == 201, made.text
    app_user = made.json()["appUser"]

    for ref in (app_user["_id"], "steve"):
        user = sunco.UsersApi(v2).get_user(app.id, ref).user
        assert (user.id, user.external_id) == (app_user["_id"], "steve")
        assert (user.profile.given_name, user.profile.email) == ("Steve", "steve@example.com")
        assert user.profile.surname is None  # absent, never ""
        assert user.metadata == {"plan": "pro"}
        assert user.signed_up_at == "2020-09-30T18:00:56.830Z"


def test_a_user_made_in_v2_is_the_v1_app_user(
    v1: httpx.Client, v2: sunco.ApiClient, app_and_key: tuple[App, SecretKey]
) -> None:
    app, _ = app_and_key
    user = (
        sunco.UsersApi(v2)
        .create_user(
            app.id,
            sunco.UserCreateBody(
                external_id="ana", profile=sunco.Profile(surname="Lima"), metadata={"a": 1}
            ),
        )
        .user
    )
    app_user = v1.get(f"/v1.1/apps/{app.id}/appusers/ana").json()["appUser"]
    assert (app_user["_id"], app_user["userId"]) == (user.id, "ana")
    assert (app_user["surname"], app_user["properties"]) == ("Lima", {"a": 1})


def test_the_app_users_conversation_is_the_users_default_conversation(
    v1: httpx.Client, v2: sunco.ApiClient, app_and_key: tuple[App, SecretKey]
) -> None:
    app, _ = app_and_key
    made = v1.post(f"/v1.1/apps/{app.id}/appusers", json={"userId": "steve"})
    assert made.status_code == 201, made.text
    posted = v1.post(
        f"/v1.1/apps/{app.id}/appusers/steve/messages",
        json={"role": "appMaker", "type": "text", "text": "Welcome"},
    )
    assert posted.status_code == 201, posted.text
    history = v1.get(f"/v1.1/apps/{app.id}/appusers/steve/messages").json()
    v1_conversation = history["conversation"]["_id"]

    listed = sunco.ConversationsApi(v2).list_conversations(
        app.id, sunco.ConversationListFilter(user_external_id="steve")
    )
    [default] = listed.conversations
    assert (default.id, default.is_default, default.type) == (v1_conversation, True, "personal")
    [participant] = sunco.ParticipantsApi(v2).list_participants(app.id, default.id).participants
    assert participant.unread_count == 1  # the appMaker message, not read yet


def test_an_sdk_group_is_invisible_to_v1(
    v1: httpx.Client,
    v2: sunco.ApiClient,
    app_and_key: tuple[App, SecretKey],
    server: ServerThread,
    fake: FakeSmooch,
) -> None:
    app, _ = app_and_key
    hook = v1.post(
        f"/v1.1/apps/{app.id}/webhooks",
        json={"target": UNREACHABLE, "triggers": ["message:appUser"]},
    )
    assert hook.status_code == 201, hook.text
    simulate(server, app, "message", user="ana", text="in my own conversation")
    ana = fake.store.user(app.id, "ana")
    group = group_of(v2, app, ana.id)

    answer = simulate(server, app, "message", conversationId=group, text="in the group")
    assert answer.status_code == 201, answer.text
    assert answer.json()["appUser"]["_id"] == ana.id

    simulate(server, app, "message", user="ana", text="back home")

    history = v1.get(f"/v1.1/apps/{app.id}/appusers/ana/messages").json()["messages"]
    assert [m["text"] for m in history] == ["in my own conversation", "back home"]
    assert [m.content.text for m in fake.store.conversation(app.id, group).messages] == [
        "in the group"
    ]
    deliveries = f"{server.url}/_mock/apps/{app.id}/deliveries"
    wait_until(lambda: httpx.get(deliveries).json()["total"] >= 2, what="both defaults' deliveries")
    logged = httpx.get(deliveries).json()["deliveries"]
    # One per message of the default conversation; the group's message, between them, made none.
    assert [d["trigger"] for d in logged] == ["message:appUser", "message:appUser"]
    conversations = sunco.ConversationsApi(v2).list_conversations(
        app.id, sunco.ConversationListFilter(user_id=ana.id)
    )
    assert [c.id for c in conversations.conversations][1:] == [group]


# -- the simulation in v2 conversations ------------------------------------------------------------


@pytest.fixture
def seen(fake: FakeSmooch) -> list[ev.Event]:
    """Every domain event of the fake from now on."""
    found: list[ev.Event] = []
    fake.store.subscribe(found.append)
    return found


def business_says(fake: FakeSmooch, app: App, conversation: Conversation, body: Any) -> None:
    with fake.lock:
        given = message_input({"role": "appMaker", **body}, source=API_SOURCE)
        fake.store.add_message(app.id, conversation, None, given)


def test_the_end_user_writes_taps_reads_and_types_in_an_sdk_group(
    v2: sunco.ApiClient,
    app_and_key: tuple[App, SecretKey],
    server: ServerThread,
    fake: FakeSmooch,
    seen: list[ev.Event],
) -> None:
    app, _ = app_and_key
    simulate(server, app, "message", user="ana", text="hi")
    simulate(server, app, "message", user="bob", text="hi")
    ana, bob = fake.store.user(app.id, "ana"), fake.store.user(app.id, "bob")
    group_id = group_of(v2, app, ana.id, bob.id)
    group = fake.store.conversation(app.id, group_id)
    business_says(
        fake,
        app,
        group,
        {
            "type": "text",
            "text": "Lunch?",
            "actions": [{"type": "postback", "text": "Yes", "payload": "LUNCH_YES"}],
        },
    )
    del seen[:]

    wrote = simulate(server, app, "message", conversationId=group_id, user="bob", text="Sure")
    assert wrote.status_code == 201, wrote.text
    tapped = simulate(
        server, app, "postback", conversationId=group_id, user="ana", payload="LUNCH_YES"
    )
    assert tapped.status_code == 200, tapped.text
    assert tapped.json()["action"]["payload"] == "LUNCH_YES"
    assert simulate(server, app, "read", conversationId=group_id, user="ana").status_code == 200
    typing = simulate(server, app, "typing", conversationId=group_id, user="bob", typing=False)
    assert typing.status_code == 200, typing.text

    acted = [e for e in seen if isinstance(e, ev.ConversationEvent)]
    assert acted == seen and all(e.conversation is group for e in acted)
    assert [(type(e).__name__, e.user.external_id if e.user else None) for e in acted] == [
        ("MessageCreated", "bob"),
        ("PostbackTapped", "ana"),
        ("ConversationRead", "ana"),
        ("TypingChanged", "bob"),
    ]
    assert [m.content.text for m in group.messages] == ["Lunch?", "Sure"]
    assert ana.default_conversation.messages[-1].content.text == "hi"  # untouched
    members = sunco.ParticipantsApi(v2).list_participants(app.id, group_id).participants
    by_user = {p.user_id: p for p in members}
    assert by_user[ana.id].unread_count == 0 and by_user[ana.id].last_read
    assert by_user[bob.id].unread_count == 0  # bob wrote after the business message


def test_the_only_participant_acts_when_no_user_is_named(
    v2: sunco.ApiClient,
    app_and_key: tuple[App, SecretKey],
    server: ServerThread,
    fake: FakeSmooch,
) -> None:
    app, _ = app_and_key
    simulate(server, app, "message", user="ana", text="hi")
    simulate(server, app, "message", user="bob", text="hi")
    ana, bob = fake.store.user(app.id, "ana"), fake.store.user(app.id, "bob")
    solo = group_of(v2, app, ana.id)
    pair = group_of(v2, app, ana.id, bob.id)

    assert simulate(server, app, "read", conversationId=solo).status_code == 200
    ambiguous = simulate(server, app, "typing", conversationId=pair)
    assert ambiguous.status_code == 400
    assert ambiguous.json()["error"]["description"] == texts.V2_SIMULATED_CONVERSATION_USER.format(
        conversation_id=pair, count=2
    )
    outsider = simulate(server, app, "message", user="carl", conversationId=solo, text="x")
    assert outsider.status_code == 404  # carl does not exist
    simulate(server, app, "message", user="carl", text="hello")
    stranger = simulate(server, app, "message", user="carl", conversationId=solo, text="x")
    assert stranger.status_code == 400
    assert stranger.json()["error"]["description"] == texts.V2_SIMULATED_NOT_A_MEMBER.format(
        user="carl", conversation_id=solo
    )
    unknown = simulate(server, app, "read", conversationId="0" * 24, user="ana")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["description"] == texts.CONVERSATION_NOT_FOUND
    neither = simulate(server, app, "read")
    assert neither.status_code == 400
