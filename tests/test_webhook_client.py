"""The delivery client speaks HTTP/1.1 as targets do: kept-alive connections, every body framing."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from smooch_mock.fake import FakeSmooch
from smooch_mock.store.inputs import WebhookInput
from smooch_mock.webhooks import http_client
from smooch_mock.webhooks.http_client import InvalidTarget, parse_target
from smooch_mock.webhooks.log import Attempt

Answerer = Callable[[int, bytes], bytes | None]
"""Given the connection's request count (from 1) and a request, the bytes to send back; None
closes the connection without answering."""


class ScriptedTarget:
    """A target on 127.0.0.1 reading whole requests and answering what `answer` says, keeping
    each connection open until the client closes it, or the answer ends with the connection
    (`Connection: close`, HTTP/1.0)."""

    def __init__(self, answer: Answerer) -> None:
        self.answer = answer
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/hook?x=1"
        self.connections = 0
        self.closed_by_client = 0
        self.requests: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        try:
            while True:
                connection, _ = self.listener.accept()
                self.connections += 1
                threading.Thread(target=self._serve, args=(connection,), daemon=True).start()
        except OSError:
            return

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            served = 0
            while True:
                try:
                    request = _read_request(connection)
                except ConnectionResetError:  # the client aborted the connection
                    request = None
                if request is None:
                    self.closed_by_client += 1
                    return
                served += 1
                self.requests.append(request)
                reply = self.answer(served, request)
                if reply is None:
                    return
                connection.sendall(reply)
                if b"connection: close" in reply.lower() or reply.startswith(b"HTTP/1.0"):
                    return

    def close(self) -> None:
        self.listener.close()


def _read_request(connection: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += connection.recv(65536)
    return head + b"\r\n\r\n" + body


def _ok(body: bytes = b"{}") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body


@pytest.fixture
def fake() -> Iterator[FakeSmooch]:
    instance = FakeSmooch(seed=3, webhook_retry_base=0.0, webhook_timeout=5)
    yield instance
    instance.close()
    assert not instance.internal_errors


@pytest.fixture
def target_for() -> Iterator[Callable[[Answerer], ScriptedTarget]]:
    made: list[ScriptedTarget] = []

    def make(answer: Answerer) -> ScriptedTarget:
        made.append(ScriptedTarget(answer))
        return made[-1]

    yield make
    for target in made:
        target.close()


def deliver(fake: FakeSmooch, target: ScriptedTarget, messages: int = 1) -> list[list[Attempt]]:
    """Post `messages` messages from one user to a webhook on `target`; each delivery's attempts."""
    app, _ = fake.create_app_with_key()
    fake.store.create_webhook(app.id, WebhookInput(target.url, ["message:appUser"]), version="v1.1")
    for number in range(messages):
        fake.simulate.write(app.id, f"message {number}", user="ann")
    assert fake.webhooks.engine.wait_idle(20)
    return [delivery.attempts for delivery in fake.webhooks.log.list(app.id)]


def test_deliveries_to_one_target_reuse_one_kept_alive_connection(
    fake: FakeSmooch, target_for: Callable[[Answerer], ScriptedTarget]
) -> None:
    target = target_for(lambda _, __: _ok())
    attempts = deliver(fake, target, messages=20)
    assert [[a.status for a in each] for each in attempts] == [[200]] * 20
    assert target.connections == 1


def test_a_connection_idle_past_the_keep_alive_time_is_closed(
    fake: FakeSmooch,
    target_for: Callable[[Answerer], ScriptedTarget],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(http_client, "IDLE_SECONDS", 0.2)
    target = target_for(lambda _, __: _ok())
    deliver(fake, target)
    deadline = time.monotonic() + 10
    while target.closed_by_client == 0 and time.monotonic() < deadline:
        time.sleep(0.02)  # polling for the close, with a deadline
    assert target.closed_by_client == 1
    deliver(fake, target)
    assert target.connections == 2


def test_the_request_carries_the_key_type_agent_host_and_exact_payload(
    fake: FakeSmooch, target_for: Callable[[Answerer], ScriptedTarget]
) -> None:
    target = target_for(lambda _, __: _ok())
    deliver(fake, target)
    (request,) = target.requests
    head, _, body = request.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    port = target.url.split(":")[2].split("/")[0]
    assert lines[0] == b"POST /hook?x=1 HTTP/1.1"
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines[1:])}
    assert headers[b"host"] == f"127.0.0.1:{port}".encode()
    assert headers[b"content-type"] == b"application/json"
    assert headers[b"user-agent"].startswith(b"smooch-mock/")
    (delivery,) = [d for app in fake.store.apps for d in fake.webhooks.log.list(app)]
    assert headers[b"x-api-key"] == fake.store.webhooks_of(delivery.app_id)[0].secret.encode()
    assert body == delivery.body


def test_a_kept_alive_connection_the_target_closed_is_replaced_without_a_failed_attempt(
    fake: FakeSmooch, target_for: Callable[[Answerer], ScriptedTarget]
) -> None:
    # Every connection serves one request and then hangs up unannounced, as a target whose
    # keep-alive timeout ran out between two deliveries does.
    target = target_for(lambda served, _: _ok() if served == 1 else None)
    attempts = deliver(fake, target, messages=5)
    assert [[a.status for a in each] for each in attempts] == [[200]] * 5
    assert target.connections >= 5


CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
CHUNKED += b"3;x=y\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nhi"
CLOSING = b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n\xc3\xa9t\xc3"


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        (CHUNKED, "abcde"),
        (CONTINUE, "hi"),
        (b"HTTP/1.0 202 Accepted\r\n\r\nuntil the end", "until the end"),
        (b"HTTP/1.1 204 No Content\r\n\r\n", ""),
        (CLOSING, "\u00e9t\ufffd"),
    ],
    ids=["chunked", "100-continue", "http-1.0-until-close", "no-content", "connection-close"],
)
def test_each_body_framing_is_read_into_the_log(
    fake: FakeSmooch, target_for: Callable[[Answerer], ScriptedTarget], reply: bytes, kept: str
) -> None:
    target = target_for(lambda _, __: reply)
    (attempts,) = deliver(fake, target)
    (attempt,) = attempts
    assert attempt.status == int(reply.rsplit(b"HTTP/1.", 1)[1][2:5])
    assert attempt.response_body == kept


def test_a_chunked_answer_past_the_cap_is_cut_at_64_kib(
    fake: FakeSmooch, target_for: Callable[[Answerer], ScriptedTarget]
) -> None:
    piece = b"y" * 40_000
    chunk = b"%x\r\n" % len(piece) + piece + b"\r\n"
    reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 3 + b"0\r\n\r\n"
    target = target_for(lambda _, __: reply)
    ((attempt,),) = deliver(fake, target)
    assert attempt.status == 200
    assert attempt.response_body == "y" * 65536


@pytest.mark.parametrize(
    "url", ["ftp://hooks.example/x", "http:///no-host", "http://[::1/x", "http://h:99999/x"]
)
def test_a_url_that_is_not_http_or_https_is_not_a_target(url: str) -> None:
    with pytest.raises(InvalidTarget):
        parse_target(url)


def test_a_target_url_becomes_its_request_line_and_host_header() -> None:
    target = parse_target("https://Hooks.Example:8443/a b/é?q=ü")
    assert (target.scheme, target.host, target.port) == ("https", "hooks.example", 8443)
    assert target.host_header == b"hooks.example:8443"
    assert target.request_target == b"/a%20b/%C3%A9?q=%C3%BC"
    assert parse_target("http://[::1]:80/").host_header == b"[::1]"
