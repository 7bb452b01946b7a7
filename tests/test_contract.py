"""The contract: one schema mapping per operation, field-naming 400s, strict mode and OpenAPI."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate as validate_openapi
from support import assert_error

from smooch_mock.api.routes import CONTROL_ROUTES, ROUTES, SMOOCH_ROUTES
from smooch_mock.api.v1 import wire
from smooch_mock.contract import (
    ERROR_STATUSES,
    REQUEST_SCHEMAS,
    RESPONSE_SCHEMAS,
    STRICT_ENV,
    ContractViolation,
    check_request,
    check_response,
    check_webhook_payload,
)
from smooch_mock.contract.control import RAW_RESPONSES
from smooch_mock.contract.openapi import build_openapi, openapi_document, render, shipped_openapi
from smooch_mock.errors import BadRequest
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.router import Body, Placement
from smooch_mock.schemas import get_schema, schema_names, webhook_triggers

OPERATIONS = {route.operation for route in ROUTES}


# -- the mapping ------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.operation)
def test_every_operation_has_response_schemas(route: Any) -> None:
    assert route.operation in RESPONSE_SCHEMAS, f"map {route.operation} in contract/mapping.py"
    for status in RESPONSE_SCHEMAS[route.operation]:
        redirect = status == 302 and route.operation == "Authorize"  # OAuth's documented answer
        assert 200 <= status < 300 or redirect


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.body is Body.JSON], ids=lambda route: route.operation
)
def test_every_json_body_has_a_request_schema(route: Any) -> None:
    assert route.operation in REQUEST_SCHEMAS, (
        f"map {route.operation}'s body in contract/mapping.py"
    )


def test_the_mapping_names_only_real_operations_and_schemas() -> None:
    assert set(REQUEST_SCHEMAS) <= OPERATIONS and set(RESPONSE_SCHEMAS) <= OPERATIONS
    names = set(schema_names())
    specs: list[Any] = [s for by_status in RESPONSE_SCHEMAS.values() for s in by_status.values()]
    for spec in REQUEST_SCHEMAS.values():
        versioned = isinstance(spec, dict) and set(spec) <= {"v1", "v1.1"} and spec
        specs.extend(spec.values() if versioned else [spec])  # type: ignore[union-attr]
    for spec in specs:
        assert not isinstance(spec, str) or spec in names, spec


# -- request bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "body", "expected"),
    [
        (
            "postMessage",
            {
                "role": "appMaker",
                "type": "text",
                "text": "x",
                "actions": [{"type": "buy", "text": "Buy", "amount": "ten"}],
            },
            "actions[0].amount: ",
        ),
        (
            "createTemplate",
            {
                "name": "t",
                "message": {
                    "role": "appMaker",
                    "type": "text",
                    "text": "x",
                    "actions": [{"type": "buy", "text": "Buy", "amount": 1.5}],
                },
            },
            "message.actions[0].amount: ",
        ),
        ("createApp", {}, "name: this field is required"),
        ("createApp", {"name": "A", "colour": "red"}, "colour: this field is not allowed"),
        ("createWebhook", {"target": "ftp://x"}, "target: "),
        ("linkAppUser", {"type": "twilio", "confirmation": {"type": "immediate"}}, "phoneNumber"),
    ],
)
def test_invalid_body_is_bad_request_naming_the_field(
    operation: str, body: dict[str, Any], expected: str
) -> None:
    with pytest.raises(BadRequest) as raised:
        check_request(operation, body, "v1.1")
    assert raised.value.description.startswith(expected) or expected in raised.value.description


def test_request_schema_follows_the_version() -> None:
    body = {"userId": "bob", "credentialRequired": True}
    check_request("preCreateAppUser", body, "v1")
    with pytest.raises(BadRequest, match="credentialRequired"):
        check_request("preCreateAppUser", body, "v1.1")


def test_the_dispatcher_checks_bodies_before_the_handler(app_client: httpx.Client) -> None:
    body = {"role": "appMaker", "type": "text", "text": "x", "actions": [{"type": "link"}]}
    app_client.post("/v1.1/appusers", json={"userId": "bob"})
    error = assert_error(
        app_client.post("/v1.1/appusers/bob/messages", json=body), 400, "bad_request"
    )
    assert error["description"].startswith("actions[0]"), error


@pytest.mark.parametrize("example", get_schema("requests/message-post")["examples"])
def test_schema_and_python_rules_agree_on_the_message_examples(
    app_client: httpx.Client, example: dict[str, Any]
) -> None:
    app_client.post("/v1.1/appusers", json={"userId": "bob"})
    response = app_client.post("/v1.1/appusers/bob/messages", json=example)
    assert response.status_code == 201, response.text


# -- strict mode ------------------------------------------------------------------------------


def test_strict_mode_is_on_in_the_whole_suite(fake: FakeSmooch) -> None:
    assert os.environ[STRICT_ENV] == "1" and fake.strict_contract and FakeSmooch().strict_contract


def test_strict_mode_default_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "0")
    assert FakeSmooch().strict_contract is False
    assert FakeSmooch(strict_contract=True).strict_contract is True
    monkeypatch.setenv(STRICT_ENV, "1")
    assert FakeSmooch(strict_contract=False).strict_contract is False


@pytest.fixture
def lax_fake() -> Iterator[FakeSmooch]:
    """A strict fake whose internal errors this test inspects itself (no fixture failure)."""
    instance = FakeSmooch(seed=5, strict_contract=True)
    yield instance
    instance.close()


def test_a_response_breaking_its_schema_becomes_a_500_and_an_internal_error(
    lax_fake: FakeSmooch, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = lax_fake.create_app_with_key()
    monkeypatch.setattr(wire, "app", lambda model: {"_id": model.id, "name": 42})
    account = lax_fake.account_key
    client = httpx.Client(
        transport=httpx.MockTransport(_answerer(lax_fake)), base_url="http://127.0.0.1"
    )
    response = client.get(f"/v1.1/apps/{app.id}", auth=(account.id, account.secret))
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "contract_violation"
    assert "getApp 200 response (responses/app): app." in response.json()["error"]["description"]
    assert [type(e.error) for e in lax_fake.internal_errors] == [ContractViolation]


def test_a_webhook_payload_breaking_its_schema_is_refused_loudly(lax_fake: FakeSmooch) -> None:
    check = lax_fake.webhooks.payload_checks[-1]
    with pytest.raises(ContractViolation, match=r"\): appUser: this field is required"):
        check({"trigger": "message:appUser", "app": {"_id": "5698edbf2a43bd081be982f1"}},
              "message:appUser", "v1")  # fmt: skip
    assert len(lax_fake.internal_errors) == 1


def test_response_checks_know_statuses_and_error_bodies() -> None:
    assert check_response("deleteApp", 200, {}) is None
    assert "status 201 is not documented" in (check_response("deleteApp", 201, {}) or "")
    assert check_response(None, 404, {"error": {"code": "not_found", "description": "x"}}) is None
    assert check_response("getApp", 404, {"message": "nope"}) is not None
    assert "trigger" in (check_webhook_payload({}, "postback", "v1.1") or "")


# -- OpenAPI ----------------------------------------------------------------------------------


def test_the_shipped_document_is_the_freshly_built_one() -> None:
    fresh = build_openapi()
    assert shipped_openapi() == json.loads(render(fresh)), (
        "run: python -m smooch_mock.contract.openapi"
    )


def test_the_document_is_valid_openapi_3_1() -> None:
    document = openapi_document()
    assert document["openapi"] == "3.1.0"
    validate_openapi(document)


def test_the_document_is_served_by_the_fake(client_for: Callable[..., httpx.Client]) -> None:
    response = client_for().get("/_mock/openapi.json")
    assert response.status_code == 200 and response.json() == json.loads(render(openapi_document()))


def test_every_route_form_and_webhook_is_documented() -> None:
    document = openapi_document()
    operation_ids = {
        op["operationId"] for item in document["paths"].values() for op in item.values()
    }
    for route in SMOOCH_ROUTES:
        assert route.operation in operation_ids or route.operation + "_v1" in operation_ids
        if route.placement is Placement.APP:
            path = f"/{route.versions[-1]}/apps/{{appId}}{route.path}"
            assert route.method.lower() in document["paths"][path], path
    for route in CONTROL_ROUTES:
        assert route.method.lower() in document["paths"][route.path]
    assert "/v1/init" in document["paths"] and "/v1.1/init" not in document["paths"]
    expected = len(webhook_triggers("v1")) + len(webhook_triggers("v1.1"))
    assert len(document["webhooks"]) == expected == 35


def test_every_smooch_operation_documents_its_errors_with_the_error_schema() -> None:
    document = openapi_document()
    for path, item in document["paths"].items():
        for operation in item.values():
            statuses = {int(s) for s in operation["responses"]}
            expected = (
                set(ERROR_STATUSES) if path.startswith("/v1") else set(ERROR_STATUSES) - {401, 403}
            )
            assert expected <= statuses, (path, statuses)
            if path.startswith("/v1"):
                assert operation["security"] == [{"basicAuth": []}, {"bearerAuth": []}]
    error = document["components"]["responses"]["Error400"]["content"]["application/json"]
    assert error["schema"] == {"$ref": "#/components/schemas/responses.error"}


def test_the_document_is_self_contained() -> None:
    document = openapi_document()
    refs = list(_refs(document))
    assert len(refs) > 300
    for ref in refs:
        assert ref.startswith("#/components/"), ref
        _resolve(document, ref)
    assert "$id" not in json.dumps(document["components"]["schemas"])


def test_raw_operations_are_not_json() -> None:
    for operation in RAW_RESPONSES:
        assert operation in OPERATIONS


# -- helpers ----------------------------------------------------------------------------------


def _answerer(fake: FakeSmooch) -> Callable[[httpx.Request], httpx.Response]:
    from smooch_mock.inprocess import answerer

    return answerer(fake)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key != "examples":
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(document: Any, ref: str) -> Any:
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node
