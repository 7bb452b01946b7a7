"""What a handler is given: the parsed request, the caller, the resolved app, and helpers."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from .. import error_texts as texts
from ..errors import AppRequired, Forbidden, InvalidQuery, NotFound
from ..store import Store
from ..store.attachments import media_path
from ..store.models import Attachment, JsonObject, SecretKey, User
from .auth import Principal
from .messages import ApiRequest, ApiResponse
from .multipart import FormPart

if TYPE_CHECKING:
    from ..clock import Clock
    from ..coverage import CoverageRecorder
    from ..dashboard.live import LiveHub
    from ..simulation import Simulator
    from ..webhooks import WebhookService
    from .router import Route, Router

DEFAULT_PAGE_LIMIT = 25
MAX_PAGE_LIMIT = 100


class FakeParts(Protocol):
    """What the transport and the handlers reach of the fake serving a request (`FakeSmooch` has
    all of it), named here so that neither imports the fake itself."""

    @property
    def store(self) -> Store: ...
    @property
    def lock(self) -> AbstractContextManager[Any]: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def webhooks(self) -> WebhookService: ...
    @property
    def simulate(self) -> Simulator: ...
    @property
    def coverage(self) -> CoverageRecorder: ...
    @property
    def live(self) -> LiveHub: ...
    @property
    def account_key(self) -> SecretKey: ...
    @property
    def control_token(self) -> str: ...
    def reset(self) -> None: ...
    def record_internal_error(self, error: BaseException, where: str) -> None: ...


@dataclass(slots=True)
class Call:
    fake: FakeParts
    """The fake's parts; handlers use the narrower `store`, `simulator` and `webhooks`."""
    request: ApiRequest
    params: dict[str, str]
    version: str
    principal: Principal | None
    app_id_or_none: str | None
    prefix_url: str
    """Base of the URLs Smooch returns (`next`, `previous`): the same prefix the request used."""
    body: JsonObject
    form: dict[str, FormPart]
    router: Router
    """The router this call was matched by."""

    @property
    def routes(self) -> Sequence[Route]:
        """Every route the fake serves (the OpenAPI document, coverage): tables not loaded yet
        load now."""
        return self.router.routes

    @property
    def store(self) -> Store:
        return self.fake.store

    @property
    def simulator(self) -> Simulator:
        return self.fake.simulate

    @property
    def webhooks(self) -> WebhookService:
        return self.fake.webhooks

    @property
    def app_id(self) -> str:
        if self.app_id_or_none is None:
            raise AppRequired()
        return self.app_id_or_none

    @property
    def query(self) -> Any:
        return self.request.query

    def user(self) -> User:
        """The appUser named in the path; appUser credentials only reach their own user."""
        ref = self.params["userId"]
        own_user_id = self.own_user_id
        if own_user_id is None:
            return self.store.user(self.app_id, ref)
        if ref == own_user_id:
            # The token's userId is an external id: never looked up as another user's `_id`.
            return self.store.user_by_external_id(self.app_id, own_user_id)
        try:  # the path may name the caller's own user by `_id`
            user = self.store.user_by_external_id(self.app_id, own_user_id)
        except NotFound:
            raise Forbidden(texts.FORBIDDEN) from None
        if ref != user.id:
            raise Forbidden(texts.FORBIDDEN)
        return user

    @property
    def own_user_id(self) -> str | None:
        """The external `userId` an appUser credential is limited to; None for business keys."""
        return self.principal.user_id if self.principal else None

    def uploaded_file(self) -> FormPart:
        """The multipart `source` file every Smooch upload route takes."""
        source = self.form.get("source")
        if source is None or not source.data:
            raise InvalidQuery(texts.FIELD_REQUIRED, field="source")
        return source

    def media_url(self, attachment: Attachment) -> str:
        """Where the fake serves an uploaded file, on the host the client called."""
        return self.request.base_url + media_path(attachment)

    def user_url(self, user_ref: str) -> str:
        return f"{self.prefix_url}/appusers/{quote(user_ref, safe='')}"


def ok(body: Any = None) -> ApiResponse:
    return ApiResponse(200, {} if body is None else body)


def created(body: Any) -> ApiResponse:
    return ApiResponse(201, body)


def page(call: Call, key: str, items: list[JsonObject]) -> ApiResponse:
    """Smooch's limit/offset listing: `{<key>: [...], hasMore, offset}`."""
    limit = _int_query(call, "limit", DEFAULT_PAGE_LIMIT)
    offset = _int_query(call, "offset", 0)
    if not 1 <= limit <= MAX_PAGE_LIMIT:
        raise InvalidQuery(texts.LIMIT_OUT_OF_RANGE, limit=MAX_PAGE_LIMIT)
    if offset < 0:
        raise InvalidQuery(texts.FIELD_NEGATIVE, field="offset")
    chunk = items[offset : offset + limit]
    return ok({key: chunk, "hasMore": offset + limit < len(items), "offset": offset})


def _int_query(call: Call, name: str, default: int) -> int:
    raw = call.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise InvalidQuery(texts.FIELD_NOT_INTEGER, field=name) from error
