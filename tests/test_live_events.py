"""The dashboard's live events: a control route like the others, streamed by the server only."""

from __future__ import annotations

import threading
import time

import httpx
from support import assert_error

from smooch_mock import error_texts as texts
from smooch_mock.api.routes import CONTROL_ROUTES
from smooch_mock.contract.openapi import openapi_document
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.inprocess import fake_transport
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App, SecretKey

IN_PROCESS = "https://api.smooch.io"


def test_the_event_stream_is_a_control_route_in_the_openapi_document() -> None:
    [route] = [r for r in CONTROL_ROUTES if r.operation == "mockLiveEvents"]
    assert (route.method, route.path) == ("GET", "/_mock/apps/{appId}/events")
    answer = openapi_document()["paths"][route.path]["get"]["responses"]["200"]
    assert list(answer["content"]) == ["text/event-stream"]


def test_in_process_the_stream_is_a_501_that_says_to_serve_the_fake(
    fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, _ = app_and_key
    with httpx.Client(transport=fake_transport(fake), base_url=IN_PROCESS) as client:
        response = client.get(f"/_mock/apps/{app.id}/events")
        error = assert_error(response, 501, "not_implemented")
        assert f"/_mock/apps/{app.id}/events" in error["description"]
        assert "serve" in error["description"]
        assert fake.live.subscriber_count == 0
        assert_error(client.get("/_mock/apps/nope/events"), 404, "not_found")
        assert_error(client.post(f"/_mock/apps/{app.id}/events"), 405, "method_not_allowed")


def test_the_stream_of_an_unknown_app_is_a_404_json_error(server: ServerThread) -> None:
    response = httpx.get(f"{server.url}/_mock/apps/nope/events", timeout=10)
    assert assert_error(response, 404, "not_found")["description"] == texts.APP_NOT_FOUND


def test_stopping_the_server_ends_an_open_stream_at_once(
    fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, _ = app_and_key
    server = ServerThread(fake).start()
    url = f"{server.url}/_mock/apps/{app.id}/events"
    ended = threading.Event()
    first: list[str] = []
    failures: list[BaseException] = []

    def listen() -> None:
        try:
            with httpx.stream("GET", url, timeout=30) as response:
                for line in response.iter_lines():
                    if line.startswith("data:"):
                        first.append(line)
        except BaseException as error:  # reported by the test below
            failures.append(error)
        finally:
            ended.set()

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    deadline = time.monotonic() + 10
    while fake.live.subscriber_count == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fake.live.subscriber_count == 1
    started = time.monotonic()
    server.stop()
    assert ended.wait(5), "the stream did not end when the server stopped"
    assert time.monotonic() - started < 3
    assert not failures, failures
    assert first == ['data: {"kind":"ready"}']
    assert fake.live.subscriber_count == 0
