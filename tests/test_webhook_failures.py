"""A failed webhook attempt says why in plain words, whatever the network did."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator

import pytest

from smooch_mock.fake import FakeSmooch
from smooch_mock.store import WebhookInput
from smooch_mock.webhooks.failures import describe_failure
from smooch_mock.webhooks.http_client import ConnectFailed, InvalidTarget


class RawTarget:
    """A TCP target on 127.0.0.1 that answers every connection with `answer` bytes, then closes
    (no bytes: it closes at once, without answering)."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/hook"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            while True:
                connection, _ = self.socket.accept()
                with connection:
                    connection.recv(65536)
                    if self.answer:
                        connection.sendall(self.answer)
        except OSError:
            return

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def fake() -> Iterator[FakeSmooch]:
    instance = FakeSmooch(seed=8, webhook_retry_base=0.0, webhook_timeout=5)
    yield instance
    instance.close()
    assert not instance.internal_errors


def attempt_errors(fake: FakeSmooch, target: str) -> list[str | None]:
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(app.id, WebhookInput(target, ["message:appUser"]), version="v1.1")
    fake.simulate.write(app.id, "hello", user="ann")
    assert fake.webhooks.engine.wait_idle(20)
    (delivery,) = fake.webhooks.log.list(app.id)
    return [attempt.error for attempt in delivery.attempts]


def test_a_closed_port_is_connection_refused(fake: FakeSmooch) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    assert attempt_errors(fake, f"http://127.0.0.1:{port}/hook") == ["connection refused"] * 6


def test_a_target_that_hangs_up_closed_the_connection_without_answering(
    fake: FakeSmooch,
) -> None:
    target = RawTarget(b"")
    try:
        errors = attempt_errors(fake, target.url)
    finally:
        target.close()
    assert errors == ["the target closed the connection without answering"] * 6


def test_an_answer_that_is_not_http_says_so(fake: FakeSmooch) -> None:
    target = RawTarget(b"SMTP ready\r\n\r\n")
    try:
        errors = attempt_errors(fake, target.url)
    finally:
        target.close()
    assert len(errors) == 6
    assert all(e and e.startswith("the answer is not valid HTTP: ") for e in errors), errors


def _connector_error(cause: OSError, port: int = 443) -> ConnectFailed:
    return ConnectFailed("hooks.example", port, cause)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (TimeoutError(), "timed out after 20 s"),
        (_connector_error(ConnectionRefusedError(111, "Connection refused")), "connection refused"),
        (
            _connector_error(socket.gaierror(-2, "Name or service not known")),
            "host not found: hooks.example does not resolve",
        ),
        (
            _connector_error(OSError(101, "Network is unreachable")),
            "cannot connect to hooks.example:443: network is unreachable",
        ),
        (
            _connector_error(ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")),
            "TLS handshake with hooks.example:443 failed: ",
        ),
        (ConnectionResetError(104, "Connection reset by peer"), "connection reset by the target"),
        (InvalidTarget("http://exa mple"), "not a valid URL: http://exa mple"),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_each_failure_is_described_in_words(error: BaseException, words: str) -> None:
    described = describe_failure(error, 20.0)
    assert described.startswith(words), described
    assert "ssl:default" not in described and "Error" not in described
