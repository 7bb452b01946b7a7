"""Smooch's messaging shorthand: buttons, images and templates written into a business text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from .. import error_texts as texts
from ..errors import InvalidMessage
from .inputs import AuthorInput, MessageInput
from .models import Content, JsonObject

# `%[Label](target)`: a button; `$[Label](25.00)`: a buy button (amount in currency units).
_BUTTON = re.compile(r"([%$])\[([^\]\n]+)\]\(([^)\s]*)\)")
# `![alt](https://…)`: an image.
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((https?://[^)\s]+)\)")
# `%((template: name))%`, and the alternative `%{{template: name}}%`.
_TEMPLATE = re.compile(r"%\(\(\s*template:\s*([^)]*?)\s*\)\)%|%\{\{\s*template:\s*([^}]*?)\s*\}\}%")
_URL = re.compile(r"^https?://\S+$")
_LOCATION_TARGETS = ("location", "locationrequest")

TemplateLookup = Callable[[str], MessageInput]
"""The message of the template called `name`; raises when the app has none."""


def has_shorthand(given: MessageInput) -> bool:
    """Whether `given` is a business text message whose text holds shorthand."""
    if given.author.type != "business" or given.content.type != "text":
        return False
    text = given.content.text
    if "%" not in text and "](" not in text:
        return False  # what every form needs, found at C speed: most texts are plain
    return bool(_TEMPLATE.search(text) or _IMAGE.search(text) or _button_matches(text))


def expand(given: MessageInput, template: TemplateLookup) -> list[MessageInput]:
    """The messages a shorthand text stands for, in order: the text before a template (its
    buttons and image made real), the template's message, then any text after it."""
    expanded: list[MessageInput] = []
    position = 0
    text = given.content.text
    for found in _TEMPLATE.finditer(text):
        expanded += _text_messages(given, text[position : found.start()])
        name = (found.group(1) if found.group(1) is not None else found.group(2)).strip()
        expanded.append(template(name))
        position = found.end()
    expanded += _text_messages(given, text[position:])
    return expanded or [replace(given, content=replace(given.content, text=""))]


def _text_messages(given: MessageInput, text: str) -> list[MessageInput]:
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
    content = replace(given.content, text=remaining)
    if actions:
        content = replace(content, actions=[*(given.content.actions or []), *actions])
    if images:
        alt, url = images[0]
        content = replace(content, type="image", media_url=url, alt_text=alt or None)
    business = AuthorInput(type="business")
    extra = [
        MessageInput(business, Content(type="image", text="", media_url=url, alt_text=alt or None))
        for alt, url in images[1:]
    ]
    return [replace(given, content=content), *extra]


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
