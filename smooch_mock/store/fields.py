"""Typed readers for request bodies: each failure is a 400 that names the offending field."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from ..errors import BadRequest
from .models import JsonObject

_MISSING = object()


def require_object(value: Any, where: str) -> JsonObject:
    if not isinstance(value, dict):
        raise BadRequest(f"{where} must be an object")
    return value


def string(body: JsonObject, name: str, where: str = "", *, required: bool = False) -> str | None:
    value = body.get(name, _MISSING)
    if value is _MISSING or (value is None and not required):
        if required:
            raise BadRequest(f"{_join(where, name)} is required")
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{_join(where, name)} must be a string")
    if required and not value.strip():
        raise BadRequest(f"{_join(where, name)} must not be empty")
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
        raise BadRequest(f"{_join(where, name)} must be a boolean")
    return value


def number(body: JsonObject, name: str, where: str = "", *, required: bool = False) -> float | None:
    value = body.get(name)
    if value is None:
        if required:
            raise BadRequest(f"{_join(where, name)} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequest(f"{_join(where, name)} must be a number")
    try:
        return float(value)
    except OverflowError as error:
        raise BadRequest(f"{_join(where, name)} is out of range") from error


def integer(body: JsonObject, name: str, where: str = "", *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise BadRequest(f"{_join(where, name)} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(f"{_join(where, name)} must be an integer")
    return value


def array(
    body: JsonObject, name: str, where: str = "", *, required: bool = False
) -> list[Any] | None:
    value = body.get(name)
    if value is None:
        if required:
            raise BadRequest(f"{_join(where, name)} is required")
        return None
    if not isinstance(value, list):
        raise BadRequest(f"{_join(where, name)} must be an array")
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
            raise BadRequest(f"{path}.{key} must be a string, number or boolean")
    return dict(value)


def http_url(body: JsonObject, name: str, where: str = "", *, required: bool = False) -> str | None:
    value = string(body, name, where, required=required)
    if value is not None and not is_http_url(value):
        raise BadRequest(f"{_join(where, name)} must be an absolute http(s) URL")
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
        raise BadRequest(f"{_join(where, name)} must be one of {', '.join(options)}")
    return value


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
