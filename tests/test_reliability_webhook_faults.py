"""Misbehaving webhook targets (resets, slow answers, 5xx, 3xx): right end states, API unharmed."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from reliability_figures import ReliabilityFigures
from webhook_support import run_retry_schedule, wait_until

from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import WebhookInput
from smooch_mock.store.models import App
from smooch_mock.webhooks import Delivery

ATTEMPTS = 6
"""One attempt plus Smooch's 5 retries (reference §5.2)."""
TIMEOUT = 0.5  # real seconds: generous, so a loaded CI machine never trips it
SLOW = 3.0
"""How long a slow target takes to answer: far past TIMEOUT (a loaded machine can hold the fake's
timer back by most of a second, and then the late answer arrives first), and still short."""

RESET = "reset"
"""Read the request, then close with SO_LINGER 0: a TCP RST instead of any answer."""
RESET_MID_RESPONSE = "reset mid-response"
"""Send the status line and part of the headers, then RST."""


@dataclass
class ScriptedTarget:
    """A raw-socket webhook target on 127.0.0.1 answering each request by the next planned step.

    A step is a status code (answered at once, with `location` on 3xx), `RESET`,
    `RESET_MID_RESPONSE`, or `("slow", status)`: the status after SLOW seconds.
    """

    plan: list[object] = field(default_factory=list)
    default: object = 200
    location: str = "http://127.0.0.1:9/elsewhere"
    requests: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}/hook"
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self._server.close()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            request = _read_request(connection)
            if request is None:
                return
            with self._lock:
                self.requests.append(request)
                step = self.plan.pop(0) if self.plan else self.default
            # OSError: the client gave up first (a timeout), so there is no one to answer.
            with contextlib.suppress(OSError):
                self._answer(connection, step)

    def _answer(self, connection: socket.socket, step: object) -> None:
        if step == RESET:
            _reset(connection)
        elif step == RESET_MID_RESPONSE:
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: appli")
            _reset(connection)
        elif isinstance(step, tuple):
            if not self._stop.wait(SLOW):
                _respond(connection, int(step[1]), self.location)
        else:
            _respond(connection, int(str(step)), self.location)


def _read_request(connection: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
         if line.lower().startswith(b"content-length:")),
        0,
    )  # fmt: skip
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _reset(connection: socket.socket) -> None:
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def _respond(connection: socket.socket, status: int, location: str) -> None:
    headers = f"Location: {location}\r\n" if 300 <= status < 400 else ""
    connection.sendall(
        f"HTTP/1.1 {status} Scripted\r\n{headers}Content-Type: application/json\r\n"
        f"Content-Length: 2\r\nConnection: close\r\n\r\n{{}}".encode()
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock, reliability_figures: ReliabilityFigures) -> Iterator[FakeSmooch]:
    instance = FakeSmooch(seed=31, clock=clock, webhook_retry_base=1.0, webhook_timeout=TIMEOUT)
    yield instance
    instance.close()
    reliability_figures.internal_errors += len(instance.internal_errors)
    assert not instance.internal_errors, "\n".join(e.traceback for e in instance.internal_errors)


@pytest.fixture
def targets() -> Iterator[list[ScriptedTarget]]:
    """Make `ScriptedTarget`s through `targets.append`; all closed after the test."""
    made: list[ScriptedTarget] = []
    yield made
    for target in made:
        target.close()


def _scripted(targets: list[ScriptedTarget], plan: list[object], default: object) -> ScriptedTarget:
    target = ScriptedTarget(plan=list(plan), default=default)
    targets.append(target)
    return target


def _deliver_one(fake: FakeSmooch, clock: FakeClock, app: App, target: str) -> Delivery:
    fake.store.create_webhook(app.id, WebhookInput(target, ["message:appUser"]), version="v1.1")
    fake.simulate.write(app.id, "hello", user="ann")
    wait_until(lambda: len(fake.webhooks.log.list(app.id)) == 1, what="one delivery")
    delivery = fake.webhooks.log.list(app.id)[0]
    run_retry_schedule(fake, clock, delivery, timeout=20)
    return delivery


def _count(figures: ReliabilityFigures, deliveries: list[Delivery]) -> None:
    figures.deliveries += len(deliveries)
    figures.faults += sum(
        1 for d in deliveries for a in d.attempts if a.status is None or not 200 <= a.status < 300
    )


@dataclass(frozen=True)
class Fault:
    name: str
    plan: list[object]
    default: object
    state: str
    statuses: list[int | None]
    error: str = ""
    """What every failed attempt's error says, in words (timeouts, resets)."""


