"""Exceptions raised by the schema helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .validation_error import SchemaValidationError as SchemaValidationError


class UnknownSchemaError(LookupError):
    """No schema file has this name."""

    def __init__(self, name: str, known: list[str]) -> None:
        close = [known_name for known_name in known if name.split("/")[-1] in known_name][:5]
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        super().__init__(f"unknown schema {name!r}{hint}")
        self.name = name


class UnknownTriggerError(ValueError):
    """A webhook trigger or version that has no payload schema."""

    def __init__(self, trigger: str, version: str, known: list[str]) -> None:
        super().__init__(
            f"no webhook payload schema for trigger {trigger!r} in version {version!r}; "
            f"known triggers: {', '.join(known)}"
        )
        self.trigger = trigger
        self.version = version


def __getattr__(name: str) -> Any:
    # SchemaValidationError is a jsonschema ValidationError: jsonschema loads on first use only.
    if name == "SchemaValidationError":
        from .validation_error import SchemaValidationError

        return SchemaValidationError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
