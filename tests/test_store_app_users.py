"""Store: appUsers with their one conversation, profile, channels, links and merges."""

from __future__ import annotations

import pytest

from smooch_mock import error_texts as texts
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.clock import FakeClock
from smooch_mock.errors import BadRequest, Conflict, NotFound, UserIdTaken
from smooch_mock.store import Store, UserInput
from smooch_mock.store import events as ev
from smooch_mock.store.models import App, Client

TEXT = {"role": "appUser", "type": "text", "text": "hi"}


@pytest.fixture
def app(store: Store) -> App:
    return store.create_app("Shop")


def test_new_user_has_exactly_one_empty_conversation(store: Store, app: App) -> None:
    user = store.create_user(app.id, UserInput("bob"))
    page = store.list_messages(app.id, "bob")
    assert page.conversation is user.default_conversation
    assert page.messages == [] and not page.has_older and not page.has_newer
    assert user.conversation_started is False
    other = store.create_user(app.id, UserInput("alice"))
    assert other.default_conversation.id != user.default_conversation.id


def test_signed_up_at_defaults_to_now(store: Store, app: App, clock: FakeClock) -> None:
    assert store.create_user(app.id, UserInput("bob")).signed_up_at == clock.now()


def test_duplicate_user_id_is_a_409_conflict(store: Store, app: App) -> None:
    store.create_user(app.id, UserInput("bob"))
    with pytest.raises(Conflict) as caught:
        store.create_user(app.id, UserInput("bob"))
    assert caught.value.status == 409 and "bob" in caught.value.description
    assert isinstance(caught.value, UserIdTaken)
    assert caught.value.description == texts.USER_ID_TAKEN.format(user_id="bob")


def test_same_user_id_is_fine_in_another_app(store: Store, app: App) -> None:
    other = store.create_app("Other")
    store.create_user(app.id, UserInput("bob"))
    assert store.create_user(other.id, UserInput("bob")).external_id == "bob"


def test_user_is_found_by_object_id_or_external_user_id(store: Store, app: App) -> None:
    user = store.create_user(app.id, UserInput("bob"))
    assert store.user(app.id, user.id) is user
    assert store.user(app.id, "bob") is user
    with pytest.raises(NotFound):
        store.user(app.id, "nobody")


def test_update_is_additive_for_fields_and_properties(store: Store, app: App) -> None:
    store.create_user(app.id, UserInput("bob", given_name="Bob", metadata={"plan": "pro", "n": 1}))
    user = store.update_user(
        app.id, "bob", UserInput(surname="Smith", metadata={"n": 2, "vip": True})
    )
    assert (user.profile.given_name, user.profile.surname) == ("Bob", "Smith")
    assert user.metadata == {"plan": "pro", "n": 2, "vip": True}


