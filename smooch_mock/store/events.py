"""Domain events: what happened in an app, named for the change, not for any API's trigger."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Client, Conversation, CreationReason, JsonObject, Message, Source, User


@dataclass(slots=True, frozen=True)
class Event:
    """Base: something happened in an app at a time."""

    app_id: str
    timestamp: float


@dataclass(slots=True, frozen=True)
class ConversationEvent(Event):
    """Something happened in a conversation. `user` is the user it concerns: the one who acted,
    or, for something the business did, the owner of the personal conversation (None in a group);
    `client` the channel or device it went through, when known."""

    conversation: Conversation
    user: User | None
    client: Client | None


@dataclass(slots=True, frozen=True)
class MessageCreated(ConversationEvent):
    message: Message

    @property
    def author(self) -> User | None:
        """The user who wrote the message; None when the business did."""
        return self.user if self.message.author.type == "user" else None


@dataclass(slots=True, frozen=True)
class PostbackTapped(ConversationEvent):
    action: JsonObject
    message: Message | None


@dataclass(slots=True, frozen=True)
class ConversationCreated(ConversationEvent):
    """A conversation was created, once for each: by CreateConversation (`api`), or, for a
    user's default one, by its first use (`message`, `optIn`, `notification`), which comes first
    in the same operation. `source` is where that first use came from, when not the client."""

    reason: CreationReason = "api"
    source: Source | None = None
    referral: JsonObject | None = None


@dataclass(slots=True, frozen=True)
class ConversationRemoved(ConversationEvent):
    """A conversation beyond a user's default one was deleted, with its messages."""


@dataclass(slots=True, frozen=True)
class ConversationStarted(ConversationEvent):
    """The user opted in on a channel (Messenger "Get Started", a WeChat follow...)."""

    source: Source
    referral: JsonObject | None


@dataclass(slots=True, frozen=True)
class ConversationRead(ConversationEvent):
    source: Source


@dataclass(slots=True, frozen=True)
class ConversationReferral(ConversationEvent):
    source: Source
    referral: JsonObject


@dataclass(slots=True, frozen=True)
class TypingChanged(ConversationEvent):
    activity_type: str
    source: Source


@dataclass(slots=True, frozen=True)
class ParticipantJoined(ConversationEvent):
    pass


@dataclass(slots=True, frozen=True)
class ParticipantLeft(ConversationEvent):
    pass


@dataclass(slots=True, frozen=True)
class MessageDelivery(ConversationEvent):
    """A channel reported on a business message: stage `channel`, `user` or `failure`."""

    message: Message
    stage: str
    destination: JsonObject
    error: JsonObject | None = None


@dataclass(slots=True, frozen=True)
class PaymentSucceeded(ConversationEvent):
    message: Message
    action: JsonObject
    charge_id: str
    source: Source


@dataclass(slots=True, frozen=True)
class UserEvent(Event):
    """Something happened to a user, through one of their clients when known."""

    user: User
    client: Client | None

    @property
    def conversation(self) -> Conversation:
        return self.user.default_conversation


@dataclass(slots=True, frozen=True)
class UsersMerged(Event):
    surviving: User
    discarded: User


@dataclass(slots=True, frozen=True)
class UserRemoved(UserEvent):
    pass


@dataclass(slots=True, frozen=True)
class UserUpdated(UserEvent):
    """The platform changed a user by itself: `reason` `authentication` or `localeDetection`."""

    reason: str = "localeDetection"


@dataclass(slots=True, frozen=True)
class ClientUpdated(UserEvent):
    """A channel-link step on a pending client: outcome `match`, `success` or `failure`."""

    outcome: str
    channel: JsonObject
    criteria: JsonObject
    error: JsonObject | None = None


@dataclass(slots=True, frozen=True)
class ClientAdded(UserEvent):
    reason: str = "api"


@dataclass(slots=True, frozen=True)
class ClientRemoved(UserEvent):
    reason: str = "api"
    error: JsonObject | None = None


@dataclass(slots=True, frozen=True)
class Landing:
    """The message a notification left in the conversation of the user it matched."""

    user: User
    conversation: Conversation
    message: Message


@dataclass(slots=True, frozen=True)
class NotificationDelivery(Event):
    """A notification's delivery step: stage `channel`, `user` or `failure`. `match` is the user
    its destination names now; `landed` its message, when it was posted to a known user."""

    notification_id: str
    stage: str
    destination: JsonObject
    match: User | None = None
    error: JsonObject | None = None
    landed: Landing | None = None


@dataclass(slots=True, frozen=True)
class SwitchboardControlChanged(ConversationEvent):
    """A switchboard action on a conversation: `action` is `passControl`, `offerControl`,
    `acceptControl` or `releaseControl`; `error` (`{code, message}`) when it could not be done,
    the conversation then left as it was."""

    action: str
    metadata: JsonObject | None
    error: JsonObject | None = None
