"""A parsed JSON value that is also callable: the bridge from a `.json` property to `.json()`."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

Json = Any


def callable_json(value: Json, warning: str) -> Any:
    """`value` (parsed JSON) as something that returns it when called, and meanwhile still
    behaves like it when used directly, with a DeprecationWarning saying `warning`.

    Objects and arrays become a `dict` / `list` subclass (so `isinstance`, indexing and
    `json.dumps` keep working); other values a small proxy that compares equal to them.
    """
    if isinstance(value, dict):
        return _CallableDict(value, warning)
    if isinstance(value, list):
        return _CallableList(value, warning)
    return _CallableScalar(value, warning)


def _warn(warning: str) -> None:
    # stacklevel 3: past this helper and the dunder, to the line that used the old property.
    warnings.warn(warning, DeprecationWarning, stacklevel=3)


def _warning_read(base: type, name: str) -> Callable[..., Any]:
    """`base.name`, after a DeprecationWarning."""
    method = getattr(base, name)

    def read(self: Any, *args: Any, **kwargs: Any) -> Any:
        _warn(self._warning)
        return method(self, *args, **kwargs)

    read.__name__ = name
    return read


_READS = (
    "__getitem__", "__contains__", "__iter__", "__len__", "__eq__", "__ne__",
    "get", "keys", "items", "values", "index", "count", "copy",
)  # fmt: skip


class _CallableDict(dict[str, Json]):
    __slots__ = ("_value", "_warning")

    def __init__(self, value: dict[str, Json], warning: str) -> None:
        super().__init__(value)
        self._value = value
        self._warning = warning

    def __call__(self) -> dict[str, Json]:
        return self._value

    __hash__ = None


class _CallableList(list[Json]):
    __slots__ = ("_value", "_warning")

    def __init__(self, value: list[Json], warning: str) -> None:
        super().__init__(value)
        self._value = value
        self._warning = warning

    def __call__(self) -> list[Json]:
        return self._value

    __hash__ = None


for _container, _base in ((_CallableDict, dict), (_CallableList, list)):
    for _name in _READS:
        if hasattr(_base, _name):
            setattr(_container, _name, _warning_read(_base, _name))


class _CallableScalar:
    """A string, number, boolean or null body: compares (and prints) like the value."""

    __slots__ = ("_value", "_warning")

    def __init__(self, value: Json, warning: str) -> None:
        self._value = value
        self._warning = warning

    def __call__(self) -> Json:
        return self._value

    def __eq__(self, other: object) -> bool:
        _warn(self._warning)
        return bool(self._value == other)

    def __ne__(self, other: object) -> bool:
        _warn(self._warning)
        return bool(self._value != other)

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        _warn(self._warning)
        return bool(self._value)

    def __iter__(self) -> Iterator[Any]:
        _warn(self._warning)
        return iter(self._value)

    def __repr__(self) -> str:
        return repr(self._value)
