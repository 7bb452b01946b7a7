"""Switching delivery chaos at run time: the control API, the CLI, the marker and the dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from browser_support import Console, browser, console, expect, needs_chromium, page
from support import assert_error
from webhook_support import wait_until

from smooch_mock.cli import main as cli_main
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import WebhookInput
from smooch_mock.store.models import App, Webhook

__all__ = ["browser", "console", "page"]  # fixtures, imported for this module's tests

DEFAULTS = {
    "seed": 0, "drop": 0.0, "duplicate": 0.0, "delay": 0.0, "reorder": 0.0, "maxDelay": 2.0,
    "failFirst": 0,
}  # fmt: skip


@pytest.fixture
def fake() -> Iterator[FakeSmooch]:
    instance = FakeSmooch(seed=21, webhook_retry_base=0.005)
    yield instance
    instance.close()
    assert not instance.internal_errors, [e.traceback for e in instance.internal_errors]


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as target:
        yield target


@pytest.fixture
def app(fake: FakeSmooch) -> App:
    return fake.create_app_with_key("Chaos controls")[0]


@pytest.fixture
def webhook(fake: FakeSmooch, app: App, receiver: WebhookReceiver) -> Webhook:
    return fake.store.create_webhook(
        app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
    )


def chaos_url(server: ServerThread, app: App, webhook: Webhook | None = None) -> str:
    middle = f"/webhooks/{webhook.id}" if webhook is not None else ""
    return f"{server.url}/_mock/apps/{app.id}{middle}/chaos"


def test_webhook_chaos_is_set_read_and_cleared_over_the_control_api(
    server: ServerThread, fake: FakeSmooch, app: App, webhook: Webhook, receiver: WebhookReceiver
) -> None:
    url = chaos_url(server, app, webhook)
    assert httpx.get(url).json() == {"chaos": None, "appChaos": None}

    answer = httpx.put(url, json={"duplicate": 1, "seed": 9})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"chaos": {**DEFAULTS, "duplicate": 1, "seed": 9}}
    assert httpx.get(url).json()["chaos"]["duplicate"] == 1

    fake.simulate.write(app.id, "twice", user="fay")
    receiver.wait_for(2)
    listed = httpx.get(f"{server.url}/_mock/apps/{app.id}/deliveries").json()["deliveries"]
    original, copy = listed
    assert "faults" not in original
    assert copy["faults"] == [{"type": "duplicate", "of": original["_id"]}]

    assert httpx.delete(url).json() == {}
    assert httpx.get(url).json() == {"chaos": None, "appChaos": None}


def test_app_wide_chaos_shows_on_each_webhook_and_all_zero_turns_it_off(
    server: ServerThread, app: App, webhook: Webhook
) -> None:
    answer = httpx.put(chaos_url(server, app), json={"failFirst": 2, "maxDelay": 0.5})
    assert answer.json() == {"chaos": {**DEFAULTS, "failFirst": 2, "maxDelay": 0.5}}
    seen = httpx.get(chaos_url(server, app, webhook)).json()
    assert seen == {"chaos": None, "appChaos": answer.json()["chaos"]}
    assert httpx.put(chaos_url(server, app), json={"drop": 0}).json() == {"chaos": None}
    assert httpx.get(chaos_url(server, app)).json() == {"chaos": None}


def test_whole_numbers_written_as_decimals_are_whole_numbers(
    server: ServerThread, app: App, webhook: Webhook
) -> None:
    answer = httpx.put(chaos_url(server, app, webhook), json={"seed": 3.0, "failFirst": 1.0})
    assert answer.status_code == 200, answer.text
    assert '"seed":3,' in answer.text.replace(" ", "")
    assert answer.json()["chaos"]["failFirst"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [({"drop": 1.5}, "drop"), ({"failFirst": 11}, "failFirst"), ({"colour": 1}, "colour")],
)
def test_impossible_chaos_is_a_400_naming_the_field(
    server: ServerThread, app: App, webhook: Webhook, body: dict[str, Any], field: str
) -> None:
    error = assert_error(httpx.put(chaos_url(server, app, webhook), json=body), 400, "bad_request")
    assert field in error["description"]


def test_chaos_of_an_unknown_webhook_or_app_is_a_404(server: ServerThread, app: App) -> None:
    unknown = f"{server.url}/_mock/apps/{app.id}/webhooks/{'0' * 24}/chaos"
    assert_error(httpx.put(unknown, json={"drop": 0.5}), 404, "not_found")
    assert_error(httpx.get(f"{server.url}/_mock/apps/{'0' * 24}/chaos"), 404, "not_found")


def test_chaos_cli_switches_faults_on_shows_them_and_turns_them_off(
    server: ServerThread,
    fake: FakeSmooch,
    app: App,
    webhook: Webhook,
    capsys: pytest.CaptureFixture[str],
) -> None:
    where = ["--url", server.url, "--app", app.id, "--webhook", webhook.id]
    assert (
        cli_main(["chaos", *where, "--duplicate", "0.5", "--fail-first", "1", "--seed", "3"]) == 0
    )
    expected = f"chaos for webhook {webhook.id}: duplicate 50%, fail first 1, seed 3\n"
    assert capsys.readouterr().out == expected
    assert cli_main(["chaos", *where]) == 0
    assert capsys.readouterr().out == expected
    assert fake.webhooks.chaos_settings(app.id, webhook.id) is not None

    assert cli_main(["chaos", *where, "--off"]) == 0
    assert capsys.readouterr().out == f"chaos off for webhook {webhook.id}\n"
    assert fake.webhooks.chaos_settings(app.id, webhook.id) is None

    assert cli_main(["chaos", "--url", server.url, "--app", app.id, "--drop", "0.2"]) == 0
    assert capsys.readouterr().out == f"chaos for every webhook of app {app.id}: drop 20%, seed 0\n"


@pytest.mark.parametrize(
    ("option", "value", "complaint"),
    [("--drop", "2", "a chance between 0 and 1"), ("--fail-first", "x", "a whole number")],
)
def test_chaos_cli_refuses_impossible_values(
    option: str, value: str, complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["chaos", option, value])
    assert exit_info.value.code == 2
    assert complaint in capsys.readouterr().err


def test_chaos_cli_names_the_unknown_webhook(
    server: ServerThread, app: App, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--url", server.url, "--app", app.id, "--webhook", "nope"]
    assert cli_main(["chaos", *where, "--drop", "0.5"]) == 1
    assert "404 Webhook not found" in capsys.readouterr().err


def test_marker_chaos_and_the_fixture_helpers(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(
        test_helpers="""
        import pytest

        @pytest.mark.smooch(chaos={"duplicate": 1.0, "seed": 2})
        def test_marker_duplicates_every_delivery(smooch, smooch_webhook_receiver):
            smooch.create_webhook(smooch_webhook_receiver.url)
            smooch.user_writes("hi", user="gus")
            smooch_webhook_receiver.wait_for(2)
            (fault,) = smooch.injected_faults()
            assert fault["type"] == "duplicate" and fault["trigger"] == "message:appUser"

        @pytest.mark.smooch(webhook_retry_base=0.001)
        def test_helper_for_one_webhook_then_off(smooch, smooch_webhook_receiver):
            hook = smooch.create_webhook(smooch_webhook_receiver.url)
            smooch.chaos(hook["_id"], fail_first=2)
            smooch.user_writes("late", user="hal")
            (delivery,) = smooch.wait_for_delivery("message:appUser")
            assert [a.fault for a in delivery.attempts] == ["fail", "fail", None]
            assert [f["attempt"] for f in smooch.injected_faults()] == [1, 2]
            smooch.chaos_off(hook["_id"])
            smooch.user_writes("on time", user="hal")
            done = smooch.wait_for_delivery("message:appUser", count=2)
            assert len(done[1].attempts) == 1
        """,
        # A marker mistake fails its module's collection (the other module still runs).
        test_typo="""
        import pytest

        @pytest.mark.smooch(chaos={"dorp": 0.5})
        def test_typo(smooch):
            pass
        """,
    )
    result = pytester.runpytest("--continue-on-collection-errors")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*smooch marker: chaos: unknown option(s) dorp; known: *"])


@needs_chromium
def test_dashboard_chaos_control_sets_and_clears_a_webhooks_chaos(
    page: Any, console: Console, server: ServerThread, fake: FakeSmooch, app: App, webhook: Webhook
) -> None:
    page.goto(f"{server.url}/#/apps/{app.id}/webhooks")
    control = page.locator("article.webhook details.chaos")
    expect(control.locator("summary")).to_have_text("Delivery chaos: off")
    control.locator("summary").click()
    control.get_by_label("Duplicate %").fill("100")
    control.get_by_label("Fail first N").fill("1")
    control.get_by_label("Seed").fill("6")
    control.get_by_role("button", name="Apply chaos").click()
    expect(control.locator("summary")).to_have_text(
        "Delivery chaos: duplicate 100%, fail first 1 · seed 6"
    )
    settings = fake.webhooks.chaos_settings(app.id, webhook.id)
    assert settings is not None and (settings.duplicate, settings.fail_first) == (1.0, 1)

    control.get_by_label("Drop %").fill("250")
    control.get_by_role("button", name="Apply chaos").click()
    expect(control.get_by_role("alert")).to_contain_text("Drop %: ")
    expect(control.get_by_label("Drop %")).to_be_focused()

    control.get_by_role("button", name="Turn off").click()
    expect(control.locator("summary")).to_have_text("Delivery chaos: off")
    wait_until(lambda: fake.webhooks.chaos_settings(app.id, webhook.id) is None, what="chaos off")
    page.reload()
    expect(page.locator("article.webhook details.chaos summary")).to_have_text(
        "Delivery chaos: off"
    )
    console.assert_clean()
