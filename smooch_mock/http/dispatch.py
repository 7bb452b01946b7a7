"""One request through the fake: route, authenticate, authorise, parse the body, run the handler."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from .. import error_texts as texts
from ..contract import strict
from ..contract.check import check_request
from ..errors import (
    BadRequest,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    SmoochError,
    UnsupportedMediaType,
)
from ..store.models import JsonObject
from .auth import Principal, authenticate
from .call import Call
from .json_input import JSON_LIMIT, parse_json
from .messages import ApiRequest, ApiResponse
from .multipart import FormPart, parse_form
from .router import Body, Match, Placement, Router

if TYPE_CHECKING:
    from ..fake import FakeSmooch

JSON_BODY_LIMIT = JSON_LIMIT
MULTIPART_BODY_LIMIT = 10 * 1024 * 1024 + 64 * 1024


def error_response(error: SmoochError) -> ApiResponse:
    return ApiResponse(
        error.status, {"error": {"code": error.code, "description": error.description}}
    )


class Dispatcher:
    def __init__(self, fake: FakeSmooch, router: Router) -> None:
        self.fake = fake
        self.router = router

    def dispatch(self, request: ApiRequest) -> ApiResponse:
        """Answer one request; never raises. An unexpected exception is recorded as a fake bug."""
        operation, response = self._answer(request)
        if self.fake.strict_contract:
            where = f"{request.method} {request.path}"
            response = strict.checked(self.fake, operation, response, where)
        if operation is not None:
            self.fake.coverage.saw_operation(operation, response.status)
        return response

    def _answer(self, request: ApiRequest) -> tuple[str | None, ApiResponse]:
        """The matched operation (None for unknown paths) and its answer."""
        operation = None
        try:
            with self.fake.lock:
                match = self.router.match(request.method, request.path)
                operation = match.route.operation
                return operation, self._dispatch(request, match)
        except SmoochError as error:
            return operation, error_response(error)
        except Exception as error:  # any other failure is the fake's own bug
            if not getattr(error, "recorded", False):
                self.fake.record_internal_error(error, f"{request.method} {request.path}")
            body = {"error": {"code": "internal_error", "description": repr(error)}}
            return operation, ApiResponse(500, body)

    def _dispatch(self, request: ApiRequest, match: Match) -> ApiResponse:
        route = match.route
        principal = None
        app_id = match.params.get("appId")
        if route.placement is not Placement.CONTROL:
            principal = authenticate(request.headers.get("authorization"), self.fake.store)
            if principal.scope not in route.scopes:
                raise Forbidden(texts.FORBIDDEN)
            app_id = self._authorised_app(principal, app_id, match)
        journal = self.fake.journal
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
        )
        return route.handler(call)

    def _authorised_app(self, principal: Principal, app_id: str | None, match: Match) -> str | None:
        """The app this call acts on; an app or appUser credential never reaches another app."""
        if principal.scope == "account":
            if app_id is not None and app_id not in self.fake.store.apps:
                raise NotFound(texts.APP_NOT_FOUND)
            if app_id is None and match.route.placement is Placement.APP:
                raise BadRequest(texts.APP_REQUIRED)
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
            raise PayloadTooLarge(texts.BODY_TOO_LARGE.format(limit=MULTIPART_BODY_LIMIT))
        return {}, parse_form(request.body, request.headers.get("content-type", ""))
    if kind is Body.NONE or not request.body.strip():
        return {}, {}
    if len(request.body) > JSON_BODY_LIMIT:
        raise PayloadTooLarge(texts.BODY_TOO_LARGE.format(limit=JSON_BODY_LIMIT))
    if request.content_type != "application/json":
        raise UnsupportedMediaType(texts.WRONG_CONTENT_TYPE.format(expected="application/json"))
    body = parse_json(request.body)
    if not isinstance(body, dict):
        raise BadRequest(texts.BODY_NOT_OBJECT)
    return body, {}
