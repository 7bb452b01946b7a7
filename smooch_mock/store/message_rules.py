"""Message validation per type and action, and the fields Smooch fills in on the server."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from .. import error_texts as texts
from ..errors import InvalidMessage
from ..ids import IdFactory
from . import fields as f
from .models import AuthorType, Content, JsonObject

MESSAGE_TYPES = ("text", "image", "file", "carousel", "list", "location", "form", "formResponse")
ROLES = ("appUser", "appMaker")
ACTION_TYPES = ("link", "webview", "postback", "reply", "locationRequest", "share", "buy")
ITEM_ACTION_TYPES = ("link", "webview", "postback", "share", "buy", "reply")
QUICK_ACTION_TYPES = frozenset({"reply", "locationRequest"})
FIELD_TYPES = ("text", "email", "select")
DEFAULT_CURRENCY = "usd"
CHECKOUT_URL = "https://app.smooch.io/checkout/{action_id}"
MAPS_URL = "https://maps.google.com/maps?q={lat},{long}"


@dataclass(slots=True)
class MessageDraft:
    """A validated message body, before the store gives it identity, author and time."""

    author_type: AuthorType
    content: Content
    metadata: JsonObject | None
    name: str | None
    email: str | None
    avatar_url: str | None

    @property
    def type(self) -> str:
        return self.content.type


AUTHOR_TYPES: dict[str, AuthorType] = {"appUser": "user", "appMaker": "business"}
"""v1's `role` to the author type it names."""
CONTENT_FIELDS = {
    "payload": "payload",
    "actions": "actions",
    "mediaUrl": "media_url",
    "mediaType": "media_type",
    "mediaSize": "media_size",
    "altText": "alt_text",
    "items": "items",
    "displaySettings": "display_settings",
    "coordinates": "coordinates",
    "location": "location",
    "fields": "fields",
    "submitted": "submitted",
    "blockChatInput": "block_chat_input",
    "quotedMessage": "quoted_message",
    "textFallback": "text_fallback",
}


MediaSizeLookup = Callable[[str], "int | None"]
"""`mediaSize` of a media URL (None: unknown, the message carries none)."""


def parse_message(
    body: Any,
    ids: IdFactory,
    *,
    media_size: MediaSizeLookup = lambda url: None,
    default_type: str | None = None,
    where: str = "message",
) -> MessageDraft:
    """Validate a posted message and fill in everything Smooch computes.

    `default_type` lets legacy v1 routes accept untyped text messages.
    """
    body = f.require_object(body, where)
    role = f.one_of(body, "role", ROLES, where, required=True)
    message_type = f.one_of(body, "type", MESSAGE_TYPES, where) or default_type
    if message_type is None:
        raise InvalidMessage(texts.TYPE_REQUIRED, where=where)
    assert role is not None
    text = f.string(body, "text", where)
    content: JsonObject = {}

    actions = f.array(body, "actions", where)
    if actions is not None:
        if actions and role != "appMaker":
            raise InvalidMessage(texts.ACTIONS_APP_MAKER_ONLY, where=where)
        content["actions"] = _parse_actions(actions, ACTION_TYPES, ids, f"{where}.actions")

    metadata = f.flat_object(body, "metadata", where)
    if metadata is not None:
        content["metadata"] = metadata
    payload = f.string(body, "payload", where)
    if payload is not None:
        content["payload"] = payload

    text = _TYPE_RULES[message_type](body, content, text, ids, media_size, where)
    _parse_destination(body, where)
    if body.get("override") is not None:
        f.require_object(body["override"], f"{where}.override")
    metadata = content.pop("metadata", None)
    return MessageDraft(
        author_type=AUTHOR_TYPES[role],
        content=Content(
            type=message_type,
            text=text,
            **{CONTENT_FIELDS[name]: value for name, value in content.items()},
        ),
        metadata=metadata,
        name=f.string(body, "name", where),
        email=f.string(body, "email", where),
        avatar_url=f.string(body, "avatarUrl", where),
    )


def _text_rules(body: JsonObject, content: JsonObject, text: str | None, *_: Any) -> str:
    if text is None or not text.strip():
        if content.get("actions"):
            return text or ""
        raise InvalidMessage(texts.TEXT_REQUIRED)
    return text


def _media_rules(
    body: JsonObject,
    content: JsonObject,
    text: str | None,
    ids: IdFactory,
    media_size: MediaSizeLookup,
    where: str,
) -> str:
    media_url = f.string(body, "mediaUrl", where, required=True)
    assert media_url is not None
    content["mediaUrl"] = media_url
    content["mediaType"] = f.string(body, "mediaType", where) or infer_media_type(
        media_url, image=body.get("type") == "image"
    )
    size = media_size(media_url)
    if size is not None:
        content["mediaSize"] = size
    alt_text = f.string(body, "altText", where)
    if alt_text is not None:
        content["altText"] = alt_text
    return text if text else " "


