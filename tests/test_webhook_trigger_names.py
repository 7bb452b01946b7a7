"""The appUser API's trigger names: defaults per version, unknown names, the wildcard's reach."""

from __future__ import annotations

import pytest

from smooch_mock.api.v1.triggers import subscribes, triggers_or_default
from smooch_mock.errors import BadRequest
from smooch_mock.store import Store, WebhookInput
from smooch_mock.store.models import App

TARGET = "https://example.com/hook"


@pytest.fixture
def app(store: Store) -> App:
    return store.create_app("Shop")


@pytest.mark.parametrize(
    ("version", "default"), [("v1", ["message"]), ("v1.1", ["message:appUser"])]
)
def test_default_triggers_depend_on_the_version(version: str, default: list[str]) -> None:
    assert triggers_or_default(None, version) == default
    assert triggers_or_default([], version) == default


def test_unknown_trigger_is_400_naming_it() -> None:
    with pytest.raises(BadRequest, match="delivery:channel"):
        triggers_or_default(["message:appUser", "delivery:channel"], "v1.1")


@pytest.mark.parametrize(
    ("trigger", "version"),
    [
        ("message", "v1.1"),
        ("delivery:success", "v1.1"),
        ("message:delivery:user", "v1"),
        ("Postback", "v1"),
    ],
)
def test_triggers_are_checked_per_version_and_case(trigger: str, version: str) -> None:
    with pytest.raises(BadRequest, match=trigger):
        triggers_or_default([trigger], version)


def test_wildcard_covers_everything_but_typing(store: Store, app: App) -> None:
    wildcard = store.create_webhook(app.id, WebhookInput(TARGET, ["*"]), version="v1.1")
    typing = store.create_webhook(app.id, WebhookInput(TARGET, ["typing:appUser"]), version="v1.1")
    webhooks = store.webhooks_of(app.id)
    assert [w for w in webhooks if subscribes(w, "postback")] == [wildcard]
    assert [w for w in webhooks if subscribes(w, "typing:appUser")] == [typing]
