"""The message rules no schema holds (cross-field), and the fields Smooch fills in on the server."""

from __future__ import annotations

import html
import mimetypes
import re
from collections.abc import Callable
from urllib.parse import urlparse

from .. import error_texts as texts
from ..errors import InvalidField, InvalidMessage
from ..ids import IdFactory
from .inputs import MessageInput
from .models import Content, JsonObject

MESSAGE_TYPES = ("text", "image", "file", "carousel", "list", "location", "form", "formResponse")
ACTION_TYPES = ("link", "webview", "postback", "reply", "locationRequest", "share", "buy")
ITEM_ACTION_TYPES = ("link", "webview", "postback", "share", "buy", "reply")
QUICK_ACTION_TYPES = frozenset({"reply", "locationRequest"})
DEFAULT_CURRENCY = "usd"
CHECKOUT_URL = "https://app.smooch.io/checkout/{action_id}"
MAPS_URL = "https://maps.google.com/maps?q={lat},{long}"
_TAG = re.compile(r"<[^>]*>")

MediaSizeLookup = Callable[[str], "int | None"]
"""`mediaSize` of a media URL (None: unknown, the message carries none)."""


def complete_content(
    given: MessageInput, ids: IdFactory, media_size: MediaSizeLookup = lambda url: None
) -> Content:
    """The content to store: `given.content` checked against the cross-field rules, with ids,
    defaults and text fallbacks filled in. `given` itself is left untouched."""
    content = given.content
    where = "message"
    filled = Content(type=content.type, text=content.text, payload=content.payload)
    if content.actions is not None:
        if content.actions and given.author.type != "business":
            raise InvalidMessage(texts.ACTIONS_APP_MAKER_ONLY, where=where)
        filled.actions = _actions(content.actions, ids, f"{where}.actions")
    if content.block_chat_input is not None:
        filled.block_chat_input = content.block_chat_input
    _TYPE_RULES[content.type](content, filled, ids, media_size, where)
    return filled


def _text_rules(
    given: Content, filled: Content, ids: IdFactory, media_size: MediaSizeLookup, where: str
) -> None:
    if given.html_text is not None:
        filled.html_text = given.html_text
        if not filled.text:
            filled.text = html.unescape(_TAG.sub("", given.html_text))
    if not filled.text.strip() and not filled.actions:
        raise InvalidMessage(texts.TEXT_REQUIRED)


def _media_rules(
    given: Content, filled: Content, ids: IdFactory, media_size: MediaSizeLookup, where: str
) -> None:
    media_url = given.media_url or ""
    filled.media_url = media_url
    filled.media_type = given.media_type or infer_media_type(media_url, image=given.type == "image")
    filled.media_size = media_size(media_url)
    filled.alt_text = given.alt_text
    filled.text = filled.text or " "


def _items_rules(
    given: Content, filled: Content, ids: IdFactory, media_size: MediaSizeLookup, where: str
) -> None:
    filled.items = [
        _item(item, ids, f"{where}.items[{i}]") for i, item in enumerate(given.items or [])
    ]
    if given.display_settings is not None:
        filled.display_settings = dict(given.display_settings)
    if filled.text:
        return
    lines = []
    for number, item in enumerate(filled.items, start=1):
        line = f"{number}. {item['title']}"
        if item.get("description"):
            line += f"\n{item['description']}"
        lines.append(line)
    filled.text = "\n\n".join(lines)


def _location_rules(
    given: Content, filled: Content, ids: IdFactory, media_size: MediaSizeLookup, where: str
) -> None:
    coordinates = given.coordinates or {}
    lat, long = float(coordinates["lat"]), float(coordinates["long"])
    filled.coordinates = {"lat": lat, "long": long}
    if given.location is not None:
        filled.location = dict(given.location)
    if not filled.text:
        filled.text = "Location shared:\n" + MAPS_URL.format(lat=_plain(lat), long=_plain(long))


def _form_rules(
    given: Content, filled: Content, ids: IdFactory, media_size: MediaSizeLookup, where: str
) -> None:
    filled.fields = _fields(given, ids, where, answer=False)
    filled.submitted = False
    filled.text = filled.text or "\n".join(field["label"] for field in filled.fields)


def _form_response_rules(
    given: Content, filled: Content, ids: IdFactory, media_size: MediaSizeLookup, where: str
) -> None:
    filled.fields = _fields(given, ids, where, answer=True)
    filled.quoted_message = dict(given.quoted_message or {})
    fallback = "\n".join(f"{field['label']}: {answer_text(field)}" for field in filled.fields)
    filled.text_fallback = fallback
    filled.text = filled.text or fallback


def _template_rules(
    given: Content, filled: Content, ids: IdFactory, media_size: MediaSizeLookup, where: str
) -> None:
    """A WhatsApp native template (v2, `schema: "whatsapp"`): kept as given."""
    filled.template = dict(given.template or {})


