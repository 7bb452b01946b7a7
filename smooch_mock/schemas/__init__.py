"""JSON Schemas of the Smooch v1/v1.1 and v2 wire formats, and helpers to validate against them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import UnknownSchemaError, UnknownTriggerError
from .paths import json_path
from .registry import load_store, schema_folder
from .v2_webhooks import V2_ENVELOPE, is_v2_payload, v2_event_schema_name, v2_event_types
from .validation import (
    error_reason,
    get_schema,
    is_valid,
    iter_errors,
    schema_names,
    validate,
    webhook_schema_name,
    webhook_triggers,
)

__all__ = [
    "V2_ENVELOPE",
    "SchemaValidationError",
    "UnknownSchemaError",
    "UnknownTriggerError",
    "error_reason",
    "get_schema",
    "is_v2_payload",
    "is_valid",
    "iter_errors",
    "json_path",
    "load_store",
    "schema_folder",
    "schema_names",
    "v2_event_schema_name",
    "v2_event_types",
    "validate",
    "webhook_schema_name",
    "webhook_triggers",
]

if TYPE_CHECKING:
    from .validation_error import SchemaValidationError as SchemaValidationError


def __getattr__(name: str) -> Any:
    # jsonschema loads when something first needs it, not when the fake starts (session start).
    if name == "SchemaValidationError":
        from .validation_error import SchemaValidationError

        return SchemaValidationError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
