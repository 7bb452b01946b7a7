"""JSON bodies to bytes: orjson when installed (the `fast` extra), else the standard library."""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the installed extras
    orjson = None  # type: ignore[assignment]


def dumps(body: Any) -> bytes:
    """Compact UTF-8 JSON. orjson is ~10x faster on history pages; `json` handles the rest
    (e.g. integers beyond 64 bits, which a client may store in metadata)."""
    if orjson is not None:
        try:
            return orjson.dumps(body)
        except TypeError:
            pass
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
