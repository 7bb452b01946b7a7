"""Conversations beyond a user's default one: creation with participants, joining, leaving."""

from __future__ import annotations

from .. import error_texts as texts
from ..errors import InvalidField
from ..ids import derived_id
from . import events
from .base import StoreBase
from .inputs import ConversationInput
from .models import Conversation, Participant, User


class ConversationLifecycleOperations(StoreBase):
    """What only newer APIs do; v1 keeps seeing each user's default conversation alone."""

    def create_conversation(self, app_id: str, given: ConversationInput) -> Conversation:
        """A new conversation (never the default one) with `given`'s participants, in order.

        Emits `ConversationCreated`, then `ParticipantJoined` for each participant.
        """
        state = self.app_state(app_id)
        users = [self.user(app_id, ref) for ref in given.participant_user_ids]
        if given.type == "personal" and len(users) != 1:
            raise InvalidField(texts.PERSONAL_CONVERSATION_PARTICIPANTS)
        now = self.now()
        conversation = Conversation(
            id=self.ids.object_id(),
            created_at=now,
            type=given.type,
            display_name=given.display_name,
            description=given.description,
            icon_url=given.icon_url,
            metadata=None if given.metadata is None else dict(given.metadata),
        )
        state.conversations[conversation.id] = conversation
        first = users[0] if len(users) == 1 else None
        self.emit(events.ConversationCreated(app_id, now, conversation, first, None))
        for user in users:
            self._join(app_id, conversation, user)
        return conversation

    def conversations_of(self, app_id: str, user_ref: str) -> list[Conversation]:
        """Every conversation the user takes part in, the default one first."""
        user = self.user(app_id, user_ref)
        return [
            c
            for c in self.app_state(app_id).conversations.values()
            if c.participant(user.id) is not None
        ]

    def add_participant(self, app_id: str, conversation_id: str, user_ref: str) -> Participant:
        """Add a user to an `sdkGroup` conversation (once)."""
        conversation = self.conversation(app_id, conversation_id)
        user = self.user(app_id, user_ref)
        if conversation.type != "sdkGroup":
            raise InvalidField(texts.PARTICIPANTS_ONLY_IN_GROUPS)
        found = conversation.participant(user.id)
        return found if found is not None else self._join(app_id, conversation, user)

    def remove_participant(self, app_id: str, conversation_id: str, user_ref: str) -> None:
        """Take a user out of an `sdkGroup` conversation."""
        conversation = self.conversation(app_id, conversation_id)
        user = self.user(app_id, user_ref)
        if conversation.type != "sdkGroup":
            raise InvalidField(texts.PARTICIPANTS_ONLY_IN_GROUPS)
        participant = conversation.participant(user.id)
        if participant is None:
            raise InvalidField(texts.NOT_A_PARTICIPANT)
        conversation.participants.remove(participant)
        conversation.changed()
        self.emit(events.ParticipantLeft(app_id, self.now(), conversation, user, None))

    def _join(self, app_id: str, conversation: Conversation, user: User) -> Participant:
        participant = Participant(
            id=participant_id(conversation.id, user.id),
            user_id=user.id,
            client_ids=[c.id for c in sorted(user.clients, key=lambda c: not c.primary)],
        )
        conversation.participants.append(participant)
        conversation.changed()
        self.emit(events.ParticipantJoined(app_id, self.now(), conversation, user, None))
        return participant


def participant_id(conversation_id: str, user_id: str) -> str:
    """A participant's id: one per user and conversation, drawn from no seed."""
    return derived_id("participant", conversation_id, user_id)
