"""The official Python v2 client drives switchboards, switchboard integrations and the
switchboard actions on a conversation, under Basic and JWT, account, app and integration scope."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import CREDENTIALS, Scheme, V2Clients, error_of, v2_clients
from v2_scopes import client_as

from smooch_mock import error_texts as texts
from smooch_mock.fake import FakeSmooch
from smooch_mock.store.events import Event, SwitchboardControlChanged
from smooch_mock.store.models import App, Conversation, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest

HOOK = sunco.Webhook(target="https://example.com/hook", triggers=["conversation:message"])
FORBIDDEN = {"code": "forbidden", "title": texts.V2_FORBIDDEN}


def custom_integration(api: sunco.ApiClient, app_id: str, name: str) -> Any:
    made = sunco.IntegrationsApi(api).create_integration(
        app_id, sunco.Custom(type="custom", display_name=name, webhooks=[HOOK])
    )
    return made.integration


@dataclass
class Desk:
    """An app with a bot and an agent in its switchboard, and a user's conversation."""

    app: App
    switchboard_id: str
    bot: Any
    agent: Any
    bot_integration: str
    agent_integration: str
    conversation: Conversation
    events: list[Event]


@pytest.fixture
def desk(v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch) -> Desk:
    app, key = app_and_key
    api = v2_clients.client(key)
    bot_integration = custom_integration(api, app.id, "Bot").id
    agent_integration = custom_integration(api, app.id, "Desk").id
    switchboard = sunco.SwitchboardsApi(api).create_switchboard(app.id).switchboard
    members = sunco.SwitchboardIntegrationsApi(api)
    agent = members.create_switchboard_integration(
        app.id,
        switchboard.id,
        sunco.SwitchboardIntegrationCreateBody(name="agent", integration_id=agent_integration),
    ).switchboard_integration
    bot = members.create_switchboard_integration(
        app.id,
        switchboard.id,
        sunco.SwitchboardIntegrationCreateBody(
            name="bot",
            integration_id=bot_integration,
            next_switchboard_integration_id=agent.id,
            deliver_standby_events=False,
        ),
    ).switchboard_integration
    sunco.SwitchboardsApi(api).update_switchboard(
        app.id,
        switchboard.id,
        sunco.SwitchboardUpdateBody(enabled=True, default_switchboard_integration_id=bot.id),
    )
    events: list[Event] = []
    fake.store.subscribe(events.append)
    conversation = fake.store.create_user(app.id).default_conversation
    return Desk(
        app, switchboard.id, bot, agent, bot_integration, agent_integration, conversation, events
    )


