"""HTTP: webhook CRUD; each webhook keeps the version of the path that created it."""

from __future__ import annotations

import httpx
import pytest
from support import assert_error

from smooch_mock.store.models import App, SecretKey

TARGET = "https://example.com/hook"


@pytest.fixture
def app(app_and_key: tuple[App, SecretKey]) -> App:
    return app_and_key[0]


@pytest.mark.parametrize(
    ("version", "triggers"), [("v1", ["message"]), ("v1.1", ["message:appUser"])]
)
def test_create_takes_the_path_version_and_its_default_triggers(
    app_client: httpx.Client, version: str, triggers: list[str]
) -> None:
    response = app_client.post(f"/{version}/webhooks", json={"target": TARGET})
    assert response.status_code == 201
    # /v1 answers have no version fields (live 2018 recordings): read it back through v1.1.
    [webhook] = app_client.get("/v1.1/webhooks").json()["webhooks"]
    assert (webhook["version"], webhook["triggers"], webhook["target"]) == (
        version,
        triggers,
        TARGET,
    )
    assert (
        webhook["secret"]
        and webhook["includeClient"] is False
        and webhook["includeFullAppUser"] is False
    )


def test_get_list_update_delete(
    app_client: httpx.Client, account_client: httpx.Client, app: App
) -> None:
    webhook = app_client.post(
        "/v1.1/webhooks", json={"target": TARGET, "triggers": ["postback"]}
    ).json()["webhook"]
    assert app_client.get(f"/v1.1/webhooks/{webhook['_id']}").json()["webhook"] == webhook
    assert account_client.get(f"/v1.1/apps/{app.id}/webhooks").json()["webhooks"] == [webhook]
    updated = app_client.put(
        f"/v1.1/webhooks/{webhook['_id']}",
        json={"includeClient": True, "triggers": ["*", "typing:appUser"]},
    ).json()["webhook"]
    assert updated["includeClient"] is True and updated["triggers"] == ["*", "typing:appUser"]
    assert updated["secret"] == webhook["secret"] and updated["target"] == TARGET
    assert app_client.delete(f"/v1.1/webhooks/{webhook['_id']}").json() == {}
    assert_error(app_client.get(f"/v1.1/webhooks/{webhook['_id']}"), 404, "not_found")


def test_eleventh_webhook_is_400(app_client: httpx.Client) -> None:
    for _ in range(10):
        assert app_client.post("/v1.1/webhooks", json={"target": TARGET}).status_code == 201
    assert_error(app_client.post("/v1.1/webhooks", json={"target": TARGET}), 400, "bad_request")


def test_unknown_trigger_is_400_naming_it(app_client: httpx.Client) -> None:
    response = app_client.post(
        "/v1.1/webhooks", json={"target": TARGET, "triggers": ["delivery:success"]}
    )
    assert "delivery:success" in assert_error(response, 400, "bad_request")["description"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"target": "ftp://x.io"},
        {"target": "not a url"},
        {"target": TARGET, "triggers": "postback"},
        {"target": TARGET, "triggers": [1]},
        {"target": TARGET, "includeClient": "yes"},
        {"target": TARGET, "secret": "s"},
    ],
)
def test_invalid_webhook_is_400(app_client: httpx.Client, body: dict[str, object]) -> None:
    assert_error(app_client.post("/v1.1/webhooks", json=body), 400, "bad_request")


def test_empty_update_is_400(app_client: httpx.Client) -> None:
    webhook = app_client.post("/v1.1/webhooks", json={"target": TARGET}).json()["webhook"]
    assert_error(app_client.put(f"/v1.1/webhooks/{webhook['_id']}", json={}), 400, "bad_request")


def test_update_checks_triggers_against_the_webhooks_own_version(app_client: httpx.Client) -> None:
    webhook = app_client.post("/v1/webhooks", json={"target": TARGET}).json()["webhook"]
    path = f"/v1.1/webhooks/{webhook['_id']}"
    response = app_client.put(path, json={"triggers": ["message:delivery:user"]})
    assert "message:delivery:user" in assert_error(response, 400, "bad_request")["description"]
    updated = app_client.put(path, json={"triggers": ["postback"]}).json()["webhook"]
    assert updated["triggers"] == ["postback"] and updated["version"] == "v1"
