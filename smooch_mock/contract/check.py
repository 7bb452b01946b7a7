"""Check requests, responses and webhook payloads against the contract (the JSON Schemas)."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from .. import encoding
from ..errors import BadRequest
from ..schemas import error_reason, json_path, webhook_schema_name
from ..schemas.registry import format_checker, load_store, validator_class
from .closed_objects import with_property_names
from .mapping import (
    ERROR_SCHEMA,
    RAW_RESPONSES,
    REQUEST_SCHEMAS,
    RESPONSE_SCHEMAS,
    VERSION_ERROR_SCHEMAS,
    SchemaSpec,
)

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

STRICT_ENV = "SMOOCH_MOCK_STRICT_CONTRACT"
_REASON_LIMIT = 300
_UNEXPECTED = re.compile(r"\('([^']*)'")


class ContractViolation(Exception):
    """Something the fake emitted (a response or a webhook payload) breaks its own contract."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
        self.recorded = False
        """Set once it is in `fake.internal_errors`, so the dispatcher does not record it twice."""


def strict_default() -> bool:
    """`strict_contract`'s default: on when SMOOCH_MOCK_STRICT_CONTRACT is 1/true/yes/on."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def request_schema(operation: str, version: str | None) -> SchemaSpec | None:
    """The request-body schema of `operation` in `version` (None: the body is not checked)."""
    spec = REQUEST_SCHEMAS.get(operation)
    if isinstance(spec, dict) and all(key in ("v1", "v1.1") for key in spec):
        return spec.get(version or "v1.1")
    return spec


def check_request(operation: str, body: Any, version: str | None = None) -> None:
    """Raise BadRequest naming the field (`message.actions[0].amount: ...`) if `body` is invalid."""
    spec = request_schema(operation, version)
    if spec is None:
        return
    error = _first_error(_key(spec), body)
    if error is not None:
        raise BadRequest(describe(error))


def describe(error: ValidationError) -> str:
    """`field.path: reason` for one validation error; the path names the missing or extra key."""
    parts: list[str | int] = list(error.absolute_path)
    reason = error_reason(error)
    required = error.validator_value
    if (
        error.validator == "required"
        and isinstance(error.instance, dict)
        and isinstance(required, list)
    ):
        missing = [name for name in required if name not in error.instance]
        if missing:
            parts.append(missing[0])
            reason = "this field is required"
    elif error.validator in ("additionalProperties", "unevaluatedProperties"):
        found = _UNEXPECTED.search(error.message)
        if found:
            parts.append(found.group(1))
            reason = "this field is not allowed"
    if len(reason) > _REASON_LIMIT:
        reason = reason[:_REASON_LIMIT] + "…"
    path = json_path(parts)[1:].lstrip(".") or "body"
    return f"{path}: {reason}"


def check_response(
    operation: str | None, status: int, body: Any, version: str | None = None
) -> str | None:
    """The violation text if a JSON answer breaks the contract of `operation` and `status`
    (an error answer: the error body of the API `version` of its path)."""
    if status >= 400 or operation is None:
        spec: SchemaSpec = VERSION_ERROR_SCHEMAS.get(version or "", ERROR_SCHEMA)
    else:
        by_status = RESPONSE_SCHEMAS.get(operation)
        if by_status is None:
            return f"{operation}: no response schema (add one in smooch_mock/contract/mapping.py)"
        if status not in by_status:
            documented = ", ".join(str(s) for s in sorted(by_status))
            return f"{operation}: status {status} is not documented (documented: {documented})"
        spec = by_status[status]
    error = _first_error(_key(spec), _as_sent(body))
    if error is None:
        return None
    where = f"{operation or 'unmatched route'} {status} response ({_name(spec)})"
    return f"{where}: {describe(error)}"


def is_raw(operation: str | None) -> bool:
    return operation in RAW_RESPONSES


def check_webhook_payload(payload: Any, trigger: str, version: str) -> str | None:
    """The violation text if a webhook payload breaks its trigger's schema in `version`."""
    name = webhook_schema_name(trigger, version)
    error = _first_error(name, _as_sent(payload))
    if error is None:
        return None
    return f"webhook {trigger} ({version}) payload ({name}): {describe(error)}"


def _as_sent(body: Any) -> Any:
    """The body as a client parses it (tuples become lists, keys strings, a value encoded
    beforehand decoded)."""
    return json.loads(encoding.dumps(body))


def _name(spec: SchemaSpec) -> str:
    return spec if isinstance(spec, str) else "inline schema"


def _key(spec: SchemaSpec) -> str:
    """A hashable key for a spec (name, or canonical JSON of an inline schema)."""
    return spec if isinstance(spec, str) else "inline:" + json.dumps(spec, sort_keys=True)


def _first_error(key: str, instance: Any) -> ValidationError | None:
    """The most relevant error, or None; jsonschema-rs (if installed) answers `valid` fast."""
    fast = _fast_validator(key)
    if fast is not None and fast.is_valid(instance):
        return None
    from jsonschema.exceptions import best_match  # only to word an invalid instance's error

    error: ValidationError | None = best_match(_validator(key).iter_errors(instance))
    return error


@cache
def _fast_validator(key: str) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # an optional accelerator (installed with the test extra)
        return None
    registry = _fast_registry()
    # The same verdicts, faster: see closed_objects (errors are worded from the schema as is).
    schema = with_property_names(_schema_of(key), _schemas_by_id())
    return jsonschema_rs.validator_for(schema, registry=registry, validate_formats=True)


@cache
def _schemas_by_id() -> dict[str, dict[str, Any]]:
    return {schema["$id"]: schema for schema in load_store().schemas.values()}


@cache
def _fast_registry() -> Any:
    import jsonschema_rs

    schemas = load_store().schemas.values()
    return jsonschema_rs.Registry([(schema["$id"], schema) for schema in schemas])


def _schema_of(key: str) -> dict[str, Any]:
    if key.startswith("inline:"):
        schema: dict[str, Any] = json.loads(key[len("inline:") :])
        return schema
    return load_store().schema(key)


@cache
def _validator(key: str) -> Draft202012Validator:
    store = load_store()
    if not key.startswith("inline:"):
        return store.validator(key)
    validator: Draft202012Validator = validator_class()(
        _schema_of(key), registry=store.registry, format_checker=format_checker()
    )
    return validator
