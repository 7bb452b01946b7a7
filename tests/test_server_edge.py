"""The aiohttp edge: every answer it sends carries the security headers; its own failures are
the fake's bugs, answered in Smooch's error shape and recorded."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from smooch_mock.fake import FakeSmooch
from smooch_mock.http import server as edge
from smooch_mock.http.dispatch import MULTIPART_BODY_LIMIT
from smooch_mock.http.server import DEFAULT_POLICY, SECURITY_HEADERS, ServerThread
from smooch_mock.store.models import App, SecretKey


def assert_secured(headers: httpx.Headers | dict[str, str], policy: str = DEFAULT_POLICY) -> None:
    lowered = {name.lower(): value for name, value in headers.items()}
    for name, value in SECURITY_HEADERS.items():
        assert lowered.get(name.lower()) == value, (name, lowered)
    assert lowered.get("content-security-policy") == policy, lowered


@pytest.fixture
def app_id(app_and_key: tuple[App, SecretKey]) -> str:
    return app_and_key[0].id


def test_an_api_answer_and_an_api_error_carry_the_security_headers(
    app_client: httpx.Client,
) -> None:
    answer = app_client.get("/v1.1/webhooks")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert_secured(answer.headers)
    missing = app_client.get("/v1.1/appusers/nobody/messages")
    assert missing.status_code == 404
    assert_secured(missing.headers)


def test_a_refusal_of_the_guard_carries_the_security_headers(server: ServerThread) -> None:
    refused = httpx.get(server.url + "/_mock/health", headers={"Host": "evil.example"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert_secured(refused.headers)


def test_a_method_not_allowed_keeps_its_allow_header_beside_the_security_headers(
    app_client: httpx.Client,
) -> None:
    answer = app_client.request("PATCH", "/v1.1/appusers/someone/messages")
    assert answer.status_code == 405
    assert "GET" in answer.headers["allow"]
    assert_secured(answer.headers)


def test_an_answer_with_a_policy_of_its_own_keeps_it(server: ServerThread) -> None:
    dashboard = httpx.get(server.url + "/")
    assert dashboard.status_code == 200
    policy = dashboard.headers["content-security-policy"]
    assert policy != DEFAULT_POLICY and "default-src 'self'" in policy
    assert_secured(dashboard.headers, policy=policy)
    assert len(dashboard.headers.get_list("content-security-policy")) == 1


def test_a_body_too_large_is_refused_with_the_security_headers(
    app_client: httpx.Client,
) -> None:
    too_large = b"0" * (MULTIPART_BODY_LIMIT + 10)
    answer = app_client.post("/v1.1/attachments", params={"access": "public"}, content=too_large)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "request_entity_too_large"
    assert_secured(answer.headers)


def test_an_event_stream_carries_the_security_headers(server: ServerThread, app_id: str) -> None:
    url = f"{server.url}/_mock/apps/{app_id}/events"
    with httpx.stream("GET", url, timeout=10) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert_secured(stream.headers)


@pytest.fixture
def broken_edge(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The edge fails while building the request it hands to the fake."""

    def broken(**fields: object) -> None:
        raise RuntimeError("the edge broke")

    monkeypatch.setattr(edge, "ApiRequest", broken)
    yield


def test_a_failure_of_the_edge_is_a_recorded_500_in_smoochs_error_shape(
    app_client: httpx.Client, fake: FakeSmooch, broken_edge: None
) -> None:
    answer = app_client.get("/v1.1/webhooks")
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "internal_error"
    assert_secured(answer.headers)
    assert [error.where for error in fake.internal_errors] == ["GET /v1.1/webhooks"]
    fake.internal_errors.clear()  # recorded as it should be: not a failure of this test
