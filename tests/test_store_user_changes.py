"""Store: partial user and conversation updates, identities, removing one client, deleting a
conversation beyond the default one; and the state surviving a snapshot."""

from __future__ import annotations

import pytest

from smooch_mock.errors import BadRequest, NotFound
from smooch_mock.persistence.snapshot import restore, snapshot
from smooch_mock.store import ConversationInput, Store, UserInput
from smooch_mock.store import events as ev
from smooch_mock.store.inputs import ConversationPatch, MetadataPatch, UserPatch
from smooch_mock.store.models import App, Client


@pytest.fixture
def app(store: Store) -> App:
    app = store.create_app("Shop")
    store.create_user(
        app.id,
        UserInput("bob", given_name="Bob", surname="Stone", metadata={"a": 1, "b": 2}),
    )
    return app


def test_a_patch_clears_what_it_sets_to_none_and_keeps_what_it_does_not_name(
    store: Store, app: App
) -> None:
    user = store.patch_user(
        app.id,
        "bob",
        UserPatch(
            profile={"given_name": None, "locale": "fr-CA"},
            to_be_retained=True,
            metadata=MetadataPatch({"a": None, "c": 3}),
        ),
    )
    assert (user.profile.given_name, user.profile.surname, user.profile.locale) == (
        None,
        "Stone",
        "fr-CA",
    )
    assert user.to_be_retained is True and user.metadata == {"b": 2, "c": 3}
    store.patch_user(app.id, "bob", UserPatch(metadata=MetadataPatch(cleared=True)))
    assert user.metadata == {}
    with pytest.raises(ValueError):
        store.patch_user(app.id, "bob", UserPatch(profile={"nickname": "B"}))


def test_users_are_found_by_verified_email_only_once_per_address(store: Store, app: App) -> None:
    store.create_user(app.id, UserInput("ann", email="ann@example.com"))
    assert store.users_with_email(app.id, "ann@example.com") == []  # a profile email is no identity
    store.add_identity(app.id, "bob", "Bob@Example.com")
    store.add_identity(app.id, "bob", "Bob@Example.com")
    bob = store.user(app.id, "bob")
    assert store.users_with_email(app.id, "bob@example.com") == [bob]
    assert len(bob.identities) == 1


def test_removing_a_client_takes_it_out_of_every_conversation_and_passes_primary_on(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    bob = store.user(app.id, "bob")
    store.add_client(app.id, bob, Client(id="sms-1", platform="twilio"))
    store.add_client(app.id, bob, Client(id="tg-1", platform="telegram"))
    group = store.create_conversation(
        app.id, ConversationInput(type="sdkGroup", participant_user_ids=["bob"])
    )
    assert group.participants[0].client_ids == ["tg-1", "sms-1"]

    removed = store.remove_client(app.id, "bob", "tg-1")
    assert removed.id == "tg-1" and [c.id for c in bob.clients] == ["sms-1"]
    assert bob.clients[0].primary is True
    assert group.participants[0].client_ids == ["sms-1"]
    assert bob.default_conversation.participants[0].client_ids == ["sms-1"]
    assert isinstance(events[-1], ev.ClientRemoved) and events[-1].client is removed
    with pytest.raises(NotFound):
        store.remove_client(app.id, "bob", "tg-1")


def test_a_conversation_update_changes_labels_and_metadata_key_by_key(
    store: Store, app: App
) -> None:
    conversation = store.user(app.id, "bob").default_conversation
    store.update_conversation(
        app.id,
        conversation.id,
        ConversationPatch({"display_name": "Bob", "icon_url": "https://example.com/i.png"}),
    )
    store.update_conversation(
        app.id,
        conversation.id,
        ConversationPatch({"icon_url": None}, MetadataPatch({"lang": "en"})),
    )
    assert (conversation.display_name, conversation.icon_url) == ("Bob", None)
    assert conversation.metadata == {"lang": "en"}


def test_only_conversations_beyond_the_default_one_can_be_deleted(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    bob = store.user(app.id, "bob")
    with pytest.raises(BadRequest):
        store.delete_conversation(app.id, bob.default_conversation.id)
    second = store.create_conversation(app.id, ConversationInput(participant_user_ids=["bob"]))
    store.delete_conversation(app.id, second.id)
    with pytest.raises(NotFound):
        store.conversation(app.id, second.id)
    removed = events[-1]
    assert isinstance(removed, ev.ConversationRemoved)
    assert (removed.conversation, removed.user) == (second, bob)


def test_to_be_retained_and_identities_survive_a_snapshot(store: Store, app: App) -> None:
    store.patch_user(app.id, "bob", UserPatch(to_be_retained=True))
    store.add_identity(app.id, "bob", "bob@example.com")
    copy = Store()
    restore(copy, snapshot(store))
    bob = copy.user(app.id, "bob")
    assert bob.to_be_retained is True
    assert bob.identities == [{"type": "email", "value": "bob@example.com", "verification": "sso"}]
