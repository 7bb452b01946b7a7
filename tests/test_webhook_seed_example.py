"""The seed's own example: a v1 `message:appUser` delivery has exactly its structure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.store import WebhookInput

# The example payload of Smooch's "Receiving Messages" guide (the product's seed document).
SEED_PAYLOAD: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "seed-message-appUser.json").read_text()
)


def assert_same_structure(expected: Any, actual: Any, path: str = "$") -> None:
    """Every key of `expected` exists in `actual` with the same JSON type, recursively."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} is missing"
            assert_same_structure(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected an array, got {actual!r}"
        if expected:
            assert actual, f"{path}: expected a non-empty array"
            assert_same_structure(expected[0], actual[0], f"{path}[0]")
    elif isinstance(expected, bool):
        assert isinstance(actual, bool), f"{path}: expected a boolean, got {actual!r}"
    elif isinstance(expected, int | float):
        assert isinstance(actual, int | float) and not isinstance(actual, bool), (
            f"{path}: expected a number"
        )
    else:
        assert isinstance(actual, str), f"{path}: expected a string, got {actual!r}"


@pytest.fixture
def fake() -> Iterator[FakeSmooch]:
    instance = FakeSmooch(seed=2015)
    yield instance
    instance.close()
    assert not instance.internal_errors


def test_ios_user_message_matches_the_seed_payload(fake: FakeSmooch) -> None:
    app, _ = fake.create_app_with_key()
    with WebhookReceiver() as receiver:
        fake.store.create_webhook(
            app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1"
        )
        user, message = fake.simulate.write(
            app.id, "Hi! Do you have time to chat?", user="bob@example.com", channel="ios"
        )
        payload = receiver.wait_for(1)[0]
    assert_same_structure(SEED_PAYLOAD, payload)
    assert payload["trigger"] == "message:appUser"
    assert payload["app"]["_id"] == app.id
    sent = payload["messages"][0]
    assert sent["_id"] == message.id and sent["authorId"] == user.id and sent["role"] == "appUser"
    assert sent["metadata"] == {} and sent["actions"] == []
    assert sent["source"]["type"] == "ios"
    assert payload["appUser"]["userId"] == "bob@example.com"
    client = payload["appUser"]["clients"][0]
    assert client["platform"] == "ios" and client["active"] is True
    assert client["info"]["os"] in ("iOS", "iPhone OS")


def test_structure_check_catches_a_missing_field() -> None:
    broken = {
        **SEED_PAYLOAD,
        "appUser": {k: v for k, v in SEED_PAYLOAD["appUser"].items() if k != "clients"},
    }
    with pytest.raises(AssertionError, match="clients"):
        assert_same_structure(SEED_PAYLOAD, broken)
