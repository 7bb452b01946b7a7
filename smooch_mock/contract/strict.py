"""Strict-contract mode: every answer and webhook payload the fake emits must match its schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..http.messages import ApiResponse
from ..store.models import JsonObject
from .check import ContractViolation, check_response, check_webhook_payload, is_raw

if TYPE_CHECKING:
    from ..fake import FakeSmooch

VIOLATION_CODE = "contract_violation"


def install(fake: FakeSmooch) -> None:
    """Check every webhook payload of `fake` before it is sent (responses: see `checked`)."""

    def check(payload: JsonObject, trigger: str, version: str) -> None:
        text = check_webhook_payload(payload, trigger, version)
        if text is not None:
            violation = ContractViolation(text)
            fake.record_internal_error(violation, f"webhook {trigger} ({version})")
            violation.recorded = True
            raise violation

    fake.webhooks.payload_checks.append(check)


def checked(
    fake: FakeSmooch, operation: str | None, response: ApiResponse, where: str
) -> ApiResponse:
    """`response`, or a 500 naming its violation (recorded as an internal error)."""
    if response.raw is not None and (is_raw(operation) or response.status < 400):
        return response
    text = check_response(operation, response.status, response.body)
    if text is None:
        return response
    violation = ContractViolation(text)
    fake.record_internal_error(violation, where)
    violation.recorded = True
    return ApiResponse(500, {"error": {"code": VIOLATION_CODE, "description": text}})
