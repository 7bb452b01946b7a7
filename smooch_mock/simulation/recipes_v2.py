"""Recipes that make each v2 webhook event type happen for real, as `smooch-mock trigger` does."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from ..store.inputs import ConversationInput
from ..store.models import Conversation, Switchboard
from ..store.switchboards import SwitchboardIntegrationInput
from ..store.webhooks import CUSTOM

if TYPE_CHECKING:
    from .simulator import Simulator

Options = dict[str, str]
Recipe = Callable[["Simulator", str, Options], None]
DETECTED_LOCALE = "fr-CA"
STAND_IN_TYPE = "zd:agentWorkspace"
"""The second switchboard member a recipe adds when the app has a single custom integration."""


def _user(options: Options) -> str | None:
    return options.get("user") or None


def _group(simulator: Simulator, app_id: str, options: Options) -> Conversation:
    """An `sdkGroup` the user (created on an SDK channel when unknown) takes part in."""
    user, _ = simulator.end_user(app_id, _user(options), channel=_sdk_channel(options))
    given = ConversationInput(
        type="sdkGroup", participant_user_ids=[user.id], display_name="Support group"
    )
    return simulator.store.create_conversation(app_id, given)


def _sdk_channel(options: Options) -> str:
    return options.get("channel", "web")


def _join(simulator: Simulator, app_id: str, options: Options) -> None:
    _group(simulator, app_id, options)


def _leave(simulator: Simulator, app_id: str, options: Options) -> None:
    group = _group(simulator, app_id, options)
    simulator.store.remove_participant(app_id, group.id, group.participants[0].user_id)


def _remove(simulator: Simulator, app_id: str, options: Options) -> None:
    group = _group(simulator, app_id, options)
    simulator.store.delete_conversation(app_id, group.id)


def _user_update(simulator: Simulator, app_id: str, options: Options) -> None:
    user, client = simulator.end_user(app_id, _user(options), channel=_sdk_channel(options))
    simulator.store.detect_locale(app_id, user, client, DETECTED_LOCALE)


def switchboard_for(simulator: Simulator, app_id: str) -> Switchboard:
    """The app's switchboard; without one, a new enabled one whose members are the app's custom
    integrations (the first the default, each passing to the next), plus a stand-in Agent
    Workspace member when there is only one. Members made here deliver standby events, so each
    integration's webhooks see every switchboard event."""
    store = simulator.store
    existing = store.app_state(app_id).switchboard
    if existing is not None:
        return existing
    switchboard = store.create_switchboard(app_id)
    custom = [i for i in store.list_integrations(app_id) if i.type == CUSTOM]
    members = [
        store.create_switchboard_integration(
            app_id,
            switchboard.id,
            SwitchboardIntegrationInput(
                name=f"integration-{number}",
                integration_id=integration.id,
                deliver_standby_events=True,
            ),
        )
        for number, integration in enumerate(custom[:10], start=1)
    ]
    if len(members) < 2:
        stand_in = SwitchboardIntegrationInput(
            name="agent", integration_type=STAND_IN_TYPE, deliver_standby_events=True
        )
        members.append(store.create_switchboard_integration(app_id, switchboard.id, stand_in))
    for member, following in pairwise(members):
        store.update_switchboard_integration(
            app_id,
            switchboard.id,
            member.id,
            SwitchboardIntegrationInput(next_switchboard_integration_id=following.id),
        )
    store.update_switchboard(app_id, switchboard.id, True, members[0].id)
    return switchboard


def _controlled_conversation(simulator: Simulator, app_id: str, options: Options) -> Conversation:
    """The user's default conversation after a message from them: the switchboard's default
    member is in control of it."""
    switchboard_for(simulator, app_id)
    user, _ = simulator.write(
        app_id,
        options.get("text") or "I need a human, please.",
        user=_user(options),
        channel=options.get("channel", "web"),
    )
    return user.default_conversation


def _other_member(simulator: Simulator, app_id: str, conversation: Conversation) -> str:
    """A member of the switchboard that is not in control of `conversation`."""
    switchboard = switchboard_for(simulator, app_id)
    return next(
        member_id
        for member_id in switchboard.members
        if member_id != conversation.active_switchboard_integration_id
    )


def _metadata(options: Options) -> dict[str, str]:
    return {"reason": options.get("payload") or "handoff"}


def _pass(fails: bool) -> Recipe:
    def recipe(simulator: Simulator, app_id: str, options: Options) -> None:
        store = simulator.store
        if fails:
            # Nobody controls a conversation before its first message: `next` names no one.
            switchboard_for(simulator, app_id)
            user, _ = simulator.end_user(
                app_id, _user(options), channel=options.get("channel", "web")
            )
            store.pass_control(app_id, user.default_conversation.id, "next", _metadata(options))
            return
        conversation = _controlled_conversation(simulator, app_id, options)
        target = _other_member(simulator, app_id, conversation)
        store.pass_control(app_id, conversation.id, target, _metadata(options))

    return recipe


def _offer(fails: bool) -> Recipe:
    def recipe(simulator: Simulator, app_id: str, options: Options) -> None:
        conversation = _controlled_conversation(simulator, app_id, options)
        # Offering control to the integration that has it is the platform's failure case.
        target = (
            conversation.active_switchboard_integration_id
            if fails
            else _other_member(simulator, app_id, conversation)
        )
        assert target is not None, "a message hands the conversation to the default member"
        simulator.store.offer_control(app_id, conversation.id, target, _metadata(options))

    return recipe


def _accept(fails: bool) -> Recipe:
    def recipe(simulator: Simulator, app_id: str, options: Options) -> None:
        store = simulator.store
        conversation = _controlled_conversation(simulator, app_id, options)
        if not fails:
            target = _other_member(simulator, app_id, conversation)
            store.offer_control(app_id, conversation.id, target, None)
        # Without an offer first, accepting is the platform's failure case.
        store.accept_control(app_id, conversation.id, _metadata(options))

    return recipe


def _release(simulator: Simulator, app_id: str, options: Options) -> None:
    conversation = _controlled_conversation(simulator, app_id, options)
    simulator.store.release_control(app_id, conversation.id, _metadata(options))


V2_AS_V1: dict[str, str] = {
    "conversation:create": "conversation:start",
    "conversation:message": "message:appUser",
    "conversation:postback": "postback",
    "conversation:read": "conversation:read",
    "conversation:referral": "conversation:referral",
    "conversation:typing": "typing:appUser",
    "conversation:message:delivery:channel": "message:delivery:channel",
    "conversation:message:delivery:user": "message:delivery:user",
    "conversation:message:delivery:failure": "message:delivery:failure",
    "client:add": "client:add",
    "client:update": "link:match",
    "client:remove": "client:remove",
    "user:merge": "merge:appUser",
    "user:remove": "appUser:delete",
}
"""v2 event types caused by the same state change as a v1 trigger: its recipe serves both."""

V2_RECIPES: dict[str, Recipe] = {
    "conversation:join": _join,
    "conversation:leave": _leave,
    "conversation:remove": _remove,
    "user:update": _user_update,
    "switchboard:acceptControl": _accept(fails=False),
    "switchboard:acceptControl:failure": _accept(fails=True),
    "switchboard:offerControl": _offer(fails=False),
    "switchboard:offerControl:failure": _offer(fails=True),
    "switchboard:passControl": _pass(fails=False),
    "switchboard:passControl:failure": _pass(fails=True),
    "switchboard:releaseControl": _release,
}
"""The v2 event types no v1 trigger shares a cause with."""
