"""Typed readers for request bodies: each failure is a 400 that names the offending field."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from .. import error_texts as texts
from ..errors import InvalidField
from .models import JsonObject

_MISSING = object()


def require_object(value: Any, where: str) -> JsonObject:
    if not isinstance(value, dict):
        raise InvalidField(texts.FIELD_NOT_OBJECT, field=where)
    return value


def string(body: JsonObject, name: str, where: str = "", *, required: bool = False) -> str | None:
    value = body.get(name, _MISSING)
    if value is _MISSING or (value is None and not required):
        if required:
            raise InvalidField(texts.FIELD_REQUIRED, field=_join(where, name))
        return None
    if not isinstance(value, str):
        raise InvalidField(texts.FIELD_NOT_STRING, field=_join(where, name))
    if required and not value.strip():
        raise InvalidField(texts.FIELD_EMPTY, field=_join(where, name))
    return value


def required_string(body: JsonObject, name: str, where: str = "") -> str:
    value = string(body, name, where, required=True)
    assert value is not None
    return value


def boolean(body: JsonObject, name: str, where: str = "") -> bool | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InvalidField(texts.FIELD_NOT_BOOLEAN, field=_join(where, name))
    return value


def number(body: JsonObject, name: str, where: str = "", *, required: bool = False) -> float | None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidField(texts.FIELD_REQUIRED, field=_join(where, name))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidField(texts.FIELD_NOT_NUMBER, field=_join(where, name))
    try:
        return float(value)
    except OverflowError as error:
        raise InvalidField(texts.FIELD_OUT_OF_RANGE, field=_join(where, name)) from error


def integer(body: JsonObject, name: str, where: str = "", *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidField(texts.FIELD_REQUIRED, field=_join(where, name))
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidField(texts.FIELD_NOT_INTEGER, field=_join(where, name))
    return value


def array(
    body: JsonObject, name: str, where: str = "", *, required: bool = False
) -> list[Any] | None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidField(texts.FIELD_REQUIRED, field=_join(where, name))
        return None
    if not isinstance(value, list):
        raise InvalidField(texts.FIELD_NOT_ARRAY, field=_join(where, name))
    return value


def flat_object(body: JsonObject, name: str, where: str = "") -> JsonObject | None:
    """An object whose values are strings, numbers or booleans (metadata, properties)."""
    value = body.get(name)
    if value is None:
        return None
    path = _join(where, name)
    require_object(value, path)
    for key, item in value.items():
        if item is not None and not isinstance(item, str | int | float | bool):
            raise InvalidField(texts.FIELD_NOT_SCALAR, field=f"{path}.{key}")
    return dict(value)


def http_url(body: JsonObject, name: str, where: str = "", *, required: bool = False) -> str | None:
    value = string(body, name, where, required=required)
    if value is not None and not is_http_url(value):
        raise InvalidField(texts.FIELD_NOT_URL, field=_join(where, name))
    return value


def is_http_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def one_of(
    body: JsonObject,
    name: str,
    options: tuple[str, ...],
    where: str = "",
    *,
    required: bool = False,
) -> str | None:
    value = string(body, name, where, required=required)
    if value is not None and value not in options:
        raise InvalidField(
            texts.FIELD_NOT_ONE_OF, field=_join(where, name), options=", ".join(options)
        )
    return value


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