def test_delete_removes_user_frees_user_id_and_emits_event(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    user = store.create_user(app.id, UserInput("bob"))
    store.delete_user(app.id, "bob")
    with pytest.raises(NotFound):
        store.user(app.id, user.id)
    [removed] = events
    assert isinstance(removed, ev.UserRemoved) and removed.user is user
    assert store.create_user(app.id, UserInput("bob")).id != user.id


def test_profile_delete_clears_names_email_properties_and_client_profiles(
    store: Store, app: App
) -> None:
    user = store.create_user(
        app.id, UserInput("bob", given_name="B", email="b@x.io", metadata={"a": 1})
    )
    store.add_client(
        app.id, user, Client(id="c1", platform="web", display_name="Bobby", info={"os": "x"})
    )
    store.delete_user_profile(app.id, "bob")
    assert (user.profile.given_name, user.profile.surname, user.profile.email, user.metadata) == (
        None,
        None,
        None,
        {},
    )
    assert user.clients[0].display_name is None and user.clients[0].info == {}
    assert user.external_id == "bob"


def test_immediate_link_adds_an_active_client_with_match_success_and_add_events(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    integration = store.create_integration(app.id, "twilio", _twilio())
    store.create_user(app.id, UserInput("bob"))
    user = store.link_channel(app.id, "bob", "twilio", "immediate", {"phoneNumber": "+15145550000"})
    assert user.pending_clients == []
    [client] = user.clients
    assert (client.platform, client.status, client.external_id) == (
        "twilio",
        "active",
        "+15145550000",
    )
    assert client.integration_id == integration.id
    kinds = [(type(e).__name__, getattr(e, "outcome", None)) for e in events]
    assert kinds == [
        ("ClientUpdated", "match"),
        ("ClientUpdated", "success"),
        ("ClientAdded", None),
    ]
    assert store.channel_entities(app.id, "bob") == [
        {"type": "twilio", "integrationId": integration.id, "phoneNumber": "+15145550000"}
    ]


def test_prompt_link_waits_in_pending_clients_until_refused(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    store.create_user(app.id, UserInput("bob"))
    user = store.link_channel(app.id, "bob", "twilio", "prompt", {"phoneNumber": "+15145550000"})
    [pending] = user.pending_clients
    assert pending.status == "pending" and user.clients == []
    store.complete_link(app.id, "bob", pending.id, succeeded=False)
    assert user.pending_clients == [] and user.clients == []
    failure = events[-1]
    assert isinstance(failure, ev.ClientUpdated) and failure.outcome == "failure" and failure.error


def test_unlink_removes_the_client_and_emits_client_removed(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    store.create_user(app.id, UserInput("bob"))
    user = store.link_channel(app.id, "bob", "twilio", "immediate", {"phoneNumber": "+15145550000"})
    store.unlink_channel(app.id, "bob", "twilio")
    assert user.clients == []
    removed = events[-1]
    assert isinstance(removed, ev.ClientRemoved) and removed.client is not None
    assert removed.client.platform == "twilio"
    with pytest.raises(NotFound):
        store.unlink_channel(app.id, "bob", "twilio")


def test_merge_moves_messages_clients_and_properties_into_the_survivor(
    store: Store, app: App, clock: FakeClock, events: list[ev.Event]
) -> None:
    surviving = store.create_user(app.id, UserInput("a", metadata={"k": "a"}))
    discarded = store.create_user(app.id, UserInput("b", metadata={"k": "b", "only": 1}))
    store.add_client(app.id, discarded, Client(id="web-b", platform="web"))
    store.post_message(app.id, "a", message_input({**TEXT, "text": "first"}))
    clock.advance(1)
    store.post_message(app.id, "b", message_input({**TEXT, "text": "second"}))
    clock.advance(1)
    store.post_message(app.id, "a", message_input({**TEXT, "text": "third"}))
    merged = store.merge_users(app.id, surviving.id, "b")
    assert merged is surviving
    assert [m.content.text for m in store.list_messages(app.id, "a").messages] == [
        "first",
        "second",
        "third",
    ]
    assert [c.id for c in surviving.clients] == ["web-b"]
    assert surviving.metadata == {"k": "a", "only": 1}
    with pytest.raises(NotFound):
        store.user(app.id, "b")
    merge = events[-1]
    assert isinstance(merge, ev.UsersMerged)
    assert (merge.surviving.id, merge.discarded.id) == (surviving.id, discarded.id)


def test_merging_a_user_with_itself_is_400(store: Store, app: App) -> None:
    user = store.create_user(app.id, UserInput("a"))
    with pytest.raises(BadRequest):
        store.merge_users(app.id, user.id, "a")


def test_link_requests_name_each_integration_and_reject_unknown_ones(
    store: Store, app: App
) -> None:
    messenger = store.create_integration(
        app.id, "messenger", {"pageAccessToken": "t", "appId": "1", "appSecret": "s"}
    )
    store.create_user(app.id, UserInput("bob"))
    [request] = store.link_requests(app.id, "bob", [messenger.id])
    assert request["type"] == "messenger" and request["code"].startswith("lr_")
    assert request["url"].endswith("?ref=" + request["code"])
    with pytest.raises(BadRequest):
        store.link_requests(app.id, "bob", ["nope"])


def test_auth_code_starts_with_ac(store: Store, app: App) -> None:
    store.create_user(app.id, UserInput("bob"))
    assert store.auth_code(app.id, "bob").startswith("ac_")


def _twilio() -> dict[str, str]:
    return {"accountSid": "AC1", "authToken": "tok", "phoneNumberSid": "PN1"}


@pytest.mark.parametrize(
    ("channel", "criteria", "error"),
    [
        ("twilio", {}, "phoneNumber is required"),
        ("whatsapp", {"phoneNumber": "5145550000"}, "must start with +"),
        ("mailgun", {}, "address is required"),
    ],
)
def test_link_criteria_are_the_stores_rules_not_only_the_apis(
    store: Store, app: App, channel: str, criteria: dict[str, str], error: str
) -> None:
    # The simulation links through the store directly; the same rules must hold there.
    user = store.create_user(app.id, UserInput("ann"))
    with pytest.raises(BadRequest, match=error):
        store.link_channel(app.id, user.id, channel, "immediate", criteria)
    assert user.clients == [] and user.pending_clients == []


def test_sdk_init_finds_the_device_owner_or_creates_a_user(
    store: Store, app: App, clock: FakeClock
) -> None:
    first = store.init_sdk_device(app.id, "device-1", "ios", app_version="1.0")
    assert first.external_id is None and [c.id for c in first.clients] == ["device-1"]
    clock.advance(60)
    again = store.init_sdk_device(app.id, "device-1", "ios", user_id="someone-else")
    assert again is first, "the device's owner wins over a userId"
    assert first.clients[0].last_seen == store.now()
    known = store.create_user(app.id, UserInput("bob"))
    assert store.init_sdk_device(app.id, "device-2", "android", user_id="bob") is known
    assert [c.platform for c in known.clients] == ["android"]
