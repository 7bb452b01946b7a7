"""The switchboard: one per app, up to ten members, and who is in control of each conversation."""

from __future__ import annotations

from dataclasses import dataclass

from .. import error_texts as texts
from ..errors import (
    InvalidSwitchboard,
    OneSwitchboardPerApp,
    SwitchboardIntegrationNotFound,
    SwitchboardNotFound,
    TooManySwitchboardIntegrations,
)
from ..ids import derived_id
from .custom_integrations import CustomIntegrationOperations
from .events import SwitchboardControlChanged
from .models import (
    Conversation,
    JsonObject,
    Switchboard,
    SwitchboardIntegration,
    User,
)
from .webhooks import CUSTOM

MAX_SWITCHBOARD_INTEGRATIONS = 10
NEXT = "next"
"""passControl/offerControl target: the active member's `nextSwitchboardIntegrationId`."""
INVALID_TARGET = "switchboard_invalid_target"
INVALID_ACTION = "switchboard_invalid_action"


@dataclass(frozen=True, slots=True)
class SwitchboardIntegrationInput:
    """A member to create, or (update) the fields to change; `unset` names fields to clear."""

    name: str | None = None
    integration_id: str | None = None
    integration_type: str | None = None
    deliver_standby_events: bool | None = None
    next_switchboard_integration_id: str | None = None
    message_history_count: int | None = None
    unset: frozenset[str] = frozenset()
    """`next_switchboard_integration_id` or `message_history_count`, set to null."""