def _items_rules(
    body: JsonObject,
    content: JsonObject,
    text: str | None,
    ids: IdFactory,
    media_size: MediaSizeLookup,
    where: str,
) -> str:
    items = f.array(body, "items", where, required=True)
    assert items is not None
    content["items"] = [
        _parse_item(item, ids, f"{where}.items[{i}]") for i, item in enumerate(items)
    ]
    display = body.get("displaySettings")
    if display is not None:
        display = f.require_object(display, f"{where}.displaySettings")
        f.one_of(display, "imageAspectRatio", ("horizontal", "square"), f"{where}.displaySettings")
        content["displaySettings"] = dict(display)
    if text:
        return text
    lines = []
    for number, item in enumerate(content["items"], start=1):
        line = f"{number}. {item['title']}"
        if item.get("description"):
            line += f"\n{item['description']}"
        lines.append(line)
    return "\n\n".join(lines)


def _location_rules(
    body: JsonObject,
    content: JsonObject,
    text: str | None,
    ids: IdFactory,
    media_size: MediaSizeLookup,
    where: str,
) -> str:
    coordinates = body.get("coordinates")
    if coordinates is None:
        raise InvalidMessage(texts.COORDINATES_REQUIRED, where=where)
    coordinates = f.require_object(coordinates, f"{where}.coordinates")
    lat = f.number(coordinates, "lat", f"{where}.coordinates", required=True)
    long = f.number(coordinates, "long", f"{where}.coordinates", required=True)
    assert lat is not None and long is not None
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        raise InvalidMessage(texts.COORDINATES_OUT_OF_RANGE, where=where)
    content["coordinates"] = {"lat": lat, "long": long}
    location = body.get("location")
    if location is not None:
        location = f.require_object(location, f"{where}.location")
        f.string(location, "address", f"{where}.location")
        f.string(location, "name", f"{where}.location")
        content["location"] = dict(location)
    if text:
        return text
    return "Location shared:\n" + MAPS_URL.format(lat=_plain(lat), long=_plain(long))


def _form_rules(
    body: JsonObject,
    content: JsonObject,
    text: str | None,
    ids: IdFactory,
    media_size: MediaSizeLookup,
    where: str,
) -> str:
    parsed = _parse_fields(body, ids, where, answer=False)
    content["fields"] = parsed
    content["submitted"] = False
    block = f.boolean(body, "blockChatInput", where)
    if block is not None:
        content["blockChatInput"] = block
    return text or "\n".join(field["label"] for field in parsed)


def _form_response_rules(
    body: JsonObject,
    content: JsonObject,
    text: str | None,
    ids: IdFactory,
    media_size: MediaSizeLookup,
    where: str,
) -> str:
    parsed = _parse_fields(body, ids, where, answer=True)
    content["fields"] = parsed
    quoted = body.get("quotedMessage")
    if quoted is None:
        raise InvalidMessage(texts.QUOTED_MESSAGE_REQUIRED, where=where)
    quoted = f.require_object(quoted, f"{where}.quotedMessage")
    kind = f.one_of(
        quoted, "type", ("message", "externalMessageId"), f"{where}.quotedMessage", required=True
    )
    if kind == "externalMessageId":
        f.required_string(quoted, "externalMessageId", f"{where}.quotedMessage")
    if quoted.get("content") is not None:
        f.require_object(quoted["content"], f"{where}.quotedMessage.content")
    content["quotedMessage"] = dict(quoted)
    fallback = "\n".join(f"{field['label']}: {answer_text(field)}" for field in parsed)
    content["textFallback"] = fallback
    return text or fallback


_TYPE_RULES: dict[str, Callable[..., str]] = {
    "text": _text_rules,
    "image": _media_rules,
    "file": _media_rules,
    "carousel": _items_rules,
    "list": _items_rules,
    "location": _location_rules,
    "form": _form_rules,
    "formResponse": _form_response_rules,
}


def answer_text(field: JsonObject) -> str:
    """The human-readable answer of a formResponse field."""
    if field["type"] == "select":
        return ", ".join(
            option.get("label", option.get("name", "")) for option in field.get("select", [])
        )
    return str(field.get(field["type"], ""))


def parse_action(action: Any, allowed: tuple[str, ...], ids: IdFactory, where: str) -> JsonObject:
    """Validate one action and fill `_id`, `uri` and the `buy` defaults."""
    action = f.require_object(action, where)
    kind = f.one_of(action, "type", allowed, where, required=True)
    result: JsonObject = {k: v for k, v in action.items() if v is not None}
    result["_id"] = ids.object_id()
    if kind != "share":
        f.required_string(action, "text", where)
    if kind in ("postback", "reply"):
        f.required_string(action, "payload", where)
    if kind in ("link", "webview"):
        f.required_string(action, "uri", where)
    if kind == "webview":
        f.required_string(action, "fallback", where)
        f.one_of(action, "size", ("compact", "tall", "full"), where)
        f.boolean(action, "openOnReceive", where)
    if kind == "link":
        f.boolean(action, "default", where)
        if action.get("extraChannelOptions") is not None:
            f.require_object(action["extraChannelOptions"], f"{where}.extraChannelOptions")
    if kind == "reply":
        f.string(action, "iconUrl", where)
    if kind == "buy":
        amount = f.integer(action, "amount", where, required=True)
        if amount is not None and amount <= 0:
            raise InvalidMessage(texts.AMOUNT_NOT_POSITIVE, where=where)
        result["currency"] = (f.string(action, "currency", where) or DEFAULT_CURRENCY).lower()
        result["state"] = "offered"
        result["uri"] = CHECKOUT_URL.format(action_id=result["_id"])
    elif kind not in ("link", "webview"):
        result["uri"] = ""
    metadata = f.flat_object(action, "metadata", where)
    if metadata is not None:
        result["metadata"] = metadata
    return result


