"""JSON paths of schema errors: where in an instance something went wrong, as `$.a[0].b`."""

from __future__ import annotations

import re
from collections.abc import Iterable

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def json_path(parts: Iterable[str | int]) -> str:
    """`["messages", 0, "role"]` → `$.messages[0].role` (odd keys quoted: `$["a:b"]`)."""
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _IDENTIFIER.match(part):
            path += f".{part}"
        else:
            path += f"[{part!r}]".replace("'", '"')
    return path
