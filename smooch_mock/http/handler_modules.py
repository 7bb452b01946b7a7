"""Handler modules a route table names without importing them: each loads on its first call."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .call import Call
    from .messages import ApiResponse


class HandlerModule:
    """Stands for a module of handlers in a route table: `messages.post_message` is a handler
    that imports `messages` when first called. A session that never asks for the control API,
    or half of the appUser API, never loads (or pays for) their modules."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, function: str) -> LazyHandler:
        if function.startswith("__"):
            raise AttributeError(function)
        return LazyHandler(self.name, function)


class LazyHandler:
    """A handler by module and name; the function itself from its first call on."""

    __slots__ = ("function", "module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self.function: Any = None

    def resolve(self) -> Any:
        """The handler function (importing its module the first time)."""
        if self.function is None:
            self.function = getattr(importlib.import_module(self.module), self.name)
        return self.function

    def __call__(self, call: Call) -> ApiResponse:
        function = self.function or self.resolve()
        response: ApiResponse = function(call)
        return response

    def __repr__(self) -> str:
        return f"<handler {self.module}.{self.name}>"


def handler_modules(package: str, *names: str) -> dict[str, HandlerModule]:
    """A `HandlerModule` for each `package.name`, by name (for a route table's globals)."""
    return {name: HandlerModule(f"{package}.{name}") for name in names}
