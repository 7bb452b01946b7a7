"""What a hostile web page or a hostile target could do to a developer's fake, each refused."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import browser, console, expect, needs_chromium, page
from support import assert_error, token

from smooch_mock.api.routes import CONTROL_ROUTES
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.guard import TOKEN_HEADER
from smooch_mock.http.router import Placement
from smooch_mock.server import BackgroundServer, ServerThread, create_app
from smooch_mock.store import UserInput, WebhookInput
from smooch_mock.store.models import App, SecretKey
from smooch_mock.testing import SmoochHarness
from smooch_mock.testing.app import InProcessOnly

__all__ = ["browser", "console", "page"]  # fixtures, imported for this module's tests

EVIL = "http://evil.example"
ROUTE_FAMILIES = [
    ("GET", "/v1.1/apps"),
    ("GET", "/v1.1/apps/{appId}/appusers/someone"),
    ("POST", "/v1.1/apps/{appId}/appusers"),
    ("GET", "/v1/appusers/someone/messages"),
    ("GET", "/_mock/health"),
    ("GET", "/_mock/state"),
    ("GET", "/_mock/dashboard/config"),
    ("POST", "/_mock/reset"),
    ("GET", "/_mock/apps/{appId}/events"),
    ("GET", "/_mock/media/0123456789abcdef01234567/file.html"),
    ("GET", "/"),
    ("GET", "/_mock/dashboard/static/app.js"),
    ("GET", "/no/such/path"),
]
STATE_CHANGING_CONTROL_ROUTES = [
    route for route in CONTROL_ROUTES if route.method not in ("GET", "HEAD", "OPTIONS")
]


def _control_path(template: str, app_id: str) -> str:
    values = {
        "appId": app_id,
        "trigger": "message:appUser",
        "deliveryId": "d" * 24,
        "webhookId": "w" * 24,
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


@pytest.fixture
def app(app_and_key: tuple[App, SecretKey]) -> App:
    return app_and_key[0]


# -- DNS rebinding: the Host allow-list ----------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ROUTE_FAMILIES, ids=lambda v: str(v))
def test_a_foreign_host_is_refused_on_every_route_family(
    server: ServerThread, app: App, method: str, path: str
) -> None:
    url = server.url + path.replace("{appId}", app.id)
    response = httpx.request(method, url, headers={"Host": "rebound.evil.example:8080"})
    error = assert_error(response, 403, "forbidden")
    assert "rebound.evil.example" in error["description"]
    assert "--allowed-host" in error["description"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "app.localhost", "127.1.2.3"])
def test_loopback_names_are_answered(server: ServerThread, host: str) -> None:
    response = httpx.get(server.url + "/_mock/health", headers={"Host": f"{host}:{server.port}"})
    assert response.status_code == 200, response.text


def test_allowed_hosts_are_answered_and_nothing_else(fake: FakeSmooch) -> None:
    app = create_app(fake, allowed_hosts=("fake.test",))
    with BackgroundServer(app) as server:
        health = server.url + "/_mock/health"
        assert httpx.get(health, headers={"Host": "fake.test:1"}).status_code == 200
        assert httpx.get(health, headers={"Host": "other.test"}).status_code == 403


def test_serving_a_non_loopback_address_needs_allowed_hosts() -> None:
    command = [sys.executable, "-m", "smooch_mock", "serve", "--host", "0.0.0.0", "--port", "0"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 2
    assert "--allowed-host" in finished.stderr
    assert "Traceback" not in finished.stderr


# -- cross-site writes -----------------------------------------------------------------------------


CROSS_SITE_VARIANTS = {
    "foreign Origin, text/plain": {"Origin": EVIL, "Content-Type": "text/plain"},
    "foreign Origin, no body type": {"Origin": EVIL},
    "Origin null": {"Origin": "null", "Content-Type": "text/plain"},
    "Sec-Fetch-Site cross-site": {"Sec-Fetch-Site": "cross-site"},
    "Sec-Fetch-Site same-site": {"Sec-Fetch-Site": "same-site", "Content-Type": "text/plain"},
    "form post without Origin": {"Content-Type": "application/x-www-form-urlencoded"},
    "multipart form without Origin": {"Content-Type": "multipart/form-data; boundary=x"},
}


@pytest.mark.parametrize(
    "route", STATE_CHANGING_CONTROL_ROUTES, ids=lambda route: f"{route.method} {route.path}"
)
def test_cross_site_simple_posts_to_every_state_changing_control_route_are_refused(
    server: ServerThread, fake: FakeSmooch, app: App, route: Any
) -> None:
    assert route.placement is Placement.CONTROL
    url = server.url + _control_path(route.path, app.id)
    for variant, headers in CROSS_SITE_VARIANTS.items():
        for body in (b"", b'{"user": "mallory", "text": "hi"}'):
            response = httpx.request(route.method, url, headers=headers, content=body)
            assert response.status_code == 403, (variant, body, response.text)
            assert_error(response, 403, "forbidden")
    assert app.id in fake.store.apps, "a refused reset still wiped the apps"
    assert fake.store.list_users(app.id) == [], "a refused simulate still created a user"


def test_a_same_origin_browser_write_needs_the_dashboard_token(
    server: ServerThread, fake: FakeSmooch, app: App
) -> None:
    url = f"{server.url}/_mock/apps/{app.id}/simulate/message"
    browser_headers = {"Origin": server.url, "Sec-Fetch-Site": "same-origin"}
    body = {"user": "sam", "text": "hello"}
    refused = httpx.post(url, json=body, headers=browser_headers)
    assert_error(refused, 403, "forbidden")
    wrong = httpx.post(url, json=body, headers={**browser_headers, TOKEN_HEADER: "guess"})
    assert_error(wrong, 403, "forbidden")
    accepted = httpx.post(
        url, json=body, headers={**browser_headers, TOKEN_HEADER: fake.control_token}
    )
    assert accepted.status_code == 201, accepted.text


def test_clients_that_are_not_browsers_need_no_token(server: ServerThread, app: App) -> None:
    url = f"{server.url}/_mock/apps/{app.id}/simulate/message"
    response = httpx.post(url, json={"user": "sam", "text": "from curl or the CLI"})
    assert response.status_code == 201, response.text


def test_the_token_is_readable_only_by_the_fakes_own_pages(server: ServerThread) -> None:
    preflight = httpx.options(
        server.url + "/_mock/dashboard/config",
        headers={"Origin": EVIL, "Access-Control-Request-Method": "GET"},
    )
    config = httpx.get(server.url + "/_mock/dashboard/config", headers={"Origin": EVIL})
    for response in (preflight, config):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_no_answer_lets_another_origin_read_it(server: ServerThread, app: App) -> None:
    for method, path in ROUTE_FAMILIES:
        if path.endswith("/events"):
            continue  # a stream: its headers are checked by the dashboard's own test
        url = server.url + path.replace("{appId}", app.id)
        response = httpx.request(method, url, headers={"Origin": EVIL})
        allow = [h for h in response.headers if h.lower().startswith("access-control-")]
        assert not allow, (path, response.headers)


def test_the_dashboard_cannot_be_framed_and_runs_only_its_own_scripts(server: ServerThread) -> None:
    response = httpx.get(server.url + "/")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


# -- uploaded files never run in the dashboard's origin -------------------------------------------

PAYLOAD = (
    b"<!doctype html><title>invoice</title><script>window.pwned = true;"
    b" console.log('pwned ' + document.domain);"
    b" fetch('/_mock/dashboard/config').then(r => r.text()).then(t => console.log('pwned ' + t));"
    b"</script><p>invoice</p>"
)
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f3a9d20000000049454e44ae426082"
)


def _upload(client: httpx.Client, app_id: str, name: str, data: bytes, media_type: str) -> str:
    response = client.post(
        f"/v1.1/apps/{app_id}/attachments",
        params={"access": "public"},
        files={"source": (name, data, media_type)},
    )
    assert response.status_code == 201, response.text
    media_url: str = response.json()["mediaUrl"]
    return media_url


def test_an_uploaded_html_file_downloads_sandboxed_and_unsniffed(
    app_client: httpx.Client, app: App
) -> None:
    html = app_client.get(_upload(app_client, app.id, "invoice.html", PAYLOAD, "text/html"))
    assert html.status_code == 200
    assert html.headers["content-disposition"].startswith("attachment;")
    assert html.headers["x-content-type-options"] == "nosniff"
    assert html.headers["content-security-policy"].startswith("sandbox")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    svg_answer = app_client.get(_upload(app_client, app.id, "logo.svg", svg, "image/svg+xml"))
    assert svg_answer.headers["content-disposition"].startswith("attachment;")
    png = app_client.get(_upload(app_client, app.id, "dot.png", PNG_1X1, "image/png"))
    assert png.headers["content-disposition"].startswith("inline;")
    assert png.content == PNG_1X1


@needs_chromium
def test_an_html_upload_opened_from_the_dashboard_runs_no_script(
    page: Any, server: ServerThread, app_client: httpx.Client, app: App, fake: FakeSmooch
) -> None:
    media_url = _upload(app_client, app.id, "invoice.html", PAYLOAD, "text/html")
    fake.simulate.write(app.id, "see my invoice", user="mallory")
    sent = app_client.post(
        f"/v1.1/apps/{app.id}/appusers/mallory/messages",
        json={"role": "appMaker", "type": "file", "mediaUrl": media_url, "text": "your invoice"},
    )
    assert sent.status_code == 201, sent.text
    logged: list[str] = []
    page.context.on("console", lambda message: logged.append(message.text))
    downloads: list[Any] = []

    def watch(popup: Any) -> None:
        popup.on("console", lambda message: logged.append(message.text))
        popup.on("download", lambda download: downloads.append(download))

    page.context.on("page", watch)
    page.on("download", lambda download: downloads.append(download))
    mallory = fake.store.user(app.id, "mallory")
    page.goto(f"{server.url}/#/apps/{app.id}/conversations/{mallory.id}")
    link = page.get_by_role("link", name=re.compile("invoice.html"))
    expect(link).to_be_visible()
    link.click()
    deadline = time.monotonic() + 10
    while not downloads and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert [d.suggested_filename for d in downloads] == ["invoice.html"]
    # The file also opened directly (typed into the address bar) is a sandboxed download.
    with pytest.raises(Exception, match="Download is starting"):
        page.goto(media_url)
    page.goto(f"{server.url}/")
    time.sleep(0.2)  # the page's own scripts settle; no script of the upload may have run
    for tab in page.context.pages:
        assert tab.evaluate("typeof window.pwned") == "undefined"
    assert not [text for text in logged if "pwned" in text], logged


# -- appUser isolation ----------------------------------------------------------------------------


def _app_user_client(server: ServerThread, key: SecretKey, user_id: str) -> httpx.Client:
    bearer = f"Bearer {token(key, 'appUser', user_id=user_id)}"
    return httpx.Client(base_url=server.url, headers={"Authorization": bearer}, timeout=30)


def test_legacy_init_with_another_users_id_is_refused(
    server: ServerThread, fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    bob = fake.store.create_user(app.id, UserInput("bob", email="bob@example.com"))
    fake.store.init_sdk_device(app.id, "bobs-phone", "ios", user_id="bob")
    fake.store.create_user(app.id, UserInput("alice"))
    with _app_user_client(server, key, "alice") as alice:
        as_bob = alice.post(
            "/v1/init", json={"device": {"id": "alices-phone", "platform": "ios"}, "userId": "bob"}
        )
        assert_error(as_bob, 403, "forbidden")
        bobs_device = alice.post(
            "/v1/init", json={"device": {"id": "bobs-phone", "platform": "ios"}}
        )
        assert_error(bobs_device, 403, "forbidden")
        own = alice.post("/v1/init", json={"device": {"id": "alices-phone", "platform": "web"}})
    assert own.status_code == 200, own.text
    assert own.json()["appUser"]["userId"] == "alice"
    assert "bob@example.com" not in as_bob.text + bobs_device.text + own.text
    assert [c.id for c in bob.clients] == ["bobs-phone"] and bob.clients[0].primary


def test_a_token_whose_user_id_is_another_users_internal_id_reaches_nobody(
    server: ServerThread, fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    bob = fake.store.create_user(app.id, UserInput("bob", email="bob@example.com"))
    with _app_user_client(server, key, bob.id) as forged:
        for path in (
            f"/v1.1/appusers/{bob.id}",
            f"/v1.1/appusers/{bob.id}/messages",
            "/v1.1/appusers/bob",
        ):
            response = forged.get(path)
            assert response.status_code in (403, 404), (path, response.text)
            assert "bob@example.com" not in response.text
        init = forged.post(
            "/v1/init", json={"device": {"id": "d1", "platform": "ios"}, "userId": bob.id}
        )
        assert init.status_code in (200, 403), init.text
        assert "bob@example.com" not in init.text
    assert [c.id for c in bob.clients] == []


# -- a hostile webhook target ----------------------------------------------------------------------


class EndlessTarget:
    """A webhook target that answers 200 with a 100 MB body, counting what it manages to send."""

    SIZE = 100 * 1024 * 1024

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/hook"
        self.sent = 0
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            received = b""
            while b"\r\n\r\n" not in received:
                received += connection.recv(65536)
            connection.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {self.SIZE}\r\n\r\n".encode())
            chunk = b"x" * 65536
            try:
                while self.sent < self.SIZE:
                    connection.sendall(chunk)
                    self.sent += len(chunk)
            except OSError:
                pass  # the fake hung up: what we want
        self.done.set()


def _rss_bytes() -> int:
    """Resident memory now (not the peak): Linux's /proc, where the test runs."""
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs /proc/self/status to read the resident set size")
    line = next(line for line in status.read_text().splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def test_a_target_streaming_100_mb_is_read_no_further_than_the_cap(
    fake: FakeSmooch, app: App
) -> None:
    target = EndlessTarget()
    fake.store.create_webhook(app.id, WebhookInput(target.url, ["message:appUser"]), version="v1.1")
    before = _rss_bytes()
    fake.simulate.write(app.id, "hello", user="sam")
    assert fake.webhooks.engine.wait_idle(30)
    assert target.done.wait(30)
    growth = _rss_bytes() - before
    (delivery,) = fake.webhooks.log.list(app.id)
    (attempt,) = delivery.attempts
    assert attempt.status == 200
    assert attempt.response_body == "x" * 65536
    assert target.sent < 50 * 1024 * 1024, f"the fake downloaded {target.sent} bytes"
    assert growth < 50 * 1024 * 1024, f"RSS grew by {growth / 2**20:.1f} MiB"


# -- half-sent requests ----------------------------------------------------------------------------


@pytest.fixture
def impatient_server(fake: FakeSmooch) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(fake, request_timeout=0.5)) as server:
        yield server


