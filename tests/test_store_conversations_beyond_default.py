"""Store: conversations beyond a user's default one, with participants, and what v1 sees of them."""

from __future__ import annotations

import json

import httpx
import pytest

from smooch_mock import error_texts as texts
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.clock import FakeClock
from smooch_mock.dashboard.live import describe_event
from smooch_mock.errors import BadRequest, NotFound
from smooch_mock.fake import FakeSmooch
from smooch_mock.persistence.snapshot import restore, snapshot
from smooch_mock.store import ConversationInput, Store, UserInput, WebhookInput
from smooch_mock.store import events as ev
from smooch_mock.store.models import App, Client, Message, SecretKey, Source

GROUP_TEXT = {"role": "appUser", "type": "text", "text": "hello group"}


@pytest.fixture
def app(store: Store) -> App:
    app = store.create_app("Shop")
    store.create_user(app.id, UserInput("bob"))
    store.create_user(app.id, UserInput("ann"))
    return app


def test_a_user_is_created_with_a_default_personal_conversation_they_take_part_in(
    store: Store, app: App
) -> None:
    bob = store.user(app.id, "bob")
    conversation = bob.default_conversation
    assert (conversation.type, conversation.is_default) == ("personal", True)
    assert store.conversation(app.id, conversation.id) is conversation
    assert [p.user_id for p in conversation.participants] == [bob.id]
    assert conversation.created_at == bob.signed_up_at
    assert store.conversations_of(app.id, "bob") == [conversation]


