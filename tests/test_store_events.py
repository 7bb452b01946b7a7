"""Store: the ordered stream of domain events a listener sees across one appUser's life."""

from __future__ import annotations

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.store import Store, UserInput
from smooch_mock.store import events as ev
from smooch_mock.store.models import Client


def test_a_users_life_emits_one_event_per_reported_state_change(
    store: Store, events: list[ev.Event]
) -> None:
    app = store.create_app("Shop")
    store.create_integration(
        app.id, "twilio", {"accountSid": "a", "authToken": "b", "phoneNumberSid": "c"}
    )
    bob = store.create_user(app.id, UserInput("bob"))
    other = store.create_user(app.id, UserInput("other"))
    assert events == []  # creating apps, integrations and users reports nothing
    store.add_client(app.id, bob, Client(id="web-1", platform="web"))
    store.post_message(
        app.id, "bob", message_input({"role": "appUser", "type": "text", "text": "hi"})
    )
    store.post_message(
        app.id, "bob", message_input({"role": "appMaker", "type": "text", "text": "hello"})
    )
    store.link_channel(app.id, "bob", "twilio", "immediate", {"phoneNumber": "+15145550000"})
    store.unlink_channel(app.id, "bob", "twilio")
    store.merge_users(app.id, "bob", "other")
    store.delete_user(app.id, "bob")
    names = [type(e).__name__ for e in events]
    assert names == [
        "ClientAdded", "ConversationCreated", "MessageCreated", "MessageCreated",
        "ClientUpdated", "ClientUpdated",
        "ClientAdded", "ClientRemoved", "UsersMerged", "UserRemoved",
    ]  # fmt: skip
    assert all(e.app_id == app.id for e in events)
    messages = [e for e in events if isinstance(e, ev.MessageCreated)]
    assert [m.message.author.type for m in messages] == ["user", "business"]
    merged = next(e for e in events if isinstance(e, ev.UsersMerged))
    assert merged.discarded.id == other.id
    deleted = events[-1]
    assert isinstance(deleted, ev.UserRemoved) and deleted.user.id == bob.id


def test_events_are_timestamped_by_the_store_clock(store: Store, events: list[ev.Event]) -> None:
    app = store.create_app("Shop")
    store.create_user(app.id, UserInput("bob"))
    store.clock.advance(42)  # type: ignore[attr-defined]
    store.delete_user(app.id, "bob")
    assert events[0].timestamp == 1_700_000_042.0