class SwitchboardOperations(CustomIntegrationOperations):
    def create_switchboard(self, app_id: str) -> Switchboard:
        state = self.app_state(app_id)
        if state.switchboard is not None:
            raise OneSwitchboardPerApp()
        state.switchboard = Switchboard(id=self.ids.object_id())
        return state.switchboard

    def list_switchboards(self, app_id: str) -> list[Switchboard]:
        switchboard = self.app_state(app_id).switchboard
        return [] if switchboard is None else [switchboard]

    def get_switchboard(self, app_id: str, switchboard_id: str) -> Switchboard:
        switchboard = self.app_state(app_id).switchboard
        if switchboard is None or switchboard.id != switchboard_id:
            raise SwitchboardNotFound()
        return switchboard

    def update_switchboard(
        self,
        app_id: str,
        switchboard_id: str,
        enabled: bool | None,
        default_id: str | None,
    ) -> Switchboard:
        switchboard = self.get_switchboard(app_id, switchboard_id)
        if default_id is not None:
            self._member(switchboard, default_id)
            switchboard.default_switchboard_integration_id = default_id
        if enabled is not None:
            switchboard.enabled = enabled
        return switchboard

    def delete_switchboard(self, app_id: str, switchboard_id: str) -> None:
        """Remove the switchboard and its members; conversations lose who was in control."""
        state = self.app_state(app_id)
        switchboard = self.get_switchboard(app_id, switchboard_id)
        for member_id in list(switchboard.members):
            self._release_everywhere(app_id, member_id)
        state.switchboard = None

    # -- members -------------------------------------------------------------------------------

    def create_switchboard_integration(
        self, app_id: str, switchboard_id: str, given: SwitchboardIntegrationInput
    ) -> SwitchboardIntegration:
        switchboard = self.get_switchboard(app_id, switchboard_id)
        if len(switchboard.members) >= MAX_SWITCHBOARD_INTEGRATIONS:
            raise TooManySwitchboardIntegrations(limit=MAX_SWITCHBOARD_INTEGRATIONS)
        assert given.name is not None, "a new switchboard integration has a name"
        member = SwitchboardIntegration(
            id=self.ids.object_id(), name=given.name, integration_type=CUSTOM
        )
        self._apply(app_id, switchboard, member, given)
        switchboard.members[member.id] = member
        return member

    def list_switchboard_integrations(
        self, app_id: str, switchboard_id: str
    ) -> list[SwitchboardIntegration]:
        return list(self.get_switchboard(app_id, switchboard_id).members.values())

    def update_switchboard_integration(
        self,
        app_id: str,
        switchboard_id: str,
        member_id: str,
        changes: SwitchboardIntegrationInput,
    ) -> SwitchboardIntegration:
        switchboard = self.get_switchboard(app_id, switchboard_id)
        member = self._member(switchboard, member_id)
        self._apply(app_id, switchboard, member, changes)
        return member

    def delete_switchboard_integration(
        self, app_id: str, switchboard_id: str, member_id: str
    ) -> None:
        """Remove a member that is neither the default nor another member's next."""
        switchboard = self.get_switchboard(app_id, switchboard_id)
        self._member(switchboard, member_id)
        referenced = switchboard.default_switchboard_integration_id == member_id or any(
            m.next_switchboard_integration_id == member_id
            for m in switchboard.members.values()
            if m.id != member_id
        )
        if referenced:
            raise InvalidSwitchboard(texts.V2_SWITCHBOARD_INTEGRATION_IN_USE, id=member_id)
        self._release_everywhere(app_id, member_id)
        del switchboard.members[member_id]

    def switchboard_integration(self, app_id: str, member_id: str) -> SwitchboardIntegration | None:
        """The member `member_id` of the app's switchboard (None when gone): what a conversation's
        `activeSwitchboardIntegration` / `pendingSwitchboardIntegration` show."""
        switchboard = self.app_state(app_id).switchboard
        return None if switchboard is None else switchboard.members.get(member_id)

    def forget_switchboard_integration_of(self, app_id: str, integration_id: str) -> None:
        switchboard = self.app_state(app_id).switchboard
        if switchboard is None:
            return
        gone = [m.id for m in switchboard.members.values() if m.integration_id == integration_id]
        for member_id in gone:
            self._release_everywhere(app_id, member_id)
            del switchboard.members[member_id]
            if switchboard.default_switchboard_integration_id == member_id:
                switchboard.default_switchboard_integration_id = None
            for member in switchboard.members.values():
                if member.next_switchboard_integration_id == member_id:
                    member.next_switchboard_integration_id = None

    # -- actions -------------------------------------------------------------------------------

    def pass_control(
        self, app_id: str, conversation_id: str, target: str, metadata: JsonObject | None
    ) -> Conversation:
        """Give control to `target` (id, name, integration type or `next`); offers are void."""
        conversation = self.conversation(app_id, conversation_id)
        member, error = self._target(app_id, conversation, target)
        if member is not None:
            conversation.active_switchboard_integration_id = member.id
            conversation.pending_switchboard_integration_id = None
        self._control_event(app_id, conversation, "passControl", metadata, error)
        return conversation

    def offer_control(
        self, app_id: str, conversation_id: str, target: str, metadata: JsonObject | None
    ) -> Conversation:
        """Offer control to `target`, replacing an earlier offer; never to the one in control."""
        conversation = self.conversation(app_id, conversation_id)
        member, error = self._target(app_id, conversation, target)
        if member is not None and member.id == conversation.active_switchboard_integration_id:
            member, error = None, _error(INVALID_TARGET, texts.V2_SWITCHBOARD_OFFER_ACTIVE)
        if member is not None:
            conversation.pending_switchboard_integration_id = member.id
        self._control_event(app_id, conversation, "offerControl", metadata, error)
        return conversation

    def accept_control(
        self, app_id: str, conversation_id: str, metadata: JsonObject | None
    ) -> Conversation:
        """The member offered control takes it."""
        conversation = self.conversation(app_id, conversation_id)
        self._switchboard(app_id)
        pending = conversation.pending_switchboard_integration_id
        error = None
        if pending is None:
            error = _error(INVALID_ACTION, texts.V2_SWITCHBOARD_NOTHING_PENDING)
        else:
            conversation.active_switchboard_integration_id = pending
            conversation.pending_switchboard_integration_id = None
        self._control_event(app_id, conversation, "acceptControl", metadata, error)
        return conversation

    def release_control(
        self, app_id: str, conversation_id: str, metadata: JsonObject | None
    ) -> Conversation:
        """Nobody is in control until the conversation's next activity."""
        conversation = self.conversation(app_id, conversation_id)
        self._switchboard(app_id)
        conversation.active_switchboard_integration_id = None
        self._control_event(app_id, conversation, "releaseControl", metadata, None)
        return conversation

    # -- helpers -------------------------------------------------------------------------------

    def _switchboard(self, app_id: str) -> Switchboard:
        switchboard = self.app_state(app_id).switchboard
        if switchboard is None:
            raise SwitchboardNotFound()
        return switchboard

    def _member(self, switchboard: Switchboard, member_id: str) -> SwitchboardIntegration:
        member = switchboard.members.get(member_id)
        if member is None:
            raise SwitchboardIntegrationNotFound()
        return member

    def _target(
        self, app_id: str, conversation: Conversation, target: str
    ) -> tuple[SwitchboardIntegration | None, JsonObject | None]:
        """The member `target` names, or None and the failure's error. A name that matches
        nothing is a client error (404); `next` with no next member is a failed action."""
        switchboard = self._switchboard(app_id)
        members = switchboard.members
        if target == NEXT:
            active = members.get(conversation.active_switchboard_integration_id or "")
            following = active.next_switchboard_integration_id if active else None
            if following is None or following not in members:
                return None, _error(INVALID_TARGET, texts.V2_SWITCHBOARD_NO_NEXT)
            return members[following], None
        if target in members:
            return members[target], None
        for matches in (
            [m for m in members.values() if m.name == target],
            [m for m in members.values() if m.integration_type == target],
        ):
            if len(matches) == 1:
                return matches[0], None
            if matches:
                raise InvalidSwitchboard(texts.V2_SWITCHBOARD_TARGET_AMBIGUOUS, target=target)
        raise SwitchboardIntegrationNotFound()

    def _apply(
        self,
        app_id: str,
        switchboard: Switchboard,
        member: SwitchboardIntegration,
        given: SwitchboardIntegrationInput,
    ) -> None:
        """Check `given` against the switchboard, then write it to `member`."""
        if given.name is not None and any(
            m.name == given.name for m in switchboard.members.values() if m.id != member.id
        ):
            raise InvalidSwitchboard(texts.V2_SWITCHBOARD_NAME_TAKEN, name=given.name)
        if given.integration_id is not None:
            integration = self.get_integration(app_id, given.integration_id)
            if integration.type != CUSTOM:
                raise InvalidSwitchboard(texts.V2_SWITCHBOARD_CUSTOM_ONLY)
            if any(
                m.integration_id == given.integration_id
                for m in switchboard.members.values()
                if m.id != member.id
            ):
                raise InvalidSwitchboard(
                    texts.V2_SWITCHBOARD_INTEGRATION_TAKEN, id=given.integration_id
                )
        following = given.next_switchboard_integration_id
        if following is not None and following not in switchboard.members:
            raise SwitchboardIntegrationNotFound()
        if given.name is not None:
            member.name = given.name
        if given.integration_id is not None:
            member.integration_id, member.integration_type = given.integration_id, CUSTOM
        elif given.integration_type is not None:
            # No integration of the app stands for an OAuth client or Agent Workspace, yet the
            # clients need an `integrationId`: one derived from the type, stable per app.
            member.integration_type = given.integration_type
            member.integration_id = derived_id("switchboard", app_id, given.integration_type)
        if given.deliver_standby_events is not None:
            member.deliver_standby_events = given.deliver_standby_events
        if following is not None:
            member.next_switchboard_integration_id = following
        if given.message_history_count is not None:
            member.message_history_count = given.message_history_count
        if "next_switchboard_integration_id" in given.unset:
            member.next_switchboard_integration_id = None
        if "message_history_count" in given.unset:
            member.message_history_count = None

    def _release_everywhere(self, app_id: str, member_id: str) -> None:
        for conversation in self.app_state(app_id).conversations.values():
            if conversation.active_switchboard_integration_id == member_id:
                conversation.active_switchboard_integration_id = None
            if conversation.pending_switchboard_integration_id == member_id:
                conversation.pending_switchboard_integration_id = None

    def _control_event(
        self,
        app_id: str,
        conversation: Conversation,
        action: str,
        metadata: JsonObject | None,
        error: JsonObject | None,
    ) -> None:
        owner = self._personal_owner(app_id, conversation)
        self.emit(
            SwitchboardControlChanged(
                app_id=app_id,
                timestamp=self.now(),
                conversation=conversation,
                user=owner,
                client=None,
                action=action,
                metadata=metadata,
                error=error,
            )
        )

    def _personal_owner(self, app_id: str, conversation: Conversation) -> User | None:
        if conversation.type != "personal" or len(conversation.participants) != 1:
            return None
        return self.app_state(app_id).users.get(conversation.participants[0].user_id)


def _error(code: str, message: str) -> JsonObject:
    return {"code": code, "message": message}
