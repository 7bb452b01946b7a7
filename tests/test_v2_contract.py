"""Strict-contract mode covers v2: each answer against the v2 schemas, errors against v2's body."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from smooch_mock.api.v2 import wire
from smooch_mock.contract.check import ContractViolation, check_response
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.inprocess import answerer
from smooch_mock.store.models import App

V2_ERROR = {"errors": [{"code": "not_found", "title": "Resource not found"}]}
V1_ERROR = {"error": {"code": "not_found", "description": "Not found"}}


def test_v2_answers_are_checked_against_the_v2_schemas() -> None:
    good = {"app": {"id": "5d8cff3cd55b040010928b5b", "displayName": "My App", "settings": {}}}
    assert check_response("GetApp", 200, good, "v2") is None
    broken = {"app": {"id": "5d8cff3cd55b040010928b5b", "displayName": ""}}
    assert "GetApp 200 response (v2/responses/app)" in (
        check_response("GetApp", 200, broken, "v2") or ""
    )
    assert "status 200 is not documented" in (check_response("CreateApp", 200, good, "v2") or "")


def test_errors_on_v2_paths_must_have_the_v2_body_and_v1_paths_the_v1_body() -> None:
    assert check_response(None, 404, V2_ERROR, "v2") is None
    assert check_response("GetApp", 404, V2_ERROR, "v2") is None
    assert check_response(None, 404, V1_ERROR, "v2") is not None
    assert check_response(None, 404, V2_ERROR, "v1.1") is not None
    assert check_response(None, 404, V1_ERROR, None) is None


@pytest.fixture
def lax_fake() -> Iterator[FakeSmooch]:
    """A strict fake whose internal errors this test inspects itself (no fixture failure)."""
    instance = FakeSmooch(seed=5, strict_contract=True)
    yield instance
    instance.close()


def test_a_v2_answer_breaking_its_schema_becomes_a_500_in_the_v2_body(
    lax_fake: FakeSmooch, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = lax_fake.create_app_with_key()
    monkeypatch.setattr(wire, "app", lambda model: {"id": model.id, "displayName": 42})
    account = lax_fake.account_key
    client = httpx.Client(
        transport=httpx.MockTransport(answerer(lax_fake)), base_url="http://127.0.0.1"
    )
    response = client.get(f"/v2/apps/{app.id}", auth=(account.id, account.secret))
    assert response.status_code == 500
    (error,) = response.json()["errors"]
    assert error["code"] == "contract_violation"
    assert "GetApp 200 response (v2/responses/app): app.displayName" in error["title"]
    assert [type(e.error) for e in lax_fake.internal_errors] == [ContractViolation]


def test_every_v2_answer_of_a_session_keeps_the_contract(fake: FakeSmooch, app: App) -> None:
    client = httpx.Client(transport=httpx.MockTransport(answerer(fake)), base_url="http://h")
    account = (fake.account_key.id, fake.account_key.secret)
    calls = [
        ("GET", "/v2/apps", None),
        ("GET", f"/v2/apps/{app.id}", None),
        ("PATCH", f"/v2/apps/{app.id}", {"displayName": "x", "metadata": {"a": 1}}),
        ("GET", f"/v2/apps/{app.id}/keys", None),
        ("POST", f"/v2/apps/{app.id}/keys", {"displayName": "k"}),
        ("GET", "/v2/apps?page[size]=0", None),
        ("POST", "/v2/apps", {}),
        ("DELETE", "/v2/apps/" + "0" * 24, None),
    ]
    for method, path, body in calls:
        response = client.request(method, path, json=body, auth=account)
        assert response.status_code < 500, response.text
    assert fake.internal_errors == []


@pytest.fixture
def app(fake: FakeSmooch) -> App:
    return fake.create_app_with_key("Contract app")[0]
