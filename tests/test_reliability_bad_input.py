"""Property-based bad input on every route (fuzz step): a documented 4xx or a 2xx, never a 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_figures import ReliabilityFigures
from reliability_world import (
    ERROR_STATUSES,
    QUERIES,
    RouteForm,
    World,
    basic,
    build_world,
    concrete_path,
    route_forms,
    valid_json_body,
)
from support import token

from smooch_mock.fake import FakeSmooch
from smooch_mock.http.messages import ApiRequest, ApiResponse
from smooch_mock.http.router import ACCOUNT_ONLY, ALL_SCOPES, Body
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.schemas import validate
from smooch_mock.server import ServerThread

pytestmark = pytest.mark.fuzz
FORMS = route_forms()
JSON_FORMS = [f for f in FORMS if f.route.body is Body.JSON]
MULTIPART_FORMS = [f for f in FORMS if f.route.body is Body.MULTIPART]
BASE_URL = "http://127.0.0.1:1"
JSON_LIMIT = 100 * 1024
FIELD_NAMES = [
    "role", "type", "text", "name", "userId", "givenName", "properties", "metadata", "actions",
    "items", "payload", "uri", "mediaUrl", "target", "triggers", "settings", "message",
    "destination", "author", "confirmation", "phoneNumber", "surviving", "discarded", "_id",
    "actionId", "device", "fields", "coordinates", "displaySettings", "signedUpAt", "email",
]  # fmt: skip
QUERY_NAMES = [
    "limit", "offset", "before", "after", "serviceAccountId", "integrationIds", "types",
    "access", "for", "appUserId", "userId",
]  # fmt: skip
CONTENT_TYPES = [
    "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain",
    "", "application/x-www-form-urlencoded", "multipart/form-data",
    "multipart/form-data; boundary=zzz", "application/json;;;", "image/png",
]  # fmt: skip
ODD_AUTHORIZATION = [
    "", "Bearer", "Bearer  ", "Basic", "Basic Og==", "Basic !!!", "Basic " + "A" * 5000,
    "Bearer a.b.c", "Bearer ....", "Bearer eyJhbGciOiJub25lIn0.e30.", "Digest x", "Token abc",
    "bearer x.y", "Basic dXNlcg==", "Basic OnNlY3JldA==", "x.y.z",
]  # fmt: skip

HTTP_AUTHORIZATION = [a for a in ODD_AUTHORIZATION if a and a == a.strip()]
"""What an HTTP client can send (h11 refuses empty or space-padded header values)."""

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
odd_text = st.text(max_size=40) | st.sampled_from(["", " ", "\x00", "é🌮", "../..", "%", "a" * 300])


def _dumps(value: Any) -> bytes:
    # NaN and Infinity included: Python's parser accepts them, so the fake must cope.
    return json.dumps(value).encode()


@st.composite
def mutated_bodies(draw: st.DrawFn, valid: dict[str, Any]) -> bytes:
    """A valid body with one field replaced, added, removed or nested-mutated, or any JSON."""
    body = json.loads(json.dumps(valid))
    how = draw(st.sampled_from(["replace", "add", "remove", "nested", "any", "huge", "big-ok"]))
    if how == "replace" and body:
        body[draw(st.sampled_from(sorted(body)))] = draw(json_values)
    elif how == "add":
        body[draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=10))] = draw(json_values)
    elif how == "remove" and body:
        del body[draw(st.sampled_from(sorted(body)))]
    elif how == "nested":
        containers = [v for v in body.values() if isinstance(v, dict) and v]
        if containers:
            inner = draw(st.sampled_from(containers))
            inner[draw(st.sampled_from(sorted(inner)))] = draw(json_values)
    elif how == "any":
        return _dumps(draw(json_values))
    elif how == "huge":
        body[draw(st.sampled_from(sorted(body) or ["text"]))] = "x" * (JSON_LIMIT + 10)
    elif how == "big-ok" and body:
        key = draw(st.sampled_from(sorted(body)))
        if isinstance(body[key], str):
            body[key] = draw(st.sampled_from(["é", "🌮", "\u202e", "a"])) * 20_000
    return _dumps(body)


raw_bodies = st.binary(max_size=300) | st.sampled_from(
    [
        b"{",
        b"[" * 50_000,
        b'{"a":' * 2000,
        b"\xff\xfe{}",
        b"null",
        b"NaN",
        b'{"role": "\xed\xa0\x80"}',
    ]
)


@dataclass
class Bench:
    fake: FakeSmooch
    world: World
    webhook_target: str
    figures: ReliabilityFigures
    server: ServerThread | None = None
    http: httpx.Client | None = None

    def rebuild(self) -> None:
        with self.fake.lock:
            self.fake.reset()
            self.world = build_world(self.fake, self.webhook_target)

    def authorization(self, form: RouteForm, choice: int) -> str:
        """A credential allowed on `form` (0: account or app key, 1: appUser token if allowed)."""
        a = self.world.a
        if choice == 1 and form.route.scopes == ALL_SCOPES:
            return f"Bearer {token(a.key, 'appUser', user_id=a.user.external_id)}"
        if form.route.scopes == ACCOUNT_ONLY or form.names_app:
            return basic(self.fake.account_key)
        return basic(a.key)

    def answer(self, request: ApiRequest) -> ApiResponse:
        self.figures.requests += 1
        return self.fake.handle(request)


@pytest.fixture(scope="module")
def bench(reliability_figures: ReliabilityFigures) -> Iterator[Bench]:
    fake = FakeSmooch(seed=41)
    with WebhookReceiver() as receiver, ServerThread(fake) as server:
        bench = Bench(fake, build_world(fake, receiver.url), receiver.url, reliability_figures)
        bench.server = server
        with httpx.Client(base_url=server.url, timeout=30) as http:
            bench.http = http
            yield bench
    fake.close()
    reliability_figures.internal_errors += len(fake.internal_errors)


def _assert_documented(status: int, body: Any, what: str) -> None:
    assert 200 <= status < 300 or status in ERROR_STATUSES, f"{what} → {status} {body}"
    if status >= 400:
        assert isinstance(body, dict) and set(body) == {"error"}, f"{what} → {body}"
        validate(body["error"], "objects/error")


def _assert_fake_healthy(bench: Bench, what: str) -> None:
    errors = "\n".join(e.traceback for e in bench.fake.internal_errors)
    assert not bench.fake.internal_errors, f"{what}: the fake raised\n{errors}"
    state = bench.fake.state_dump()
    for service_account in state["serviceAccounts"]:
        validate(
            {k: v for k, v in service_account.items() if k != "keys"}, "objects/service-account"
        )
    for deployment in state.get("deployments", []):
        validate(deployment, "objects/deployment")
    for app in state["apps"]:
        validate(app["app"], "objects/app")
        for key in app["keys"]:
            validate(key, "objects/secret-key")
        for entry in app["appUsers"]:
            validate(entry["appUser"], "objects/app-user")
            validate(entry["conversation"], "objects/conversation")
            for message in entry["messages"]:
                validate(message, "objects/message")
        for webhook in app["webhooks"]:
            validate(webhook, "objects/webhook")
        for template in app["templates"]:
            validate(template, "objects/template")
        for integration in app["integrations"]:
            validate(integration, "objects/integration")


def _request(
    bench: Bench,
    form: RouteForm,
    *,
    body: bytes = b"",
    content_type: str | None = "application/json",
    query: dict[str, str] | None = None,
    authorization: str | None = None,
    path: str | None = None,
) -> ApiRequest:
    headers = {"authorization": authorization if authorization is not None else ""}
    if content_type is not None:
        headers["content-type"] = content_type
    return ApiRequest(
        method=form.route.method,
        path=path or concrete_path(form, bench.world),
        query=query if query is not None else dict(QUERIES.get(form.route.operation, {})),
        headers=headers,
        body=body,
        base_url=BASE_URL,
    )


EXAMPLES = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@EXAMPLES
@given(data=st.data())
def test_fuzzed_json_bodies_on_every_json_route_get_documented_answers(
    bench: Bench, data: st.DataObject
) -> None:
    bench.rebuild()
    form = data.draw(st.sampled_from(JSON_FORMS), label="route")
    valid = valid_json_body(form, bench.world) or {}
    body = data.draw(mutated_bodies(valid) | raw_bodies, label="body")
    content_type = data.draw(
        st.sampled_from(CONTENT_TYPES[:3]) | st.sampled_from(CONTENT_TYPES), label="content type"
    )
    choice = data.draw(st.integers(0, 1), label="credential")
    request = _request(
        bench, form, body=body, content_type=content_type,
        authorization=bench.authorization(form, choice),
    )  # fmt: skip
    response = bench.answer(request)
    _assert_documented(response.status, response.body, form.label)
    _assert_fake_healthy(bench, form.label)


@st.composite
def odd_paths(draw: st.DrawFn, form: RouteForm, world: World) -> str:
    """The form's path, with one parameter (or none) replaced by odd, percent-encoded text."""
    path = concrete_path(form, world)
    names = [part for part in form.route.path.split("/") if part.startswith("{")]
    if len(names) > 0 and draw(st.booleans()):
        real = concrete_path(form, world).split("/")
        template = (
            f"/{form.version}" + ("/apps/{appId}" if form.prefixed else "") + form.route.path
        ).split("/")
        index = draw(st.sampled_from([i for i, p in enumerate(template) if p.startswith("{")]))
        real[index] = quote(draw(odd_text), safe="") or "%20"
        path = "/".join(real)
    return path


