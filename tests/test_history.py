"""History paging over HTTP: 100 per page, oldest first, strict before/after, lossless walks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypedDict

import httpx
import pytest
from support import assert_error

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput

TOTAL = 263
START = 1_700_000_000.0
MESSAGES = "/v1.1/appusers/bob/messages"


class Posted(TypedDict):
    """One message as the fixture posted it."""

    _id: str
    received: float


History = tuple[httpx.Client, list[Posted]]


@pytest.fixture
def history() -> Iterator[History]:
    """A served fake whose user `bob` has TOTAL messages; some share a clock tick."""
    clock = FakeClock(start=START)
    fake = FakeSmooch(seed=7, clock=clock)
    app, key = fake.create_app_with_key()
    fake.store.create_user(app.id, UserInput("bob"))
    posted: list[Posted] = []
    for number in range(TOTAL):
        role = "appUser" if number % 2 else "appMaker"
        message = fake.store.post_message(
            app.id, "bob", message_input({"role": role, "type": "text", "text": f"m{number}"})
        )
        posted.append({"_id": message.id, "received": message.received})
        if number % 3 == 0:  # two of every three messages arrive within the same clock tick
            clock.advance(0.25)
    with (
        ServerThread(fake) as server,
        httpx.Client(base_url=server.url, auth=(key.id, key.secret)) as client,
    ):
        yield client, posted
    assert not fake.internal_errors


def _ids(page: dict[str, Any]) -> list[str]:
    return [m["_id"] for m in page["messages"]]


def _assert_page_shape(page: dict[str, Any]) -> None:
    received = [m["received"] for m in page["messages"]]
    assert len(received) <= 100
    assert received == sorted(received), "a page is oldest first"
    assert set(page["conversation"]) >= {"_id", "unreadCount"}


def test_without_parameters_the_newest_100_come_oldest_first(
    history: History,
) -> None:
    client, posted = history
    page = client.get(MESSAGES).json()
    _assert_page_shape(page)
    assert _ids(page) == [m["_id"] for m in posted[-100:]]
    assert "next" not in page and "previous" in page


def test_walking_back_with_previous_reaches_every_message_exactly_once(
    history: History,
) -> None:
    client, posted = history
    seen: list[str] = []
    page = client.get(MESSAGES).json()
    pages = 1
    while True:
        _assert_page_shape(page)
        seen = _ids(page) + seen
        if "previous" not in page:
            break
        page = client.get(page["previous"]).json()
        pages += 1
    assert seen == [m["_id"] for m in posted]
    assert pages == 3


def test_walking_forward_with_next_reaches_every_message_exactly_once(
    history: History,
) -> None:
    client, posted = history
    seen: list[str] = []
    page = client.get(MESSAGES, params={"after": "0"}).json()
    while True:
        _assert_page_shape(page)
        seen += _ids(page)
        if "next" not in page:
            break
        page = client.get(page["next"]).json()
    assert seen == [m["_id"] for m in posted]
    assert len(set(seen)) == TOTAL


def test_before_is_strict_and_takes_the_100_closest(history: History) -> None:
    client, posted = history
    pivot = posted[150]
    page = client.get(MESSAGES, params={"before": f"{pivot['received']:.3f}"}).json()
    assert _ids(page) == [m["_id"] for m in posted[50:150]]


def test_after_is_strict(history: History) -> None:
    client, posted = history
    pivot = posted[200]
    page = client.get(MESSAGES, params={"after": repr(pivot["received"])}).json()
    assert _ids(page) == [m["_id"] for m in posted[201:]]
    assert "next" not in page and "previous" in page


def test_float_seconds_as_string_between_two_messages(history: History) -> None:
    client, posted = history
    between = (posted[9]["received"] + posted[10]["received"]) / 2
    page = client.get(MESSAGES, params={"before": str(between)}).json()
    assert _ids(page) == [m["_id"] for m in posted[:10]]
    assert "previous" not in page and page["next"]


def test_integer_seconds_are_accepted(history: History) -> None:
    client, _ = history
    page = client.get(MESSAGES, params={"after": str(int(START) + 1)}).json()
    assert all(m["received"] > START + 1 for m in page["messages"])


def test_before_the_first_message_is_an_empty_page(history: History) -> None:
    client, _ = history
    page = client.get(MESSAGES, params={"before": str(START)}).json()
    assert page["messages"] == [] and "previous" not in page


def test_before_and_after_together_is_400(history: History) -> None:
    client, _ = history
    response = client.get(MESSAGES, params={"before": "1700000100", "after": "1700000000"})
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize("value", ["yesterday", "nan", "inf", "1e400"])
def test_timestamp_that_is_not_seconds_is_400(history: History, value: str) -> None:
    client, _ = history
    assert_error(client.get(MESSAGES, params={"before": value}), 400, "bad_request")


def test_unknown_user_is_404(history: History) -> None:
    client, _ = history
    assert_error(client.get("/v1.1/appusers/ghost/messages"), 404, "not_found")


def test_new_user_gets_an_empty_page(history: History) -> None:
    client, _ = history
    assert client.post("/v1.1/appusers", json={"userId": "newbie"}).status_code == 201
    response = client.get("/v1.1/appusers/newbie/messages")
    assert response.status_code == 200
    body = response.json()
    assert body["messages"] == [] and "next" not in body and "previous" not in body


def test_received_times_are_unique_even_within_one_clock_tick(
    history: History,
) -> None:
    _, posted = history
    times = [m["received"] for m in posted]
    assert len(set(times)) == TOTAL and times == sorted(times)
