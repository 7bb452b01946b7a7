"""Domain events to v2 webhook events: which event types fire, and each one's payload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import singledispatch

from ...store import events as ev
from ...store.models import Client, Conversation, JsonObject, Message, Source, User, Webhook
from . import event_wire as wire

PayloadBody = Callable[[Webhook], JsonObject]
"""An event's `payload` for one webhook (its includeFullUser / includeFullSource flags)."""
SwitchboardRefs = Callable[[Conversation], JsonObject]
"""The conversation's active/pending switchboard integration references, for its truncation."""
CLIENT_ADD_REASONS = {"sdk": "sdkLogin", "api": "channelLinking"}
"""The store's reason a client arrived, as v2 names it (v2 knows no `api` addition)."""
CREATION_REASONS = {
    "api": "none",
    "message": "message",
    "optIn": "startConversation",
    "notification": "notification",
}
"""The store's reason a conversation came to exist, as v2's `creationReason` names it."""


@dataclass(slots=True)  # made per event: a frozen init costs three times more
class V2Emission:
    """One v2 event an event fires: its type and payload, and the conversation it happened in
    (what switchboard filtering looks at; None for events about a user alone)."""

    type: str
    payload: PayloadBody
    ordering_key: str
    conversation: Conversation | None = None


def emissions_for(event: ev.Event, refs: SwitchboardRefs) -> list[V2Emission]:
    """Every v2 event `event` fires, in the order the platform sends them."""
    return _emissions(event, refs)


@singledispatch
def _emissions(event: ev.Event, refs: SwitchboardRefs) -> list[V2Emission]:
    return []


def _conversation(conversation: Conversation, refs: SwitchboardRefs) -> JsonObject:
    return wire.conversation_truncated(conversation, refs(conversation))


def _in_conversation(event: ev.ConversationEvent, kind: str, payload: PayloadBody) -> V2Emission:
    return V2Emission(kind, payload, event.conversation.id, event.conversation)


def _client_source(client: Client | None, owner: User | None, full_source: bool) -> JsonObject:
    """The source of something a user did through `client` (an API call when unknown)."""
    if client is None:
        return {"type": "api:conversations"}
    found = Source(type=client.platform, integration_id=client.integration_id, client_id=client.id)
    return wire.source(found, owner, full_source=full_source)


@_emissions.register
def _(event: ev.MessageCreated, refs: SwitchboardRefs) -> list[V2Emission]:
    conversation, message, writer = event.conversation, event.message, event.author
    recent = _recent_notifications(conversation, message) if writer is not None else []

    def payload(webhook: Webhook) -> JsonObject:
        full_user, full_source = webhook.include_full_user, webhook.include_full_source
        body: JsonObject = {
            "conversation": _conversation(conversation, refs),
            "message": wire.message(
                message,
                writer,
                full_user=full_user,
                full_source=full_source,
                conversation=conversation,
            ),
        }
        if recent:
            body["recentNotifications"] = [
                wire.message(sent, None, full_user=full_user, full_source=full_source)
                for sent in recent
            ]
        return body

    return [_in_conversation(event, "conversation:message", payload)]


def _recent_notifications(conversation: Conversation, message: Message) -> list[Message]:
    """The notifications that landed in `conversation` since the user last wrote before
    `message` (the newest message, just stored), oldest first."""
    found: list[Message] = []
    for earlier in reversed(conversation.messages):
        if earlier is message:
            continue
        if earlier.author.type == "user":
            break
        if earlier.source.type == "notification":
            found.append(earlier)
    return found[::-1]


@_emissions.register
def _(event: ev.ConversationCreated, refs: SwitchboardRefs) -> list[V2Emission]:
    conversation, owner, client = event.conversation, event.user, event.client
    reason, source, referral = CREATION_REASONS[event.reason], event.source, event.referral

    def payload(webhook: Webhook) -> JsonObject:
        body: JsonObject = {"conversation": _conversation(conversation, _no_refs)}
        body["creationReason"] = reason
        if owner is not None and conversation.type == "personal":
            body["user"] = wire.user(owner, full=webhook.include_full_user)
        if source is not None:
            body["source"] = wire.source(source, owner, full_source=webhook.include_full_source)
        elif client is not None:
            body["source"] = _client_source(client, owner, webhook.include_full_source)
        if referral is not None:
            body["referral"] = dict(referral)
        return body

    return [_in_conversation(event, "conversation:create", payload)]


def _no_refs(conversation: Conversation) -> JsonObject:
    return {}


def _user_payload(
    event: ev.ConversationEvent, refs: SwitchboardRefs, extra: PayloadBody
) -> PayloadBody:
    """`conversation` and the event's `user`, plus what `extra` adds."""
    conversation, user = event.conversation, event.user
    assert user is not None, "the event names its user"

    def payload(webhook: Webhook) -> JsonObject:
        body: JsonObject = {
            "conversation": _conversation(conversation, refs),
            "user": wire.user(user, full=webhook.include_full_user),
        }
        body.update(extra(webhook))
        return body

    return payload


