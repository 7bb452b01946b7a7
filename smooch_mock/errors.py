"""The error catalogue: per-status classes and, under them, one class per case with its text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from . import error_texts as texts


class SmoochError(Exception):
    """Base of every error the fake answers with `{"error": {"code", "description"}}`.

    Without a description, the class's own `text` is the template `fields` fill. A description
    given is a text of `error_texts`, filled when `fields` are given (else taken as it is, since
    a passed-on message such as a schema's may hold braces).
    """

    status = 400
    code = "bad_request"
    text: ClassVar[str] = ""

    def __init__(self, description: str | None = None, /, **fields: object) -> None:
        if description is None:
            description = self.text.format(**fields)
        elif fields:
            description = description.format(**fields)
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

    text = texts.METHOD_NOT_ALLOWED

    def __init__(self, *, method: str, path: str, allowed: Sequence[str] = ()) -> None:
        super().__init__(method=method, path=path)
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


class Locked(SmoochError):
    status = 423
    code = "locked"


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


# One class per case: `raise AppUserNotFound()`, `raise UserIdTaken(user_id=...)`, or, for a
# class that covers several texts, `raise InvalidField(texts.FIELD_REQUIRED, field="source")`.


class AuthRequired(Unauthorized):
    text = texts.AUTH_REQUIRED


class AppRequired(BadRequest):
    text = texts.APP_REQUIRED


class BodyTooLarge(PayloadTooLarge):
    text = texts.BODY_TOO_LARGE


class InvalidBody(BadRequest):
    """The body is not JSON, not an object, or JSON this fake will not take."""

    text = texts.BODY_NOT_OBJECT


class InvalidField(BadRequest):
    """A field of the body has the wrong type, value or shape."""


class InvalidQuery(BadRequest):
    """A query parameter has the wrong type or value."""


class InvalidMessage(BadRequest):
    """A message breaks a rule of its type (beyond what its schema checks)."""


class InvalidAction(BadRequest):
    """An action cannot do what was asked (postback of a link, pay a paid buy action)."""


class InvalidIntegration(BadRequest):
    """An integration's type or options are wrong."""


class InvalidLink(BadRequest):
    """A channel link lacks what its channel needs."""


class InvalidSimulation(BadRequest):
    """A control-API request (simulation, clock, chaos) is not one the fake can act out."""


class UnknownTrigger(BadRequest):
    text = texts.UNKNOWN_TRIGGER


class TooManyWebhooks(BadRequest):
    text = texts.TOO_MANY_WEBHOOKS


class UnknownTemplateName(BadRequest):
    text = texts.TEMPLATE_NAME_UNKNOWN


class UnknownNotification(BadRequest):
    text = texts.UNKNOWN_NOTIFICATION


class VerificationFailed(BadRequest):
    """A phone-number deployment cannot be confirmed."""


class PaymentTokenRequired(BadRequest):
    text = texts.PAYMENT_TOKEN_REQUIRED


class MessageRoleForbidden(Forbidden):
    text = texts.APP_USER_ROLE_ONLY


class UserIdTaken(Conflict):
    text = texts.USER_ID_TAKEN


class PathNotFound(NotFound):
    text = texts.NOT_FOUND_PATH


class AppNotFound(NotFound):
    text = texts.APP_NOT_FOUND


class KeyNotFound(NotFound):
    text = texts.KEY_NOT_FOUND


class ServiceAccountNotFound(NotFound):
    text = texts.SERVICE_ACCOUNT_NOT_FOUND


class AppUserNotFound(NotFound):
    text = texts.APP_USER_NOT_FOUND


class ConversationNotFound(NotFound):
    text = texts.CONVERSATION_NOT_FOUND


class MessageNotFound(NotFound):
    text = texts.MESSAGE_NOT_FOUND


class DeviceNotFound(NotFound):
    text = texts.DEVICE_NOT_FOUND


class WebhookNotFound(NotFound):
    text = texts.WEBHOOK_NOT_FOUND


class IntegrationNotFound(NotFound):
    text = texts.INTEGRATION_NOT_FOUND


class TemplateNotFound(NotFound):
    text = texts.TEMPLATE_NOT_FOUND


class ActionNotFound(NotFound):
    text = texts.ACTION_NOT_FOUND


class ChannelNotLinked(NotFound):
    text = texts.CHANNEL_NOT_LINKED


class NoPendingLink(NotFound):
    text = texts.NO_PENDING_LINK


class AttachmentNotFound(NotFound):
    text = texts.ATTACHMENT_NOT_FOUND


class MenuNotFound(NotFound):
    text = texts.MENU_NOT_FOUND


class DeliveryNotFound(NotFound):
    text = texts.DELIVERY_NOT_FOUND


class DeploymentNotFound(NotFound):
    text = texts.DEPLOYMENT_NOT_FOUND


class BodyTimeout(RequestTimeout):
    text = texts.BODY_TIMEOUT


class StateNotSaved(ServiceUnavailable):
    text = texts.STATE_NOT_SAVED


class StreamNeedsServer(NeedsServer):
    text = texts.STREAM_NEEDS_SERVER


# The v2 API's own cases (its body is rendered by `api/v2/errors.py`).


class InvalidPageQuery(BadRequest):
    text = texts.V2_INVALID_PAGE_QUERY


class ServiceAccountMismatch(Forbidden):
    text = texts.V2_SERVICE_ACCOUNT_MISMATCH


class AppMetadataTooLarge(BadRequest):
    text = texts.V2_APP_METADATA_TOO_LARGE


class UnsupportedMediaUrl(BadRequest):
    text = texts.V2_UNSUPPORTED_MEDIA_URL


# v2 messages (PostMessage, ListMessages).


class MessageLimitReached(Locked):
    text = texts.V2_MESSAGE_LIMIT


class AuthorNotAParticipant(NotFound):
    text = texts.V2_AUTHOR_NOT_A_PARTICIPANT


class ClientNotFound(NotFound):
    text = texts.V2_CLIENT_NOT_FOUND


class SdkClientNotRemovable(BadRequest):
    text = texts.V2_SDK_CLIENT_NOT_REMOVABLE


class DefaultConversationNotDeletable(BadRequest):
    text = texts.V2_DEFAULT_CONVERSATION_NOT_DELETABLE


class TooManyParticipants(BadRequest):
    text = texts.V2_TOO_MANY_PARTICIPANTS


class NotAMember(NotFound):
    text = texts.V2_NOT_A_MEMBER


class IntegrationKeysOnlyForCustom(BadRequest):
    text = texts.V2_KEYS_ONLY_FOR_CUSTOM


class TooManyIntegrationKeys(BadRequest):
    text = texts.V2_TOO_MANY_INTEGRATION_KEYS


class WebhooksOnlyForCustom(BadRequest):
    text = texts.V2_WEBHOOKS_ONLY_FOR_CUSTOM


class LastWebhook(BadRequest):
    text = texts.V2_LAST_WEBHOOK


class OneSwitchboardPerApp(BadRequest):
    text = texts.V2_ONE_SWITCHBOARD


class SwitchboardNotFound(NotFound):
    code = "switchboard_not_found"
    text = texts.V2_SWITCHBOARD_NOT_FOUND


class SwitchboardIntegrationNotFound(NotFound):
    code = "switchboard_integration_not_found"
    text = texts.V2_SWITCHBOARD_INTEGRATION_NOT_FOUND


class TooManySwitchboardIntegrations(BadRequest):
    code = "too_many_switchboard_integrations"
    text = texts.V2_TOO_MANY_SWITCHBOARD_INTEGRATIONS


class InvalidSwitchboard(BadRequest):
    """A switchboard change or action breaks one of its rules (names, default, next)."""


class InvalidOAuthClient(Unauthorized):
    code = "invalid_client"
    text = texts.V2_OAUTH_UNKNOWN_CLIENT


class InvalidOAuthCode(BadRequest):
    code = "invalid_grant"
    text = texts.V2_OAUTH_BAD_CODE


class UnsupportedResponseType(BadRequest):
    code = "unsupported_response_type"
    text = texts.V2_OAUTH_RESPONSE_TYPE


class InvalidOAuthRequest(BadRequest):
    code = "invalid_request"
