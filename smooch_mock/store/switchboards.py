"""The switchboard: which integration controls each conversation, and the control hand-offs."""

from __future__ import annotations

from .. import error_texts as texts
from ..errors import (
    SwitchboardActionFailed,
    SwitchboardExists,
    SwitchboardIntegrationNotFound,
    SwitchboardNotFound,
)
from . import events
from .base import StoreBase
from .models import Conversation, JsonObject, Switchboard, SwitchboardIntegration, User

NEXT = "next"
"""Pass control to the active integration's `nextSwitchboardIntegrationId`."""


class SwitchboardOperations(StoreBase):
    def create_switchboard(self, app_id: str) -> Switchboard:
        state = self.app_state(app_id)
        if state.switchboard is not None:
            raise SwitchboardExists()
        state.switchboard = Switchboard(id=self.ids.object_id())
        return state.switchboard

    def switchboard_of(self, app_id: str) -> Switchboard:
        found = self.app_state(app_id).switchboard
        if found is None:
            raise SwitchboardNotFound()
        return found

    def add_switchboard_integration(
        self,
        app_id: str,
        name: str,
        integration_id: str,
        *,
        deliver_standby_events: bool = True,
        next_switchboard_integration_id: str | None = None,
    ) -> SwitchboardIntegration:
        """A member of the switchboard; the first one becomes its default."""
        switchboard = self.switchboard_of(app_id)
        integration = self.app_state(app_id).integrations.get(integration_id)
        member = SwitchboardIntegration(
            id=self.ids.object_id(),
            name=name,
            integration_id=integration_id,
            integration_type=integration.type if integration is not None else integration_id,
            deliver_standby_events=deliver_standby_events,
            next_switchboard_integration_id=next_switchboard_integration_id,
        )
        switchboard.integrations[member.id] = member
        if switchboard.default_switchboard_integration_id is None:
            switchboard.default_switchboard_integration_id = member.id
        return member

    def control_of(self, app_id: str, conversation: Conversation) -> SwitchboardIntegration | None:
        """The integration in control of `conversation`, while the switchboard is enabled."""
        switchboard = self.app_state(app_id).switchboard
        chosen = conversation.active_switchboard_integration_id
        if switchboard is None or not switchboard.enabled or chosen is None:
            return None
        return switchboard.integrations.get(chosen)

    def pending_of(self, app_id: str, conversation: Conversation) -> SwitchboardIntegration | None:
        """The integration offered control of `conversation`, if any."""
        switchboard = self.app_state(app_id).switchboard
        chosen = conversation.pending_switchboard_integration_id
        if switchboard is None or not switchboard.enabled or chosen is None:
            return None
        return switchboard.integrations.get(chosen)

    def pass_control(
        self,
        app_id: str,
        conversation_id: str,
        target: str,
        metadata: JsonObject | None = None,
        reason: str | None = None,
    ) -> Conversation:
        """Give control to `target` (a member's id or name, or `next`); clears any offer."""
        conversation = self.conversation(app_id, conversation_id)
        member = self._member(app_id, conversation, target)
        if member is None:
            self._failed(app_id, conversation, "passControl", metadata, target=target)
        assert member is not None
        conversation.active_switchboard_integration_id = member.id
        conversation.pending_switchboard_integration_id = None
        self._control_changed(app_id, conversation, "passControl", metadata, reason)
        return conversation

    def offer_control(
        self, app_id: str, conversation_id: str, target: str, metadata: JsonObject | None = None
    ) -> Conversation:
        """Offer control to `target`; the active integration keeps it until it is accepted."""
        conversation = self.conversation(app_id, conversation_id)
        member = self._member(app_id, conversation, target)
        if member is None:
            self._failed(app_id, conversation, "offerControl", metadata, target=target)
        assert member is not None
        active = self.control_of(app_id, conversation)
        if active is not None and active.id == member.id:
            self._failed(app_id, conversation, "offerControl", metadata)
        conversation.pending_switchboard_integration_id = member.id
        self._control_changed(app_id, conversation, "offerControl", metadata, None)
        return conversation

    def accept_control(
        self, app_id: str, conversation_id: str, metadata: JsonObject | None = None
    ) -> Conversation:
        """The pending integration takes control."""
        conversation = self.conversation(app_id, conversation_id)
        self.switchboard_of(app_id)
        pending = conversation.pending_switchboard_integration_id
        if pending is None:
            self._failed(app_id, conversation, "acceptControl", metadata)
        conversation.active_switchboard_integration_id = pending
        conversation.pending_switchboard_integration_id = None
        self._control_changed(app_id, conversation, "acceptControl", metadata, None)
        return conversation

    def release_control(
        self,
        app_id: str,
        conversation_id: str,
        metadata: JsonObject | None = None,
        reason: str | None = None,
    ) -> Conversation:
        """Nobody controls the conversation any more (until its next message reaches the
        default integration)."""
        conversation = self.conversation(app_id, conversation_id)
        self.switchboard_of(app_id)
        conversation.active_switchboard_integration_id = None
        conversation.pending_switchboard_integration_id = None
        self._control_changed(app_id, conversation, "releaseControl", metadata, reason)
        return conversation

    def _member(
        self, app_id: str, conversation: Conversation, target: str
    ) -> SwitchboardIntegration | None:
        switchboard = self.switchboard_of(app_id)
        if target == NEXT:
            active = self.control_of(app_id, conversation)
            target = (active.next_switchboard_integration_id or "") if active else ""
        found = switchboard.integrations.get(target)
        if found is None:
            found = next((m for m in switchboard.integrations.values() if m.name == target), None)
        return found

    def switchboard_member(self, app_id: str, member_id: str) -> SwitchboardIntegration:
        found = self.switchboard_of(app_id).integrations.get(member_id)
        if found is None:
            raise SwitchboardIntegrationNotFound()
        return found

    def _control_changed(
        self,
        app_id: str,
        conversation: Conversation,
        action: str,
        metadata: JsonObject | None,
        reason: str | None,
    ) -> None:
        event = events.SwitchboardControl(
            app_id,
            self.now(),
            conversation,
            self._owner(app_id, conversation),
            None,
            action,
            None if metadata is None else dict(metadata),
            reason,
        )
        self.emit(event)

    def _failed(
        self,
        app_id: str,
        conversation: Conversation,
        action: str,
        metadata: JsonObject | None,
        *,
        target: str | None = None,
    ) -> None:
        """Announce the failed action (its `:failure` event), then refuse it."""
        if target is not None:
            text = texts.SWITCHBOARD_TARGET_UNUSABLE.format(target=target)
        elif action == "offerControl":
            text = texts.SWITCHBOARD_OFFER_TO_ACTIVE
        else:
            text = texts.SWITCHBOARD_NOTHING_PENDING
        error = {"code": "bad_request", "message": text}
        owner = self._owner(app_id, conversation)
        self.emit(
            events.SwitchboardControl(
                app_id, self.now(), conversation, owner, None, action, metadata, None, error
            )
        )
        raise SwitchboardActionFailed(text)

    def _owner(self, app_id: str, conversation: Conversation) -> User | None:
        """The user of a personal conversation; None in a group."""
        if conversation.type != "personal" or not conversation.participants:
            return None
        return self.app_state(app_id).users.get(conversation.participants[0].user_id)
