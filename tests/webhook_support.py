"""Helpers of the webhook tests: a fake with a live server, webhooks made over HTTP, waiting."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App
from smooch_mock.webhooks import Delivery


@dataclass
class WebhookWorld:
    fake: FakeSmooch
    server: ServerThread

    def new_app(self) -> App:
        app, _ = self.fake.create_app_with_key("Webhook test app")
        return app

    def account(self) -> httpx.Client:
        key = self.fake.account_key
        return httpx.Client(base_url=self.server.url, auth=(key.id, key.secret), timeout=10)

    def create_webhook(
        self, app: App, target: str, triggers: list[str], version: str = "v1.1", **flags: bool
    ) -> dict[str, Any]:
        with self.account() as client:
            response = client.post(
                f"/{version}/apps/{app.id}/webhooks",
                json={"target": target, "triggers": triggers, **flags},
            )
        assert response.status_code == 201, response.text
        webhook: dict[str, Any] = response.json()["webhook"]
        return webhook

    def trigger(self, app: App, trigger: str, **options: str) -> list[dict[str, Any]]:
        response = httpx.post(
            f"{self.server.url}/_mock/apps/{app.id}/triggers/{trigger}",
            json={"options": options},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        deliveries: list[dict[str, Any]] = response.json()["deliveries"]
        return deliveries


def wait_until(
    condition: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
) -> None:
    """Poll `condition` until true or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        pause.wait(0.002)


def run_retry_schedule(
    fake: FakeSmooch, clock: FakeClock, delivery: Delivery, timeout: float = 5.0
) -> None:
    """Fast-forward the fake clock through every retry wait until `delivery` ends."""

    def finished_or_advanced() -> bool:
        if delivery.state != "pending":
            return True
        clock.advance_to_next_sleeper()
        return False

    wait_until(finished_or_advanced, timeout, f"delivery {delivery.id} to finish")


@contextmanager
def served_world(seed: int) -> Iterator[WebhookWorld]:
    """A fake (quick retries, 5 s timeout) served on 127.0.0.1 for a module's tests."""
    fake = FakeSmooch(seed=seed, webhook_retry_base=0.01, webhook_timeout=5)
    server = ServerThread(fake).start()
    try:
        yield WebhookWorld(fake, server)
    finally:
        server.stop()


@contextmanager
def checked_receiver(world: WebhookWorld) -> Iterator[WebhookReceiver]:
    """A real receiver for one test; the test fails if the fake had an internal error."""
    with WebhookReceiver() as target:
        yield target
    errors = "\n".join(e.traceback for e in world.fake.internal_errors)
    assert not world.fake.internal_errors, errors