TypeRule = Callable[[Content, Content, IdFactory, MediaSizeLookup, str], None]
_TYPE_RULES: dict[str, TypeRule] = {
    "text": _text_rules,
    "image": _media_rules,
    "file": _media_rules,
    "carousel": _items_rules,
    "list": _items_rules,
    "location": _location_rules,
    "form": _form_rules,
    "formResponse": _form_response_rules,
    "template": _template_rules,
}


def answer_text(field: JsonObject) -> str:
    """The human-readable answer of a formResponse field."""
    if field["type"] == "select":
        return ", ".join(
            option.get("label", option.get("name", "")) for option in field.get("select", [])
        )
    return str(field.get(field["type"], ""))


def fill_action(action: JsonObject, ids: IdFactory) -> JsonObject:
    """A stored action: its `_id`, the `uri` every non-link action carries, the `buy` defaults."""
    result: JsonObject = {k: v for k, v in action.items() if v is not None}
    result["_id"] = ids.object_id()
    kind = action["type"]
    if kind == "buy":
        result["currency"] = str(action.get("currency") or DEFAULT_CURRENCY).lower()
        result["state"] = "offered"
        result["uri"] = CHECKOUT_URL.format(action_id=result["_id"])
    elif kind not in ("link", "webview"):
        result["uri"] = ""
    return result


def _actions(actions: list[JsonObject], ids: IdFactory, where: str) -> list[JsonObject]:
    kinds = {a["type"] for a in actions}
    if kinds & QUICK_ACTION_TYPES and kinds - QUICK_ACTION_TYPES:
        raise InvalidMessage(texts.ACTIONS_MIXED, where=where)
    for index, action in enumerate(actions):
        # Both schemas let 0 through; a buy button for nothing is refused by both generations.
        if action["type"] == "buy" and action["amount"] <= 0:
            raise InvalidMessage(texts.AMOUNT_NOT_POSITIVE, where=f"{where}[{index}]")
    return [fill_action(action, ids) for action in actions]


def _item(item: JsonObject, ids: IdFactory, where: str) -> JsonObject:
    result: JsonObject = {k: v for k, v in item.items() if v is not None}
    result["_id"] = ids.object_id()
    for index, action in enumerate(item["actions"]):
        # v1's schema takes any action here; an item cannot ask for the user's location.
        if action["type"] not in ITEM_ACTION_TYPES:
            raise InvalidField(
                texts.FIELD_NOT_ONE_OF,
                field=f"{where}.actions[{index}].type",
                options=", ".join(ITEM_ACTION_TYPES),
            )
    result["actions"] = _actions(item["actions"], ids, f"{where}.actions")
    media_url = item.get("mediaUrl")
    if media_url:
        result["mediaType"] = item.get("mediaType") or infer_media_type(media_url, image=True)
    return result


def _fields(given: Content, ids: IdFactory, where: str, *, answer: bool) -> list[JsonObject]:
    """A form's fields (or a formResponse's answers): names unique, sizes in order."""
    parsed = [
        _field(field, ids, f"{where}.fields[{i}]", answer=answer)
        for i, field in enumerate(given.fields or [])
    ]
    names = [field["name"] for field in parsed]
    if len(names) != len(set(names)):
        raise InvalidMessage(texts.FORM_FIELD_NAMES_UNIQUE, where=where)
    return parsed


def _field(field: JsonObject, ids: IdFactory, where: str, *, answer: bool) -> JsonObject:
    kind = field["type"]
    result: JsonObject = {k: v for k, v in field.items() if v is not None}
    result["_id"] = ids.object_id()
    if kind == "text":
        result.setdefault("minSize", 1)
        result.setdefault("maxSize", 128)
        if not 0 <= result["minSize"] <= result["maxSize"]:
            raise InvalidMessage(texts.MIN_SIZE_RANGE, where=where)
    if kind == "select":
        options = field.get("options") or []
        if not options and not answer:
            raise InvalidField(texts.FIELD_REQUIRED, field=f"{where}.options")
        result["options"] = [_option(o, ids) for o in options]
        # Stored select fields carry their size (spec's Field, Smooch's form example).
        result.setdefault("selectSize", 1)
        if not options:
            del result["options"]
    if answer:
        if kind == "select":
            result["select"] = [_option(o, ids) for o in field.get("select") or []]
        elif not field.get(kind):
            raise InvalidField(texts.FIELD_REQUIRED, field=f"{where}.{kind}")
    return result


def _option(option: JsonObject, ids: IdFactory) -> JsonObject:
    return {**option, "_id": option.get("_id") or ids.object_id()}


def infer_media_type(url: str, *, image: bool) -> str:
    guessed, _ = mimetypes.guess_type(urlparse(url).path)
    if guessed:
        return guessed
    return "image/jpeg" if image else "application/octet-stream"


def _plain(value: float) -> str:
    return f"{value:g}" if value == int(value) else repr(value)
