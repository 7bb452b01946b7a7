"""The in-process mode: `smooch_mock` serves httpx clients through respx, with no socket."""

from __future__ import annotations

import re

import checkout_paths
import httpx
import pytest
import respx

from smooch_mock.fake import FakeSmooch
from smooch_mock.inprocess import fake_transport, to_api_request
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.testing import IsolatedApp


def test_sync_httpx_client_is_served_in_process(smooch_mock: IsolatedApp) -> None:
    assert smooch_mock.base_url == "https://api.smooch.io"
    smooch_mock.user_writes("hi", user="bob")
    with httpx.Client(base_url=smooch_mock.api_url, auth=smooch_mock.auth) as client:
        answer = client.post(
            "/appusers/bob/messages", json={"role": "appMaker", "type": "text", "text": "hello"}
        )
        assert answer.status_code == 201, answer.text
        assert answer.headers["content-type"] == "application/json; charset=utf-8"
        missing = client.get("/appusers/nobody")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    smooch_mock.assert_message_sent("bob", text="hello")
    assert smooch_mock.respx.calls.call_count == 2


async def test_async_httpx_client_is_served_in_process(smooch_mock: IsolatedApp) -> None:
    async with httpx.AsyncClient(base_url=smooch_mock.api_url) as client:
        headers = {"Authorization": f"Bearer {smooch_mock.jwt()}"}
        answer = await client.post("/appusers", json={"userId": "ann"}, headers=headers)
    assert answer.status_code == 201, answer.text
    assert smooch_mock.app_user("ann")["userId"] == "ann"


def test_the_eu_host_is_served_too(smooch_mock: IsolatedApp) -> None:
    url = f"https://api.eu-1.smooch.io/v1.1/apps/{smooch_mock.app_id}"
    assert httpx.get(url, auth=smooch_mock.account_auth).status_code == 200


def test_an_unserved_host_fails_as_not_mocked(smooch_mock: IsolatedApp) -> None:
    with pytest.raises(respx.models.AllMockedAssertionError, match="not mocked"):
        httpx.get("https://api.smooch.example/v1.1/appusers/bob")
    with pytest.raises(respx.models.AllMockedAssertionError):
        httpx.get("http://127.0.0.1:9/")  # not even loopback leaves unnoticed


@pytest.mark.smooch(base_urls=["https://smooch.internal.test/"])
def test_marker_base_urls_are_served_and_the_first_is_base_url(smooch_mock: IsolatedApp) -> None:
    assert smooch_mock.base_url == "https://smooch.internal.test"
    answer = httpx.get(
        f"{smooch_mock.api_url}/apps/{smooch_mock.app_id}", auth=smooch_mock.account_auth
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["app"]["_id"] == smooch_mock.app_id


def test_webhooks_still_go_out_over_real_http(
    smooch_mock: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    smooch_mock.create_webhook(smooch_webhook_receiver.url, ["message:appUser"])
    smooch_mock.user_writes("hi", user="bob")
    [delivery] = smooch_mock.wait_for_delivery(trigger="message:appUser")
    assert delivery.state == "delivered"
    assert smooch_webhook_receiver.payloads()[0]["app"]["_id"] == smooch_mock.app_id


def test_fake_transport_serves_without_respx() -> None:
    fake = FakeSmooch(seed=3)
    try:
        _, key = fake.create_app_with_key()
        with httpx.Client(
            transport=fake_transport(fake), base_url="https://api.smooch.io"
        ) as client:
            answer = client.get("/v1.1/appusers/x%2Fy", auth=(key.id, key.secret))
        assert answer.status_code == 404
        assert answer.json()["error"]["code"] == "not_found"
    finally:
        fake.close()


def test_request_translation_keeps_raw_path_query_and_base_url() -> None:
    request = httpx.Request(
        "GET",
        "http://127.0.0.1:8080/v1.1/appusers/a%2Fb/messages?before=1.5&before=2",
        headers={"X-A": "1"},
    )
    api_request = to_api_request(request)
    assert api_request.path == "/v1.1/appusers/a%2Fb/messages"
    assert api_request.query == {"before": "2"}
    assert api_request.base_url == "http://127.0.0.1:8080"
    assert api_request.headers["x-a"] == "1"


# -- the optional dependency ---------------------------------------------------------------------


def test_the_pytest_extra_brings_what_the_in_process_fixture_imports() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((checkout_paths.ROOT / "pyproject.toml").read_text())["project"]
    extra = {
        re.split(r"[<>=\[ ]", requirement)[0]
        for requirement in project["optional-dependencies"]["pytest"]
    }
    assert {"pytest", "respx"} <= extra
    assert "respx" not in {re.split(r"[<>=\[ ]", r)[0] for r in project["dependencies"]}


def test_without_respx_the_fixture_says_what_to_install(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", checkout_paths.PYTHONPATH)
    pytester.makeconftest("import sys\n\nsys.modules['respx'] = None  # as if not installed\n")
    pytester.makepyfile(
        """
        def test_in_process(smooch_mock):
            pass

        def test_served(smooch):
            smooch.user_writes("hi", user="bob")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:respx")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_in_process*",
            "The in-process `smooch_mock` fixture needs respx (which brings httpx), and it is not"
            " installed: pip install respx (or install smooch-mock with its `pytest` extra, *",
        ]
    )
    result.stdout.no_fnmatch_line("*ModuleNotFoundError*")
