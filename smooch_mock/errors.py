"""Domain errors: each carries the HTTP status and Smooch error code it answers with."""

from __future__ import annotations


class SmoochError(Exception):
    """Base of every error the fake answers with `{"error": {"code", "description"}}`."""

    status = 400
    code = "bad_request"

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class BadRequest(SmoochError):
    status = 400
    code = "bad_request"


class Unauthorized(SmoochError):
    status = 401
    code = "unauthorized"


class InvalidAuth(SmoochError):
    status = 401
    code = "invalid_auth"


class Forbidden(SmoochError):
    status = 403
    code = "forbidden"


class NotFound(SmoochError):
    status = 404
    code = "not_found"


class MethodNotAllowed(SmoochError):
    status = 405
    code = "method_not_allowed"


class Conflict(SmoochError):
    status = 409
    code = "conflict"


class PayloadTooLarge(SmoochError):
    status = 413
    code = "request_entity_too_large"


class UnsupportedMediaType(SmoochError):
    status = 415
    code = "unsupported_media_type"


class RequestTimeout(SmoochError):
    status = 408
    code = "request_timeout"


class ServiceUnavailable(SmoochError):
    status = 503
    code = "service_unavailable"