def control_events(desk: Desk) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    for event in desk.events:
        if isinstance(event, SwitchboardControlChanged):
            yield event.action, event.metadata, event.error["code"] if event.error else None


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_a_switchboard_from_create_to_delete(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], scheme: Scheme, scope: str
) -> None:
    app, key = app_and_key
    api = client_as(v2_clients, app, key, scheme, scope)
    switchboards = sunco.SwitchboardsApi(api)
    created = switchboards.create_switchboard(app.id)
    assert isinstance(created, sunco.SwitchboardResponse)
    switchboard = created.switchboard
    assert switchboard.enabled is False and len(switchboard.id) == 24
    error = error_of(lambda: switchboards.create_switchboard(app.id), errors.BadRequestException)
    assert error == {"code": "bad_request", "title": texts.V2_ONE_SWITCHBOARD}

    listed = switchboards.list_switchboards(app.id)
    assert isinstance(listed, sunco.SwitchboardListResponse)
    assert [s.id for s in listed.switchboards] == [switchboard.id]

    members = sunco.SwitchboardIntegrationsApi(api)
    bot_integration = custom_integration(api, app.id, "Bot").id
    made = members.create_switchboard_integration(
        app.id,
        switchboard.id,
        sunco.SwitchboardIntegrationCreateBody(
            name="bot", integration_id=bot_integration, message_history_count=5
        ),
    )
    assert isinstance(made, sunco.SwitchboardIntegrationResponse)
    bot = made.switchboard_integration
    assert (bot.name, bot.integration_id, bot.integration_type) == (
        "bot",
        bot_integration,
        "custom",
    )
    assert bot.deliver_standby_events is True and bot.message_history_count == 5
    agent = members.create_switchboard_integration(
        app.id,
        switchboard.id,
        sunco.SwitchboardIntegrationCreateBody(
            name="agent-workspace", integration_type="zd:agentWorkspace"
        ),
    ).switchboard_integration
    assert agent.integration_type == "zd:agentWorkspace" and len(agent.integration_id) == 24

    updated = members.update_switchboard_integration(
        app.id,
        switchboard.id,
        bot.id,
        sunco.SwitchboardIntegrationUpdateBody(
            next_switchboard_integration_id=agent.id, deliver_standby_events=False
        ),
    )
    assert isinstance(updated, sunco.SwitchboardIntegrationResponse)
    assert updated.switchboard_integration.next_switchboard_integration_id == agent.id
    assert updated.switchboard_integration.deliver_standby_events is False
    listed_members = members.list_switchboard_integrations(app.id, switchboard.id)
    assert isinstance(listed_members, sunco.SwitchboardIntegrationListResponse)
    assert [m.id for m in listed_members.switchboard_integrations] == [bot.id, agent.id]

    enabled = switchboards.update_switchboard(
        app.id,
        switchboard.id,
        sunco.SwitchboardUpdateBody(enabled=True, default_switchboard_integration_id=bot.id),
    )
    assert isinstance(enabled, sunco.SwitchboardResponse)
    assert enabled.switchboard.enabled is True
    assert enabled.switchboard.default_switchboard_integration_id == bot.id

    # The agent is the bot's next: it cannot go until that changes.
    error = error_of(
        lambda: members.delete_switchboard_integration(app.id, switchboard.id, agent.id),
        errors.BadRequestException,
    )
    assert error["title"] == texts.V2_SWITCHBOARD_INTEGRATION_IN_USE.format(id=agent.id)
    members.update_switchboard_integration(
        app.id,
        switchboard.id,
        bot.id,
        sunco.SwitchboardIntegrationUpdateBody(next_switchboard_integration_id=None),
    )
    assert members.delete_switchboard_integration(app.id, switchboard.id, agent.id) == {}

    assert switchboards.delete_switchboard(app.id, switchboard.id) == {}
    assert switchboards.list_switchboards(app.id).switchboards == []
    error = error_of(
        lambda: members.list_switchboard_integrations(app.id, switchboard.id),
        errors.NotFoundException,
    )
    assert error == {"code": "switchboard_not_found", "title": texts.V2_SWITCHBOARD_NOT_FOUND}


def test_switchboard_integrations_are_ten_at_most_with_unique_names(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key, "jwt")
    switchboard = sunco.SwitchboardsApi(api).create_switchboard(app.id).switchboard
    members = sunco.SwitchboardIntegrationsApi(api)

    def add(name: str, **kw: Any) -> Any:
        body = sunco.SwitchboardIntegrationCreateBody(name=name, **kw)
        return members.create_switchboard_integration(app.id, switchboard.id, body)

    for n in range(10):
        add(f"oauth-{n}", integration_type=f"client-{n}")
    error = error_of(lambda: add("eleventh", integration_type="x"), errors.BadRequestException)
    assert error == {
        "code": "too_many_switchboard_integrations",
        "title": texts.V2_TOO_MANY_SWITCHBOARD_INTEGRATIONS.format(limit=10),
    }
    sunco.SwitchboardsApi(api).delete_switchboard(app.id, switchboard.id)
    switchboard = sunco.SwitchboardsApi(api).create_switchboard(app.id).switchboard
    add("bot", integration_type="x")
    error = error_of(lambda: add("bot", integration_type="y"), errors.BadRequestException)
    assert error["title"] == texts.V2_SWITCHBOARD_NAME_TAKEN.format(name="bot")
    web = sunco.IntegrationsApi(api).create_integration(app.id, sunco.Web(type="web")).integration
    error = error_of(lambda: add("web", integration_id=web.id), errors.BadRequestException)
    assert error["title"] == texts.V2_SWITCHBOARD_CUSTOM_ONLY
    error = error_of(
        lambda: members.update_switchboard_integration(
            app.id, switchboard.id, "0" * 24, sunco.SwitchboardIntegrationUpdateBody(name="x")
        ),
        errors.NotFoundException,
    )
    assert error == {
        "code": "switchboard_integration_not_found",
        "title": texts.V2_SWITCHBOARD_INTEGRATION_NOT_FOUND,
    }


