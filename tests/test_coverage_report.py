"""The coverage report: which operations, triggers and message types a session or a server used."""

from __future__ import annotations

import json

import checkout_paths
import httpx
import pytest

from smooch_mock.api.routes import ROUTES
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.router import Placement
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App, SecretKey

SUITE = """
import httpx

def test_business_replies_and_reads_history(smooch):
    smooch.user_writes("hi", user="ann")
    with httpx.Client(base_url=smooch.api_url, auth=smooch.auth) as client:
        reply = {"role": "appMaker", "type": "text", "text": "hello"}
        assert client.post("/appusers/ann/messages", json=reply).status_code == 201
        assert client.get("/appusers/ann/messages").status_code == 200
        assert client.get("/appusers/nobody").status_code == 404

def test_webhook_gets_what_the_user_sends(smooch, smooch_webhook_receiver):
    with httpx.Client(base_url=smooch.api_url, auth=smooch.auth) as client:
        hook = {"target": smooch_webhook_receiver.url, "triggers": ["message:appUser", "postback"]}
        assert client.post("/webhooks", json=hook).status_code == 201
    smooch.user_writes({"type": "image", "mediaUrl": "https://example.com/a.png"}, user="bo")
    smooch_webhook_receiver.wait_for(1)

def test_in_process_too(smooch_mock):
    with httpx.Client(auth=smooch_mock.auth) as client:
        answer = client.get("https://api.smooch.io/v1.1/webhooks")
    assert answer.status_code == 200
"""
USED_OPERATIONS = {
    # operation: (calls, errors, method, path)
    "getAppUser": ("1", "1", "GET", "/v1.1/appusers/{userId}"),
    "getMessages": ("1", "0", "GET", "/v1.1/appusers/{userId}/messages"),
    "postMessage": ("1", "0", "POST", "/v1.1/appusers/{userId}/messages"),
    "listWebhooks": ("1", "0", "GET", "/v1.1/webhooks"),
    "createWebhook": ("1", "0", "POST", "/v1.1/webhooks"),
}


def section(output: str, title: str) -> list[list[str]]:
    """The rows of the table under the line starting with `title` (header row dropped)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("  ") or line.strip() == "(none)":
            break
        rows.append(line.split())
    return rows


@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["one process", "xdist"])
def test_the_table_lists_exactly_what_the_suite_used(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, workers: tuple[str, ...]
) -> None:
    monkeypatch.setenv("PYTHONPATH", checkout_paths.PYTHONPATH)
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(SUITE)
    options = ("--smooch-coverage", "--smooch-coverage-json", "coverage.json", *workers)
    # xdist needs a process of its own; in-line is faster when one process does.
    result = pytester.runpytest_subprocess(*options) if workers else pytester.runpytest(*options)
    result.assert_outcomes(passed=3)
    output = result.stdout.str()
    assert "smooch-mock coverage" in output
    smooch_total = sum(1 for r in ROUTES if r.placement is not Placement.CONTROL)
    assert f"Smooch API operations: 5 of {smooch_total} exercised" in output

    rows = section(output, "Smooch API operations:")
    assert {row[2]: (row[0], row[1], row[3], row[4]) for row in rows} == USED_OPERATIONS
    assert "Control API" not in output
    assert section(output, "Webhook triggers:") == [["1", "message:appUser", "v1.1"]]
    assert sorted(section(output, "Message types:")) == [
        ["1", "image", "appUser"],
        ["1", "text", "appMaker"],
        ["1", "text", "appUser"],
    ]

    report = json.loads((pytester.path / "coverage.json").read_text())
    assert {row["operation"] for row in report["operations"]} == set(USED_OPERATIONS)
    never = report["notExercised"]
    assert "deleteWebhook" in never["operations"] and "postMessage" not in never["operations"]
    assert "postback" in never["triggers"] and "message:appUser" not in never["triggers"]
    assert "carousel" in never["messageTypes"] and "image" not in never["messageTypes"]


def test_without_the_option_there_is_no_table(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile("def test_reads(smooch):\n    smooch.user_writes('hi', user='cy')\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert "smooch-mock coverage" not in result.stdout.str()


def test_the_server_reports_its_coverage_and_can_forget_it(
    server: ServerThread, fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    with httpx.Client(base_url=f"{server.url}/v1.1", auth=(key.id, key.secret)) as client:
        assert client.post("/appusers", json={"userId": "dee"}).status_code == 201
        message = {"role": "appMaker", "type": "text", "text": "welcome"}
        assert client.post("/appusers/dee/messages", json=message).status_code == 201
        assert client.post("/appusers/dee/messages", json={"role": "x"}).status_code == 400
    fake.simulate.write(
        app.id, {"type": "location", "coordinates": {"lat": 1, "long": 2}}, user="dee"
    )

    report = httpx.get(f"{server.url}/_mock/coverage").json()
    rows = {row["operation"]: row for row in report["operations"]}
    assert rows["postMessage"] == {
        "operation": "postMessage",
        "api": "smooch",
        "method": "POST",
        "path": "/v1.1/appusers/{userId}/messages",
        "calls": 2,
        "errors": 1,
    }
    assert rows["preCreateAppUser"]["calls"] == 1
    assert set(rows) == {"preCreateAppUser", "postMessage"}  # this GET is counted after answering
    assert report["messageTypes"] == [
        {"type": "text", "role": "appMaker", "count": 1},
        {"type": "location", "role": "appUser", "count": 1},
    ]
    assert report["triggers"] == []

    assert httpx.delete(f"{server.url}/_mock/coverage").json() == {}
    again = httpx.get(f"{server.url}/_mock/coverage").json()
    assert [row["operation"] for row in again["operations"]] == ["mockClearCoverage"]