@EXAMPLES
@given(data=st.data())
def test_fuzzed_queries_paths_and_headers_on_every_route_get_documented_answers(
    bench: Bench, data: st.DataObject
) -> None:
    bench.rebuild()
    form = data.draw(st.sampled_from(FORMS), label="route")
    path = data.draw(odd_paths(form, bench.world), label="path")
    query = dict(QUERIES.get(form.route.operation, {}))
    query.update(
        data.draw(
            st.dictionaries(
                st.sampled_from(QUERY_NAMES) | st.text(max_size=6), odd_text, max_size=3
            ),
            label="query",
        )
    )
    authorization = data.draw(
        st.sampled_from([bench.authorization(form, 0), bench.authorization(form, 1)])
        | st.sampled_from(ODD_AUTHORIZATION)
        | st.text(max_size=60),
        label="authorization",
    )
    valid = valid_json_body(form, bench.world)
    body = b"" if valid is None else _dumps(valid)
    request = _request(bench, form, body=body, query=query, authorization=authorization, path=path)
    response = bench.answer(request)
    _assert_documented(response.status, response.body, f"{form.label} {path} {query}")
    _assert_fake_healthy(bench, form.label)


@st.composite
def multipart_bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    """A multipart body (maybe well formed, maybe not) and its Content-Type."""
    if draw(st.booleans()):
        fields = draw(
            st.dictionaries(
                st.sampled_from(FIELD_NAMES) | st.text(max_size=6), odd_text, max_size=4
            )
        )
        files = {}
        if draw(st.booleans()):
            files["source"] = (
                draw(odd_text),
                draw(st.binary(max_size=200)),
                draw(st.sampled_from(["image/png", "text/plain", "", "application/x-evil", "é/é"])),
            )
        request = httpx.Request("POST", BASE_URL, data=fields, files=files or None)
        if not files:
            request = httpx.Request("POST", BASE_URL, data=fields, files={"other": b"x"})
        return request.read(), request.headers["content-type"]
    content_type = draw(
        st.sampled_from(
            [
                "multipart/form-data",
                "multipart/form-data; boundary=b",
                "multipart/form-data; boundary=",
            ]
        )
    )
    body = draw(
        st.binary(max_size=300)
        | st.just(b'--b\r\nContent-Disposition: form-data; name="source"\r\n\r\nabc')
        | st.just(b"--b\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--b--\r\n")
    )
    return body, content_type


