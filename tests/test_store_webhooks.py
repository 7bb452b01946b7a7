"""Store: webhook CRUD, the ten-per-app limit, default triggers per version and trigger names."""

from __future__ import annotations

import pytest

from smooch_mock.errors import BadRequest, NotFound
from smooch_mock.store import Store
from smooch_mock.store.models import App

TARGET = "https://example.com/hook"


@pytest.fixture
def app(store: Store) -> App:
    return store.create_app("Shop")


@pytest.mark.parametrize(
    ("version", "default"), [("v1", ["message"]), ("v1.1", ["message:appUser"])]
)
def test_default_triggers_depend_on_the_version(
    store: Store, app: App, version: str, default: list[str]
) -> None:
    webhook = store.create_webhook(app.id, TARGET, None, version=version)
    assert webhook.triggers == default
    assert webhook.version == version


def test_new_webhook_has_a_secret_and_flags(store: Store, app: App) -> None:
    webhook = store.create_webhook(
        app.id, TARGET, ["*", "typing:appUser"], version="v1.1", include_client=True
    )
    assert len(webhook.secret) >= 20
    assert webhook.include_client is True and webhook.include_full_app_user is False
    assert store.get_webhook(app.id, webhook.id) is webhook


def test_at_most_ten_webhooks_per_app(store: Store, app: App) -> None:
    for _ in range(10):
        store.create_webhook(app.id, TARGET, None, version="v1.1")
    with pytest.raises(BadRequest, match="at most 10"):
        store.create_webhook(app.id, TARGET, None, version="v1.1")
    other = store.create_app("Other")
    store.create_webhook(other.id, TARGET, None, version="v1.1")


def test_unknown_trigger_is_400_naming_it(store: Store, app: App) -> None:
    with pytest.raises(BadRequest, match="delivery:channel"):
        store.create_webhook(
            app.id, TARGET, ["message:appUser", "delivery:channel"], version="v1.1"
        )


@pytest.mark.parametrize(
    ("trigger", "version"),
    [
        ("message", "v1.1"),
        ("delivery:success", "v1.1"),
        ("message:delivery:user", "v1"),
        ("Postback", "v1"),
    ],
)
def test_triggers_are_checked_per_version_and_case(
    store: Store, app: App, trigger: str, version: str
) -> None:
    with pytest.raises(BadRequest, match=trigger):
        store.create_webhook(app.id, TARGET, [trigger], version=version)


def test_update_changes_only_what_is_given_and_keeps_the_version(store: Store, app: App) -> None:
    webhook = store.create_webhook(app.id, TARGET, ["postback"], version="v1")
    store.update_webhook(app.id, webhook.id, include_full_app_user=True)
    assert webhook.triggers == ["postback"] and webhook.target == TARGET
    store.update_webhook(app.id, webhook.id, target="https://other.io/h", triggers=["message"])
    assert (webhook.target, webhook.triggers, webhook.version) == (
        "https://other.io/h",
        ["message"],
        "v1",
    )
    with pytest.raises(BadRequest):
        store.update_webhook(app.id, webhook.id, triggers=["message:delivery:user"])


def test_delete_and_unknown_webhook(store: Store, app: App) -> None:
    webhook = store.create_webhook(app.id, TARGET, None, version="v1.1")
    store.delete_webhook(app.id, webhook.id)
    assert store.list_webhooks(app.id) == []
    with pytest.raises(NotFound):
        store.get_webhook(app.id, webhook.id)


def test_wildcard_covers_everything_but_typing(store: Store, app: App) -> None:
    wildcard = store.create_webhook(app.id, TARGET, ["*"], version="v1.1")
    typing = store.create_webhook(app.id, TARGET, ["typing:appUser"], version="v1.1")
    assert store.webhooks_for(app.id, "postback") == [wildcard]
    assert store.webhooks_for(app.id, "typing:appUser") == [typing]
