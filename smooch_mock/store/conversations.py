"""Conversations: posting messages, history pages, activity, read state, postbacks, payments."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from .. import error_texts as texts
from ..errors import (
    ActionNotFound,
    AuthorNotAParticipant,
    InvalidAction,
    InvalidQuery,
    MessageLimitReached,
    MessageNotFound,
)
from . import events, shorthand
from .app_config import AppConfigOperations
from .attachments import drop_attachments_of
from .inputs import AuthorInput, MessageInput
from .message_rules import complete_content
from .models import (
    API_SOURCE,
    CONVERSATIONS_API_SOURCE,
    Author,
    AuthorType,
    Client,
    Content,
    Conversation,
    JsonObject,
    Message,
    Source,
    User,
)

PAGE_SIZE = 100
MESSAGE_LIMIT = 30_000
"""Messages one conversation may hold ("Message limit of 30000 per conversation reached.")."""
AUTHORS_KEPT = 4096
"""Distinct message authors the store shares (see `_shared_author`); more, and it starts afresh."""
GRAVATAR_DEFAULT = "https://www.gravatar.com/avatar/00000000000000000000000000000000.png?s=200&d=mm"
BusinessActivity = Literal["typing:start", "typing:stop", "conversation:read"]
_ANIMALS = ("Rat", "Otter", "Heron", "Lynx", "Badger", "Falcon", "Walrus", "Gecko")
_ADJECTIVES = ("Acrobatic", "Brave", "Curious", "Dapper", "Eager", "Fuzzy", "Gentle", "Hasty")


@dataclass(slots=True)
class HistoryPage:
    """One page of history: messages oldest first, and whether older or newer ones exist."""

    conversation: Conversation
    messages: list[Message]
    has_older: bool
    has_newer: bool


class ConversationOperations(AppConfigOperations):
    """Conversations read attachments (a message's `mediaSize`) and templates (shorthand)."""

    def post_message(
        self, app_id: str, user_ref: str, given: MessageInput, *, client: Client | None = None
    ) -> Message:
        """Post to the user's default conversation; the first of `post_messages` when
        shorthand makes several."""
        return self.post_messages(app_id, user_ref, given, client=client)[0]

    def post_messages(
        self, app_id: str, user_ref: str, given: MessageInput, *, client: Client | None = None
    ) -> list[Message]:
        """Store the messages one post to the user's default conversation makes (written by
        them or by the business): one, or several when a business text's shorthand names a
        template amid other text. All are checked before any is stored."""
        user = self.user(app_id, user_ref)
        return self._post(app_id, user.default_conversation, user, given, client)

    def post_to_conversation(
        self, app_id: str, conversation_id: str, given: MessageInput
    ) -> list[Message]:
        """Post to any conversation (v2): a user author must take part in it, and a
        conversation holds at most `MESSAGE_LIMIT` messages (423 beyond)."""
        conversation = self.conversation(app_id, conversation_id)
        user = self.conversation_owner(app_id, conversation)
        if given.author.type == "user":
            user = self.user(app_id, given.author.user_ref or "")
            if conversation.participant(user.id) is None:
                raise AuthorNotAParticipant()
        if len(conversation.messages) >= MESSAGE_LIMIT:
            raise MessageLimitReached(limit=MESSAGE_LIMIT)
        return self._post(app_id, conversation, user, given, None)

    def conversation_owner(self, app_id: str, conversation: Conversation) -> User | None:
        """The user of a personal conversation (its one participant); None for a group."""
        if conversation.type != "personal" or not conversation.participants:
            return None
        return self.app_state(app_id).users.get(conversation.participants[0].user_id)

    def _post(
        self,
        app_id: str,
        conversation: Conversation,
        user: User | None,
        given: MessageInput,
        client: Client | None,
    ) -> list[Message]:
        inputs = (
            shorthand.expand(given, lambda name: self.template_input(app_id, name))
            if shorthand.has_shorthand(given)
            else [given]
        )
        contents = [complete_content(i, self.ids, self.media_size) for i in inputs]
        return [
            self.store_message(app_id, conversation, user, i, content, client)
            for i, content in zip(inputs, contents, strict=True)
        ]

    def add_message(
        self,
        app_id: str,
        conversation: Conversation,
        user: User | None,
        given: MessageInput,
        *,
        client: Client | None = None,
    ) -> Message:
        """Check, fill and store one message in `conversation`, update read state, emit
        `MessageCreated`. `user` is the author of a user message, or the user a business
        message is for."""
        content = complete_content(given, self.ids, self.media_size)
        return self.store_message(app_id, conversation, user, given, content, client)

    def store_message(
        self,
        app_id: str,
        conversation: Conversation,
        user: User | None,
        given: MessageInput,
        content: Content,
        client: Client | None = None,
    ) -> Message:
        """Store a message whose content `complete_content` made (see `add_message`)."""
        self.create_on_first_use(app_id, conversation, user, client, "message")
        received = self.now()
        if conversation.received and received <= conversation.received[-1]:
            # Strictly increasing times keep strict before/after paging lossless.
            received = round(conversation.received[-1] + 0.001, 3)
        message = Message(
            id=self.ids.object_id(),
            author=self._author(app_id, user, given.author, client),
            content=content,
            received=received,
            source=given.source or API_SOURCE,
            metadata=given.metadata,
            quoted_message_id=given.quoted_message_id,
        )
        conversation.messages.append(message)
        conversation.received.append(received)
        if conversation.message_times is not None:
            conversation.message_times[message.id] = received
        if message.author.type == "business":
            for member in conversation.participants:
                member.unread_count += 1
            conversation.business_last_read = received
        elif user is not None:
            participant = conversation.participant(user.id)
            if participant is not None:
                participant.unread_count = 0
                participant.last_read = received
            self._mark_answered_form(conversation, message)
        if user is not None and conversation is user.default_conversation:
            user.conversation_started = True
        self.hand_to_default_integration(app_id, conversation, client)
        conversation.changed()
        self.emit(events.MessageCreated(app_id, received, conversation, user, client, message))
        return message

    def list_messages(
        self, app_id: str, user_ref: str, *, before: float | None = None, after: float | None = None
    ) -> HistoryPage:
        """Up to 100 messages, oldest first: the newest, or strictly before/after a time.

        Bisects the conversation's received times, so a page costs O(log n + page).
        """
        if before is not None and after is not None:
            raise InvalidQuery(texts.BEFORE_AND_AFTER)
        conversation = self.user(app_id, user_ref).default_conversation
        times = conversation.received
        if after is not None:
            start = bisect_right(times, after)
            end = min(start + PAGE_SIZE, len(times))
        else:
            end = bisect_left(times, before) if before is not None else len(times)
            start = max(0, end - PAGE_SIZE)
        return HistoryPage(
            conversation, conversation.messages[start:end], start > 0, end < len(times)
        )

    def get_message(self, app_id: str, user_ref: str, message_id: str) -> Message:
        conversation = self.user(app_id, user_ref).default_conversation
        found = next((m for m in conversation.messages if m.id == message_id), None)
        if found is None:
            raise MessageNotFound()
        return found

    def delete_messages(self, app_id: str, user_ref: str) -> None:
        self._clear_messages(self.user(app_id, user_ref).default_conversation)

    def delete_message(self, app_id: str, user_ref: str, message_id: str) -> None:
        self._remove_message(self.user(app_id, user_ref).default_conversation, message_id)

    def delete_conversation_messages(self, app_id: str, conversation_id: str) -> None:
        """Every message of any conversation goes (v2's DeleteAllMessages)."""
        self._clear_messages(self.conversation(app_id, conversation_id))

    def delete_conversation_message(
        self, app_id: str, conversation_id: str, message_id: str
    ) -> None:
        """One message of any conversation goes, from every view of it."""
        self._remove_message(self.conversation(app_id, conversation_id), message_id)

    def _clear_messages(self, conversation: Conversation) -> None:
        drop_attachments_of(self.attachments, conversation.messages)
        conversation.messages.clear()
        conversation.received.clear()
        conversation.message_times = None
        for participant in conversation.participants:
            participant.unread_count = 0
        conversation.changed()

    def _remove_message(self, conversation: Conversation, message_id: str) -> None:
        index = message_position(conversation, message_id)
        if index is None:
            raise MessageNotFound()
        drop_attachments_of(self.attachments, [conversation.messages[index]])
        del conversation.messages[index]
        del conversation.received[index]
        conversation.message_times = None
        conversation.changed()

    def conversation_activity(
        self,
        app_id: str,
        conversation_id: str,
        activity_type: BusinessActivity,
        user_ref: str | None = None,
    ) -> Conversation:
        """Typing or read in any conversation, by the business or (read only) by a participant.

        A business read sets `business_last_read`; a user read sets their `last_read`, zeroes
        their unread count and emits `ConversationRead`; typing changes nothing stored.
        """
        conversation = self.conversation(app_id, conversation_id)
        if user_ref is None:
            if activity_type == "conversation:read":
                conversation.business_last_read = self.now()
                conversation.changed()
            return conversation
        user = self.user(app_id, user_ref)
        participant = conversation.participant(user.id)
        if participant is None:
            raise AuthorNotAParticipant()
        if activity_type == "conversation:read":
            participant.unread_count = 0
            participant.last_read = self.now()
            conversation.changed()
            read = events.ConversationRead(
                app_id, self.now(), conversation, user, None, CONVERSATIONS_API_SOURCE
            )
            self.emit(read)
        return conversation

    def business_activity(
        self, app_id: str, user_ref: str, activity_type: BusinessActivity
    ) -> Conversation:
        """Business-side typing or read in the user's default conversation: goes to the user's
        channel, fires no webhook."""
        conversation = self.user(app_id, user_ref).default_conversation
        if activity_type == "conversation:read":
            conversation.business_last_read = self.now()
            conversation.changed()
        return conversation

    def reset_unread_count(self, app_id: str, user_ref: str) -> Conversation:
        user = self.user(app_id, user_ref)
        conversation = user.default_conversation
        participant = conversation.participant(user.id)
        if participant is not None:
            participant.unread_count = 0
            conversation.changed()
        return conversation

    def find_action(
        self,
        app_id: str,
        user_ref: str,
        action_id: str,
        conversation: Conversation | None = None,
    ) -> tuple[Message | None, JsonObject]:
        """Locate an action in the conversation (message or item action) or the app menu."""
        for message, action in self.actions_in_view(app_id, user_ref, conversation):
            if action.get("_id") == action_id:
                return message, action
        raise ActionNotFound()

    def actions_in_view(
        self, app_id: str, user_ref: str, conversation: Conversation | None = None
    ) -> list[tuple[Message | None, JsonObject]]:
        """Every action the user can tap, newest first: those of the conversation's messages
        (the user's default one unless named) and their items, then the postbacks of the app's
        persistent menu (with no message)."""
        user = self.user(app_id, user_ref)
        found: list[tuple[Message | None, JsonObject]] = []
        for message in reversed((conversation or user.default_conversation).messages):
            content = message.content
            found.extend((message, action) for action in content.actions or [])
            for item in content.items or []:
                found.extend((message, action) for action in item.get("actions", []))
        for item in _menu_items(self.app_state(app_id).menu):
            if item.get("type") == "postback" and "_id" in item:
                menu_action = {
                    "_id": item["_id"],
                    "type": "postback",
                    "text": item["text"],
                    "payload": item["payload"],
                    "uri": "",
                }
                found.append((None, menu_action))
        return found

    def tap_postback(
        self,
        app_id: str,
        user_ref: str,
        action_id: str,
        client: Client | None = None,
        conversation: Conversation | None = None,
    ) -> tuple[Message | None, JsonObject]:
        """The user taps a postback button (of a message, an item or the persistent menu) in
        `conversation`, their default one unless named."""
        user = self.user(app_id, user_ref)
        conversation = conversation or user.default_conversation
        message, action = self.find_action(app_id, user.id, action_id, conversation)
        if action.get("type") != "postback":
            raise InvalidAction(
                texts.ACTION_NOT_POSTBACK, action_id=action_id, kind=action.get("type")
            )
        if self.app_state(app_id).app.settings.get("echoPostback"):
            echo = MessageInput(
                AuthorInput(type="user"),
                Content(type="text", text=action["text"], payload=action["payload"]),
                source=client_source(client),
            )
            self.add_message(app_id, conversation, user, echo, client=client)
        self.emit(
            events.PostbackTapped(app_id, self.now(), conversation, user, client, action, message)
        )
        return message, action

    def pay_buy_action(
        self, app_id: str, user_ref: str, action_id: str, client: Client | None = None
    ) -> tuple[Message, JsonObject]:
        """The user pays an offered `buy` action: its state becomes `paid`."""
        user = self.user(app_id, user_ref)
        message, action = self.find_action(app_id, user.id, action_id)
        if message is None or action.get("type") != "buy":
            raise InvalidAction(texts.ACTION_NOT_BUY, action_id=action_id)
        if action.get("state") == "paid":
            raise InvalidAction(texts.ACTION_ALREADY_PAID, action_id=action_id)
        action["state"] = "paid"
        message.forget_rendering()
        user.default_conversation.changed()
        user.has_payment_info = True
        charge_id = f"ch_{self.ids.secret(24)}"
        self.emit(
            events.PaymentSucceeded(
                app_id,
                self.now(),
                user.default_conversation,
                user,
                client,
                message,
                action,
                charge_id,
                client_source(client),
            )
        )
        return message, action

    def _author(
        self, app_id: str, user: User | None, given: AuthorInput, client: Client | None
    ) -> Author:
        if given.type == "business":
            profile = self._business_profile(app_id)
            return self._shared_author(
                "business",
                business_id=self.app_state(app_id).app.business_author_id,
                display_name=given.display_name or profile.get("businessName"),
                avatar_url=given.avatar_url or profile.get("businessIconUrl") or GRAVATAR_DEFAULT,
                email=given.email,
            )
        assert user is not None, "a user message has a user author"
        return self._shared_author(
            "user",
            user_id=user.id,
            display_name=given.display_name or self._user_display_name(app_id, user, client),
            avatar_url=given.avatar_url or (client.avatar_url if client is not None else None),
            email=given.email,
        )

    def _shared_author(
        self,
        type: AuthorType,
        *,
        user_id: str | None = None,
        business_id: str | None = None,
        display_name: str | None = None,
        avatar_url: str | None = None,
        email: str | None = None,
    ) -> Author:
        """One Author object for every message of one author as it shows (it is immutable): a
        history of a million messages holds a handful, not a million."""
        key = (type, user_id, business_id, display_name, avatar_url, email)
        author = self.authors.get(key)
        if author is None:
            if len(self.authors) >= AUTHORS_KEPT:
                self.authors.clear()
            author = self.authors[key] = Author(
                type,
                user_id=user_id,
                business_id=business_id,
                display_name=display_name,
                avatar_url=avatar_url,
                email=email,
            )
        return author

    def _user_display_name(self, app_id: str, user: User, client: Client | None) -> str:
        app = self.app_state(app_id).app
        full_name = " ".join(p for p in (user.profile.given_name, user.profile.surname) if p)
        if full_name:
            return full_name
        if client is not None and client.display_name:
            return client.display_name
        if app.settings.get("useAnimalNames"):
            seed = int(user.id[-6:], 16)
            return f"{_ADJECTIVES[seed % len(_ADJECTIVES)]} {_ANIMALS[(seed // 8) % len(_ANIMALS)]}"
        return user.external_id or "Anonymous"

    def _business_profile(self, app_id: str) -> JsonObject:
        """The business's name and icon as the app's Web Messenger shows them (may be empty):
        live recordings name appMaker messages only in apps that have one."""
        for integration in self.app_state(app_id).integrations.values():
            if integration.type == "web" and integration.public.get("businessName"):
                return integration.public
        return {}

    def _mark_answered_form(self, conversation: Conversation, message: Message) -> None:
        form_id = message.quoted_message_id
        if message.content.type != "formResponse" or form_id is None:
            return
        for candidate in reversed(conversation.messages):
            if candidate.content.type == "form" and candidate.id == form_id:
                candidate.content.submitted = True
                candidate.forget_rendering()
                return


def message_position(conversation: Conversation, message_id: str) -> int | None:
    """Where message `message_id` sits in the conversation's history: O(log n) once the id
    index exists (its first build is O(n)), None for a message it does not hold."""
    if conversation.message_times is None:
        conversation.message_times = {m.id: m.received for m in conversation.messages}
    received = conversation.message_times.get(message_id)
    if received is None:
        return None
    index = bisect_left(conversation.received, received)
    if index < len(conversation.messages) and conversation.messages[index].id == message_id:
        return index
    return None


def merge_histories(surviving: User, discarded: User) -> None:
    """Move the discarded user's messages into the surviving user's conversation, in time order."""
    conversation = surviving.default_conversation
    merged = sorted(
        conversation.messages + discarded.default_conversation.messages,
        key=lambda m: m.received,
    )
    _make_times_strictly_increasing(merged)
    conversation.messages = merged
    conversation.received = [m.received for m in merged]
    conversation.message_times = None
    conversation.changed()
    surviving.conversation_started = (
        surviving.conversation_started or discarded.conversation_started
    )
    # The merged history exists for the platform if either one did.
    conversation.creation_reason = (
        conversation.creation_reason or discarded.default_conversation.creation_reason
    )


def _make_times_strictly_increasing(messages: list[Message]) -> None:
    # Two users' messages can share a millisecond; paging bisects on `received`, so a merged
    # history must keep times unique or a strict before/after page would drop one of them.
    for previous, message in pairwise(messages):
        if message.received <= previous.received:
            message.received = round(previous.received + 0.001, 3)
            message.forget_rendering()


def client_source(client: Client | None) -> Source:
    """The `source` of something a user did through `client`."""
    if client is None:
        return API_SOURCE
    if client.platform in ("web", "ios", "android"):
        # An SDK names its device, not its integration (live 2018 recording of a web message).
        return Source(type=client.platform, client_id=client.id)
    return Source(type=client.platform, integration_id=client.integration_id)


def _menu_items(menu: JsonObject) -> list[JsonObject]:
    items: list[JsonObject] = []
    for item in menu.get("items", []):
        items.append(item)
        items.extend(item.get("items", []))
    return items
