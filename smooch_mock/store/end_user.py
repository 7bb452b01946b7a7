"""What end users and their channels do, which only the simulation can make happen in a fake."""

from __future__ import annotations

from .. import error_texts as texts
from ..errors import InvalidField, InvalidMessage, MessageNotFound
from . import events
from .base import StoreBase
from .conversations import client_source
from .models import Client, Conversation, JsonObject, Message, User

DELIVERY_STAGES = ("channel", "user", "failure")
TYPING = ("typing:start", "typing:stop")
DEFAULT_DELIVERY_ERROR: JsonObject = {
    "code": "uncategorized_error",
    "underlyingError": {"message": "The channel rejected the message (simulated)"},
}


class EndUserOperations(StoreBase):
    def user_reads(
        self,
        app_id: str,
        user: User,
        client: Client | None,
        conversation: Conversation | None = None,
    ) -> None:
        """The user reads a conversation (their default one unless named): unread count to 0,
        `conversation:read`."""
        conversation = conversation or user.default_conversation
        participant = conversation.participant(user.id)
        if participant is not None:
            participant.unread_count = 0
            participant.last_read = self.now()
            conversation.changed()
        self.emit(
            events.ConversationRead(
                app_id, self.now(), conversation, user, client, client_source(client)
            )
        )

    def user_types(
        self,
        app_id: str,
        user: User,
        client: Client | None,
        activity_type: str,
        conversation: Conversation | None = None,
    ) -> None:
        """The user starts or stops typing in a conversation (their default one unless named)."""
        if activity_type not in TYPING:
            raise InvalidField(texts.FIELD_NOT_ONE_OF, field="activity", options=", ".join(TYPING))
        self.emit(
            events.TypingChanged(
                app_id,
                self.now(),
                conversation or user.default_conversation,
                user,
                client,
                activity_type,
                client_source(client),
            )
        )

    def user_starts_conversation(
        self, app_id: str, user: User, client: Client | None, referral: JsonObject | None
    ) -> None:
        """The user opts in on a channel (Messenger "Get Started", WeChat follow...): that creates
        their default conversation unless something already has."""
        conversation, source = user.default_conversation, client_source(client)
        self.create_on_first_use(app_id, conversation, user, client, "optIn", source, referral)
        self.emit(
            events.ConversationStarted(
                app_id, self.now(), conversation, user, client, source, referral
            )
        )

    def detect_locale(self, app_id: str, user: User, client: Client | None, locale: str) -> None:
        """A channel or SDK tells the user's locale: `profile.locale`, `user:update`."""
        user.profile.locale = locale
        self.emit(events.UserUpdated(app_id, self.now(), user, client, "localeDetection"))

    def user_follows_referral(
        self, app_id: str, user: User, client: Client | None, referral: JsonObject
    ) -> None:
        self.emit(
            events.ConversationReferral(
                app_id,
                self.now(),
                user.default_conversation,
                user,
                client,
                client_source(client),
                referral,
            )
        )

    def report_delivery(
        self,
        app_id: str,
        user: User,
        message_id: str,
        stage: str,
        error: JsonObject | None = None,
    ) -> Message:
        """The channel reports on a business message: accepted, received by the user, or failed."""
        if stage not in DELIVERY_STAGES:
            raise InvalidField(
                texts.FIELD_NOT_ONE_OF, field="stage", options=", ".join(DELIVERY_STAGES)
            )
        message = next((m for m in user.default_conversation.messages if m.id == message_id), None)
        if message is None:
            raise MessageNotFound()
        if message.author.type != "business":
            raise InvalidMessage(texts.ONLY_BUSINESS_DELIVERED)
        client = user.primary_client()
        destination: JsonObject = {"type": client.platform if client else "api"}
        if client is not None and client.integration_id:
            destination["integrationId"] = client.integration_id
        failure = (error or DEFAULT_DELIVERY_ERROR) if stage == "failure" else None
        self.emit(
            events.MessageDelivery(
                app_id,
                self.now(),
                user.default_conversation,
                user,
                client,
                message,
                stage,
                destination,
                failure,
            )
        )
        return message
