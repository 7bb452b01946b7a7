"""Request parsing shared by handlers: timestamps, query values, schema-checked bodies as the
store's typed inputs."""

from __future__ import annotations

from datetime import datetime, timezone

from .... import error_texts as texts
from ....errors import InvalidQuery
from ....store.inputs import MenuInput, MenuItemInput, MessageTemplateInput
from ....store.models import JsonObject


def iso_timestamp(body: JsonObject, name: str) -> float | None:
    """An ISO-8601 date (e.g. `signedUpAt`, which the schema checked) as unix seconds."""
    value = body.get(name)
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidQuery(texts.FIELD_NOT_ISO_DATE, field=name) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def seconds(value: str | None, name: str) -> float | None:
    """A unix-seconds query value (string, float allowed), as `before`/`after` take it."""
    if value is None or value == "":
        return None
    try:
        parsed = float(value)
    except ValueError as error:
        raise InvalidQuery(texts.FIELD_NOT_UNIX_TIME, field=name) from error
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise InvalidQuery(texts.FIELD_NOT_UNIX_TIME, field=name)
    return parsed


def menu_input(body: JsonObject) -> MenuInput:
    """A menu body (schema-checked: items, their types and required fields) as the store's input."""
    settings: JsonObject = body.get("settings") or {}
    return MenuInput(
        items=[_menu_item_input(item) for item in body["items"]],
        input_enabled=settings.get("inputEnabled"),
    )


def _menu_item_input(item: JsonObject) -> MenuItemInput:
    return MenuItemInput(
        type=item["type"],
        text=item["text"],
        uri=item.get("uri"),
        payload=item.get("payload"),
        items=[_menu_item_input(child) for child in item.get("items") or []],
    )


def message_template_input(body: JsonObject) -> MessageTemplateInput:
    """A WhatsApp message-template body (schema-checked) as the store's input."""
    return MessageTemplateInput(
        name=body["name"],
        category=body.get("category"),
        language=body.get("language"),
        components=list(body.get("components") or []),
    )