def _closed_within(connection: socket.socket, seconds: float) -> tuple[bool, bytes]:
    connection.settimeout(seconds)
    received = b""
    try:
        while chunk := connection.recv(65536):
            received += chunk
    except TimeoutError:
        return False, received
    return True, received


def test_half_sent_headers_are_timed_out(impatient_server: BackgroundServer) -> None:
    with socket.create_connection(("127.0.0.1", impatient_server.port)) as connection:
        connection.sendall(b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed, _ = _closed_within(connection, 10)
    assert closed


def test_half_sent_bodies_are_timed_out_with_a_408(impatient_server: BackgroundServer) -> None:
    with socket.create_connection(("127.0.0.1", impatient_server.port)) as connection:
        connection.sendall(
            b"POST /_mock/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{"
        )
        closed, received = _closed_within(connection, 10)
    assert closed
    assert received.startswith(b"HTTP/1.1 408"), received[:200]
    assert b'"request_timeout"' in received


def test_health_answers_while_half_sent_requests_wait(impatient_server: BackgroundServer) -> None:
    waiting = [socket.create_connection(("127.0.0.1", impatient_server.port)) for _ in range(50)]
    try:
        for connection in waiting:
            connection.sendall(b"GET /_mock/health HTTP/1.1\r\n")
        started = time.perf_counter()
        assert httpx.get(impatient_server.url + "/_mock/health").status_code == 200
        assert time.perf_counter() - started < 1.0
    finally:
        for connection in waiting:
            connection.close()


# -- the in-process fixture never reaches the real Smooch ------------------------------------------


@pytest.mark.parametrize(
    "use",
    [
        lambda app: app.python_sdk_api_client(),
        lambda app: app.python_sdk_credentials(),
        lambda app: app.smooch_core_options,
    ],
    ids=["python_sdk_api_client", "python_sdk_credentials", "smooch_core_options"],
)
def test_in_process_helpers_for_non_httpx_clients_refuse_and_name_the_fixture(use: Any) -> None:
    with SmoochHarness.in_process() as harness:
        app = harness.isolated_app()
        with pytest.raises(InProcessOnly, match="use the `smooch` fixture"):
            use(app)
        app.close()


@pytest.mark.parametrize("value", [b"Basic \xff\xfe==", b"Bearer \xff.\xfe.\xfd", b"\xe9t\xe9"])
def test_non_ascii_credentials_are_401_not_a_crash(server: ServerThread, value: bytes) -> None:
    response = httpx.get(server.url + "/v1.1/apps", headers={b"Authorization": value})
    assert_error(response, 401, "invalid_auth")
