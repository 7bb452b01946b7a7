"""The appUser API's error body: `{"error": {"code", "description"}}` with the error's status."""

from __future__ import annotations

from ...errors import SmoochError
from ...http.messages import ApiResponse
from ...store.models import JsonObject


def error_body(error: SmoochError) -> JsonObject:
    return {"error": {"code": error.code, "description": error.description}}


def error_response(error: SmoochError) -> ApiResponse:
    return ApiResponse(error.status, error_body(error))
