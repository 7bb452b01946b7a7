"""Route definitions as data, and matching a method and raw path against them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..errors import MethodNotAllowed, PathNotFound
from .messages import ApiResponse
from .route_index import SegmentTrie, path_segments

if TYPE_CHECKING:
    from .call import Call

Handler = Callable[["Call"], ApiResponse]
VERSIONS = ("v1", "v1.1")
"""The appUser API's versions (a route's default)."""
KNOWN_VERSIONS = frozenset({*VERSIONS, "v2"})
ALL_SCOPES = frozenset({"account", "app", "appUser"})
BUSINESS_SCOPES = frozenset({"account", "app"})
ACCOUNT_ONLY = frozenset({"account"})
_PARAMETER = re.compile(r"\{(\w+)\}")


class Placement(Enum):
    APP = "app"
    """Under `/{version}`, with or without an `/apps/{appId}` prefix (app resources)."""
    ROOT = "root"
    """Under `/{version}` as written (apps, service accounts, `/apps/{appId}/integrations`)."""
    CONTROL = "control"
    """The fake's own `/_mock/...` API and the dashboard: no version, no Smooch auth."""
    UNVERSIONED = "unversioned"
    """A Smooch path outside any version (v2's `/oauth/...`): as written, yet answered, checked
    and worded as its route's one version."""


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
class LaterRoutes:
    """A route table indexed on the first request for a path of its version (or under one of
    its unversioned `roots`), not with the router: a session that never calls v2 never loads
    v2's table, nor its handlers."""

    version: str
    roots: tuple[str, ...]
    """The first segments of its unversioned paths (v2's `oauth`), lower case."""
    load: Callable[[], Sequence[Route]]


@dataclass(frozen=True, slots=True)
class Form:
    """One way a route is written: `/v1.1/apps/{appId}/webhooks` is a form of `/webhooks`."""

    order: tuple[int, int]
    """The route's place in the tables (its table's, and its own in a table loaded later):
    when two routes take a path, the first one wins."""
    route: Route
    parameters: tuple[tuple[int, str], ...]
    """(segment position, name) of each parameter."""
    version: str | None
    prefixed: bool


@dataclass(slots=True)  # not frozen: made per request, and a frozen init costs three times more
class Match:
    route: Route
    params: dict[str, str]
    version: str | None
    prefixed: bool
    """Whether the request used the `/apps/{appId}` prefix form."""


