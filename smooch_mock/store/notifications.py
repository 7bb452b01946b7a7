"""Notifications: business messages to users not yet known, reported by delivery events."""

from __future__ import annotations

from dataclasses import replace

from .. import error_texts as texts
from ..errors import InvalidField, UnknownNotification
from . import events
from .conversations import ConversationOperations, message_position
from .end_user import DEFAULT_DELIVERY_ERROR
from .message_rules import complete_content
from .models import AppState, Client, JsonObject, MessageInput, Notification, Source, User


class NotificationOperations(ConversationOperations):
    def post_notification(
        self, app_id: str, body: JsonObject, given: MessageInput | None
    ) -> Notification:
        """Accept a notification; the channel accepts it at once (`notification:delivery:channel`).

        When the destination matches an existing user's client, the message (`given`, None for
        a channel's own schema such as WhatsApp templates) also lands in that user's
        conversation, as Smooch reports in `matchResult`; a conversation not yet created is
        created by it.
        """
        state = self.app_state(app_id)
        destination: JsonObject = body["destination"]
        integration_id: str = destination["integrationId"]
        integration = state.integrations.get(integration_id)
        if integration is None:
            raise InvalidField(texts.UNKNOWN_DESTINATION, integration_id=integration_id)
        author: JsonObject = body["author"]
        message: JsonObject = body["message"]
        # Checked before the notification exists, matched user or not: the rules a schema cannot
        # hold (message_rules) apply to every notification message Smooch renders itself.
        source = Source(type="notification", integration_id=integration_id)
        checked = None if given is None else replace(given, source=source)
        content = None if checked is None else complete_content(checked, self.ids)
        notification = Notification(
            id=self.ids.uuid(),
            destination=dict(destination),
            author=dict(author),
            message=dict(message),
        )
        state.notifications[notification.id] = notification
        match = self._matching_client(app_id, destination["destinationId"], integration_id)
        if match is not None and checked is not None and content is not None:
            user, client = match
            conversation = user.default_conversation
            through = replace(source, client_id=client.id)
            self.create_on_first_use(app_id, conversation, user, client, "notification", through)
            landed = self.store_message(app_id, conversation, user, checked, content)
            notification.conversation_id, notification.message_id = conversation.id, landed.id
        self.report_notification(app_id, notification.id, "channel")
        return notification

    def report_notification(
        self, app_id: str, notification_id: str, stage: str, error: JsonObject | None = None
    ) -> None:
        """The channel reports a notification step: `channel`, `user` or `failure`."""
        state = self.app_state(app_id)
        notification = state.notifications.get(notification_id)
        if notification is None:
            raise UnknownNotification(notification_id=notification_id)
        integration = state.integrations.get(notification.destination["integrationId"])
        destination = {
            "type": integration.type if integration else "unknown",
            "integrationId": notification.destination["integrationId"],
        }
        match = self._matching_client(
            app_id, notification.destination["destinationId"], destination["integrationId"]
        )
        self.emit(
            events.NotificationDelivery(
                app_id, self.now(), notification_id, stage, destination,
                None if match is None else match[0],
                (error or DEFAULT_DELIVERY_ERROR) if stage == "failure" else None,
                _landing(state, notification),
            )
        )  # fmt: skip

    def _matching_client(
        self, app_id: str, destination_id: str, integration_id: str
    ) -> tuple[User, Client] | None:
        for user in self.app_state(app_id).users.values():
            for client in user.clients:
                if client.external_id == destination_id and client.integration_id in (
                    integration_id,
                    None,
                ):
                    return user, client
        return None


def _landing(state: AppState, notification: Notification) -> events.Landing | None:
    """Where the notification's message is now, if it landed and is still there."""
    conversation = state.conversations.get(notification.conversation_id or "")
    if conversation is None or notification.message_id is None or not conversation.participants:
        return None
    index = message_position(conversation, notification.message_id)
    user = state.users.get(conversation.participants[0].user_id)
    if index is None or user is None:
        return None
    return events.Landing(user, conversation, conversation.messages[index])
