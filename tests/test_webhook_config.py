"""Webhook configuration rules: absolute http(s) targets, known triggers, defaults, at most 10."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread


@pytest.fixture
def api() -> Iterator[tuple[httpx.Client, str]]:
    fake = FakeSmooch(seed=21)
    app, key = fake.create_app_with_key()
    with (
        ServerThread(fake) as server,
        httpx.Client(base_url=server.url, auth=(key.id, key.secret)) as client,
    ):
        yield client, app.id
    assert not fake.internal_errors


@pytest.mark.parametrize(
    "target", ["example.com/hook", "ftp://example.com/hook", "http://", "/relative", ""]
)
def test_target_must_be_an_absolute_http_url(api: tuple[httpx.Client, str], target: str) -> None:
    client, _ = api
    answer = client.post("/v1.1/webhooks", json={"target": target})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_request"
    assert "target" in answer.json()["error"]["description"]


def test_unknown_trigger_is_named_in_the_error(api: tuple[httpx.Client, str]) -> None:
    client, _ = api
    answer = client.post(
        "/v1.1/webhooks",
        json={
            "target": "http://127.0.0.1:9/h",
            "triggers": ["message:appUser", "message:appBusiness"],
        },
    )
    assert answer.status_code == 400
    assert "message:appBusiness" in answer.json()["error"]["description"]


def test_v1_only_triggers_are_unknown_to_v1_1_webhooks(api: tuple[httpx.Client, str]) -> None:
    client, _ = api
    assert (
        client.post(
            "/v1.1/webhooks",
            json={"target": "http://127.0.0.1:9/h", "triggers": ["delivery:success"]},
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/v1/webhooks",
            json={"target": "http://127.0.0.1:9/h", "triggers": ["delivery:success"]},
        ).status_code
        == 201
    )


@pytest.mark.parametrize(
    ("version", "default"), [("v1", ["message"]), ("v1.1", ["message:appUser"])]
)
def test_default_triggers_per_version(
    api: tuple[httpx.Client, str], version: str, default: list[str]
) -> None:
    client, _ = api
    created = client.post(
        f"/{version}/webhooks", json={"target": "https://example.com/hook"}
    ).json()["webhook"]
    # /v1 answers omit the v1.1 fields (live 2018 recordings); v1.1 shows the same webhook whole.
    webhook = client.get(f"/v1.1/webhooks/{created['_id']}").json()["webhook"]
    assert webhook["triggers"] == default
    assert webhook["version"] == version
    assert webhook["includeClient"] is False and webhook["includeFullAppUser"] is False
    assert len(webhook["secret"]) >= 20


def test_an_app_has_at_most_ten_webhooks(api: tuple[httpx.Client, str]) -> None:
    client, _ = api
    for n in range(10):
        assert (
            client.post("/v1.1/webhooks", json={"target": f"https://example.com/{n}"}).status_code
            == 201
        )
    eleventh = client.post("/v1.1/webhooks", json={"target": "https://example.com/11"})
    assert eleventh.status_code == 400
    assert "10" in eleventh.json()["error"]["description"]