def _parse_actions(
    actions: list[Any], allowed: tuple[str, ...], ids: IdFactory, where: str
) -> list[JsonObject]:
    parsed = [parse_action(a, allowed, ids, f"{where}[{i}]") for i, a in enumerate(actions)]
    kinds = {a["type"] for a in parsed}
    if kinds & QUICK_ACTION_TYPES and kinds - QUICK_ACTION_TYPES:
        raise InvalidMessage(texts.ACTIONS_MIXED, where=where)
    return parsed


def _parse_item(item: Any, ids: IdFactory, where: str) -> JsonObject:
    item = f.require_object(item, where)
    f.required_string(item, "title", where)
    f.string(item, "description", where)
    f.one_of(item, "size", ("compact", "large"), where)
    actions = f.array(item, "actions", where, required=True)
    assert actions is not None
    result: JsonObject = {k: v for k, v in item.items() if v is not None}
    result["_id"] = ids.object_id()
    result["actions"] = _parse_actions(actions, ITEM_ACTION_TYPES, ids, f"{where}.actions")
    media_url = f.string(item, "mediaUrl", where)
    if media_url:
        result["mediaType"] = f.string(item, "mediaType", where) or infer_media_type(
            media_url, image=True
        )
    return result


def _parse_field(field: Any, ids: IdFactory, where: str, *, answer: bool) -> JsonObject:
    field = f.require_object(field, where)
    kind = f.one_of(field, "type", FIELD_TYPES, where, required=True)
    f.required_string(field, "name", where)
    f.required_string(field, "label", where)
    f.string(field, "placeholder", where)
    result: JsonObject = {k: v for k, v in field.items() if v is not None}
    result["_id"] = ids.object_id()
    if kind == "text":
        min_size = f.integer(field, "minSize", where)
        max_size = f.integer(field, "maxSize", where)
        result["minSize"] = 1 if min_size is None else min_size
        result["maxSize"] = 128 if max_size is None else max_size
        if not 0 <= result["minSize"] <= result["maxSize"]:
            raise InvalidMessage(texts.MIN_SIZE_RANGE, where=where)
    if kind == "select":
        options = f.array(field, "options", where, required=not answer) or []
        result["options"] = [
            _parse_option(o, ids, f"{where}.options[{i}]") for i, o in enumerate(options)
        ]
        # Stored select fields carry their size (spec's Field, Smooch's form example).
        result.setdefault("selectSize", 1)
        if not options and answer:
            del result["options"]
    if answer:
        _parse_answer(field, kind or "text", result, ids, where)
    return result


def _parse_answer(
    field: JsonObject, kind: str, result: JsonObject, ids: IdFactory, where: str
) -> None:
    if kind == "select":
        chosen = f.array(field, "select", where, required=True) or []
        result["select"] = [
            _parse_option(o, ids, f"{where}.select[{i}]") for i, o in enumerate(chosen)
        ]
    else:
        f.required_string(field, kind, where)


def _parse_option(option: Any, ids: IdFactory, where: str) -> JsonObject:
    option = f.require_object(option, where)
    f.required_string(option, "name", where)
    f.required_string(option, "label", where)
    return {**option, "_id": option.get("_id") or ids.object_id()}


def _parse_fields(
    body: JsonObject, ids: IdFactory, where: str, *, answer: bool
) -> list[JsonObject]:
    """A form's fields (or a formResponse's answers): at least one, names unique."""
    form_fields = f.array(body, "fields", where, required=True) or []
    if not form_fields:
        raise InvalidMessage(texts.FORM_FIELDS_EMPTY, where=where)
    parsed = [
        _parse_field(field, ids, f"{where}.fields[{i}]", answer=answer)
        for i, field in enumerate(form_fields)
    ]
    names = [field["name"] for field in parsed]
    if len(names) != len(set(names)):
        raise InvalidMessage(texts.FORM_FIELD_NAMES_UNIQUE, where=where)
    return parsed


def _parse_destination(body: JsonObject, where: str) -> None:
    destination = body.get("destination")
    if destination is None:
        return
    destination = f.require_object(destination, f"{where}.destination")
    f.string(destination, "integrationId", f"{where}.destination")
    f.string(destination, "integrationType", f"{where}.destination")


def infer_media_type(url: str, *, image: bool) -> str:
    guessed, _ = mimetypes.guess_type(urlparse(url).path)
    if guessed:
        return guessed
    return "image/jpeg" if image else "application/octet-stream"


def _plain(value: float) -> str:
    return f"{value:g}" if value == int(value) else repr(value)
