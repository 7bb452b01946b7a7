"""Route definitions as data, and matching a method and raw path against them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .. import error_texts as texts
from ..errors import MethodNotAllowed, NotFound
from .messages import ApiResponse

if TYPE_CHECKING:
    from .call import Call

Handler = Callable[["Call"], ApiResponse]
VERSIONS = ("v1", "v1.1")
ALL_SCOPES = frozenset({"account", "app", "appUser"})
BUSINESS_SCOPES = frozenset({"account", "app"})
ACCOUNT_ONLY = frozenset({"account"})


class Placement(Enum):
    APP = "app"
    """Under `/{version}`, with or without an `/apps/{appId}` prefix (app resources)."""
    ROOT = "root"
    """Under `/{version}` as written (apps, service accounts, `/apps/{appId}/integrations`)."""
    CONTROL = "control"
    """The fake's own `/_mock/...` API and the dashboard: no version, no Smooch auth."""


class Body(Enum):
    NONE = "none"
    JSON = "json"
    MULTIPART = "multipart"


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    path: str
    handler: Handler
    operation: str
    scopes: frozenset[str] = BUSINESS_SCOPES
    placement: Placement = Placement.APP
    body: Body = Body.NONE
    versions: tuple[str, ...] = VERSIONS
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    route: Route
    params: dict[str, str]
    version: str | None
    prefixed: bool
    """Whether the request used the `/apps/{appId}` prefix form."""


@dataclass(slots=True)
class Router:
    routes: list[Route]
    _compiled: list[tuple[re.Pattern[str], Route]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._compiled = [(_compile(route), route) for route in self.routes]

    def match(self, method: str, raw_path: str) -> Match:
        allowed: list[str] = []
        for pattern, route in self._compiled:
            found = pattern.fullmatch(raw_path)
            if found is None:
                continue
            groups = found.groupdict()
            version = groups.pop("version", None)
            version = version.lower() if version is not None else None
            if version is not None and version not in route.versions:
                continue  # a path of another version only: unknown here, whatever the method
            if route.method != method:
                allowed.append(route.method)
                continue
            prefixed = groups.pop("prefix", None) is not None
            params = {k: unquote(v) for k, v in groups.items() if v is not None}
            return Match(route, params, version, prefixed)
        if allowed:
            raise MethodNotAllowed(
                texts.METHOD_NOT_ALLOWED.format(method=method, path=unquote(raw_path))
            )
        raise NotFound(texts.NOT_FOUND_PATH.format(method=method, path=unquote(raw_path)))


def _compile(route: Route) -> re.Pattern[str]:
    # Matched with `fullmatch`: a `$` anchor would also match before a trailing newline.
    body = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", route.path)
    if route.placement is Placement.CONTROL:
        return re.compile(f"{body}/?")
    # Smooch's paths are case-insensitive in their literal segments, as Express routes are:
    # smooch-core 2.x calls `/v1/appUsers/...`, and `.../authCode` was recorded answering 200.
    # Parameters keep their case (the pattern of a parameter matches any letters anyway).
    version = r"/(?P<version>v1(?:\.1)?)"
    if route.placement is Placement.APP:
        return re.compile(f"{version}(?P<prefix>/apps/(?P<appId>[^/]+))?{body}/?", re.IGNORECASE)
    return re.compile(f"{version}{body}/?", re.IGNORECASE)
