"""The v2 view of the provider's models (reference §5, §7): users, clients, devices, messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..api.v2.wire import iso_date
from ..ids import derived_id
from ..store.models import (
    Author,
    Client,
    Content,
    Conversation,
    JsonObject,
    Message,
    Participant,
    Source,
    User,
)

SDK_PLATFORMS = ("ios", "android", "web")
# v1 fills these on stored actions; v2 shows none of them (§5.8: no `_id`, no checkout state).
_V1_ONLY_ACTION_KEYS = frozenset({"_id", "state"})
_URI_ACTIONS = frozenset({"link", "webview"})


@dataclass(slots=True)
class Person:
    """A user with what only v2 shows of them: authentication, identities, Zendesk link."""

    user: User
    authenticated: bool = False
    to_be_retained: bool = False
    zendesk_id: str | None = None
    identities: list[JsonObject] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SwitchboardRef:
    """A switchboard integration as conversations name it (`activeSwitchboardIntegration`)."""

    id: str
    name: str
    integration_id: str
    integration_type: str

    def shape(self) -> JsonObject:
        return {
            "id": self.id,
            "name": self.name,
            "integrationId": self.integration_id,
            "integrationType": self.integration_type,
        }


@dataclass(slots=True)
class Control:
    """Who handles a conversation: the active and the offered (pending) switchboard integration."""

    active: SwitchboardRef | None = None
    pending: SwitchboardRef | None = None


# --- users ---


def user_truncated(person: Person) -> JsonObject:
    """`userTruncated`: what webhooks carry unless `includeFullUser`."""
    shape: JsonObject = {"id": person.user.id, "authenticated": person.authenticated}
    if person.user.external_id is not None:
        shape["externalId"] = person.user.external_id
    if person.zendesk_id is not None:
        shape["zendeskId"] = person.zendesk_id
    return shape


def user(person: Person) -> JsonObject:
    """The full user: profile keys the user has (empty ones absent: Python's min1), metadata."""
    model = person.user
    profile = model.profile
    values = {
        "givenName": profile.given_name,
        "surname": profile.surname,
        "email": profile.email,
        "avatarUrl": profile.avatar_url,
        "locale": profile.locale,
    }
    shape: JsonObject = {
        "id": model.id,
        "externalId": model.external_id,
        "authenticated": person.authenticated,
        "signedUpAt": iso_date(model.signed_up_at),
        "toBeRetained": person.to_be_retained,
        "profile": {key: value for key, value in values.items() if value},
        "metadata": dict(model.metadata),
        "identities": [dict(identity) for identity in person.identities],
    }
    if person.zendesk_id is not None:
        shape["zendeskId"] = person.zendesk_id
    return shape


def webhook_user(person: Person, full: bool) -> JsonObject:
    return user(person) if full else user_truncated(person)


# --- clients and devices (§7.4: SDK clients of v1 are devices of one `sdk` client) ---


def sdk_client_id(model: User) -> str:
    return derived_id("sdk-client", model.id)


def device_id(client: Client) -> str:
    return derived_id("device", client.id)


def client(model: Client, owner: User) -> JsonObject:
    """The v2 client a v1 client belongs to: its own, or the user's one `sdk` client."""
    if model.platform in SDK_PLATFORMS:
        return sdk_client(owner)
    shape: JsonObject = {
        "id": model.id,
        "type": model.platform,
        "status": model.status,
        "integrationId": model.integration_id,
        "externalId": model.external_id,
        "lastSeen": _iso_or_none(model.last_seen),
        "linkedAt": _iso_or_none(model.linked_at),
        "displayName": model.display_name,
        "avatarUrl": model.avatar_url,
        "info": dict(model.info) or None,
        "raw": dict(model.raw) or None,
    }
    return {key: value for key, value in shape.items() if value is not None}


def sdk_client(owner: User) -> JsonObject:
    devices = [c for c in owner.clients if c.platform in SDK_PLATFORMS]
    seen = [c.last_seen for c in devices if c.last_seen is not None]
    shape: JsonObject = {
        "id": sdk_client_id(owner),
        "type": "sdk",
        "status": "active" if any(c.status == "active" for c in devices) else "inactive",
        "linkedAt": iso_date(owner.signed_up_at),
    }
    if seen:
        shape["lastSeen"] = iso_date(max(seen))
    return shape


def clients(owner: User) -> list[JsonObject]:
    """ListClients: one `sdk` client for every SDK device, then each channel; pending last."""
    shapes: list[JsonObject] = []
    if any(c.platform in SDK_PLATFORMS for c in owner.clients):
        shapes.append(sdk_client(owner))
    shapes += [client(c, owner) for c in owner.clients if c.platform not in SDK_PLATFORMS]
    shapes += [client(c, owner) for c in owner.pending_clients]
    return shapes


def device(model: Client, owner: User) -> JsonObject:
    """An SDK device: the v1 client's id becomes the `guid` the SDK generated."""
    shape: JsonObject = {
        "id": device_id(model),
        "type": model.platform,
        "guid": model.id,
        "clientId": sdk_client_id(owner),
        "status": "active" if model.status == "active" else "inactive",
        "integrationId": model.integration_id,
        "lastSeen": iso_date(model.last_seen or owner.signed_up_at),
        "info": dict(model.info),
    }
    if model.platform != "web":
        shape["pushNotificationToken"] = model.push_notification_token
        shape["appVersion"] = model.app_version
    return shape


def devices(owner: User) -> list[JsonObject]:
    return [device(c, owner) for c in owner.clients if c.platform in SDK_PLATFORMS]


def client_associations(owner: User) -> list[JsonObject]:
    """A participant's clients, primary first; SDK devices share the `sdk` client."""
    ordered = sorted(owner.clients, key=lambda c: not c.primary)
    associations: list[JsonObject] = []
    for model in ordered:
        shape = client(model, owner)
        association = {"type": shape["type"], "clientId": shape["id"]}
        if association not in associations:
            associations.append(association)
    return associations


# --- conversations ---


def conversation_truncated(model: Conversation, control: Control) -> JsonObject:
    """`conversationTruncated` as webhooks carry it: unset keys omitted (§5.4)."""
    shape: JsonObject = {"id": model.id, "type": model.type}
    if model.metadata:
        shape["metadata"] = dict(model.metadata)
    if control.active is not None:
        shape["activeSwitchboardIntegration"] = control.active.shape()
    if control.pending is not None:
        shape["pendingSwitchboardIntegration"] = control.pending.shape()
    return shape


def conversation(model: Conversation, control: Control) -> JsonObject:
    shape = conversation_truncated(model, control)
    shape["isDefault"] = model.is_default
    for key, value in (
        ("displayName", model.display_name),
        ("description", model.description),
        ("iconUrl", model.icon_url),
    ):
        if value is not None:
            shape[key] = value
    if model.business_last_read is not None:
        shape["businessLastRead"] = iso_date(model.business_last_read)
    last = model.received[-1] if model.received else model.created_at
    shape["lastUpdatedAt"] = iso_date(last)
    shape["createdAt"] = iso_date(model.created_at)
    return shape


def participant(model: Participant, owner: User) -> JsonObject:
    shape: JsonObject = {
        "id": model.id,
        "userId": owner.id,
        "unreadCount": model.unread_count,
        "clientAssociations": client_associations(owner),
    }
    if owner.external_id is not None:
        shape["userExternalId"] = owner.external_id
    if model.last_read is not None:
        shape["lastRead"] = iso_date(model.last_read)
    return shape


# --- messages ---


def author(model: Author, subtypes: list[str] | None = None) -> JsonObject:
    """v2 `author`: the business has no id; a user author names its user."""
    shape: JsonObject = {"type": model.type}
    if subtypes:
        shape["subtypes"] = list(subtypes)
    if model.type == "user" and model.user_id is not None:
        shape["userId"] = model.user_id
    if model.display_name:
        shape["displayName"] = model.display_name
    if model.avatar_url:
        shape["avatarUrl"] = model.avatar_url
    return shape


def source(model: Source) -> JsonObject:
    shape: JsonObject = {"type": model.type}
    if model.integration_id is not None:
        shape["integrationId"] = model.integration_id
    if model.original_message_id is not None:
        shape["originalMessageId"] = model.original_message_id
    if model.original_message_timestamp is not None:
        shape["originalMessageTimestamp"] = iso_date(model.original_message_timestamp)
    return shape


def message(model: Message, quoted: Message | None = None) -> JsonObject:
    """A stored message in v2: ISO `received`, `author`, the type's fields inside `content`."""
    shape: JsonObject = {
        "id": model.id,
        "received": iso_date(model.received),
        "author": author(model.author),
        "content": content(model.content),
        "source": source(model.source),
    }
    if model.metadata:
        shape["metadata"] = dict(model.metadata)
    if quoted is not None:
        shape["quotedMessage"] = {"type": "message", "message": message(quoted)}
    elif model.content.quoted_message and model.content.quoted_message.get("externalMessageId"):
        shape["quotedMessage"] = {
            "type": "externalMessageId",
            "externalMessageId": model.content.quoted_message["externalMessageId"],
        }
    return shape


def content(model: Content) -> JsonObject:
    shape: JsonObject = {"type": model.type}
    # v1 pads a caption-less media message with " "; v2 leaves `text` out, and a formResponse
    # speaks through `textFallback`.
    if model.text.strip() and model.type != "formResponse":
        shape["text"] = model.text
    for key, value in (
        ("payload", model.payload),
        ("mediaUrl", model.media_url),
        ("mediaType", model.media_type),
        ("mediaSize", model.media_size),
        ("altText", model.alt_text),
        ("displaySettings", model.display_settings),
        ("coordinates", model.coordinates),
        ("location", model.location),
        ("submitted", model.submitted),
        ("blockChatInput", model.block_chat_input),
        ("textFallback", model.text_fallback),
        ("template", model.template),
    ):
        if value is not None:
            shape[key] = value
    if model.actions:
        shape["actions"] = [action(a) for a in model.actions]
    if model.items is not None:
        shape["items"] = [item(i) for i in model.items]
    if model.fields is not None:
        shape["fields"] = [form_field(f) for f in model.fields]
    return shape


def action(stored: JsonObject) -> JsonObject:
    """A stored action without v1's `_id`, checkout `state` and empty `uri` (§7.6)."""
    shape = {key: value for key, value in stored.items() if key not in _V1_ONLY_ACTION_KEYS}
    if stored["type"] not in _URI_ACTIONS:
        shape.pop("uri", None)
    return shape


def item(stored: JsonObject) -> JsonObject:
    shape = {key: value for key, value in stored.items() if key != "_id"}
    shape["actions"] = [action(a) for a in stored["actions"]]
    return shape


def form_field(stored: JsonObject) -> JsonObject:
    shape = {key: value for key, value in stored.items() if key != "_id"}
    for key in ("options", "select"):
        if key in stored:
            shape[key] = [{k: v for k, v in o.items() if k != "_id"} for o in stored[key]]
    return shape


def with_extras(shape: JsonObject, extras: JsonObject) -> JsonObject:
    """`shape` with `extras` laid over it, nested objects merged key by key."""
    for key, value in extras.items():
        if isinstance(value, dict) and isinstance(shape.get(key), dict):
            shape[key] = {**shape[key], **value}
        else:
            shape[key] = value
    return shape


def _iso_or_none(seconds: float | None) -> str | None:
    return None if seconds is None else iso_date(seconds)