def test_deleting_an_integration_takes_its_switchboard_integration_along(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], desk: Desk
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    actions = sunco.SwitchboardActionsApi(api)
    actions.pass_control(
        app.id, desk.conversation.id, sunco.PassControlBody(switchboard_integration="agent")
    )
    assert desk.conversation.active_switchboard_integration_id == desk.agent.id
    sunco.IntegrationsApi(api).delete_integration(app.id, desk.agent_integration)
    listed = sunco.SwitchboardIntegrationsApi(api).list_switchboard_integrations(
        app.id, desk.switchboard_id
    )
    assert [m.id for m in listed.switchboard_integrations] == [desk.bot.id]
    assert listed.switchboard_integrations[0].next_switchboard_integration_id is None
    assert desk.conversation.active_switchboard_integration_id is None


def test_a_new_conversation_starts_with_the_default_integration_in_control(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], desk: Desk, fake: FakeSmooch
) -> None:
    app, key = app_and_key
    made = sunco.ConversationsApi(v2_clients.client(key)).create_conversation(
        app.id, sunco.ConversationCreateBody(type="sdkGroup")
    )
    created = fake.store.conversation(app.id, made.conversation.id)
    assert created.active_switchboard_integration_id == desk.bot.id
    # An older conversation gets the default at its next message.
    assert desk.conversation.active_switchboard_integration_id is None


