"""v2 conversations and participants through the official Python client (17.0.1) on a real
server: each user's default personal conversation, sdkGroups with participants, updates, deletes,
download and conversion events, under Basic and JWT with account, app and integration keys."""

from __future__ import annotations

import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import Scheme, V2Clients, error_of, v2_clients
from v2_scopes import EVERY_CREDENTIAL, client_as

from smooch_mock import error_texts as texts
from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest


def by_id(user_id: str, subscribe: bool = False) -> sunco.ParticipantSubSchema:
    return sunco.ParticipantSubSchema(
        sunco.ParticipantWithUserId(user_id=user_id, subscribe_sdk_client=subscribe)
    )


def by_external_id(external_id: str) -> sunco.ParticipantSubSchema:
    return sunco.ParticipantSubSchema(
        sunco.ParticipantWithUserExternalId(user_external_id=external_id, subscribe_sdk_client=True)
    )


def make_users(api: sunco.ApiClient, app: App, *external_ids: str) -> list[sunco.User]:
    users = sunco.UsersApi(api)
    return [
        users.create_user(app.id, sunco.UserCreateBody(external_id=e)).user for e in external_ids
    ]


@pytest.mark.parametrize(("scheme", "scope"), EVERY_CREDENTIAL)
def test_a_user_has_a_default_personal_conversation_that_cannot_be_deleted(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    api = client_as(v2_clients, app, key, scheme, scope)
    [ana] = make_users(api, app, "ana")
    conversations = sunco.ConversationsApi(api)

    listed = conversations.list_conversations(app.id, sunco.ConversationListFilter(user_id=ana.id))
    assert isinstance(listed, sunco.ConversationListResponse)
    [default] = listed.conversations
    assert (default.type, default.is_default) == ("personal", True)
    assert default.id == fake.store.user(app.id, ana.id).default_conversation.id
    assert default.created_at and default.last_updated_at
    by_external = conversations.list_conversations(
        app.id, sunco.ConversationListFilter(user_external_id="ana")
    )
    assert [c.id for c in by_external.conversations] == [default.id]
    assert conversations.get_conversation(app.id, default.id).conversation == default

    updated = conversations.update_conversation(
        app.id,
        default.id,
        sunco.ConversationUpdateBody(display_name="Ana's", metadata={"lang": "pt"}),
    ).conversation
    assert (updated.display_name, updated.metadata) == ("Ana's", {"lang": "pt"})
    cleared = conversations.update_conversation(
        app.id,
        default.id,
        sunco.ConversationUpdateBody.from_dict({"displayName": None, "metadata": {"lang": None}}),
    ).conversation
    assert cleared.display_name is None and cleared.metadata == {}

    error = error_of(
        lambda: conversations.delete_conversation(app.id, default.id), errors.BadRequestException
    )
    assert error == {
        "code": "bad_request",
        "title": f"Conversation {default.id} cannot be deleted because it is the default.",
    }


@pytest.mark.parametrize(("scheme", "scope"), EVERY_CREDENTIAL)
def test_an_sdk_group_is_created_joined_left_and_deleted(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    api = client_as(v2_clients, app, key, scheme, scope)
    ana, bob, cai = make_users(api, app, "ana", "bob", "cai")
    fake.simulate.write(app.id, "hi", user="ana", channel="web")
    conversations = sunco.ConversationsApi(api)
    participants = sunco.ParticipantsApi(api)

    created = conversations.create_conversation(
        app.id,
        sunco.ConversationCreateBody(
            type="sdkGroup",
            participants=[by_id(ana.id, subscribe=True), by_external_id("bob")],
            display_name="Team lunch",
            description="Friday order",
            icon_url="https://example.com/lunch.png",
            metadata={"team": "sales"},
        ),
    )
    assert isinstance(created, sunco.ConversationResponse)  # 201
    group = created.conversation
    assert (group.type, group.is_default, group.display_name) == ("sdkGroup", False, "Team lunch")
    assert group.metadata == {"team": "sales"} and len(group.id) == 24

    members = participants.list_participants(app.id, group.id)
    assert isinstance(members, sunco.ParticipantListResponse)
    assert [(p.user_id, p.user_external_id) for p in members.participants] == [
        (ana.id, "ana"),
        (bob.id, "bob"),
    ]
    ana_member = members.participants[0]
    assert [a.type for a in ana_member.client_associations] == ["sdk"]
    assert ana_member.unread_count == 0

    joined = participants.join_conversation(
        app.id, group.id, sunco.ParticipantJoinBody(user_external_id="cai")
    )
    assert isinstance(joined, sunco.ParticipantResponse)  # 201
    assert joined.participant.user_id == cai.id and joined.participant.id != cai.id
    listed = conversations.list_conversations(app.id, sunco.ConversationListFilter(user_id=cai.id))
    assert [c.id for c in listed.conversations][1:] == [group.id]

    leave_by_user = sunco.ParticipantLeaveBody(sunco.ParticipantLeaveBodyUserId(user_id=bob.id))
    assert participants.leave_conversation(app.id, group.id, leave_by_user) == {}
    leave_by_participant = sunco.ParticipantLeaveBody(
        sunco.ParticipantLeaveBodyParticipantId(participant_id=joined.participant.id)
    )
    assert participants.leave_conversation(app.id, group.id, leave_by_participant) == {}
    remaining = participants.list_participants(app.id, group.id).participants
    assert [p.user_id for p in remaining] == [ana.id]
    error = error_of(
        lambda: participants.leave_conversation(app.id, group.id, leave_by_user),
        errors.NotFoundException,
    )
    assert error == {"code": "not_found", "title": "User is not a member of the conversation"}

    assert conversations.delete_conversation(app.id, group.id) == {}
    error = error_of(
        lambda: conversations.get_conversation(app.id, group.id), errors.NotFoundException
    )
    assert error == {"code": "conversation_not_found", "title": texts.CONVERSATION_NOT_FOUND}


def test_participants_are_refused_beyond_ten_and_outside_groups(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key, "jwt")
    users = make_users(api, app, *[f"user-{n}" for n in range(12)])
    conversations = sunco.ConversationsApi(api)
    participants = sunco.ParticipantsApi(api)

    # The client checks the limit itself; built unchecked, the body reaches the fake.
    too_many = sunco.ConversationCreateBody.model_construct(
        type=sunco.ConversationType.SDKGROUP, participants=[by_id(u.id) for u in users[:11]]
    )
    error = error_of(
        lambda: conversations.create_conversation(app.id, too_many), errors.BadRequestException
    )
    assert error == {
        "code": "bad_request",
        "title": "participants: Too many participants: at most 10",
    }

    full = conversations.create_conversation(
        app.id,
        sunco.ConversationCreateBody(
            type="sdkGroup", participants=[by_id(u.id) for u in users[:10]]
        ),
    ).conversation
    error = error_of(
        lambda: participants.join_conversation(
            app.id, full.id, sunco.ParticipantJoinBody(user_id=users[10].id)
        ),
        errors.BadRequestException,
    )
    assert error == {"code": "bad_request", "title": "Too many participants"}
    # joining again is no new participant, so the limit does not refuse it
    again = participants.join_conversation(
        app.id, full.id, sunco.ParticipantJoinBody(user_id=users[0].id)
    )
    assert again.participant.user_id == users[0].id

    default = fake.store.user(app.id, users[0].id).default_conversation.id
    error = error_of(
        lambda: participants.join_conversation(
            app.id, default, sunco.ParticipantJoinBody(user_id=users[1].id)
        ),
        errors.BadRequestException,
    )
    assert error["title"] == texts.PARTICIPANTS_ONLY_IN_GROUPS
    error = error_of(
        lambda: participants.join_conversation(
            app.id, full.id, sunco.ParticipantJoinBody(user_id="nobody")
        ),
        errors.NotFoundException,
    )
    assert error["code"] == "user_not_found"


def test_a_second_personal_conversation_needs_multi_conversations(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    [ana] = make_users(api, app, "ana")
    conversations = sunco.ConversationsApi(api)
    body = sunco.ConversationCreateBody(type="personal", participants=[by_id(ana.id)])
    error = error_of(
        lambda: conversations.create_conversation(app.id, body), errors.BadRequestException
    )
    assert error["title"] == texts.V2_MULTI_CONVO_DISABLED

    sunco.AppsApi(api).update_app(
        app.id, sunco.AppUpdateBody(settings=sunco.AppSettings(multi_convo_enabled=True))
    )
    second = conversations.create_conversation(app.id, body).conversation
    assert (second.type, second.is_default) == ("personal", False)
    listed = conversations.list_conversations(app.id, sunco.ConversationListFilter(user_id=ana.id))
    assert [c.is_default for c in listed.conversations] == [True, False]


def test_creating_a_conversation_with_an_unknown_participant_is_404(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, key = app_and_key
    conversations = sunco.ConversationsApi(v2_clients.client(key))
    body = sunco.ConversationCreateBody(type="sdkGroup", participants=[by_external_id("ghost")])
    error = error_of(
        lambda: conversations.create_conversation(app.id, body), errors.NotFoundException
    )
    assert error == {"code": "user_not_found", "title": texts.V2_USER_NOT_FOUND}
    assert all(c.is_default for c in fake.store.app_state(app.id).conversations.values())


def test_list_conversations_pages_and_needs_a_user_filter(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    [ana] = make_users(api, app, "ana")
    conversations = sunco.ConversationsApi(api)
    made = [
        conversations.create_conversation(
            app.id, sunco.ConversationCreateBody(type="sdkGroup", participants=[by_id(ana.id)])
        ).conversation.id
        for _ in range(4)
    ]
    mine = sunco.ConversationListFilter(user_id=ana.id)
    first = conversations.list_conversations(app.id, mine, page=sunco.Page(size=3))
    assert first.meta.has_more and first.links.next
    assert "filter[userId]=" in first.links.next
    rest = conversations.list_conversations(
        app.id, mine, page=sunco.Page(after=first.meta.after_cursor, size=3)
    )
    seen = [c.id for c in first.conversations + rest.conversations]
    assert seen[1:] == made and not rest.meta.has_more

    error = error_of(
        lambda: conversations.list_conversations(app.id, sunco.ConversationListFilter()),
        errors.BadRequestException,
    )
    assert error["title"] == texts.V2_CONVERSATION_FILTER_REQUIRED
    error = error_of(
        lambda: conversations.list_conversations(
            app.id, sunco.ConversationListFilter(user_external_id="nobody")
        ),
        errors.NotFoundException,
    )
    assert error["code"] == "user_not_found"


@pytest.mark.parametrize(("scheme", "scope"), EVERY_CREDENTIAL)
def test_download_and_conversion_events_answer_locally(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    api = client_as(v2_clients, app, key, scheme, scope)
    [ana] = make_users(api, app, "ana")
    default = fake.store.user(app.id, ana.id).default_conversation.id
    conversations = sunco.ConversationsApi(api)

    download = sunco.DownloadMessageRefBody(user_id=ana.id)
    assert conversations.download_message_ref(app.id, default, download) == {}

    events = sunco.ConversionEventsBody(
        sunco.MessengerConversionEventsBody(
            messenger=sunco.MetaConversionEvent(
                payload=sunco.MetaConversionEventPayload(
                    data=[{"event_name": "Purchase"}, {"event_name": "Lead"}]
                )
            )
        )
    )
    answer = conversations.post_conversion_events(app.id, default, events)
    counted = answer["conversionEvents"]
    assert counted["eventsReceived"] == 2 and counted["datasetId"].isdigit()
    again = conversations.post_conversion_events(app.id, default, events)
    assert again["conversionEvents"]["datasetId"] == counted["datasetId"]

    for call in (
        lambda: conversations.download_message_ref(app.id, "0" * 24, download),
        lambda: conversations.post_conversion_events(app.id, "0" * 24, events),
    ):
        assert error_of(call, errors.NotFoundException)["code"] == "conversation_not_found"