def test_create_conversation_with_participants_emits_created_then_one_join_each(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    bob, ann = store.user(app.id, "bob"), store.user(app.id, "ann")
    group = store.create_conversation(
        app.id,
        ConversationInput(
            type="sdkGroup",
            participant_user_ids=["bob", ann.id],
            display_name="Team",
            metadata={"topic": "orders"},
        ),
    )
    assert (group.type, group.is_default, group.display_name) == ("sdkGroup", False, "Team")
    assert group.metadata == {"topic": "orders"}
    assert [p.user_id for p in group.participants] == [bob.id, ann.id]
    assert store.conversation(app.id, group.id) is group
    assert [(type(e), getattr(e, "user", None)) for e in events] == [
        (ev.ConversationCreated, None),
        (ev.ParticipantJoined, bob),
        (ev.ParticipantJoined, ann),
    ]
    assert all(isinstance(e, ev.ConversationEvent) and e.conversation is group for e in events)
    assert store.conversations_of(app.id, "ann") == [ann.default_conversation, group]


def test_a_personal_conversation_has_exactly_one_participant(store: Store, app: App) -> None:
    with pytest.raises(BadRequest) as caught:
        store.create_conversation(
            app.id, ConversationInput(type="personal", participant_user_ids=["bob", "ann"])
        )
    assert caught.value.description == texts.PERSONAL_CONVERSATION_PARTICIPANTS
    second = store.create_conversation(app.id, ConversationInput(participant_user_ids=["bob"]))
    assert (second.type, second.is_default) == ("personal", False)
    assert store.user(app.id, "bob").default_conversation is not second


def test_participants_join_and_leave_groups_only(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    group = store.create_conversation(
        app.id, ConversationInput(type="sdkGroup", participant_user_ids=["bob"])
    )
    ann = store.user(app.id, "ann")
    store.add_client(app.id, ann, Client(id="web-ann", platform="web"))
    joined = store.add_participant(app.id, group.id, "ann")
    assert (joined.user_id, joined.client_ids) == (ann.id, ["web-ann"])
    assert store.add_participant(app.id, group.id, "ann") is joined  # once
    store.remove_participant(app.id, group.id, "ann")
    assert [p.user_id for p in group.participants] == [store.user(app.id, "bob").id]
    assert isinstance(events[-1], ev.ParticipantLeft) and events[-1].user is ann
    with pytest.raises(BadRequest):
        store.remove_participant(app.id, group.id, "ann")
    with pytest.raises(BadRequest):
        store.add_participant(app.id, ann.default_conversation.id, "bob")
    with pytest.raises(NotFound):
        store.add_participant(app.id, "0" * 24, "bob")


def test_the_default_participant_lists_the_users_clients_primary_first(
    store: Store, app: App
) -> None:
    bob = store.user(app.id, "bob")
    store.add_client(app.id, bob, Client(id="web-1", platform="web"))
    store.add_client(app.id, bob, Client(id="ios-1", platform="ios", primary=False))
    store.add_client(app.id, bob, Client(id="android-1", platform="android"))
    [participant] = bob.default_conversation.participants
    assert participant.client_ids == ["android-1", "web-1", "ios-1"]


def test_a_group_message_updates_the_groups_read_state_and_carries_its_conversation(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    bob, ann = store.user(app.id, "bob"), store.user(app.id, "ann")
    group = store.create_conversation(
        app.id, ConversationInput(type="sdkGroup", participant_user_ids=["bob", "ann"])
    )
    events.clear()
    reply = message_input(
        {"role": "appMaker", "type": "text", "text": "hi all"}, source=Source(type="api")
    )
    store.add_message(app.id, group, None, reply)
    said = message_input(GROUP_TEXT, source=Source(type="api"))
    message = store.add_message(app.id, group, bob, said)
    assert [p.unread_count for p in group.participants] == [0, 1]
    assert group.messages[-1] is message and group.received[-1] == message.received
    assert bob.default_conversation.messages == [] and bob.conversation_started is False
    business, user = events
    assert isinstance(business, ev.MessageCreated) and business.author is None
    assert business.conversation is group and business.user is None
    assert isinstance(user, ev.MessageCreated) and user.author is bob
    assert (user.conversation, message.author.user_id) == (group, bob.id)
    assert ann.default_conversation.messages == []


def test_deleting_a_user_removes_their_conversation_and_their_place_in_groups(
    store: Store, app: App
) -> None:
    bob = store.user(app.id, "bob")
    group = store.create_conversation(
        app.id, ConversationInput(type="sdkGroup", participant_user_ids=["bob", "ann"])
    )
    store.delete_user(app.id, "bob")
    state = store.app_state(app.id)
    assert bob.default_conversation.id not in state.conversations
    assert [p.user_id for p in group.participants] == [store.user(app.id, "ann").id]


def test_a_merge_hands_the_discarded_users_groups_to_the_survivor_once(
    store: Store, app: App
) -> None:
    store.create_user(app.id, UserInput("carol"))
    only_ann = store.create_conversation(
        app.id, ConversationInput(type="sdkGroup", participant_user_ids=["ann"])
    )
    both = store.create_conversation(
        app.id, ConversationInput(type="sdkGroup", participant_user_ids=["bob", "ann", "carol"])
    )
    ann = store.user(app.id, "ann")
    bob = store.merge_users(app.id, "bob", "ann")
    assert [p.user_id for p in only_ann.participants] == [bob.id]
    assert [p.user_id for p in both.participants].count(bob.id) == 1
    assert len(both.participants) == 2
    assert ann.default_conversation.id not in store.app_state(app.id).conversations


def test_the_store_empties_a_messages_render_cache_when_it_changes_the_message(
    store: Store, app: App
) -> None:
    offer = store.post_message(
        app.id,
        "bob",
        message_input(
            {
                "role": "appMaker",
                "type": "text",
                "text": "Pay",
                "actions": [{"type": "buy", "text": "Pay", "amount": 500}],
            }
        ),
    )
    offer.rendered_v1 = offer.rendered_v2 = b"{}"
    store.create_stripe_transaction(
        app.id, "bob", (offer.content.actions or [])[0]["_id"], token="tok_visa"
    )
    assert kept_renderings(offer) == (None, None)
    form = store.post_message(
        app.id,
        "bob",
        message_input(
            {
                "role": "appMaker",
                "type": "form",
                "fields": [{"type": "text", "name": "name", "label": "Name"}],
            }
        ),
    )
    form.rendered_v1 = form.rendered_v2 = b"{}"
    answer = store.post_message(
        app.id,
        "bob",
        message_input(
            {
                "role": "appUser",
                "type": "formResponse",
                "fields": [{"type": "text", "name": "name", "label": "Name", "text": "Bob"}],
                "quotedMessage": {"type": "message", "content": {"_id": form.id}},
            }
        ),
    )
    assert answer.quoted_message_id == form.id
    assert form.content.submitted is True
    assert kept_renderings(form) == (None, None)


def test_a_webhook_created_through_v1_is_a_custom_integration_holding_it(
    fake: FakeSmooch, app_and_key: tuple[App, SecretKey], app_client: httpx.Client
) -> None:
    app, _ = app_and_key
    created = app_client.post(
        "/v1.1/webhooks",
        json={"target": "https://example.com/h", "includeClient": True, "triggers": ["*"]},
    )
    assert created.status_code == 201, created.text
    webhook_id = created.json()["webhook"]["_id"]
    [integration] = fake.store.app_state(app.id).integrations.values()
    assert (integration.type, integration.status) == ("custom", "active")
    assert integration.id != webhook_id
    [webhook] = integration.webhooks
    assert (webhook.id, webhook.version, webhook.triggers) == (webhook_id, "v1.1", ["*"])
    assert (webhook.include_full_source, webhook.include_full_user) == (True, False)

    integrations = f"/v1.1/apps/{app.id}/integrations"
    listed = app_client.get(integrations)
    assert listed.status_code == 200 and listed.json()["integrations"] == []
    hidden = app_client.get(f"{integrations}/{integration.id}")
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    assert app_client.delete(f"{integrations}/{integration.id}").status_code == 404
    menu = app_client.get(f"{integrations}/{integration.id}/menu")
    assert menu.status_code == 404
    assert fake.state_dump()["apps"][0]["integrations"] == []

    assert app_client.delete(f"/v1.1/webhooks/{webhook_id}").status_code == 200
    assert fake.store.app_state(app.id).integrations == {}


def test_v1_sees_only_the_default_conversation_of_each_app_user(
    fake: FakeSmooch, app_and_key: tuple[App, SecretKey], app_client: httpx.Client
) -> None:
    app, _ = app_and_key
    store = fake.store
    with fake.lock:
        bob = store.create_user(app.id, UserInput("bob"))
        store.create_user(app.id, UserInput("ann"))
        store.create_webhook(app.id, WebhookInput("http://127.0.0.1:9/hook", ["*"]), version="v1.1")
        group = store.create_conversation(
            app.id, ConversationInput(type="sdkGroup", participant_user_ids=["bob", "ann"])
        )
        draft = message_input(GROUP_TEXT, source=Source(type="api"))
        store.add_message(app.id, group, bob, draft)
        assert fake.webhooks.log.list(app.id) == []  # the group is not v1's to report

    history = app_client.get("/v1.1/appusers/bob/messages")
    assert history.status_code == 200
    assert history.json()["messages"] == []
    assert history.json()["conversation"]["_id"] == bob.default_conversation.id
    dumped = {
        entry["appUser"]["userId"]: entry for entry in fake.state_dump()["apps"][0]["appUsers"]
    }
    assert dumped["bob"]["conversation"]["_id"] == bob.default_conversation.id
    assert dumped["bob"]["messages"] == [] and dumped["ann"]["messages"] == []

    posted = app_client.post("/v1.1/appusers/bob/messages", json=GROUP_TEXT)
    assert posted.status_code == 201
    assert posted.json()["conversation"]["_id"] == bob.default_conversation.id
    assert [m.content.text for m in group.messages] == ["hello group"]


def test_a_snapshot_keeps_every_conversation_and_restores_shared_identities(
    store: Store, app: App, clock: FakeClock
) -> None:
    bob = store.user(app.id, "bob")
    store.add_client(app.id, bob, Client(id="web-1", platform="web"))
    store.post_message(
        app.id, "bob", message_input({"role": "appMaker", "type": "text", "text": "hi"})
    )
    group = store.create_conversation(
        app.id, ConversationInput(type="sdkGroup", participant_user_ids=["bob", "ann"])
    )
    draft = message_input(GROUP_TEXT, source=Source(type="web", client_id="web-1"))
    store.add_message(app.id, group, bob, draft)
    store.create_webhook(app.id, WebhookInput("https://example.com/h", ["*"]), version="v1")

    restored = Store(clock=clock)
    restore(restored, json.loads(json.dumps(snapshot(store))))
    state, before = restored.app_state(app.id), store.app_state(app.id)
    assert state.conversations == before.conversations
    assert state.users == before.users and state.integrations == before.integrations
    again = restored.user(app.id, "bob")
    assert again.default_conversation is state.conversations[bob.default_conversation.id]
    assert restored.webhooks_of(app.id) == store.webhooks_of(app.id)


def test_a_seed_makes_the_same_ids_as_before_conversations_had_participants() -> None:
    """Participant and custom-integration ids are derived, not drawn: a journal written by the
    previous store (ids below, from commit f7f5211) replays to the same ids."""
    store = Store(seed=5, clock=FakeClock(start=1_700_000_000.0))
    app = store.create_app("Shop")
    user = store.create_user(app.id, UserInput("bob"))
    webhook = store.create_webhook(
        app.id, WebhookInput("https://example.com/h", ["*"]), version="v1.1"
    )
    message = store.post_message(
        app.id, "bob", message_input({"role": "appUser", "type": "text", "text": "hi"})
    )
    assert [
        app.id,
        user.id,
        user.default_conversation.id,
        webhook.id,
        webhook.secret,
        message.id,
    ] == [
        "bde5c0994164d8399f767c45",
        "43892dfc254cb864ef901b93",
        "4d25deb354f46a6910acff00",
        "960d5a8f9a656aafd1412584",
        "aRiNTN9Ox98whGcTZc1UWb5",
        "2e50bd4eb52fa53c0bf64ef7",
    ]
    [participant] = user.default_conversation.participants
    assert participant.id not in (user.id, user.default_conversation.id)
    assert store.webhook_integration(app.id, webhook.id).id != webhook.id


def test_the_dashboard_stream_names_the_conversation_of_every_message(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    bob = store.user(app.id, "bob")
    group = store.create_conversation(
        app.id, ConversationInput(type="sdkGroup", participant_user_ids=["bob", "ann"])
    )
    draft = message_input(GROUP_TEXT, source=Source(type="api"))
    store.add_message(app.id, group, bob, draft)
    store.post_message(app.id, "bob", message_input(GROUP_TEXT))
    messages = [e for e in events if isinstance(e, ev.MessageCreated)]
    in_group, in_default = (describe_event(e) for e in messages[-2:])
    assert (in_group["kind"], in_group["conversationId"]) == ("message", group.id)
    assert in_default["conversationId"] == bob.default_conversation.id
    assert (in_default["kind"], in_default["userId"]) == ("message", bob.id)
    for described in (in_group, in_default):
        assert described["message"]["author"]["userId"] == bob.id
        assert described["message"]["content"] == {"type": "text", "text": "hello group"}


def kept_renderings(message: Message) -> tuple[bytes | None, bytes | None]:
    """The JSON the API layers keep for `message` (None: forgotten, made afresh when shown)."""
    return message.rendered_v1, message.rendered_v2
