"""Exceptions raised by the schema helpers."""

from __future__ import annotations

from jsonschema.exceptions import ValidationError


class SchemaValidationError(ValueError):
    """An instance does not match a schema; the message names the schema, JSON path and reason."""

    def __init__(self, schema_name: str, path: str, reason: str, error: ValidationError) -> None:
        super().__init__(f"{schema_name}: {path}: {reason}")
        self.schema_name = schema_name
        self.path = path
        self.reason = reason
        self.error = error


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
