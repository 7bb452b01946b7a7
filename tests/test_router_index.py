"""The indexed router finds exactly what a linear scan of the route tables' regexes finds."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smooch_mock.api.routes import CONTROL_ROUTES, ROUTES, SMOOCH_ROUTES, V2_ROUTES
from smooch_mock.api.v2 import on_demand as v2
from smooch_mock.errors import MethodNotAllowed, NotFound
from smooch_mock.http.call import Call
from smooch_mock.http.handler_modules import LazyHandler
from smooch_mock.http.messages import ApiResponse
from smooch_mock.http.router import Placement, Route, Router

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")
PARAMETER_VALUES = (
    "5963c0d619a30a2e00de36b8",
    "bob%40example.com",
    "team%2Fann",
    "Mixed.Case-id_1",
    "merge",  # a literal of another route, in a parameter's place
    "apps",
    "x%0A",
    "x\n",
    "%E2%9C%93",
)
# Letters Python's `re` folds onto ASCII ones (Kelvin sign, long s, dotted capital I).
UNICODE_FOLDS = {"k": "\u212a", "s": "\u017f", "i": "\u0130"}


@dataclass(frozen=True)
class Found:
    route: Route | None
    params: dict[str, str]
    version: str | None
    prefixed: bool
    error: str | None = None
    allowed: tuple[str, ...] = ()


class LinearScan:
    """The router as it was: one regex per route, tried in table order (literals escaped)."""

    def __init__(self, routes: list[Route]) -> None:
        self.compiled = [(_compile(route), route) for route in routes]
        self._candidates: dict[str, list[tuple[Route, dict[str, str | None], str | None]]] = {}

    def match(self, method: str, raw_path: str) -> Found:
        allowed: list[str] = []
        for route, groups, version in self.candidates(raw_path):
            if route.method != method:
                allowed.append(route.method)
                continue
            groups = dict(groups)
            prefixed = groups.pop("prefix", None) is not None
            params = {k: unquote(v) for k, v in groups.items() if v is not None}
            return Found(route, params, version, prefixed)
        if allowed:
            return Found(None, {}, None, False, "405", tuple(sorted(set(allowed))))
        return Found(None, {}, None, False, "404")

    def candidates(self, raw_path: str) -> list[tuple[Route, dict[str, str | None], str | None]]:
        """The routes whose regex takes the path in this version, in table order: the same for
        every method, so worked out once per path."""
        known = self._candidates.get(raw_path)
        if known is not None:
            return known
        found_routes = []
        for pattern, route in self.compiled:
            found = pattern.fullmatch(raw_path)
            if found is None:
                continue
            groups = found.groupdict()
            version = groups.pop("version", None)
            version = version.lower() if version is not None else None
            if route.placement is Placement.UNVERSIONED:
                version = route.versions[0]  # written without one, answered as its version
            if version is not None and version not in route.versions:
                continue
            found_routes.append((route, groups, version))
        self._candidates[raw_path] = found_routes
        return found_routes


def _compile(route: Route) -> re.Pattern[str]:
    parts = re.split(r"(\{\w+\})", route.path)
    body = "".join(
        f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part) for part in parts
    )
    if route.placement is Placement.CONTROL:
        return re.compile(f"{body}/?")
    if route.placement is Placement.UNVERSIONED:
        return re.compile(f"{body}/?", re.IGNORECASE)
    version = r"/(?P<version>v1(?:\.1)?|v2)"
    if route.placement is Placement.APP:
        return re.compile(f"{version}(?P<prefix>/apps/(?P<appId>[^/]+))?{body}/?", re.IGNORECASE)
    return re.compile(f"{version}{body}/?", re.IGNORECASE)


def indexed(router: Router, method: str, path: str) -> Found:
    try:
        match = router.match(method, path)
    except MethodNotAllowed as error:
        return Found(None, {}, None, False, "405", error.allowed)
    except NotFound:
        return Found(None, {}, None, False, "404")
    return Found(match.route, match.params, match.version, match.prefixed)


def written_forms(route: Route) -> Iterator[str]:
    """The route's path as clients write it: each version, with and without `/apps/{appId}`."""
    if route.placement is Placement.CONTROL:
        yield route.path
        return
    if route.placement is Placement.UNVERSIONED:
        yield route.path
    for version in ("v1", "v1.1", "V1", "v1.2", "v2"):
        yield f"/{version}{route.path}"
        yield f"/{version}/apps/{{appId}}{route.path}"
        yield f"/{version}/APPS/{{appId}}{route.path}"