@settings(max_examples=100, deadline=None, derandomize=True)
@given(data=st.data())
def test_fuzzed_multipart_bodies_get_documented_answers(bench: Bench, data: st.DataObject) -> None:
    bench.rebuild()
    form = data.draw(st.sampled_from(MULTIPART_FORMS), label="route")
    body, content_type = data.draw(multipart_bodies(), label="multipart body")
    request = _request(
        bench, form, body=body, content_type=content_type,
        authorization=bench.authorization(form, data.draw(st.integers(0, 1))),
    )  # fmt: skip
    response = bench.answer(request)
    _assert_documented(response.status, response.body, form.label)
    _assert_fake_healthy(bench, form.label)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(data=st.data())
def test_fuzzed_requests_over_http_get_documented_json_answers(
    bench: Bench, data: st.DataObject
) -> None:
    """The same properties through aiohttp's parser: raw bytes, odd headers, odd paths."""
    assert bench.http is not None
    bench.rebuild()
    form = data.draw(st.sampled_from(FORMS), label="route")
    path = data.draw(odd_paths(form, bench.world), label="path")
    valid = valid_json_body(form, bench.world) or {}
    body = data.draw(mutated_bodies(valid) | raw_bodies, label="body")
    headers = {
        "Authorization": data.draw(
            st.just(bench.authorization(form, 0)) | st.sampled_from(HTTP_AUTHORIZATION),
            label="authorization",
        ),
        "Content-Type": data.draw(st.sampled_from(CONTENT_TYPES[:2] + CONTENT_TYPES), label="ct"),
    }
    query = data.draw(
        st.dictionaries(st.sampled_from(QUERY_NAMES), odd_text, max_size=2), label="query"
    )
    query.update(QUERIES.get(form.route.operation, {}))
    response = bench.http.request(
        form.route.method, path, params=query, headers=headers, content=body
    )
    bench.figures.requests += 1
    assert response.headers["content-type"].startswith("application/json"), response.headers
    _assert_documented(response.status_code, response.json(), f"{form.label} {path}")
    _assert_fake_healthy(bench, form.label)
