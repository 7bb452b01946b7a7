"""Store: webhook CRUD and the ten-per-app limit (trigger names: test_webhook_trigger_names)."""

from __future__ import annotations

import pytest

from smooch_mock.errors import BadRequest, NotFound
from smooch_mock.store import Store, WebhookInput
from smooch_mock.store.models import App

TARGET = "https://example.com/hook"
DEFAULT_V1_1 = ["message:appUser"]


@pytest.fixture
def app(store: Store) -> App:
    return store.create_app("Shop")


def test_new_webhook_has_a_secret_and_flags(store: Store, app: App) -> None:
    webhook = store.create_webhook(
        app.id,
        WebhookInput(TARGET, ["*", "typing:appUser"], include_full_source=True),
        version="v1.1",
    )
    assert len(webhook.secret) >= 20
    assert webhook.include_full_source is True and webhook.include_full_user is False
    assert store.get_webhook(app.id, webhook.id) is webhook


def test_at_most_ten_webhooks_per_app(store: Store, app: App) -> None:
    for _ in range(10):
        store.create_webhook(app.id, WebhookInput(TARGET, DEFAULT_V1_1), version="v1.1")
    with pytest.raises(BadRequest, match="at most 10"):
        store.create_webhook(app.id, WebhookInput(TARGET, DEFAULT_V1_1), version="v1.1")
    other = store.create_app("Other")
    store.create_webhook(other.id, WebhookInput(TARGET, DEFAULT_V1_1), version="v1.1")


def test_update_changes_only_what_is_given_and_keeps_the_version(store: Store, app: App) -> None:
    webhook = store.create_webhook(app.id, WebhookInput(TARGET, ["postback"]), version="v1")
    store.update_webhook(app.id, webhook.id, WebhookInput(include_full_user=True))
    assert webhook.triggers == ["postback"] and webhook.target == TARGET
    store.update_webhook(
        app.id, webhook.id, WebhookInput(target="https://other.io/h", triggers=["message"])
    )
    assert (webhook.target, webhook.triggers, webhook.version) == (
        "https://other.io/h",
        ["message"],
        "v1",
    )


def test_delete_and_unknown_webhook(store: Store, app: App) -> None:
    webhook = store.create_webhook(app.id, WebhookInput(TARGET, DEFAULT_V1_1), version="v1.1")
    store.delete_webhook(app.id, webhook.id)
    assert store.list_webhooks(app.id) == []
    with pytest.raises(NotFound):
        store.get_webhook(app.id, webhook.id)


def test_webhooks_of_a_deleted_app_are_none(store: Store, app: App) -> None:
    webhook = store.create_webhook(app.id, WebhookInput(TARGET, DEFAULT_V1_1), version="v1.1")
    assert store.webhooks_of(app.id) == [webhook]
    store.delete_app(app.id)
    assert store.webhooks_of(app.id) == []
