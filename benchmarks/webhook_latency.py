"""Measurement 4: webhook latency, from the API's answer to the delivery's arrival at the target."""

from __future__ import annotations

import json
import statistics
import subprocess
import time
import urllib.request
from dataclasses import dataclass

from processes import (
    HERE,
    PYTHON,
    FakeServer,
    cpu_seconds,
    fake_server,
    get_json,
    script_server,
)

RATE = 500.0
SECONDS = 4.0
USERS = 10
"""Messages rotate over this many conversations (deliveries keep order per conversation)."""
WARMUP_MESSAGES = 50


@dataclass(frozen=True, slots=True)
class WebhookLatency:
    webhooks: int
    offered_rate: float
    achieved_rate: float
    """Messages answered per second by the fake during the run."""
    deliveries: int
    expected: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    early: int
    """Deliveries that arrived before the client had read the API's answer (latency < 0)."""
    answered: int
    fake_cpu: float
    """CPU seconds the fake's process spent from the first message to the last delivery."""
    target_cpu: float
    """CPU seconds the target spent receiving them."""
    sender_cpu: float
    """CPU seconds the load generator spent sending them."""

    @property
    def fake_cpu_per_message_us(self) -> float:
        """The fake's CPU per answered message, its deliveries included."""
        return self.fake_cpu / max(1, self.answered) * 1e6

    @property
    def target_cpu_per_delivery_us(self) -> float:
        return self.target_cpu / max(1, self.deliveries) * 1e6

    @property
    def sender_cpu_per_message_us(self) -> float:
        return self.sender_cpu / max(1, self.answered) * 1e6


def split_costs(none: WebhookLatency, many: WebhookLatency) -> tuple[float, float]:
    """(µs of the fake's CPU per POST, per delivery) from a run without webhooks and one with
    many: per message, the fake spends one POST plus `webhooks` deliveries."""
    post = none.fake_cpu_per_message_us
    return post, (many.fake_cpu_per_message_us - post) / many.webhooks


def measure(webhooks: int, rate: float = RATE, seconds: float = SECONDS) -> WebhookLatency:
    with script_server("webhook_target.py") as target, fake_server() as fake:
        users = [fake.call("POST", "/v1.1/appusers", {"userId": f"u{n}"}) for n in range(USERS)]
        paths = [f"/v1.1/appusers/{user['appUser']['_id']}/messages" for user in users]
        for n in range(webhooks):
            fake.call(
                "POST",
                "/v1.1/webhooks",
                {"target": f"{target}/hook{n}", "triggers": ["message:appUser"]},
            )
        _send(
            fake, rate, WARMUP_MESSAGES / rate, paths
        )  # starts the engine thread and its connections
        _wait_for(target, WARMUP_MESSAGES * webhooks)
        urllib.request.urlopen(
            urllib.request.Request(target + "/_clear", method="POST"), timeout=30
        ).read()
        fake_cpu, target_cpu = cpu_seconds(fake.process.pid), get_json(target + "/_stats")["cpu"]
        sent = _send(fake, rate, seconds, paths)
        answered_at = dict(sent["answered"])
        expected = len(answered_at) * webhooks
        _wait_for(target, expected)
        fake_cpu = cpu_seconds(fake.process.pid) - fake_cpu
        target_cpu = get_json(target + "/_stats")["cpu"] - target_cpu
        arrivals = get_json(target + "/_arrivals")["arrivals"]
    latencies = sorted(
        (at - answered_at[message_id]) * 1000
        for at, _, message_id in arrivals
        if message_id in answered_at
    )
    deliveries = len(latencies)
    latencies = latencies or [0.0]  # no webhook: a run for the CPU of the POSTs alone
    return WebhookLatency(
        webhooks=webhooks,
        offered_rate=rate,
        achieved_rate=len(answered_at) / sent["seconds"],
        deliveries=deliveries,
        expected=expected,
        p50_ms=statistics.median(latencies),
        p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        max_ms=latencies[-1],
        early=sum(1 for latency in latencies if latency < 0),
        answered=len(answered_at),
        fake_cpu=fake_cpu,
        target_cpu=target_cpu,
        sender_cpu=float(sent["cpu"]),
    )


def _send(fake: FakeServer, rate: float, seconds: float, paths: list[str]) -> dict[str, object]:
    """The steady load generator, in its own process."""
    command = [
        PYTHON,
        str(HERE / "steady_sender.py"),
        fake.url,
        fake.authorization,
        str(rate),
        str(seconds),
        *paths,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 120
    ).stdout
    return json.loads(output)


def _wait_for(target: str, count: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while get_json(target + "/_stats")["count"] < count and time.monotonic() < deadline:
        time.sleep(0.1)


if __name__ == "__main__":
    for hooks in (1, 10):
        print(measure(hooks))
