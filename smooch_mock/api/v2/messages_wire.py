"""v2 wire shapes of messages: author, content by type (actions, items and fields without v1's
`_id`s), source, quotedMessage; ISO `received`."""

from __future__ import annotations

from typing import Any

from ... import encoding
from ...store.conversations import message_position
from ...store.models import Author, Content, Conversation, JsonObject, Message, Source
from .wire import iso_date

V2_ACTION_TYPES = frozenset({"buy", "link", "locationRequest", "postback", "reply", "webview"})
"""v2 has no `share` action: a stored v1 one is left out of v2 views."""
ITEM_ACTION_TYPES = frozenset({"buy", "link", "postback", "webview"})
_MEDIA_PLACEHOLDER = " "
"""The text v1 gives a media message posted without one; v2 shows no text then."""


def message(model: Message, conversation: Conversation | None = None) -> JsonObject:
    """A message as v2 answers it; `conversation` lets a formResponse show the form it quotes."""
    body: JsonObject = {
        "id": model.id,
        "received": iso_date(model.received),
        "author": author(model.author),
        "content": content(model.content),
        "source": source(model.source),
    }
    if model.metadata is not None:
        body["metadata"] = dict(model.metadata)
    quoted = quoted_message(model, conversation)
    if quoted is not None:
        body["quotedMessage"] = quoted
    return body


def message_json(model: Message, conversation: Conversation | None = None) -> bytes:
    """`message(model, conversation)` encoded, made once and kept in `model.rendered_v2` (the
    store forgets it when the message changes) unless it quotes another message: that one's view
    can change without this one changing (a quoted form deleted)."""
    rendered = model.rendered_v2
    if rendered is None:
        # A compact copy: orjson's own bytes keep its whole growth buffer (4 KB a message).
        rendered = bytes(memoryview(encoding.dumps(message(model, conversation))))
        if model.quoted_message_id is None:
            model.rendered_v2 = rendered
    return rendered


def messages_json(models: list[Message], conversation: Conversation | None = None) -> bytes:
    """The JSON array of `models` from their rendered bytes."""
    return b"[" + b",".join([message_json(m, conversation) for m in models]) + b"]"


def author(model: Author) -> JsonObject:
    """`user` with `userId`, or `business`; names and avatars only when set (never `""`)."""
    body: JsonObject = {"type": model.type}
    if model.type == "user" and model.user_id is not None:
        body["userId"] = model.user_id
    if model.display_name:
        body["displayName"] = model.display_name
    if model.avatar_url:
        body["avatarUrl"] = model.avatar_url
    return body


def content(model: Content) -> JsonObject:
    body: JsonObject = {"type": model.type}
    text = model.text
    if model.type in ("image", "file") and text == _MEDIA_PLACEHOLDER:
        text = ""
    if model.type == "formResponse":
        body["textFallback"] = model.text_fallback or text
    elif model.type != "template" and text:
        body["text"] = text
    _set(body, "htmlText", model.html_text)
    if model.actions is not None:
        actions = [action(a) for a in model.actions if a.get("type") in V2_ACTION_TYPES]
        if actions:
            body["actions"] = actions
    _set(body, "payload", model.payload)
    _set(body, "mediaUrl", model.media_url)
    _set(body, "mediaType", model.media_type)
    _set(body, "mediaSize", model.media_size)
    _set(body, "altText", model.alt_text or None)
    if model.items is not None:
        body["items"] = [_item(item) for item in model.items if _item_actions(item)]
    if model.display_settings is not None:
        body["displaySettings"] = dict(model.display_settings)
    if model.coordinates is not None:
        body["coordinates"] = dict(model.coordinates)
    if model.location is not None:
        body["location"] = dict(model.location)
    if model.fields is not None:
        body["fields"] = [_field(field) for field in model.fields]
    _set(body, "submitted", model.submitted)
    _set(body, "blockChatInput", model.block_chat_input)
    if model.template is not None:
        body["template"] = dict(model.template)
    return body


def source(model: Source) -> JsonObject:
    """v2's `source`: no device id (v1's `source.id`), an ISO original timestamp."""
    body: JsonObject = {"type": model.type}
    _set(body, "integrationId", model.integration_id)
    _set(body, "originalMessageId", model.original_message_id)
    if model.original_message_timestamp is not None:
        body["originalMessageTimestamp"] = iso_date(model.original_message_timestamp)
    return body


def quoted_message(model: Message, conversation: Conversation | None) -> JsonObject | None:
    """What the message quotes: an external message, or the message of `conversation` (the
    form a formResponse answers) while it is still there."""
    quoted = model.content.quoted_message or {}
    if quoted.get("type") == "externalMessageId" and quoted.get("externalMessageId"):
        return {"type": "externalMessageId", "externalMessageId": quoted["externalMessageId"]}
    if model.quoted_message_id is None or conversation is None:
        return None
    index = message_position(conversation, model.quoted_message_id)
    if index is None:
        return None  # the quoted form is gone
    return {"type": "message", "message": message(conversation.messages[index])}


def action(stored: JsonObject) -> JsonObject:
    """A stored action without v1's extras: the `uri` of non-link actions, a buy's checkout `uri`
    and `state` (the official document's action variants are told apart by their keys, and a
    `uri` makes any of them pass for a link)."""
    body = _without_ids(stored)
    if stored.get("type") not in ("link", "webview"):
        body.pop("uri", None)
    if stored.get("type") == "buy":
        body.pop("state", None)
    return body


def _item_actions(item: JsonObject) -> list[JsonObject]:
    return [action(a) for a in item.get("actions") or [] if a.get("type") in ITEM_ACTION_TYPES]


def _item(item: JsonObject) -> JsonObject:
    body = _without_ids(item)
    body["actions"] = _item_actions(item)
    return body


def _field(field: JsonObject) -> JsonObject:
    body = {k: v for k, v in _without_ids(field).items() if v != ""}
    for key in ("options", "select"):
        if isinstance(field.get(key), list):
            body[key] = [_without_ids(option) for option in field[key]]
    return body


def _without_ids(record: JsonObject) -> JsonObject:
    return {k: v for k, v in record.items() if k != "_id"}


def _set(body: JsonObject, key: str, value: Any) -> None:
    if value is not None:
        body[key] = value