@_emissions.register
def _(event: ev.PostbackTapped, refs: SwitchboardRefs) -> list[V2Emission]:
    if event.user is None:
        return []
    action, client, owner = event.action, event.client, event.user

    def extra(webhook: Webhook) -> JsonObject:
        postback: JsonObject = {"payload": str(action.get("payload", ""))}
        if action.get("metadata"):
            postback["metadata"] = dict(action["metadata"])
        return {
            "postback": postback,
            "source": _client_source(client, owner, webhook.include_full_source),
        }

    return [_in_conversation(event, "conversation:postback", _user_payload(event, refs, extra))]


@_emissions.register
def _(event: ev.ConversationReferral, refs: SwitchboardRefs) -> list[V2Emission]:
    if event.user is None:
        return []
    source, referral, owner = event.source, event.referral, event.user

    def extra(webhook: Webhook) -> JsonObject:
        return {
            "source": wire.source(source, owner, full_source=webhook.include_full_source),
            "referral": dict(referral),
        }

    return [_in_conversation(event, "conversation:referral", _user_payload(event, refs, extra))]


def _activity(
    event: ev.ConversationEvent, refs: SwitchboardRefs, kind: str, activity: str, source: Source
) -> list[V2Emission]:
    conversation, user = event.conversation, event.user
    if user is None:
        return []

    def payload(webhook: Webhook) -> JsonObject:
        full_user, full_source = webhook.include_full_user, webhook.include_full_source
        author: JsonObject = {"type": "user", "userId": user.id}
        author["user"] = wire.user(user, full=full_user)
        return {
            "conversation": _conversation(conversation, refs),
            "activity": {
                "type": activity,
                "author": author,
                "source": wire.source(source, user, full_source=full_source),
            },
        }

    return [_in_conversation(event, kind, payload)]


@_emissions.register
def _(event: ev.ConversationRead, refs: SwitchboardRefs) -> list[V2Emission]:
    return _activity(event, refs, "conversation:read", "conversation:read", event.source)


@_emissions.register
def _(event: ev.TypingChanged, refs: SwitchboardRefs) -> list[V2Emission]:
    return _activity(event, refs, "conversation:typing", event.activity_type, event.source)


def _membership(event: ev.ConversationEvent, refs: SwitchboardRefs, kind: str) -> list[V2Emission]:
    if event.user is None:
        return []
    return [_in_conversation(event, kind, _user_payload(event, refs, _nothing))]


def _nothing(webhook: Webhook) -> JsonObject:
    return {}


@_emissions.register
def _(event: ev.ParticipantJoined, refs: SwitchboardRefs) -> list[V2Emission]:
    return _membership(event, refs, "conversation:join")


@_emissions.register
def _(event: ev.ParticipantLeft, refs: SwitchboardRefs) -> list[V2Emission]:
    return _membership(event, refs, "conversation:leave")


@_emissions.register
def _(event: ev.MessageDelivery, refs: SwitchboardRefs) -> list[V2Emission]:
    if event.user is None:
        return []
    return [
        _delivery(
            event.conversation, event.user, event.message, event.stage, event.destination,
            event.error, refs,
        )
    ]  # fmt: skip


@_emissions.register
def _(event: ev.NotificationDelivery, refs: SwitchboardRefs) -> list[V2Emission]:
    landed = event.landed
    if landed is None:
        return []  # no user and no conversation to name: v2 has nothing to say about it
    destination = {"type": "notification", "integrationId": event.destination["integrationId"]}
    return [
        _delivery(
            landed.conversation, landed.user, landed.message, event.stage, destination,
            event.error, refs,
        )
    ]  # fmt: skip


def _delivery(
    conversation: Conversation,
    user: User,
    message: Message,
    stage: str,
    destination: JsonObject,
    error: JsonObject | None,
    refs: SwitchboardRefs,
) -> V2Emission:
    """`conversation:message:delivery:<stage>`: a channel's report on a business message."""
    reported = {key: destination[key] for key in ("type", "integrationId") if destination.get(key)}
    message_id = message.id

    def payload(webhook: Webhook) -> JsonObject:
        body: JsonObject = {
            "conversation": _conversation(conversation, refs),
            "user": wire.user(user, full=webhook.include_full_user),
            "message": {"id": message_id},
            "destination": reported,
            "isFinalEvent": stage != "channel",
        }
        if error is not None:
            body["error"] = _error(error)
        return body

    kind = f"conversation:message:delivery:{stage}"
    return V2Emission(kind, payload, conversation.id, conversation)


def _error(error: JsonObject) -> JsonObject:
    """`{code, message}`: v1 errors carry the message under `underlyingError`."""
    underlying = error.get("underlyingError")
    text = error.get("message")
    if text is None and isinstance(underlying, dict):
        text = underlying.get("message")
    shape: JsonObject = {"code": str(error.get("code") or "uncategorized_error")}
    if text is not None:
        shape["message"] = str(text)
    return shape