def variants(form: str, rng: random.Random) -> Iterator[str]:
    """A form with its parameters filled two ways, its literals recased, its end changed."""
    for value in rng.sample(PARAMETER_VALUES, 2):
        filled = fill(form, value)
        yield filled
        yield filled + "/"
        yield filled + "//"
        yield filled + "/extra"
        yield filled.rsplit("/", 1)[0]
        yield filled.upper()
        yield "".join(c.upper() if rng.random() < 0.5 else c for c in filled)
        yield "".join(UNICODE_FOLDS.get(c, c) if rng.random() < 0.3 else c for c in filled)
        yield filled.replace("/", "//", 1)
    yield form  # the braces themselves as parameter values
    yield form.lstrip("/")


def fill(form: str, value: str) -> str:
    return re.sub(r"\{\w+\}", lambda _: value, form)


def every_path() -> Iterator[str]:
    rng = random.Random(12)
    seen: set[str] = set()
    for route in ROUTES:
        for form in written_forms(route):
            for path in variants(form, rng):
                if path not in seen:
                    seen.add(path)
                    yield path
    yield from ("", "/", "//", "///", "/v1.1", "/v1.1/", "/_mock", "/_mock/", "/%0A")


PATHS = list(every_path())


@pytest.fixture(scope="module")
def router() -> Router:
    return Router(ROUTES)


@pytest.fixture(scope="module")
def scan() -> LinearScan:
    return LinearScan(ROUTES)


def test_the_generated_paths_reach_every_route_in_every_form(router: Router) -> None:
    reached = set()
    for path in PATHS:
        for method in METHODS:
            found = indexed(router, method, path)
            if found.route is not None:
                reached.add((found.route.operation, found.version, found.prefixed))
    for route in ROUTES:
        for version, prefixed in forms_of(route):
            assert (route.operation, version, prefixed) in reached, (route, version, prefixed)


def forms_of(route: Route) -> list[tuple[str | None, bool]]:
    if route.placement is Placement.CONTROL:
        return [(None, False)]
    if route.placement is Placement.UNVERSIONED:
        return [(route.versions[0], False)]
    prefixes = (False, True) if route.placement is Placement.APP else (False,)
    return [(version, prefixed) for version in route.versions for prefixed in prefixes]


def test_the_index_finds_what_the_linear_scan_finds(router: Router, scan: LinearScan) -> None:
    assert len(PATHS) > 10_000
    differences = []
    for path in PATHS:
        for method in METHODS:
            expected, got = scan.match(method, path), indexed(router, method, path)
            if got != expected:
                differences.append((method, path, expected, got))
    assert not differences, differences[:5]


TABLE_WORDS = sorted({s for r in ROUTES for s in r.path.split("/") if s and "{" not in s})
SEGMENTS = st.sampled_from(
    [*TABLE_WORDS, "v1", "v1.1", "V1.1", "apps", "Apps", "x", "%2F", "", "_mock", "\n", "\u017f"]
)


@settings(max_examples=500, deadline=None)
@given(
    method=st.sampled_from(METHODS),
    segments=st.lists(st.one_of(SEGMENTS, st.text(max_size=4)), max_size=8),
    trailing=st.booleans(),
)
def test_any_path_of_table_words_is_routed_as_the_scan_routes_it(
    router: Router, scan: LinearScan, method: str, segments: list[str], trailing: bool
) -> None:
    path = "/" + "/".join(segments) + ("/" if trailing else "")
    assert indexed(router, method, path) == scan.match(method, path)


def never(call: Call) -> ApiResponse:
    raise AssertionError("routing only")


