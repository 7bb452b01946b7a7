"""Official Python v2 clients under every credential a users/conversations operation takes:
Basic and JWT, for account, app and custom-integration (`int_`) keys."""

from __future__ import annotations

import pytest
import sunshine_conversations_client as sunco
from v2_clients import Scheme, V2Clients

from smooch_mock.fake import FakeSmooch
from smooch_mock.store.inputs import WebhookInput
from smooch_mock.store.models import App, SecretKey

EVERY_CREDENTIAL: list[tuple[Scheme, str]] = [
    (scheme, scope) for scope in ("account", "app", "integration") for scheme in ("basic", "jwt")
]
"""(scheme, scope) pairs: users, clients, conversations and participants take all three scopes."""


def integration_key_of(fake: FakeSmooch, app: App) -> SecretKey:
    """An `int_` key of a custom integration of `app` (the v1.1 webhook's integration)."""
    with fake.lock:
        webhook = fake.store.create_webhook(
            app.id, WebhookInput(target="http://127.0.0.1:9/hook", triggers=["*"]), version="v1.1"
        )
        integration = fake.store.webhook_integration(app.id, webhook.id)
        key = SecretKey(
            id="int_" + webhook.id,
            secret=fake.store.ids.secret(),
            name="Integration key",
            scope="integration",
            app_id=app.id,
            integration_id=integration.id,
        )
        fake.store.keys[key.id] = key
    return key


def client_as(
    clients: V2Clients, app: App, app_key: SecretKey, scheme: Scheme, scope: str
) -> sunco.ApiClient:
    """A configured client for `app` under `scope` (account, app or integration)."""
    if scope == "account":
        return clients.account(scheme)
    if scope == "app":
        return clients.client(app_key, scheme)
    if scope == "integration":
        return clients.client(integration_key_of(clients.fake, app), scheme)
    raise pytest.fail(f"unknown scope {scope}")
