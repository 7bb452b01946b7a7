"""Request bodies are checked once, by their schema at the edge; handlers and the store do not
re-check what the schema holds, and every rule the schema took over still answers 400."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import assert_error

from smooch_mock import error_texts as texts
from smooch_mock.errors import BadRequest
from smooch_mock.fake import FakeSmooch
from smooch_mock.store import UserInput, fields
from smooch_mock.store.models import App, SecretKey

PACKAGE = Path(__file__).resolve().parent.parent / "smooch_mock"
HANDLER_FOLDERS = [PACKAGE / "api" / "v1" / "handlers", PACKAGE / "api" / "control" / "handlers"]
POSTBACK = {"type": "postback", "text": "Yes", "payload": "YES"}
LINK = {"type": "link", "text": "x", "uri": "https://example.com"}


def _item(title: str, actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"title": title, "actions": actions if actions is not None else [POSTBACK]}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
            names.update(f"{node.module or ''}.{alias.name}" for alias in node.names)
    return names


def _called_attributes(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


@pytest.mark.parametrize(
    "handler", [p for folder in HANDLER_FOLDERS for p in sorted(folder.glob("*.py"))], ids=str
)
def test_no_handler_re_checks_a_body_by_hand(handler: Path) -> None:
    imported = _imported_modules(handler)
    assert not {name for name in imported if name.endswith("store.fields")}, imported
    assert "reject_unknown" not in _called_attributes(handler)


def test_unknown_keys_are_the_schemas_job_alone() -> None:
    assert not hasattr(fields, "reject_unknown")
    callers = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "reject_unknown" in _called_attributes(path)
    ]
    assert callers == []


@pytest.fixture
def app(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> App:
    app, _ = app_and_key
    fake.store.create_user(app.id, UserInput("bob"))
    return app


def _post(client: httpx.Client, **body: Any) -> httpx.Response:
    return client.post("/v1.1/appusers/bob/messages", json={"role": "appMaker", **body})


@pytest.mark.parametrize(
    ("items", "description"),
    [
        ([], "items: must be non-empty: give between 1 and 10 items"),
        ([_item(str(i)) for i in range(11)], "items: is too long: give between 1 and 10 items"),
        (
            [{"title": "A", "actions": []}],
            "items[0].actions: must be non-empty: give between 1 and 3 actions",
        ),
        (
            [{"title": "A", "actions": [POSTBACK] * 4}],
            "items[0].actions: is too long: give between 1 and 3 actions",
        ),
    ],
)
@pytest.mark.parametrize("message_type", ["carousel", "list"])
def test_item_limits_are_400_through_http(
    app_client: httpx.Client,
    app: App,
    message_type: str,
    items: list[dict[str, Any]],
    description: str,
) -> None:
    error = assert_error(_post(app_client, type=message_type, items=items), 400, "bad_request")
    assert error["description"] == description


def test_ten_items_of_three_actions_pass_through_http(app_client: httpx.Client, app: App) -> None:
    items = [_item(str(i), actions=[POSTBACK, LINK, {"type": "share"}]) for i in range(10)]
    answer = _post(app_client, type="list", items=items)
    assert answer.status_code == 201, answer.text
    assert len(answer.json()["message"]["items"]) == 10


def test_select_allows_twenty_options_but_not_more_through_http(
    app_client: httpx.Client, app: App
) -> None:
    options = [{"name": f"o{i}", "label": f"O{i}"} for i in range(21)]
    field = {"type": "select", "name": "s", "label": "S"}
    accepted = _post(app_client, type="form", fields=[{**field, "options": options[:20]}])
    assert accepted.status_code == 201, accepted.text
    assert len(accepted.json()["message"]["fields"][0]["options"]) == 20
    refused = _post(app_client, type="form", fields=[{**field, "options": options}])
    error = assert_error(refused, 400, "bad_request")
    assert error["description"] == "fields[0].options: is too long: give at most 20 options"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "text", "text": "x", "colour": "red"}, "colour"),
        ({"type": "text", "text": "x", "destination": {"x": 1}}, "destination.x"),
        ({"type": "text", "text": "Q", "actions": [{**LINK, "colour": "red"}]}, "colour"),
    ],
)
def test_unknown_keys_are_400_naming_the_key_through_http(
    app_client: httpx.Client, app: App, body: dict[str, Any], field: str
) -> None:
    error = assert_error(_post(app_client, **body), 400, "bad_request")
    assert field in error["description"]
    assert "this field is not allowed" in error["description"]


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({"type": "text", "text": "x", "colour": "red"}, "colour: this field is not allowed"),
        (
            {"type": "carousel", "items": [_item(str(i)) for i in range(11)]},
            "items: is too long: give between 1 and 10 items",
        ),
    ],
)
def test_the_simulators_python_api_checks_against_the_same_schema(
    fake: FakeSmooch, app: App, message: dict[str, Any], reason: str
) -> None:
    with pytest.raises(BadRequest) as raised:
        fake.simulate.write(app.id, message, user="bob")
    assert raised.value.description == reason
    assert fake.store.list_messages(app.id, "bob").messages == []


def test_unknown_menu_and_notification_keys_are_400_through_http(
    fake: FakeSmooch, app_client: httpx.Client, app: App
) -> None:
    menu = app_client.put("/v1.1/menu", json={"items": [], "colour": "red"})
    assert assert_error(menu, 400, "bad_request")["description"] == (
        "colour: this field is not allowed"
    )
    twilio = fake.store.create_integration(
        app.id, "twilio", {"accountSid": "a", "authToken": "b", "phoneNumberSid": "c"}
    )
    notification = {
        "destination": {"integrationId": twilio.id, "destinationId": "+15145550000"},
        "author": {"role": "appMaker", "name": "Billing"},
        "message": {"type": "text", "text": "Your invoice is ready"},
        "extra": 1,
    }
    answer = app_client.post(f"/v1.1/apps/{app.id}/notifications", json=notification)
    assert assert_error(answer, 400, "bad_request")["description"] == (
        "extra: this field is not allowed"
    )


@pytest.mark.parametrize(
    ("path", "body", "description"),
    [
        (
            "/v1.1/whatsapp/deployments",
            {"hosting": "self", "baseUrl": "ftp://x", "username": "u", "password": "p"},
            "baseUrl: give an absolute http(s) URL with a host, e.g. https://example.com/whatsapp",
        ),
        (
            "/v1.1/whatsapp/deployments",
            {"hosting": "smooch", "callbackUrl": "https://"},
            "callbackUrl: give an absolute http(s) URL with a host, e.g. https://example.com/whatsapp",
        ),
        (
            "/v1.1/whatsapp/deployments",
            {"hosting": "self", "username": "u", "password": "p"},
            "baseUrl: this field is required",
        ),
    ],
)
def test_deployment_bodies_are_checked_by_their_schema(
    account_client: httpx.Client, path: str, body: dict[str, Any], description: str
) -> None:
    error = assert_error(account_client.post(path, json=body), 400, "bad_request")
    assert error["description"] == description


def test_a_phone_number_without_country_code_is_400_saying_what_to_give(
    account_client: httpx.Client,
) -> None:
    created = account_client.post("/v1.1/whatsapp/deployments", json={"hosting": "smooch"})
    deployment_id = created.json()["deployment"]["_id"]
    activation = {"phoneNumber": "5145555555", "verifiedNameCertificate": "c", "method": "sms"}
    answer = account_client.post(
        f"/v1.1/whatsapp/deployments/{deployment_id}/activate", json=activation
    )
    assert assert_error(answer, 400, "bad_request")["description"] == (
        "phoneNumber: must start with + and the country code, e.g. +15145555555"
    )


@pytest.mark.parametrize(
    ("change", "description"),
    [
        ({"destination": None}, "destination: None is not of type 'object'"),
        ({"author": {"role": "appUser"}}, "author.role: 'appMaker' was expected"),
        ({"message": {"type": "text"}}, "message.text: this field is required"),
        ({"messageSchema": "sms"}, "messageSchema: 'whatsapp' was expected"),
    ],
)
def test_invalid_notification_is_400_through_http(
    fake: FakeSmooch,
    app_client: httpx.Client,
    app: App,
    change: dict[str, object],
    description: str,
) -> None:
    twilio = fake.store.create_integration(
        app.id, "twilio", {"accountSid": "a", "authToken": "b", "phoneNumberSid": "c"}
    )
    notification = {
        "destination": {"integrationId": twilio.id, "destinationId": "+15145550000"},
        "author": {"role": "appMaker", "name": "Billing"},
        "message": {"type": "text", "text": "Your invoice is ready"},
        **change,
    }
    answer = app_client.post(f"/v1.1/apps/{app.id}/notifications", json=notification)
    assert assert_error(answer, 400, "bad_request")["description"] == description


@pytest.mark.parametrize(
    "menu",
    [
        {},
        {"items": [{"type": "postback", "text": "x"}]},
        {"items": [{"type": "link", "text": "x"}]},
        {"items": [{"type": "webview", "text": "x"}]},
        {"items": [{"type": "submenu", "text": "x"}]},
        {"items": [{"type": "submenu", "text": "x", "items": [{"type": "submenu", "text": "y"}]}]},
        {"items": [], "settings": {"inputEnabled": "no"}},
    ],
    ids=["no items", "postback", "link", "webview", "submenu", "nested", "settings"],
)
def test_menu_shapes_are_checked_by_the_schema_for_app_and_integration_menus(
    fake: FakeSmooch, app_client: httpx.Client, app: App, menu: dict[str, Any]
) -> None:
    messenger = fake.store.create_integration(
        app.id, "messenger", {"pageAccessToken": "t", "appId": "a", "appSecret": "s"}
    )
    integration_menu = f"/v1.1/apps/{app.id}/integrations/{messenger.id}/menu"
    for response in (
        app_client.put("/v1.1/menu", json=menu),
        app_client.post(integration_menu, json=menu),
    ):
        assert_error(response, 400, "bad_request")
    assert fake.store.get_menu(app.id) == {"items": []} and messenger.menu is None


def test_a_menu_link_that_is_not_http_is_the_stores_rule_through_http(
    app_client: httpx.Client,
) -> None:
    menu = {"items": [{"type": "link", "text": "Call", "uri": "tel:+15145550000"}]}
    assert assert_error(app_client.put("/v1.1/menu", json=menu), 400, "bad_request")[
        "description"
    ] == texts.FIELD_NOT_URL.format(field="menu.items[0].uri")


def test_whatsapp_templates_are_read_from_the_schema_checked_body(
    fake: FakeSmooch, app_client: httpx.Client, app: App
) -> None:
    whatsapp = fake.store.create_integration(
        app.id, "whatsapp", {"deploymentId": "5c86dbc35d2e6c0010b8b72e"}
    )
    path = f"/v1.1/apps/{app.id}/integrations/{whatsapp.id}/messageTemplates"
    body = {
        "name": "order_ready",
        "category": "ISSUE_RESOLUTION",
        "language": "fr_CA",
        "components": [{"type": "BODY", "text": "Votre commande {{1}} est prête"}],
    }
    created = app_client.post(path, json=body)
    assert created.status_code == 201, created.text
    template = created.json()["messageTemplate"]
    assert {k: template[k] for k in body} == body and template["status"] == "PENDING"
    assert_error(app_client.post(path, json={**body, "components": []}), 400, "bad_request")
    assert_error(app_client.post(path, json={"name": "x"}), 400, "bad_request")
    assert [t["name"] for t in whatsapp.message_templates] == ["order_ready"]


@pytest.mark.parametrize(
    ("role", "kind"), [("appUser", "typing:start"), ("appMaker", "dance"), ("appMaker", None)]
)
def test_invalid_business_activity_is_400_by_the_schema(
    app_client: httpx.Client, app: App, role: str, kind: str | None
) -> None:
    body = {"role": role} if kind is None else {"role": role, "type": kind}
    response = app_client.post("/v1.1/appusers/bob/conversation/activity", json=body)
    assert_error(response, 400, "bad_request")
    conversation = app_client.get("/v1.1/appusers/bob/messages").json()["conversation"]
    assert "appMakerLastRead" not in conversation
