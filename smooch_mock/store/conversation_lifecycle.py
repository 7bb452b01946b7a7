"""Conversations beyond a user's default one: creation with participants, joining, leaving."""

from __future__ import annotations

from .. import error_texts as texts
from ..errors import DefaultConversationNotDeletable, InvalidField
from ..ids import derived_id
from . import events
from .attachments import drop_attachments_of
from .base import StoreBase
from .inputs import ConversationInput, ConversationPatch
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
            creation_reason="api",
        )
        state.conversations[conversation.id] = conversation
        self.hand_to_default_integration(app_id, conversation)
        first = users[0] if len(users) == 1 else None
        self.emit(events.ConversationCreated(app_id, now, conversation, first, None))
        for user in users:
            self._join(app_id, conversation, user)
        return conversation

    def list_conversations(self, app_id: str) -> list[Conversation]:
        """Every conversation of the app, of any type, in creation order."""
        return list(self.app_state(app_id).conversations.values())

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

    def update_conversation(
        self, app_id: str, conversation_id: str, patch: ConversationPatch
    ) -> Conversation:
        """Change the labels `patch` names (None clears one) and metadata key by key."""
        conversation = self.conversation(app_id, conversation_id)
        for name, value in patch.labels.items():
            if name not in CONVERSATION_LABELS:
                raise ValueError(f"not a conversation label: {name}")
            setattr(conversation, name, value)
        if patch.metadata is not None:
            conversation.metadata = patch.metadata.applied_to(conversation.metadata)
        return conversation

    def delete_conversation(self, app_id: str, conversation_id: str) -> None:
        """Delete a conversation and its messages; a user's default one stays (400)."""
        state = self.app_state(app_id)
        conversation = self.conversation(app_id, conversation_id)
        if conversation.is_default:
            raise DefaultConversationNotDeletable(conversation_id=conversation.id)
        del state.conversations[conversation.id]
        drop_attachments_of(self.attachments, conversation.messages, conversation)
        owner = None
        if conversation.type == "personal" and conversation.participants:
            owner = state.users.get(conversation.participants[0].user_id)
        self.emit(events.ConversationRemoved(app_id, self.now(), conversation, owner, None))

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


CONVERSATION_LABELS = ("display_name", "description", "icon_url")


def participant_id(conversation_id: str, user_id: str) -> str:
    """A participant's id: one per user and conversation, drawn from no seed."""
    return derived_id("participant", conversation_id, user_id)
