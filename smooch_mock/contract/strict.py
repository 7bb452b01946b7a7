"""Strict-contract mode: hooks that check every answer and webhook payload against the schemas."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import BrokenContract, SmoochError
from ..http.messages import ApiResponse
from ..store.models import JsonObject
from .check import ContractViolation, check_response, check_webhook_payload, is_raw

if TYPE_CHECKING:
    from ..http.dispatch import ResponseCheck
    from ..webhooks.service import PayloadCheck

Recorder = Callable[[BaseException, str], None]
"""Records a violation as the fake's internal error, with where it happened."""


def response_check(record: Recorder) -> ResponseCheck:
    """A dispatcher hook: None for an answer that keeps the contract; else the 500 to answer
    instead, naming the violation (recorded as an internal error)."""

    def check(
        operation: str | None, response: ApiResponse, where: str, version: str | None
    ) -> SmoochError | None:
        body = response.body
        if response.raw is not None and not is_raw(operation):
            body = json.loads(response.raw)  # JSON assembled from encoded pieces: checked too
        elif (response.raw is not None or response.stream is not None) and (
            is_raw(operation) or response.status < 400
        ):
            return None
        text = check_response(operation, response.status, body, version)
        if text is None:
            return None
        _record(record, ContractViolation(text), where)
        return BrokenContract(text)

    return check


def payload_check(record: Recorder) -> PayloadCheck:
    """A webhook-service hook: raises (and records) if a payload breaks its trigger's schema."""

    def check(payload: JsonObject, trigger: str, version: str) -> None:
        text = check_webhook_payload(payload, trigger, version)
        if text is not None:
            violation = ContractViolation(text)
            _record(record, violation, f"webhook {trigger} ({version})")
            raise violation

    return check


def _record(record: Recorder, violation: ContractViolation, where: str) -> None:
    record(violation, where)
    violation.recorded = True
