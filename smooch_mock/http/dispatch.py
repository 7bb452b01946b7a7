"""One request through the fake: route, authenticate, authorise, parse the body, run the handler."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Protocol
from urllib.parse import quote

from .. import error_texts as texts
from ..contract.check import check_request
from ..errors import (
    AppNotFound,
    AppRequired,
    BodyTooLarge,
    FakeBug,
    Forbidden,
    InvalidBody,
    MethodNotAllowed,
    SmoochError,
    UnsupportedMediaType,
)
from ..store.models import JsonObject
from .auth import Principal, VerifiedTokens, authenticate
from .call import Call, FakeParts
from .json_input import JSON_LIMIT, parse_json
from .messages import ApiRequest, ApiResponse
from .multipart import FormPart, parse_form
from .router import Body, Match, Placement, Router

JSON_BODY_LIMIT = JSON_LIMIT
MULTIPART_BODY_LIMIT = 10 * 1024 * 1024 + 64 * 1024

ErrorResponse = Callable[[SmoochError], ApiResponse]
"""The error body of the API the routes belong to (the appUser API's: `{"error": {...}}`)."""
ResponseCheck = Callable[[str | None, ApiResponse, str, str | None], SmoochError | None]
"""A hook run on every answer, given (operation or None, answer, "METHOD path", the path's API
version or None): the error to answer instead, or None to let the answer through
(strict-contract mode is one)."""


class RequestJournal(Protocol):
    """Keeps each request that can change the state, before it is answered (`--state`)."""

    def records(self, method: str, operation: str) -> bool:
        """Whether requests to `operation` are kept."""

    def recording(
        self, request: ApiRequest, principal: Principal | None
    ) -> AbstractContextManager[None]:
        """Run the block as one kept request."""


class Dispatcher:
    def __init__(
        self,
        fake: FakeParts,
        router: Router,
        *,
        error_response: ErrorResponse,
        version_error_responses: Mapping[str, ErrorResponse] | None = None,
        check_response: ResponseCheck | None = None,
    ) -> None:
        self.fake = fake
        self.router = router
        self.error_response = error_response
        """The error body of every path without one of its own (the appUser API's)."""
        self.version_error_responses = dict(version_error_responses or {})
        """The error body of the paths under a version that words errors its own way (`v2`)."""
        self.check_response = check_response
        self.journal: RequestJournal | None = None
        """Set while a `--state` file keeps the state (see `persistence.journal`)."""
        self.tokens = VerifiedTokens()

    def dispatch(self, request: ApiRequest) -> ApiResponse:
        """Answer one request; never raises. An unexpected exception is recorded as a fake bug."""
        operation, response = self._answer(request)
        if self.check_response is not None:
            where = f"{request.method} {request.path}"
            version = self.router.version_of(request.path)
            refused = self.check_response(operation, response, where, version)
            if refused is not None:
                response = self.error_response_for(request.path)(refused)
        if operation is not None:
            self.fake.coverage.saw_operation(operation, response.status)
        return response

    def error_response_for(self, raw_path: str) -> ErrorResponse:
        """The error body of the API `raw_path` belongs to."""
        version = self.router.version_of(raw_path)
        return self.version_error_responses.get(version or "", self.error_response)

    def _answer(self, request: ApiRequest) -> tuple[str | None, ApiResponse]:
        """The matched operation (None for unknown paths) and its answer."""
        operation = None
        try:
            with self.fake.lock:
                match = self.router.match(request.method, request.path)
                operation = match.route.operation
                return operation, self._dispatch(request, match)
        except MethodNotAllowed as error:
            response = self.error_response_for(request.path)(error)
            response.headers["Allow"] = ", ".join(error.allowed)
            return operation, response
        except SmoochError as error:
            return operation, self.error_response_for(request.path)(error)
        except Exception as error:  # any other failure is the fake's own bug
            if not getattr(error, "recorded", False):
                self.fake.record_internal_error(error, f"{request.method} {request.path}")
            return operation, self.error_response_for(request.path)(FakeBug(repr(error)))

    def _dispatch(self, request: ApiRequest, match: Match) -> ApiResponse:
        route = match.route
        principal = None
        app_id = match.params.get("appId")
        if route.placement is not Placement.CONTROL and route.scopes:
            authorization = request.headers.get("authorization")
            principal = authenticate(authorization, self.fake.store, self.tokens)
            if principal.scope not in route.scopes:
                raise Forbidden(texts.FORBIDDEN)
            app_id = self._authorised_app(principal, app_id, match)
        journal = self.journal
        if journal is None or not journal.records(request.method, route.operation):
            return self._run(request, match, principal, app_id)
        with journal.recording(request, principal):
            return self._run(request, match, principal, app_id)

    def replay(self, request: ApiRequest, principal: Principal | None) -> None:
        """Run a journaled request again as the caller it had: no authentication, no answer."""
        match = self.router.match(request.method, request.path)
        app_id = match.params.get("appId")
        if principal is not None:
            app_id = self._authorised_app(principal, app_id, match)
        self._run(request, match, principal, app_id)

    def _run(
        self, request: ApiRequest, match: Match, principal: Principal | None, app_id: str | None
    ) -> ApiResponse:
        """Parse the body and run the handler for an authorised caller."""
        route = match.route
        if route.body is Body.NONE:
            body: JsonObject = {}
            form: dict[str, FormPart] = {}
        else:
            body, form = _parse_body(request, route.body)
            if route.body is Body.JSON:
                check_request(route.operation, body, match.version)
        call = Call(
            fake=self.fake,
            request=request,
            params=match.params,
            version=match.version or "v1.1",
            principal=principal,
            app_id_or_none=app_id,
            prefix_url=_prefix_url(request, match),
            body=body,
            form=form,
            router=self.router,
        )
        return route.handler(call)

    def _authorised_app(self, principal: Principal, app_id: str | None, match: Match) -> str | None:
        """The app this call acts on; an app or appUser credential never reaches another app."""
        if principal.scope == "account":
            if app_id is not None and app_id not in self.fake.store.apps:
                raise AppNotFound()
            if app_id is None and match.route.placement is Placement.APP:
                raise AppRequired()
            return app_id
        if app_id is not None and app_id != principal.app_id:
            raise Forbidden(texts.FORBIDDEN)
        if principal.app_id not in self.fake.store.apps:
            raise Forbidden(texts.FORBIDDEN)
        return principal.app_id


def _prefix_url(request: ApiRequest, match: Match) -> str:
    url = f"{request.base_url}/{match.version}" if match.version else request.base_url
    if match.prefixed:
        url += f"/apps/{quote(match.params['appId'], safe='')}"
    return url


def _parse_body(request: ApiRequest, kind: Body) -> tuple[JsonObject, dict[str, FormPart]]:
    if kind is Body.MULTIPART:
        if request.content_type != "multipart/form-data":
            raise UnsupportedMediaType(
                texts.WRONG_CONTENT_TYPE.format(expected="multipart/form-data")
            )
        if len(request.body) > MULTIPART_BODY_LIMIT:
            raise BodyTooLarge(limit=MULTIPART_BODY_LIMIT)
        return {}, parse_form(request.body, request.headers.get("content-type", ""))
    if kind is Body.NONE or not request.body.strip():
        return {}, {}
    if len(request.body) > JSON_BODY_LIMIT:
        raise BodyTooLarge(limit=JSON_BODY_LIMIT)
    if request.content_type != "application/json":
        raise UnsupportedMediaType(texts.WRONG_CONTENT_TYPE.format(expected="application/json"))
    body = parse_json(request.body)
    if not isinstance(body, dict):
        raise InvalidBody()
    return body, {}
