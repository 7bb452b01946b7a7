"""What a pending delivery waits for (`queued behind N to this webhook`), and paging the log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from webhook_support import wait_until

from smooch_mock.cli import main as cli_main
from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import WebhookInput
from smooch_mock.store.models import App
from smooch_mock.testing import SmoochHarness, SmoochSettings


class Stuck:
    """A fake on a fake clock whose only webhook answers 500: its first delivery to a
    conversation keeps retrying (the clock never moves) and holds the later ones."""

    def __init__(self, fake: FakeSmooch, server: ServerThread, receiver: WebhookReceiver) -> None:
        self.fake, self.server, self.receiver = fake, server, receiver
        self.app, _ = fake.create_app_with_key()
        receiver.respond_with(500)
        with fake.lock:
            fake.store.create_webhook(
                self.app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
            )

    def log(self, **query: Any) -> dict[str, Any]:
        url = f"{self.server.url}/_mock/apps/{self.app.id}/deliveries"
        answer = httpx.get(url, params=query, timeout=10)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def first_attempt_failed(self, user: str, text: str) -> None:
        self.fake.simulate.write(self.app.id, text, user=user)
        wait_until(
            lambda: any(
                d.attempts and d.payload["messages"][0]["text"] == text
                for d in self.fake.webhooks.log.list(self.app.id)
            ),
            what=f"the first attempt of {text!r}",
        )


@pytest.fixture
def stuck() -> Iterator[Stuck]:
    fake = FakeSmooch(seed=21, clock=FakeClock())
    with WebhookReceiver() as receiver, ServerThread(fake) as server:
        yield Stuck(fake, server, receiver)
    fake.close()
    assert not fake.internal_errors


def test_later_deliveries_say_how_many_they_are_queued_behind(stuck: Stuck) -> None:
    stuck.first_attempt_failed("bob", "first")
    for text in ("second", "third"):
        stuck.fake.simulate.write(stuck.app.id, text, user="bob")
    stuck.first_attempt_failed("ann", "another conversation")

    entries = {d["payload"]["messages"][0]["text"]: d for d in stuck.log()["deliveries"]}
    assert entries["first"]["queuedBehind"] == 0
    assert entries["first"]["waiting"] == "retrying after 1 failed attempt (last: HTTP 500)"
    assert entries["second"]["queuedBehind"] == 1
    assert entries["second"]["waiting"] == (
        "queued behind 1 to this webhook; the first is retrying after 1 failed attempt"
        " (last: HTTP 500)"
    )
    assert entries["third"]["queuedBehind"] == 2
    assert entries["third"]["waiting"].startswith("queued behind 2 to this webhook; ")
    assert entries["another conversation"]["queuedBehind"] == 0, "other conversations go on"

    one = httpx.get(
        f"{stuck.server.url}/_mock/apps/{stuck.app.id}/deliveries/{entries['third']['_id']}",
        timeout=10,
    ).json()["delivery"]
    assert one["waiting"] == entries["third"]["waiting"]


def test_a_finished_delivery_has_no_queue_fields(stuck: Stuck) -> None:
    stuck.receiver.respond_with(200)
    stuck.fake.simulate.write(stuck.app.id, "fine", user="bob")
    assert stuck.fake.webhooks.engine.wait_idle(10)
    (entry,) = stuck.log()["deliveries"]
    assert entry["state"] == "delivered"
    assert "queuedBehind" not in entry and "waiting" not in entry


def test_trigger_says_why_it_gave_up_on_a_queued_delivery(
    stuck: Stuck, capsys: pytest.CaptureFixture[str]
) -> None:
    stuck.first_attempt_failed("bob", "first")
    code = cli_main(
        ["trigger", "message:appUser", "--app", stuck.app.id, "--url", stuck.server.url,
         "--set", "user=bob", "--wait", "0.2"]
    )  # fmt: skip
    assert code == 1
    output = capsys.readouterr()
    assert "(pending, 0 attempt(s))" in output.out
    assert (
        "smooch-mock trigger: gave up after 0.2 s; message:appUser → "
        f"{stuck.receiver.url} is still pending: queued behind 1 to this webhook; the first"
        " is retrying after 1 failed attempt (last: HTTP 500)."
    ) in output.err
    assert "Wait longer with --wait" in output.err


def test_trigger_says_how_a_delivery_failed(
    stuck: Stuck, capsys: pytest.CaptureFixture[str]
) -> None:
    stuck.receiver.respond_with(404)  # not retried
    code = cli_main(
        ["trigger", "message:appUser", "--app", stuck.app.id, "--url", stuck.server.url]
    )
    assert code == 1
    assert (
        f"message:appUser → {stuck.receiver.url} failed after 1 attempt(s), the last: HTTP 404"
        in capsys.readouterr().err
    )


def test_deliveries_cli_shows_what_a_pending_delivery_waits_for(
    stuck: Stuck, capsys: pytest.CaptureFixture[str]
) -> None:
    stuck.first_attempt_failed("bob", "first")
    stuck.fake.simulate.write(stuck.app.id, "second", user="bob")
    assert cli_main(["deliveries", "--app", stuck.app.id, "--url", stuck.server.url]) == 0
    assert "(queued behind 1 to this webhook; the first is retrying" in capsys.readouterr().out


def test_wait_for_delivery_explains_a_queued_delivery() -> None:
    harness = SmoochHarness.serve(SmoochSettings(fake_clock=True))
    try:
        app = harness.isolated_app()
        with WebhookReceiver() as receiver:
            receiver.respond_with(503)
            app.create_webhook(receiver.url, ["message:appUser"])
            app.user_writes("first", user="bob")
            app.wait_for_pending_retry()
            app.user_writes("second", user="bob")
            with pytest.raises(AssertionError) as caught:
                app.wait_for_delivery(count=2, timeout=0.2)
        assert "queued behind 1 to this webhook" in str(caught.value)
        app.close()
    finally:
        harness.close()


# -- paging ------------------------------------------------------------------------------------


@pytest.fixture
def logged(fake: FakeSmooch, server: ServerThread) -> Iterator[tuple[App, str]]:
    app, _ = fake.create_app_with_key()
    with WebhookReceiver() as receiver:
        fake.store.create_webhook(
            app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
        )
        for number in range(25):
            fake.simulate.write(app.id, f"m{number}", user="bob" if number % 2 else "ann")
        assert fake.webhooks.engine.wait_idle(20)
    yield app, f"{server.url}/_mock/apps/{app.id}/deliveries"


def texts(body: dict[str, Any]) -> list[str]:
    return [d["payload"]["messages"][0]["text"] for d in body["deliveries"]]


def test_the_log_pages_newest_first_with_a_total(logged: tuple[App, str]) -> None:
    _, url = logged
    first = httpx.get(url, params={"order": "newest", "limit": 10}, timeout=10).json()
    assert (first["total"], texts(first)) == (25, [f"m{n}" for n in range(24, 14, -1)])
    last = httpx.get(url, params={"order": "newest", "limit": 10, "offset": 20}, timeout=10)
    assert texts(last.json()) == ["m4", "m3", "m2", "m1", "m0"]
    whole = httpx.get(url, timeout=10).json()
    assert texts(whole) == [f"m{n}" for n in range(25)], "no paging asked: the whole log"


def test_filters_and_paging_combine(logged: tuple[App, str]) -> None:
    _, url = logged
    body = httpx.get(url, params={"limit": 3, "offset": 1, "state": "delivered"}, timeout=10)
    assert (body.json()["total"], texts(body.json())) == (25, ["m1", "m2", "m3"])
    none = httpx.get(url, params={"state": "failed", "limit": 5}, timeout=10).json()
    assert (none["total"], none["deliveries"]) == (0, [])


@pytest.mark.parametrize(
    ("query", "complaint"),
    [
        ({"limit": "0"}, "limit must be a whole number from 1 to 1000"),
        ({"limit": "1001"}, "limit must be a whole number from 1 to 1000"),
        ({"limit": "ten"}, "limit must be a whole number from 1 to 1000"),
        ({"offset": "-1"}, "offset must be a whole number of at least 0"),
        ({"order": "random"}, "order must be one of oldest, newest"),
    ],
)
def test_bad_paging_is_a_400_in_smooch_shape(
    logged: tuple[App, str], query: dict[str, str], complaint: str
) -> None:
    _, url = logged
    answer = httpx.get(url, params=query, timeout=10)
    assert answer.status_code == 400
    assert answer.json() == {"error": {"code": "bad_request", "description": complaint}}
