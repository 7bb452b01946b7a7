"""An index of paths by segment: a lookup walks the path once, whatever the number of routes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(slots=True)
class _Node(Generic[T]):
    literals: dict[str, _Node[T]] = field(default_factory=dict)
    parameter: _Node[T] | None = None
    """Where a segment goes that no literal takes (a parameter takes any non-empty segment)."""
    values: list[T] = field(default_factory=list)
    """What the paths ending here lead to."""


class SegmentTrie(Generic[T]):
    """Values by path segments; literals compared as written, or case-insensitively (`folded`)."""

    def __init__(self, *, folded: bool) -> None:
        self.folded = folded
        self._root: _Node[T] = _Node()

    def add(self, segments: Sequence[str | None], value: T) -> None:
        """Index `value` under `segments`, None standing for a parameter."""
        node = self._root
        for segment in segments:
            if segment is None:
                node.parameter = node.parameter or _Node()
                node = node.parameter
            else:
                literal = segment.lower() if self.folded else segment
                node = node.literals.setdefault(literal, _Node())
        node.values.append(value)

    def values_for(self, segments: Sequence[str]) -> list[T]:
        """Every value indexed under a path these (still percent-encoded) segments fill."""
        nodes = [self._root]
        for segment in segments:
            key = self._key(segment)
            reached: list[_Node[T]] = []
            for node in nodes:
                if key is not None:
                    child = node.literals.get(key)
                    if child is not None:
                        reached.append(child)
                else:
                    reached += [
                        c for lit, c in node.literals.items() if _folded_equal(lit, segment)
                    ]
                if node.parameter is not None and segment:
                    reached.append(node.parameter)
            if not reached:
                return []
            nodes = reached
        return [value for node in nodes for value in node.values]

    def _key(self, segment: str) -> str | None:
        """The literal a segment is looked up as; None: compare it with each literal in turn."""
        if not self.folded:
            return segment
        # Non-ASCII letters may fold onto ASCII ones in `re`'s rules (U+017F long s is s).
        return segment.lower() if segment.isascii() else None


@cache
def _folded_pattern(literal: str) -> re.Pattern[str]:
    return re.compile(re.escape(literal), re.IGNORECASE)


def _folded_equal(literal: str, segment: str) -> bool:
    return _folded_pattern(literal).fullmatch(segment) is not None


def path_segments(raw_path: str) -> list[str] | None:
    """The segments of `/a/b/` (one trailing slash is allowed); None for a path without `/`."""
    if not raw_path.startswith("/"):
        return None
    rest = raw_path[1:]
    if rest.endswith("/"):
        rest = rest[:-1]
    return rest.split("/") if rest else []
