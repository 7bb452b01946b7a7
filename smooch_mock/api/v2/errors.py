"""The v2 error body `{"errors": [{"code", "title"}]}`, with the codes v2 uses for shared cases."""

from __future__ import annotations

from ... import error_texts as texts
from ... import errors
from ...errors import SmoochError
from ...http.messages import ApiResponse
from ...store.models import JsonObject

_CODES: dict[type[SmoochError], str] = {
    errors.InvalidOAuthClient: "invalid_client",  # OAuth's own code (RFC 6749 §5.2)
    # v2 has no `invalid_auth`: every credential problem is 401 `unauthorized`.
    errors.Unauthorized: "unauthorized",
    errors.InvalidAuth: "unauthorized",
    errors.AppNotFound: "app_not_found",
    errors.AppUserNotFound: "user_not_found",
    errors.ConversationNotFound: "conversation_not_found",
    errors.IntegrationNotFound: "integration_not_found",
    errors.DeviceNotFound: "device_not_found",
    errors.ClientNotFound: "client_not_found",
}
_TITLES: dict[type[SmoochError], str] = {
    errors.PathNotFound: texts.V2_RESOURCE_NOT_FOUND,
    errors.KeyNotFound: texts.V2_RESOURCE_NOT_FOUND,
    errors.UserIdTaken: texts.V2_USER_EXISTS,
    errors.AppUserNotFound: texts.V2_USER_NOT_FOUND,
}
_GENERIC_TITLES = {texts.FORBIDDEN: texts.V2_FORBIDDEN}
"""Shared texts that v2 words its own way."""


def error_entry(error: SmoochError) -> JsonObject:
    """`{code, title}` of `error` as v2 words it."""
    code, title = error.code, error.description
    for cls in type(error).__mro__:
        if cls in _CODES:
            code = _CODES[cls]
            break
    for cls in type(error).__mro__:
        if cls in _TITLES:
            title = _TITLES[cls]
            break
    return {"code": code, "title": _GENERIC_TITLES.get(title, title)}


def error_body(error: SmoochError) -> JsonObject:
    return {"errors": [error_entry(error)]}


def error_response(error: SmoochError) -> ApiResponse:
    return ApiResponse(error.status, error_body(error))