class Router:
    """Finds the route of a method and raw path through an index of the route tables' segments.

    Literal segments of Smooch's paths match in any case, as Express routes do (smooch-core 2.x
    calls `/v1/appUsers/...`; `.../authCode` was recorded answering 200); parameters keep their
    case and are percent-decoded; one trailing slash is allowed. A path that another method
    takes is 405, any other unknown path 404.
    """

    MATCHES_KEPT = 4096
    """Matches remembered by method and raw path (a client calls the same paths again and
    again); when full, the memory starts afresh."""

    def __init__(self, routes: Sequence[Route | LaterRoutes]) -> None:
        self._tables = list(routes)
        """The routes in matching order, a `LaterRoutes` standing where its table goes."""
        self._loaded: dict[int, list[Route]] = {}
        """Each later table's routes once loaded, by its place in `_tables`."""
        self._later: dict[str, int] = {}
        """The place of each later table not loaded yet, by the first segments it serves."""
        self._matches: dict[tuple[str, str], Match] = {}
        self._control: SegmentTrie[Form] = SegmentTrie(folded=False)
        self._smooch: SegmentTrie[Form] = SegmentTrie(folded=True)
        self._unversioned_roots: dict[str, str] = {}
        for place, entry in enumerate(self._tables):
            if isinstance(entry, LaterRoutes):
                for name in (entry.version, *entry.roots):
                    self._later[name] = place
                self._unversioned_roots.update(dict.fromkeys(entry.roots, entry.version))
            else:
                self._index(entry, (place, 0))

    @property
    def routes(self) -> list[Route]:
        """Every route in matching order (loading the tables not loaded yet)."""
        for place in sorted(set(self._later.values())):
            self._load(place)
        routes: list[Route] = []
        for place, entry in enumerate(self._tables):
            routes.extend(self._loaded[place] if isinstance(entry, LaterRoutes) else [entry])
        return routes

    def _index(self, route: Route, order: tuple[int, int]) -> None:
        if route.placement is Placement.UNVERSIONED:
            self._unversioned_roots[route.path.strip("/").split("/")[0].lower()] = route.versions[0]
        trie = self._control if route.placement is Placement.CONTROL else self._smooch
        for segments, form in _forms(order, route):
            trie.add(segments, form)

    def _load(self, place: int) -> None:
        entry = self._tables[place]
        assert isinstance(entry, LaterRoutes)
        self._loaded[place] = list(entry.load())
        for position, route in enumerate(self._loaded[place]):
            self._index(route, (place, position))
        self._later = {name: at for name, at in self._later.items() if at != place}

    def match(self, method: str, raw_path: str) -> Match:
        known = self._matches.get((method, raw_path))
        if known is None:
            known = self._find(method, raw_path)
            if len(self._matches) >= self.MATCHES_KEPT:
                self._matches.clear()
            self._matches[method, raw_path] = known
        # Each caller gets parameters of its own to keep.
        return Match(known.route, dict(known.params), known.version, known.prefixed)

    def _find(self, method: str, raw_path: str) -> Match:
        segments = path_segments(raw_path)
        if segments and self._later:
            place = self._later.get(segments[0].lower())
            if place is not None:
                self._load(place)
        forms = (
            []
            if segments is None
            else self._control.values_for(segments) + self._smooch.values_for(segments)
        )
        chosen: Form | None = None
        for form in forms:
            if form.route.method == method and (chosen is None or form.order < chosen.order):
                chosen = form
        if chosen is not None and segments is not None:
            params = {name: unquote(segments[index]) for index, name in chosen.parameters}
            return Match(chosen.route, params, chosen.version, chosen.prefixed)
        path = unquote(raw_path)
        if forms:
            allowed = sorted({form.route.method for form in forms})
            raise MethodNotAllowed(method=method, path=path, allowed=allowed)
        raise PathNotFound(method=method, path=path)

    def version_of(self, raw_path: str) -> str | None:
        """The API version a path belongs to: the one it is under, else the version of the
        unversioned routes it starts like (`/oauth/...` → `v2`, even for an unknown path there)."""
        version = version_of(raw_path)
        if version is not None:
            return version
        segments = path_segments(raw_path)
        return self._unversioned_roots.get(segments[0].lower()) if segments else None


def version_of(raw_path: str) -> str | None:
    """The API version a path is under (`/v2/apps` → `v2`, any case), or None."""
    segments = path_segments(raw_path)
    if not segments:
        return None
    first = segments[0].lower()
    return first if first in KNOWN_VERSIONS else None


def _forms(order: tuple[int, int], route: Route) -> list[tuple[list[str | None], Form]]:
    """Each way `route` is written, as segments (None for a parameter): control and unversioned
    paths as they are; Smooch paths under each of the route's versions, app resources also under
    `/apps/{appId}`."""
    body = [segment for segment in route.path.split("/") if segment]
    names = [_parameter_name(segment) for segment in body]
    segments: list[str | None] = [
        None if name else segment for name, segment in zip(names, body, strict=True)
    ]
    if route.placement is Placement.CONTROL:
        return [(segments, Form(order, route, _parameters(names, 0), None, prefixed=False))]
    if route.placement is Placement.UNVERSIONED:
        version = route.versions[0]
        return [(segments, Form(order, route, _parameters(names, 0), version, prefixed=False))]
    forms: list[tuple[list[str | None], Form]] = []
    for version in route.versions:
        plain = Form(order, route, _parameters(names, 1), version, prefixed=False)
        forms.append(([version, *segments], plain))
        if route.placement is Placement.APP:
            parameters = ((2, "appId"), *_parameters(names, 3))
            prefixed = Form(order, route, parameters, version, prefixed=True)
            forms.append(([version, "apps", None, *segments], prefixed))
    return forms


def _parameter_name(segment: str) -> str | None:
    found = _PARAMETER.fullmatch(segment)
    if found is None and ("{" in segment or "}" in segment):
        raise ValueError(f"a parameter must be a whole segment: {segment!r}")
    return found.group(1) if found else None


def _parameters(names: list[str | None], offset: int) -> tuple[tuple[int, str], ...]:
    """(position, name) of each parameter, the body starting at segment `offset`."""
    return tuple((index + offset, name) for index, name in enumerate(names) if name)