def test_a_channel_names_its_default_responder_and_its_new_conversations_start_with_it(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], desk: Desk, fake: FakeSmooch
) -> None:
    app, key = app_and_key
    integrations = sunco.IntegrationsApi(v2_clients.client(key))
    messenger = integrations.create_integration(
        app.id,
        sunco.Messenger(type="messenger", page_access_token="t", app_id="fb", app_secret="s"),
    ).integration
    inherited = integrations.get_integration(app.id, messenger.id).integration.default_responder
    assert (inherited.name, inherited.integration_id, inherited.inherited) == (
        "bot",
        desk.bot_integration,
        True,
    )
    assert inherited.next_switchboard_integration_id == desk.agent.id

    body = sunco.IntegrationUpdate(sunco.MessengerUpdate(default_responder_id=desk.agent.id))
    updated = integrations.update_integration(app.id, messenger.id, body).integration
    chosen = updated.default_responder
    assert (chosen.name, chosen.integration_id, chosen.inherited) == (
        "agent",
        desk.agent_integration,
        False,
    )
    [listed] = [
        i for i in integrations.list_integrations(app.id).integrations if i.id == messenger.id
    ]
    assert listed.default_responder == chosen
    custom = integrations.get_integration(app.id, desk.bot_integration).integration
    assert "defaultResponder" not in custom.to_dict()

    # A user's first message on that channel hands the conversation to its responder; the
    # web channel keeps the switchboard's default.
    fake.simulate.write(app.id, "hi", user="ana", channel="messenger")
    fake.simulate.write(app.id, "hello", user="bob", channel="web")
    in_control = {
        user: fake.store.user(app.id, user).default_conversation.active_switchboard_integration_id
        for user in ("ana", "bob")
    }
    assert in_control == {"ana": desk.agent.id, "bob": desk.bot.id}


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_control_passes_is_offered_accepted_and_released(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    desk: Desk,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    actions = sunco.SwitchboardActionsApi(client_as(v2_clients, app, key, scheme, scope))
    conversation = desk.conversation

    assert (
        actions.pass_control(
            app.id,
            conversation.id,
            sunco.PassControlBody(switchboard_integration="bot", metadata={"why": "start"}),
        )
        == {}
    )
    assert conversation.active_switchboard_integration_id == desk.bot.id
    actions.offer_control(
        app.id, conversation.id, sunco.OfferControlBody(switchboard_integration="next")
    )
    assert conversation.pending_switchboard_integration_id == desk.agent.id
    assert conversation.active_switchboard_integration_id == desk.bot.id
    assert (
        actions.accept_control(
            app.id, conversation.id, sunco.AcceptControlBody(metadata={"agent": "ana"})
        )
        == {}
    )
    assert conversation.active_switchboard_integration_id == desk.agent.id
    assert conversation.pending_switchboard_integration_id is None
    assert actions.release_control(app.id, conversation.id) == {}
    assert conversation.active_switchboard_integration_id is None
    actions.pass_control(
        app.id, conversation.id, sunco.PassControlBody(switchboard_integration=desk.agent.id)
    )
    assert conversation.active_switchboard_integration_id == desk.agent.id

    assert list(control_events(desk)) == [
        ("passControl", {"why": "start"}, None),
        ("offerControl", None, None),
        ("acceptControl", {"agent": "ana"}, None),
        ("releaseControl", None, None),
        ("passControl", None, None),
    ]


def test_a_conversation_read_through_v2_names_who_is_in_control_and_who_was_offered_it(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], desk: Desk
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    conversations = sunco.ConversationsApi(api)
    actions = sunco.SwitchboardActionsApi(api)
    conversation_id = desk.conversation.id
    (owner,) = desk.conversation.participants

    def read() -> tuple[Any, Any]:
        shown = conversations.get_conversation(app.id, conversation_id).conversation
        return shown.active_switchboard_integration, shown.pending_switchboard_integration

    assert read() == (None, None)  # no message yet: nobody was handed the conversation
    actions.pass_control(
        app.id, conversation_id, sunco.PassControlBody(switchboard_integration="bot")
    )
    actions.offer_control(
        app.id, conversation_id, sunco.OfferControlBody(switchboard_integration="agent")
    )
    active, pending = read()
    assert active.to_dict() == {
        "id": desk.bot.id,
        "name": "bot",
        "integrationId": desk.bot_integration,
        "integrationType": "custom",
    }
    assert (pending.id, pending.name, pending.integration_id) == (
        desk.agent.id,
        "agent",
        desk.agent_integration,
    )
    listed = conversations.list_conversations(
        app.id, sunco.ConversationListFilter(user_id=owner.user_id)
    ).conversations
    assert [c.active_switchboard_integration.id for c in listed] == [desk.bot.id]

    actions.accept_control(app.id, conversation_id, sunco.AcceptControlBody())
    active, pending = read()
    assert (active.id, pending) == (desk.agent.id, None)
    sunco.SwitchboardsApi(api).update_switchboard(
        app.id, desk.switchboard_id, sunco.SwitchboardUpdateBody(enabled=False)
    )
    assert read() == (None, None)  # an off switchboard routes nothing: as the webhooks say
    assert desk.conversation.active_switchboard_integration_id == desk.agent.id


def test_actions_that_cannot_be_done_are_failure_events_not_errors(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], desk: Desk
) -> None:
    app, key = app_and_key
    actions = sunco.SwitchboardActionsApi(v2_clients.client(key))
    conversation = desk.conversation
    actions.accept_control(app.id, conversation.id, sunco.AcceptControlBody())
    actions.pass_control(
        app.id, conversation.id, sunco.PassControlBody(switchboard_integration="agent")
    )
    actions.pass_control(
        app.id, conversation.id, sunco.PassControlBody(switchboard_integration="next")
    )
    actions.offer_control(
        app.id, conversation.id, sunco.OfferControlBody(switchboard_integration="agent")
    )
    assert conversation.active_switchboard_integration_id == desk.agent.id
    assert conversation.pending_switchboard_integration_id is None
    assert list(control_events(desk)) == [
        ("acceptControl", None, "switchboard_invalid_action"),
        ("passControl", None, None),
        ("passControl", None, "switchboard_invalid_target"),  # the agent has no next
        ("offerControl", None, "switchboard_invalid_target"),  # already in control
    ]


