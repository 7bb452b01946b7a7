"""Linking a channel takes channel types only: a push integration (fcm, apn) is no channel."""

from __future__ import annotations

import json

import httpx
import pytest
from support import assert_error

from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App, SecretKey


@pytest.mark.parametrize(
    ("integration", "fields"),
    [("fcm", {"serverKey": "k", "senderId": "1"}), ("apn", {"certificate": "Y2VydA=="})],
)
def test_linking_a_push_integration_is_400_not_a_broken_client(
    app_client: httpx.Client,
    app_and_key: tuple[App, SecretKey],
    integration: str,
    fields: dict[str, str],
) -> None:
    # Found by the schemathesis fuzz: the pending client had platform `fcm`, which no appUser
    # answer may carry, so the link answered 500.
    app, _ = app_and_key
    created = app_client.post(
        f"/v1.1/apps/{app.id}/integrations", json={"type": integration, **fields}
    )
    assert created.status_code == 201, created.text
    assert app_client.post("/v1.1/appusers", json={"userId": "bob"}).status_code == 201
    integration_id = created.json()["integration"]["_id"]
    body = {
        "type": integration,
        "integrationId": integration_id,
        "confirmation": {"type": "immediate"},
    }
    error = assert_error(
        app_client.post("/v1/appusers/bob/channels", json=body), 400, "bad_request"
    )
    assert error["description"].startswith("type:")


def test_an_address_given_for_a_non_email_channel_is_not_reported_as_a_phone_number(
    app_client: httpx.Client, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    # Found by the schemathesis fuzz: link:success reported the address as `phoneNumber`, which
    # the payload schema refuses, so the link answered 500.
    app, _ = app_and_key
    hooked = app_client.post(
        "/v1.1/webhooks", json={"target": "http://127.0.0.1:9/hook", "triggers": ["link:success"]}
    )
    assert hooked.status_code == 201, hooked.text
    assert app_client.post("/v1.1/appusers", json={"userId": "bob"}).status_code == 201
    body = {"type": "twitter", "address": "bob@example.com", "confirmation": {"type": "immediate"}}
    linked = app_client.post("/v1.1/appusers/bob/channels", json=body)
    assert linked.status_code == 200, linked.text
    (success,) = [d for d in fake.webhooks.log.list(app.id) if d.trigger == "link:success"]
    assert json.loads(success.body)["criteria"] == {}
