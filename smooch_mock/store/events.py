"""Domain events the store emits on every state change Smooch would report by webhook."""

from __future__ import annotations

from dataclasses import dataclass

from .models import AppUser, Client, JsonObject, Message


@dataclass(slots=True, frozen=True)
class Event:
    """Base: something happened in an app at a time."""

    app_id: str
    timestamp: float


@dataclass(slots=True, frozen=True)
class UserEvent(Event):
    """An event about one appUser, possibly through one of their clients."""

    app_user: AppUser
    client: Client | None


@dataclass(slots=True, frozen=True)
class MessageCreated(UserEvent):
    message: Message


@dataclass(slots=True, frozen=True)
class PostbackTapped(UserEvent):
    action: JsonObject
    message: Message | None


@dataclass(slots=True, frozen=True)
class ConversationStarted(UserEvent):
    source: JsonObject
    referral: JsonObject | None


@dataclass(slots=True, frozen=True)
class ConversationRead(UserEvent):
    source: JsonObject


@dataclass(slots=True, frozen=True)
class ConversationReferral(UserEvent):
    source: JsonObject
    referral: JsonObject


@dataclass(slots=True, frozen=True)
class TypingChanged(UserEvent):
    activity_type: str
    source: JsonObject


@dataclass(slots=True, frozen=True)
class AppUsersMerged(Event):
    surviving: AppUser
    discarded: AppUser


@dataclass(slots=True, frozen=True)
class MessageDelivery(UserEvent):
    """A channel reported on a business message: stage `channel`, `user` or `failure`."""

    message: Message
    stage: str
    destination: JsonObject
    error: JsonObject | None = None


@dataclass(slots=True, frozen=True)
class PaymentSucceeded(UserEvent):
    message: Message
    action: JsonObject
    charge_id: str
    source: JsonObject


@dataclass(slots=True, frozen=True)
class LinkEvent(UserEvent):
    """A channel-link step: outcome `match`, `success` or `failure`."""

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
class AppUserDeleted(UserEvent):
    pass


@dataclass(slots=True, frozen=True)
class NotificationDelivery(Event):
    """A notification's delivery step: stage `channel`, `user` or `failure`."""

    notification_id: str
    stage: str
    destination: JsonObject
    match: AppUser | None = None
    error: JsonObject | None = None