def test_the_first_route_of_the_tables_wins_a_path_two_routes_take() -> None:
    router = Router(
        [
            Route("GET", "/things/{thingId}", never, "getThing"),
            Route("GET", "/things/mine", never, "getMine"),
            Route("GET", "/others/mine", never, "getOtherMine"),
            Route("GET", "/others/{otherId}", never, "getOther"),
        ]
    )
    assert router.match("GET", "/v1.1/things/mine").route.operation == "getThing"
    assert router.match("GET", "/v1.1/others/mine").route.operation == "getOtherMine"
    assert router.match("GET", "/v1.1/others/yours").params == {"otherId": "yours"}


def test_a_parameter_must_be_a_whole_segment() -> None:
    with pytest.raises(ValueError, match="whole segment"):
        Router([Route("GET", "/things/id-{thingId}", never, "getThing")])


def test_a_dot_in_a_route_path_is_only_a_dot(router: Router) -> None:
    assert router.match("GET", "/_mock/openapi.json").route.operation == "mockOpenApi"
    with pytest.raises(NotFound):
        router.match("GET", "/_mock/openapiXjson")


def test_a_remembered_match_is_the_first_one_with_parameters_of_its_own() -> None:
    router = Router(ROUTES)
    path = "/v1.1/apps/app1/appusers/bob/messages"
    first = router.match("GET", path)
    first.params["userId"] = "changed by a caller"
    again = router.match("GET", path)
    assert (again.route, again.version, again.prefixed) == (
        first.route,
        first.version,
        first.prefixed,
    )
    assert again.params == {"appId": "app1", "userId": "bob"}


def test_matches_are_remembered_up_to_a_bound_and_unknown_paths_stay_errors() -> None:
    router = Router(ROUTES)
    for number in range(Router.MATCHES_KEPT + 10):
        found = router.match("GET", f"/v1.1/appusers/user{number}/messages")
        assert found.params == {"userId": f"user{number}"}
    assert len(router._matches) <= Router.MATCHES_KEPT
    for _ in range(2):
        with pytest.raises(NotFound):
            router.match("GET", "/v1.1/no/such/path")
        with pytest.raises(MethodNotAllowed):
            router.match("PATCH", "/v1.1/appusers/bob/messages")


def served_router() -> Router:
    """The router as a fake builds it: v2's table standing in until a v2 path is asked for."""
    return Router([*SMOOCH_ROUTES, v2.ROUTES, *CONTROL_ROUTES])


def test_a_later_table_loads_on_its_first_path_and_routes_as_if_it_had_always_been_there(
    scan: LinearScan,
) -> None:
    for first in ("/v2/apps", "/V2/apps/app1/users", "/oauth/authorize", "/OAuth/token"):
        router = served_router()
        assert router.version_of(first) == "v2", "known as v2's before its table is loaded"
        assert not router._loaded
        for method in METHODS:
            assert indexed(router, method, first) == scan.match(method, first), (method, first)
        assert router._loaded, f"{first} loaded v2's table"
    router = served_router()
    differences = []
    for path in PATHS:
        for method in METHODS:
            expected, got = scan.match(method, path), indexed(router, method, path)
            if got != expected:
                differences.append((method, path, expected, got))
    assert not differences, differences[:5]


def test_a_later_table_stays_unloaded_for_other_paths_and_counts_in_the_routes() -> None:
    router = served_router()
    for method, path in (("GET", "/v1.1/appusers/bob/messages"), ("GET", "/_mock/health")):
        router.match(method, path)
    for method, path in (("GET", "/v3/apps"), ("GET", "/oauthish/x"), ("POST", "/_mock/health")):
        with pytest.raises((NotFound, MethodNotAllowed)):
            router.match(method, path)
    assert not router._loaded, "v2's table loaded for a path that is not v2's"
    assert router.routes == ROUTES, "every table, in the order a fake matches them"


def test_v2s_unversioned_roots_are_those_its_table_writes() -> None:
    written = {
        route.path.strip("/").split("/")[0].lower()
        for route in V2_ROUTES
        if route.placement is Placement.UNVERSIONED
    }
    assert set(v2.UNVERSIONED_ROOTS) == written


def test_every_route_names_a_handler_that_exists() -> None:
    for route in ROUTES:
        handler = route.handler
        assert isinstance(handler, LazyHandler), route
        function = handler.resolve()
        assert callable(function), route
        assert (function.__module__, function.__name__) == (handler.module, handler.name), route
