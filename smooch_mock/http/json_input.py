"""Parse JSON input strictly: accept only what the fake can store and send back as valid JSON."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

try:
    import orjson
except ImportError:  # no wheel for this platform: every body takes the standard library's path
    orjson = None  # type: ignore[assignment]

from .. import error_texts as texts
from ..errors import BodyTooLarge, InvalidBody
from ..schemas import json_path

BOM = b"\xef\xbb\xbf"
"""A UTF-8 byte order mark, which some clients put before a JSON body."""
JSON_LIMIT = 100 * 1024
"""Largest JSON text accepted, whether it is a request body or a multipart field."""
MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted; Smooch's own bodies nest a handful of levels."""

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# Strict UTF-8 decoding refuses encoded surrogates, so a lone one can only come from an escape.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONG_DIGITS = re.compile(r"\d{19}")
"""A number orjson may not keep exact: it turns integers beyond 64 bits into floats."""


class _NonFinite:
    """Stands in for NaN/Infinity while parsing, so the refusal can name the field."""


_NON_FINITE = _NonFinite()


def parse_json(raw: bytes, field: str | None = None) -> Any:
    """The JSON value in `raw` (the request body, or the multipart `field`), or a 4xx saying why.

    Refused besides malformed JSON: more than JSON_LIMIT bytes, text that is not UTF-8, nesting
    deeper than MAX_DEPTH, NaN/Infinity (also `1e400`, which overflows to Infinity), and lone
    UTF-16 surrogates (`"\\ud800"` without its pair cannot be encoded, so every answer including
    it would fail). Escaped surrogate pairs (`"\\ud83d\\ude00"`, an emoji) are fine.
    """
    where = field or "body"
    if len(raw) > JSON_LIMIT:
        whole = field or "The request body"
        raise BodyTooLarge(texts.JSON_TOO_LARGE.format(where=whole, limit=JSON_LIMIT))
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]  # what "utf-8-sig" does, without its Python-level codec
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed(field) from None
    _check_depth(text, where, field)
    if orjson is not None and not _LONG_DIGITS.search(text):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass  # malformed, NaN, a lone surrogate…: the path below says which, and where
    found_non_finite = False

    def non_finite(_: str) -> _NonFinite:
        nonlocal found_non_finite
        found_non_finite = True
        return _NON_FINITE

    def finite_float(literal: str) -> float | _NonFinite:
        number = float(literal)
        return non_finite(literal) if number in (float("inf"), float("-inf")) else number

    try:
        value = json.loads(text, parse_constant=non_finite, parse_float=finite_float)
    except (ValueError, RecursionError):
        raise _malformed(field) from None
    if found_non_finite or _SURROGATE_ESCAPE.search(text):
        _check_values(value, field)
    return value


def _malformed(field: str | None) -> InvalidBody:
    return InvalidBody(
        texts.MALFORMED_JSON if field is None else texts.FIELD_NOT_JSON.format(name=field)
    )


def _check_depth(text: str, where: str, field: str | None) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the recursive decoder sees it."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return  # the common case, in two C-speed passes: it cannot nest deeper than it opens
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depths = list(accumulate(map(_STEP.__getitem__, brackets)))
    if not depths or max(depths) <= MAX_DEPTH:
        return
    if depths[-1] != 0 or min(depths) < 0:
        raise _malformed(field)  # unbalanced as well as deep: it is not JSON at all
    raise InvalidBody(texts.JSON_TOO_DEEP.format(where=where, limit=MAX_DEPTH))


def _check_values(value: Any, field: str | None) -> None:
    """Refuse, naming its path, the first NaN/Infinity or string with a lone surrogate."""
    pending: list[tuple[list[str | int], Any]] = [([], value)]
    while pending:
        path, item = pending.pop()
        if item is _NON_FINITE:
            raise InvalidBody(texts.JSON_NON_FINITE.format(where=_where(field, path)))
        if isinstance(item, str) and _SURROGATE.search(item):
            raise InvalidBody(texts.JSON_LONE_SURROGATE.format(where=_where(field, path)))
        if isinstance(item, dict):
            if any(_SURROGATE.search(key) for key in item):
                # Named by its object: echoing the key would put the surrogate in the answer.
                raise InvalidBody(texts.JSON_LONE_SURROGATE.format(where=_where(field, path)))
            pending.extend(([*path, key], item[key]) for key in reversed(item))
        elif isinstance(item, list):
            pending.extend(([*path, index], item[index]) for index in reversed(range(len(item))))


def _where(field: str | None, path: list[str | int]) -> str:
    """`metadata.a[0]`: the field, then the path inside it; `body` for the body itself."""
    inner = json_path(path)[1:]
    if field is None:
        return inner.lstrip(".") or "body"
    return field + inner
