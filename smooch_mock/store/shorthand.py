"""Smooch's messaging shorthand: buttons, images and templates written into a business text."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import error_texts as texts
from ..errors import InvalidMessage
from .models import JsonObject

# `%[Label](target)`: a button; `$[Label](25.00)`: a buy button (amount in currency units).
_BUTTON = re.compile(r"([%$])\[([^\]\n]+)\]\(([^)\s]*)\)")
# `![alt](https://…)`: an image.
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((https?://[^)\s]+)\)")
# `%((template: name))%`, and the alternative `%{{template: name}}%`.
_TEMPLATE = re.compile(r"%\(\(\s*template:\s*([^)]*?)\s*\)\)%|%\{\{\s*template:\s*([^}]*?)\s*\}\}%")
_URL = re.compile(r"^https?://\S+$")
_LOCATION_TARGETS = ("location", "locationrequest")

TemplateLookup = Callable[[str], JsonObject]
"""The stored message of the template called `name`; raises NotFound when there is none."""


def has_shorthand(body: Any) -> bool:
    """Whether `body` is a business text message whose text holds shorthand."""
    if not isinstance(body, dict) or body.get("role") != "appMaker":
        return False
    if body.get("type", "text") != "text" or not isinstance(body.get("text"), str):
        return False
    text = body["text"]
    return bool(_TEMPLATE.search(text) or _IMAGE.search(text) or _button_matches(text))


def expand(body: JsonObject, template: TemplateLookup) -> list[JsonObject]:
    """The message bodies a shorthand text stands for, in order: the text before a template (its
    buttons and image made real), the template's message, then any text after it."""
    bodies: list[JsonObject] = []
    position = 0
    text: str = body["text"]
    for found in _TEMPLATE.finditer(text):
        bodies += _text_bodies(body, text[position : found.start()])
        name = (found.group(1) if found.group(1) is not None else found.group(2)).strip()
        # The template's own `mediaSize` is worked out again, like any posted message's.
        message = {k: v for k, v in template(name).items() if k != "mediaSize"}
        bodies.append({**message, "role": "appMaker"})
        position = found.end()
    bodies += _text_bodies(body, text[position:])
    return bodies or [{**body, "text": ""}]


def _text_bodies(body: JsonObject, text: str) -> list[JsonObject]:
    """One text (or image) message for `text` with its buttons as actions, plus one image
    message per further image; nothing for blank text between or around templates."""
    if not text.strip():
        return []
    actions: list[JsonObject] = []

    def take_button(found: re.Match[str]) -> str:
        action = _action(found.group(1), found.group(2).strip(), found.group(3).strip())
        if action is None:
            return found.group(0)  # not a target the shorthand knows: plain text
        actions.append(action)
        return ""

    images = [(m.group(1), m.group(2)) for m in _IMAGE.finditer(text)]
    remaining = _tidy(_BUTTON.sub(take_button, _IMAGE.sub("", text)))
    first: JsonObject = {k: v for k, v in body.items() if k != "text"}
    first["text"] = remaining
    if actions:
        first["actions"] = [*body.get("actions", []), *actions]
    if images:
        alt, url = images[0]
        first.update(type="image", mediaUrl=url)
        if alt:
            first["altText"] = alt
    extra = [
        {"role": "appMaker", "type": "image", "mediaUrl": url, **({"altText": alt} if alt else {})}
        for alt, url in images[1:]
    ]
    return [first, *extra]


def _action(kind: str, label: str, target: str) -> JsonObject | None:
    if kind == "$":
        return {"type": "buy", "text": label, "amount": _cents(target)}
    scheme, _, value = target.partition(":")
    scheme = scheme.lower()
    if scheme == "postback" and value:
        return {"type": "postback", "text": label, "payload": value}
    if scheme == "reply" and value:
        return {"type": "reply", "text": label, "payload": value}
    if scheme == "webview" and _URL.match(value):
        return {"type": "webview", "text": label, "uri": value, "fallback": value}
    if scheme == "buy" and value:
        return {"type": "buy", "text": label, "amount": _cents(value)}
    if target.lower() in _LOCATION_TARGETS:
        return {"type": "locationRequest", "text": label}
    if _URL.match(target):
        return {"type": "link", "text": label, "uri": target}
    return None


def _cents(amount: str) -> int:
    """`25.00`, `$25` or `25` (currency units, as the shorthand guide writes them) in cents."""
    try:
        value = Decimal(amount.strip().lstrip("$"))
    except InvalidOperation:
        raise InvalidMessage(texts.SHORTHAND_AMOUNT_NOT_NUMBER, amount=amount) from None
    cents = int((value * 100).to_integral_value())
    if cents <= 0:
        raise InvalidMessage(texts.SHORTHAND_AMOUNT_NOT_POSITIVE, amount=amount)
    return cents


def _button_matches(text: str) -> bool:
    return any(_action(m.group(1), m.group(2), m.group(3)) for m in _BUTTON.finditer(text))


def _tidy(text: str) -> str:
    """The text once shorthand is taken out: no trailing blanks, at most one empty line."""
    lines = [re.sub(r"[ \t]{2,}", " ", line).rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
