"""JSON Schemas of the Smooch v1/v1.1 wire format, and helpers to validate against them."""

from __future__ import annotations

from .errors import SchemaValidationError, UnknownSchemaError, UnknownTriggerError
from .paths import json_path
from .registry import load_store, schema_folder
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
    "SchemaValidationError",
    "UnknownSchemaError",
    "UnknownTriggerError",
    "error_reason",
    "get_schema",
    "is_valid",
    "iter_errors",
    "json_path",
    "load_store",
    "schema_folder",
    "schema_names",
    "validate",
    "webhook_schema_name",
    "webhook_triggers",
]
