"""`smooch-mock probe`: the attack suite against endpoints written here, good and bad."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiohttp import web

from smooch_mock.api.v1.triggers import TRIGGERS_V1
from smooch_mock.cli import main as cli_main
from smooch_mock.contract.check import check_webhook_payload
from smooch_mock.probe import probe_endpoint
from smooch_mock.probe.runner import DEFAULT_TRIGGERS
from smooch_mock.server import BackgroundServer

SECRET = "k3y-0f-the-webhook"
Serve = Callable[["Endpoint"], str]
FAST = ["--timeout", "2", "--drip-seconds", "0.2", "--storm", "5"]
ATTACKS = [
    "duplicate", "out of order", "forged X-API-Key", "missing X-API-Key", "huge body",
    "slow sender", "retry storm",
]  # fmt: skip


class Endpoint:
    """A bot's webhook endpoint, correct unless told to ignore the key or choke on duplicates."""

    def __init__(
        self, *, checks_key: bool = True, fails_duplicates: bool = False, answer_after: float = 0
    ) -> None:
        self.checks_key = checks_key
        self.fails_duplicates = fails_duplicates
        self.answer_after = answer_after
        self.seen: set[str] = set()
        self.invalid: list[str] = []

    def application(self) -> web.Application:
        app = web.Application()  # reads at most 1 MiB: a larger body is a 413
        app.router.add_post("/webhook", self.receive)
        return app

    async def receive(self, request: web.Request) -> web.Response:
        if self.checks_key and request.headers.get("X-API-Key") != SECRET:
            return web.json_response({"error": "unauthorized"}, status=401)
        payload = json.loads(await request.read())
        problem = check_webhook_payload(payload, payload["trigger"], payload.get("version", "v1"))
        if problem is not None:
            self.invalid.append(problem)
            return web.json_response({"error": problem}, status=400)
        await asyncio.sleep(self.answer_after)
        ids = {m["_id"] for m in payload.get("messages", [])}
        if self.fails_duplicates and ids & self.seen:
            return web.json_response({"error": "already seen"}, status=500)
        self.seen |= ids
        return web.json_response({})


@pytest.fixture
def serve() -> Iterator[Serve]:
    servers: list[BackgroundServer] = []

    def start(endpoint: Endpoint) -> str:
        server = BackgroundServer(endpoint.application()).start()
        servers.append(server)
        return f"{server.url}/webhook"

    yield start
    for server in servers:
        server.stop()


def junit(path: Path) -> dict[str, str | None]:
    """Each test case of the JUnit file with its failure message (None: it passed)."""
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    cases = {}
    for case in suite.iter("testcase"):
        failure = case.find("failure")
        cases[case.get("name", "")] = None if failure is None else failure.get("message", "")
    assert suite.get("tests") == str(len(cases))
    assert suite.get("failures") == str(sum(m is not None for m in cases.values()))
    return cases


def test_a_correct_endpoint_passes_every_check(
    serve: Serve, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint = Endpoint()
    url = serve(endpoint)
    report = tmp_path / "probe.xml"
    assert cli_main(["probe", url, "--secret", SECRET, "--junit", str(report), *FAST]) == 0
    cases = junit(report)
    assert list(cases) == [f"valid {t}" for t in DEFAULT_TRIGGERS] + ATTACKS
    assert all(message is None for message in cases.values()), cases
    assert endpoint.invalid == []  # every payload the probe sent is schema-valid
    table = capsys.readouterr().out
    assert re.search(r"^forged X-API-Key +401 +\d+ ms +refused +pass$", table, re.M), table
    assert f"{url}: 12 checks, 0 failed" in table


def test_an_endpoint_that_ignores_the_key_is_flagged(
    serve: Serve, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve(Endpoint(checks_key=False))
    report = tmp_path / "probe.xml"
    assert cli_main(["probe", url, "--secret", SECRET, "--junit", str(report), *FAST]) == 1
    failed = {name: message for name, message in junit(report).items() if message is not None}
    assert set(failed) == {"forged X-API-Key", "missing X-API-Key"}
    assert all("accepted it (answered 200)" in str(m) for m in failed.values())
    assert "ACCEPTED" in capsys.readouterr().out


def test_an_endpoint_that_answers_500_to_duplicates_is_flagged(
    serve: Serve, tmp_path: Path
) -> None:
    url = serve(Endpoint(fails_duplicates=True))
    report = tmp_path / "probe.xml"
    assert cli_main(["probe", url, "--secret", SECRET, "--junit", str(report), *FAST]) == 1
    failed = {name: message for name, message in junit(report).items() if message is not None}
    assert set(failed) == {"duplicate", "retry storm"}
    assert str(failed["duplicate"]).startswith("duplicate: answered 500 to a valid payload")


async def test_a_slow_endpoint_is_flagged_from_async_code_too(serve: Serve) -> None:
    url = serve(Endpoint(answer_after=1.0))
    report = probe_endpoint(url, secret=SECRET, timeout=0.3, checks=("valid message:appUser",))
    (result,) = report.results
    assert (result.verdict, result.answers()) == ("FAIL", "timeout")
    assert "no answer within 0.3 s (the platform's timeout)" in result.reason
    with pytest.raises(AssertionError, match="valid message:appUser"):
        report.assert_production_ready()


def test_without_the_secret_the_key_checks_are_skipped(serve: Serve, tmp_path: Path) -> None:
    url = serve(Endpoint(checks_key=False))
    report = tmp_path / "probe.xml"
    assert cli_main(["probe", url, "--junit", str(report), *FAST]) == 0
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None and suite.get("skipped") == "2"
    skipped = [c.get("name") for c in suite.iter("testcase") if c.find("skipped") is not None]
    assert skipped == ["forged X-API-Key", "missing X-API-Key"]


def test_v1_payloads_of_every_trigger(serve: Serve, tmp_path: Path) -> None:
    endpoint = Endpoint()
    url = serve(endpoint)
    report = tmp_path / "probe.xml"
    arguments = ["probe", url, "--secret", SECRET, "--version", "v1", "--trigger", "*"]
    assert cli_main([*arguments, "--junit", str(report), *FAST]) == 0
    assert list(junit(report)) == [f"valid {t}" for t in TRIGGERS_V1] + ATTACKS
    assert endpoint.invalid == []


def test_an_unreachable_endpoint_exits_2_saying_why(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    assert cli_main(["probe", f"http://127.0.0.1:{port}/webhook"]) == 2
    assert "connection refused" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [(["ftp://x"], "needs http:// or https://"), (["http://x", "--trigger", "nope"], "nope")],
)
def test_probe_refuses_what_it_cannot_send(
    arguments: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["probe", *arguments]) == 2
    assert complaint in capsys.readouterr().err


def test_the_smooch_probe_fixture_fails_a_test_on_a_forged_key(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(
        """
        from aiohttp import web
        from smooch_mock.server import BackgroundServer

        async def accept_anything(request):
            await request.read()
            return web.json_response({})

        def test_my_endpoint(smooch_probe):
            app = web.Application()
            app.router.add_post("/hook", accept_anything)
            with BackgroundServer(app) as server:
                report = smooch_probe(f"{server.url}/hook", secret="s", storm=3, drip_seconds=0.1)
            report.assert_production_ready()
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*the endpoint did what a production webhook endpoint must not:*", "*forged X-API-Key*"]
    )