SLOW_200: tuple[str, int] = ("slow", 200)
RESET_TEXT = "connection reset by the target"
FAULTS = [
    Fault("reset every time", [], RESET, "failed", [None] * ATTEMPTS, RESET_TEXT),
    Fault("reset mid-response every time", [], RESET_MID_RESPONSE, "failed", [None] * ATTEMPTS,
          RESET_TEXT),
    Fault("reset twice then 200", [RESET, RESET], 200, "delivered", [None, None, 200], RESET_TEXT),
    Fault("reset mid-response then 200", [RESET_MID_RESPONSE], 200, "delivered", [None, 200],
          RESET_TEXT),
    Fault("always past the timeout", [], SLOW_200, "failed", [None] * ATTEMPTS, "timed out after"),
    Fault("past the timeout twice then in time", [SLOW_200, SLOW_200], 200, "delivered",
          [None, None, 200], "timed out after"),
    Fault("503 twice then 200", [503, 503], 200, "delivered", [503, 503, 200]),
    Fault("always 500", [], 500, "failed", [500] * ATTEMPTS),
    Fault("always 503", [], 503, "failed", [503] * ATTEMPTS),
    Fault("302 is not followed, retried", [], 302, "failed", [302] * ATTEMPTS),
    Fault("307 is not followed, retried", [], 307, "failed", [307] * ATTEMPTS),
    Fault("301 then 200", [301], 200, "delivered", [301, 200]),
    Fault("308 then 200", [308], 200, "delivered", [308, 200]),
]  # fmt: skip


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.name)
def test_faulty_target_ends_in_the_right_state_after_the_right_attempts(
    fake: FakeSmooch,
    clock: FakeClock,
    targets: list[ScriptedTarget],
    reliability_figures: ReliabilityFigures,
    fault: Fault,
) -> None:
    target = _scripted(targets, fault.plan, fault.default)
    app, _ = fake.create_app_with_key()
    delivery = _deliver_one(fake, clock, app, target.url)
    _count(reliability_figures, [delivery])
    assert delivery.state == fault.state, delivery.to_json()
    assert [a.status for a in delivery.attempts] == fault.statuses, delivery.to_json()
    assert len(target.requests) == len(fault.statuses)
    for attempt in delivery.attempts:
        if attempt.status is None:
            assert attempt.error and fault.error in attempt.error, attempt.to_json()
    assert fake.webhooks.log.list(app.id) == [delivery], "a retry must not become a new delivery"


def test_a_redirect_is_never_followed(
    fake: FakeSmooch, clock: FakeClock, targets: list[ScriptedTarget]
) -> None:
    with WebhookReceiver() as elsewhere:
        target = _scripted(targets, [], 307)
        target.location = elsewhere.url + "/moved"
        app, _ = fake.create_app_with_key()
        delivery = _deliver_one(fake, clock, app, target.url)
        assert delivery.state == "failed"
        assert elsewhere.requests == [], "the engine followed a redirect"


# -- the API while every kind of target fails at once --------------------------------------------


@dataclass(frozen=True)
class Subscriber:
    name: str
    target: str
    state: str
    attempts: int


def test_api_answers_2xx_while_every_kind_of_target_fails(
    fake: FakeSmooch,
    clock: FakeClock,
    targets: list[ScriptedTarget],
    reliability_figures: ReliabilityFigures,
) -> None:
    refused = socket.create_server(("127.0.0.1", 0))
    refused_url = f"http://127.0.0.1:{refused.getsockname()[1]}/hook"
    refused.close()
    with WebhookReceiver() as healthy, ServerThread(fake) as server:
        subscribers = [
            Subscriber("reset", _scripted(targets, [], RESET).url, "failed", ATTEMPTS),
            Subscriber("mid-response", _scripted(targets, [], RESET_MID_RESPONSE).url, "failed", 6),
            Subscriber("slow", _scripted(targets, [], SLOW_200).url, "failed", ATTEMPTS),
            Subscriber("500", _scripted(targets, [], 500).url, "failed", ATTEMPTS),
            Subscriber("503", _scripted(targets, [], 503).url, "failed", ATTEMPTS),
            Subscriber("404", _scripted(targets, [], 404).url, "failed", 1),
            Subscriber("307", _scripted(targets, [], 307).url, "failed", ATTEMPTS),
            Subscriber("refused", refused_url, "failed", ATTEMPTS),
            Subscriber("healthy", healthy.url + "/hook", "delivered", 1),
        ]  # fmt: skip
        app, key = fake.create_app_with_key()
        users = ["ann", "bob", "cid"]
        with httpx.Client(base_url=server.url + "/v1.1", auth=(key.id, key.secret)) as api:
            answers = []
            for subscriber in subscribers:
                body = {"target": subscriber.target, "triggers": ["message:appUser"]}
                answers.append(api.post("/webhooks", json=body))
            for user in users:
                answers.append(api.post("/appusers", json={"userId": user}))
            for round_number in range(3):
                for user in users:
                    text = {"role": "appUser", "type": "text", "text": f"{user} {round_number}"}
                    answers.append(api.post(f"/appusers/{user}/messages", json=text))
                    answers.append(api.get(f"/appusers/{user}/messages"))
                    answers.append(api.put(f"/appusers/{user}", json={"givenName": user}))
                answers.append(api.get("/webhooks"))
            reliability_figures.requests += len(answers)
            refused_answers = [(r.request.url.path, r.status_code) for r in answers if r.is_error]
            assert not refused_answers, refused_answers
            # Every delivery exists as soon as its message does: the API did not wait for targets.
            messages = len(users) * 3
            deliveries = fake.webhooks.log.list(app.id, trigger="message:appUser")
            assert len(deliveries) == messages * len(subscribers)

            for delivery in deliveries:
                run_retry_schedule(fake, clock, delivery, timeout=20)
            # After the faults the API still answers, and nothing was lost.
            history = api.get("/appusers/ann/messages").json()["messages"]
            assert [m["text"] for m in history] == ["ann 0", "ann 1", "ann 2"]

        by_target = {s.target: s for s in subscribers}
        wrong = [
            (by_target[d.target].name, d.state, len(d.attempts))
            for d in deliveries
            if (d.state, len(d.attempts))
            != (by_target[d.target].state, by_target[d.target].attempts)
        ]
        assert not wrong, wrong
        assert len(healthy.wait_for(messages, trigger="message:appUser")) == messages
        _count(reliability_figures, deliveries)
