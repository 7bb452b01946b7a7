"""Store: integrations per type — required fields, generated fields, secrets never echoed."""

from __future__ import annotations

from typing import Any

import pytest

from smooch_mock.api.v1 import wire
from smooch_mock.errors import BadRequest, NotFound
from smooch_mock.store import Store
from smooch_mock.store.inputs import MessageTemplateInput
from smooch_mock.store.integrations import INTEGRATION_SPECS
from smooch_mock.store.models import App

VALID: dict[str, dict[str, Any]] = {
    "messenger": {"pageAccessToken": "PAT", "appId": "123", "appSecret": "ASEC"},
    "twilio": {"accountSid": "AC1", "authToken": "AUTH", "phoneNumberSid": "PN1"},
    "messagebird": {"accessKey": "AK", "originator": "+1555", "signingKey": "SK"},
    "telegram": {"token": "TG"},
    "line": {"channelAccessToken": "CAT", "channelSecret": "CS", "channelId": "42"},
    "viber": {"token": "VB"},
    "wechat": {"appId": "wx", "appSecret": "WS", "encodingAesKey": "EAK"},
    "whatsapp": {"baseUrl": "https://wa.io", "username": "u", "password": "PW"},
    "twitter": {
        "consumerKey": "ck", "consumerSecret": "CSEC",
        "accessTokenKey": "ATK", "accessTokenSecret": "ATS",
    },
    "mailgun": {"apiKey": "MG", "domain": "mg.io", "incomingAddress": "in@mg.io"},
    "fcm": {"serverKey": "FSK", "senderId": "1"},
    "apn": {"certificate": "Q0VSVA==", "password": "P12", "production": True},
    "apple": {"businessId": "b", "apiSecret": "APS", "mspId": "m"},
    "web": {"brandColor": "00ff00", "displayStyle": "tab"},
    "ios": {},
    "android": {},
}  # fmt: skip


@pytest.fixture
def app(store: Store) -> App:
    return store.create_app("Shop")


def test_every_integration_type_has_a_valid_example() -> None:
    assert set(VALID) == set(INTEGRATION_SPECS)


@pytest.mark.parametrize("kind", sorted(VALID))
def test_each_type_is_created_with_generated_fields_and_without_secrets(
    store: Store, app: App, kind: str
) -> None:
    spec = INTEGRATION_SPECS[kind]
    body = wire.integration(store.create_integration(app.id, kind, dict(VALID[kind])))
    assert (body["type"], body["status"], len(body["_id"])) == (kind, "active", 24)
    for secret in spec.secrets:
        assert secret not in body
    for name in spec.generated:
        assert body[name]
    public = {k: v for k, v in VALID[kind].items() if k not in spec.secrets}
    assert public.items() <= body.items()


@pytest.mark.parametrize("kind", sorted(k for k, s in INTEGRATION_SPECS.items() if s.required))
def test_each_required_field_is_checked(store: Store, app: App, kind: str) -> None:
    for missing in INTEGRATION_SPECS[kind].required:
        body = {k: v for k, v in VALID[kind].items() if k != missing}
        with pytest.raises(BadRequest, match=missing):
            store.create_integration(app.id, kind, body)


def test_whatsapp_needs_a_deployment_or_base_url_credentials(store: Store, app: App) -> None:
    store.create_integration(app.id, "whatsapp", {"deploymentId": "5c86dbc35d2e6c0010b8b72e"})
    with pytest.raises(BadRequest, match="deploymentId"):
        store.create_integration(app.id, "whatsapp", {"baseUrl": "https://wa.io"})


def test_unknown_type_and_server_generated_fields_are_400(store: Store, app: App) -> None:
    with pytest.raises(BadRequest, match="type"):
        store.create_integration(app.id, "pigeon", {})
    with pytest.raises(BadRequest, match="_id"):
        store.create_integration(app.id, "web", {"_id": "mine"})


def test_update_keeps_secrets_hidden_and_refuses_the_type(store: Store, app: App) -> None:
    integration = store.create_integration(app.id, "telegram", {"token": "old"})
    store.update_integration(app.id, integration.id, {"token": "new", "displayName": "Bot"})
    body = wire.integration(integration)
    assert body["displayName"] == "Bot" and "token" not in body
    assert integration.secrets["token"] == "new"
    with pytest.raises(BadRequest, match="type"):
        store.update_integration(app.id, integration.id, {"type": "line"})


def test_list_filters_by_type_and_delete_removes(store: Store, app: App) -> None:
    telegram = store.create_integration(app.id, "telegram", {"token": "t"})
    store.create_integration(app.id, "web", {})
    assert store.list_integrations(app.id, ["telegram"]) == [telegram]
    store.delete_integration(app.id, telegram.id)
    with pytest.raises(NotFound):
        store.get_integration(app.id, telegram.id)


def test_whatsapp_message_templates_are_pending_and_deletable_by_name(
    store: Store, app: App
) -> None:
    integration = store.create_integration(
        app.id, "whatsapp", {"deploymentId": "5c86dbc35d2e6c0010b8b72e"}
    )
    template = store.add_message_template(app.id, integration.id, MessageTemplateInput("hello"))
    assert template["status"] == "PENDING" and template["name"] == "hello"
    store.delete_message_template(app.id, integration.id, "hello")
    with pytest.raises(NotFound):
        store.delete_message_template(app.id, integration.id, "hello")