def _client_event(
    event: ev.UserEvent,
    kind: str,
    reason: str,
    *,
    with_conversation: bool,
    error: JsonObject | None = None,
) -> list[V2Emission]:
    user, client = event.user, event.client
    if client is None or wire.client(client, user) is None:
        return []
    conversation = user.default_conversation

    def payload(webhook: Webhook) -> JsonObject:
        rendered = wire.client(client, user)
        body: JsonObject = {
            "user": wire.user(user, full=webhook.include_full_user),
            "client": rendered,
            "reason": reason,
        }
        if with_conversation:
            body["conversation"] = wire.conversation_truncated(conversation)
        if kind != "client:update":
            body["source"] = _client_source(client, user, webhook.include_full_source)
        if error is not None:
            body["error"] = _error(error)
        return body

    return [V2Emission(kind, payload, user.id)]


@_emissions.register
def _(event: ev.ClientAdded, refs: SwitchboardRefs) -> list[V2Emission]:
    if event.reason == "link":
        return []  # announced when the link started (below), now confirmed by client:update
    reason = CLIENT_ADD_REASONS.get(event.reason, "channelLinking")
    return _client_event(event, "client:add", reason, with_conversation=False)


@_emissions.register
def _(event: ev.ClientRemoved, refs: SwitchboardRefs) -> list[V2Emission]:
    reason = event.reason if event.reason in ("api", "linkCancelled", "sdk", "theft") else "api"
    return _client_event(event, "client:remove", reason, with_conversation=False, error=event.error)


@_emissions.register
def _(event: ev.ClientUpdated, refs: SwitchboardRefs) -> list[V2Emission]:
    if event.outcome == "failure":
        return _client_event(
            event, "client:remove", "linkFailed", with_conversation=True, error=event.error
        )
    if event.outcome == "match":
        # A link starts with its pending client (§6: "client:add … a channel link starts").
        started = _client_event(event, "client:add", "channelLinking", with_conversation=True)
        return started + _client_event(event, "client:update", "matched", with_conversation=True)
    return _client_event(event, "client:update", "confirmed", with_conversation=True)


@_emissions.register
def _(event: ev.UsersMerged, refs: SwitchboardRefs) -> list[V2Emission]:
    surviving, discarded = event.surviving, event.discarded

    def payload(webhook: Webhook) -> JsonObject:
        full = webhook.include_full_user
        return {
            "mergedUsers": {
                "surviving": wire.user(surviving, full=full),
                "discarded": wire.user(discarded, full=full),
            },
            "mergedConversations": {
                "surviving": wire.conversation_truncated(surviving.default_conversation),
                "discarded": wire.conversation_truncated(discarded.default_conversation),
            },
            "reason": "api",
        }

    return [V2Emission("user:merge", payload, surviving.id)]


@_emissions.register
def _(event: ev.UserRemoved, refs: SwitchboardRefs) -> list[V2Emission]:
    user = event.user

    def payload(webhook: Webhook) -> JsonObject:
        # The user is gone: only who they were, whatever includeFullUser says (the official
        # event schema's `userTruncated`).
        return {"user": wire.user_truncated(user)}

    return [V2Emission("user:remove", payload, user.id)]


@_emissions.register
def _(event: ev.UserUpdated, refs: SwitchboardRefs) -> list[V2Emission]:
    user, client, reason = event.user, event.client, event.reason

    def payload(webhook: Webhook) -> JsonObject:
        return {
            "user": wire.user(user, full=webhook.include_full_user),
            "reason": reason,
            "source": _client_source(client, user, webhook.include_full_source),
        }

    return [V2Emission("user:update", payload, user.id)]


@_emissions.register
def _(event: ev.ConversationRemoved, refs: SwitchboardRefs) -> list[V2Emission]:
    conversation = event.conversation

    def payload(webhook: Webhook) -> JsonObject:
        return {"conversation": wire.conversation_truncated(conversation)}

    return [_in_conversation(event, "conversation:remove", payload)]


@_emissions.register
def _(event: ev.SwitchboardControlChanged, refs: SwitchboardRefs) -> list[V2Emission]:
    conversation, metadata, error = event.conversation, event.metadata, event.error
    # Rendered now: the payload shows who holds control right after the action.
    shown = _conversation(conversation, refs)

    def payload(webhook: Webhook) -> JsonObject:
        body: JsonObject = {"conversation": shown}
        if metadata:
            body["metadata"] = dict(metadata)
        if error is not None:
            body["error"] = _error(error)
        return body

    kind = f"switchboard:{event.action}" + (":failure" if error is not None else "")
    # Switchboard events are for the integrations themselves: standby filtering does not apply.
    return [V2Emission(kind, payload, conversation.id)]
