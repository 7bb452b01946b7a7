"""JSON bodies to bytes: orjson where it is installed (a dependency where it has a wheel), else the
standard library; and JSON assembled from pieces already encoded."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

try:
    import orjson
except ImportError:  # no wheel for this platform: the standard library's json
    orjson = None  # type: ignore[assignment]

USES_ORJSON = orjson is not None


_Fragment: Any = getattr(orjson, "Fragment", None)
"""orjson's already-encoded JSON value (orjson 3.9.15 and later)."""


def dumps(body: Any) -> bytes:
    """Compact UTF-8 JSON. orjson is ~10x faster on history pages; `json` handles the rest
    (e.g. integers beyond 64 bits, which a client may store in metadata)."""
    if orjson is not None:
        try:
            return orjson.dumps(body)
        except TypeError:
            pass
    return json.dumps(
        body, separators=(",", ":"), ensure_ascii=False, default=_decoded_fragment
    ).encode()


def embedded(encoded: bytes) -> Any:
    """A value made of JSON already encoded (a message rendered once), to place in a body for
    `dumps`: orjson writes the bytes as they are; without it, the decoded value stands in."""
    if _Fragment is not None:
        return _Fragment(encoded)
    return json.loads(encoded)


def _decoded_fragment(value: Any) -> Any:
    if _Fragment is not None and isinstance(value, _Fragment):
        return json.loads(value.contents)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def join_object(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A JSON object of (key, encoded value) members, in order: what `dumps` makes of the dict
    of their decoded values, without decoding or encoding them again."""
    return b"{" + b",".join([_member_key(key) + value for key, value in members]) + b"}"


def _member_key(key: str) -> bytes:
    """`"key":`, encoded once per key: the members of assembled answers are a few names."""
    encoded = _MEMBER_KEYS.get(key)
    if encoded is None:
        encoded = dumps(key) + b":"
        if len(_MEMBER_KEYS) < 256:
            _MEMBER_KEYS[key] = encoded
    return encoded


_MEMBER_KEYS: dict[str, bytes] = {}