def test_action_errors_answer_in_the_v2_shape(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], desk: Desk, fake: FakeSmooch
) -> None:
    app, key = app_and_key
    actions = sunco.SwitchboardActionsApi(v2_clients.client(key))
    error = error_of(
        lambda: actions.pass_control(
            app.id, desk.conversation.id, sunco.PassControlBody(switchboard_integration="nobody")
        ),
        errors.NotFoundException,
    )
    assert error["code"] == "switchboard_integration_not_found"
    error = error_of(  # both members are custom integrations: the type names neither
        lambda: actions.pass_control(
            app.id, desk.conversation.id, sunco.PassControlBody(switchboard_integration="custom")
        ),
        errors.BadRequestException,
    )
    assert error["title"] == texts.V2_SWITCHBOARD_TARGET_AMBIGUOUS.format(target="custom")
    error = error_of(
        lambda: actions.pass_control(
            app.id, "0" * 24, sunco.PassControlBody(switchboard_integration="bot")
        ),
        errors.NotFoundException,
    )
    assert error["code"] == "conversation_not_found"
    other, other_key = fake.create_app_with_key("No switchboard")
    conversation = fake.store.create_user(other.id).default_conversation
    error = error_of(
        lambda: sunco.SwitchboardActionsApi(v2_clients.client(other_key)).release_control(
            other.id, conversation.id
        ),
        errors.NotFoundException,
    )
    assert error == {"code": "switchboard_not_found", "title": texts.V2_SWITCHBOARD_NOT_FOUND}


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_an_integration_key_accepts_and_releases_only_for_its_own_integration(
    v2_clients: V2Clients, desk: Desk, scheme: Scheme
) -> None:
    app = desk.app
    store = v2_clients.fake.store
    bot_key = store.create_integration_key(app.id, desk.bot_integration, "bot")
    agent_key = store.create_integration_key(app.id, desk.agent_integration, "agent")
    as_bot = sunco.SwitchboardActionsApi(v2_clients.client(bot_key, scheme))
    as_agent = sunco.SwitchboardActionsApi(v2_clients.client(agent_key, scheme))
    conversation = desk.conversation

    as_bot.pass_control(
        app.id, conversation.id, sunco.PassControlBody(switchboard_integration="bot")
    )
    as_bot.offer_control(
        app.id, conversation.id, sunco.OfferControlBody(switchboard_integration="next")
    )
    for refused in (
        lambda: as_bot.accept_control(app.id, conversation.id, sunco.AcceptControlBody()),
        lambda: as_agent.release_control(app.id, conversation.id),
    ):
        assert error_of(refused, errors.ForbiddenException) == FORBIDDEN
    as_agent.accept_control(app.id, conversation.id, sunco.AcceptControlBody())
    assert conversation.active_switchboard_integration_id == desk.agent.id
    refused_release = error_of(
        lambda: as_bot.release_control(app.id, conversation.id), errors.ForbiddenException
    )
    assert refused_release == FORBIDDEN
    as_agent.release_control(app.id, conversation.id)
    assert conversation.active_switchboard_integration_id is None

    for refused in (
        lambda: sunco.SwitchboardsApi(as_bot.api_client).create_switchboard(app.id),
        lambda: sunco.SwitchboardIntegrationsApi(as_bot.api_client).list_switchboard_integrations(
            app.id, desk.switchboard_id
        ),
    ):
        assert error_of(refused, errors.ForbiddenException) == FORBIDDEN


def test_the_switchboard_survives_a_state_file_round_trip(desk: Desk, fake: FakeSmooch) -> None:
    from smooch_mock.persistence.snapshot import restore, snapshot
    from smooch_mock.store import Store

    desk.conversation.pending_switchboard_integration_id = desk.agent.id
    copy = Store()
    restore(copy, snapshot(fake.store))
    switchboard = copy.app_state(desk.app.id).switchboard
    assert switchboard is not None and switchboard.enabled
    assert switchboard.default_switchboard_integration_id == desk.bot.id
    assert switchboard.members[desk.bot.id].next_switchboard_integration_id == desk.agent.id
    restored = copy.conversation(desk.app.id, desk.conversation.id)
    assert restored.pending_switchboard_integration_id == desk.agent.id
