"""Domain errors: each carries the HTTP status and Smooch error code it answers with."""

from __future__ import annotations

from collections.abc import Sequence


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

    def __init__(self, description: str, allowed: Sequence[str] = ()) -> None:
        super().__init__(description)
        self.allowed = tuple(allowed)
        """The methods the path does take (sent as the `Allow` header)."""


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


class NeedsServer(SmoochError):
    """An answer only the fake's server can send (an endless event stream), asked in-process."""

    status = 501
    code = "not_implemented"


class FakeBug(SmoochError):
    """The fake failed: an unexpected exception inside it (recorded as an internal error)."""

    status = 500
    code = "internal_error"


class BrokenContract(FakeBug):
    """An answer of the fake breaks its own schema (strict-contract mode)."""

    code = "contract_violation"
