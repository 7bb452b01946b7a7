"""Linking a channel takes channel types only: a push integration (fcm, apn) is no channel."""

from __future__ import annotations

import httpx
import pytest
from support import assert_error

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
