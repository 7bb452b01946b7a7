"""Validate instances against named schemas and report the best error with its JSON path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .errors import UnknownTriggerError
from .registry import load_store
from .v2_webhooks import V2, V2_ENVELOPE, v2_event_schema_name, v2_event_types

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

WEBHOOK_VERSIONS = ("v1", "v1.1")


def error_reason(error: ValidationError) -> str:
    """The schema's own wording for this failure (`errorMessage: {keyword: text}`, the ajv-errors
    convention), else jsonschema's message."""
    custom = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    if isinstance(custom, dict) and isinstance(custom.get(str(error.validator)), str):
        return str(custom[str(error.validator)])
    return str(error.message)


def iter_errors(instance: Any, name: str) -> Iterator[ValidationError]:
    """Every jsonschema error of `instance` against the schema called `name`."""
    errors: Iterator[ValidationError] = load_store().validator(name).iter_errors(instance)
    return errors


def is_valid(instance: Any, name: str) -> bool:
    return bool(load_store().validator(name).is_valid(instance))


def validate(instance: Any, name: str) -> None:
    """Raise SchemaValidationError describing the most relevant error, if there is one."""
    from jsonschema.exceptions import best_match

    from .validation_error import SchemaValidationError

    error = best_match(iter_errors(instance, name))
    if error is not None:
        raise SchemaValidationError(name, error, error_reason(error))


def schema_names() -> list[str]:
    """Names of every schema: paths below the schema folder without `.json`."""
    return sorted(load_store().schemas)


def get_schema(name: str) -> dict[str, Any]:
    return load_store().schema(name)


def webhook_triggers(version: str) -> list[str]:
    """Triggers that have a payload schema in `version`, read from the schemas' `trigger` const
    (v2: the event types, from the event schemas' `type` const)."""
    if version == V2:
        return v2_event_types()
    return sorted(_trigger_table().get(version, {}))


def webhook_schema_name(trigger: str, version: str | None = "v1") -> str:
    """`("message:appUser", "v1.1")` → `webhooks/v1.1/message-appUser`; None means v1. In v2 every
    event type's payload is the envelope, which checks each event against its own type's schema."""
    version = version or "v1"
    if version == V2:
        v2_event_schema_name(trigger)
        return V2_ENVELOPE
    table = _trigger_table()
    if version not in table:
        raise UnknownTriggerError(trigger, version, [])
    try:
        return table[version][trigger]
    except KeyError:
        raise UnknownTriggerError(trigger, version, sorted(table[version])) from None


def _trigger_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {version: {} for version in WEBHOOK_VERSIONS}
    for name, schema in load_store().schemas.items():
        _, _, rest = name.partition("webhooks/")
        version, _, _ = rest.partition("/")
        trigger = schema.get("properties", {}).get("trigger", {}).get("const")
        if name.startswith("webhooks/") and version in table and isinstance(trigger, str):
            table[version][trigger] = name
    return table
