"""The contract: request/response schemas per operation, strict mode and the OpenAPI document."""

from __future__ import annotations

from .check import (
    STRICT_ENV,
    ContractViolation,
    check_request,
    check_response,
    check_webhook_payload,
    request_schema,
    strict_default,
)
from .mapping import ERROR_SCHEMA, ERROR_STATUSES, REQUEST_SCHEMAS, RESPONSE_SCHEMAS

__all__ = [
    "ERROR_SCHEMA",
    "ERROR_STATUSES",
    "REQUEST_SCHEMAS",
    "RESPONSE_SCHEMAS",
    "STRICT_ENV",
    "ContractViolation",
    "check_request",
    "check_response",
    "check_webhook_payload",
    "request_schema",
    "strict_default",
]
