"""The official JS client (`smooch-core` 8.11.4) against a real fake server, app and account scope.

`tests/js/seed_calls.js` does the calls and asserts with node's `assert`; this test starts the
server, runs it, and checks its summary against the fake's own state.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App, SecretKey

JS_DIR = Path(__file__).parent / "js"
NODE_TIMEOUT = 60


def run_node_script(script: str, env: dict[str, str]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (JS_DIR / "node_modules" / "smooch-core").is_dir():
        pytest.skip("smooch-core is not installed: run `npm ci --prefix tests/js`")
    done = subprocess.run(
        [node, str(JS_DIR / script)],
        env={"PATH": "", **env},
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
        check=False,
    )
    report = f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert done.returncode == 0, report
    lines = done.stdout.strip().splitlines()
    assert lines, report
    summary: dict[str, Any] = json.loads(lines[-1])
    return summary


def script_env(server: ServerThread, fake: FakeSmooch, app: App, key: SecretKey) -> dict[str, str]:
    return {
        "SMOOCH_URL": server.url,
        "SMOOCH_APP_ID": app.id,
        "SMOOCH_APP_KEY_ID": key.id,
        "SMOOCH_APP_SECRET": key.secret,
        "SMOOCH_ACCOUNT_KEY_ID": fake.account_key.id,
        "SMOOCH_ACCOUNT_SECRET": fake.account_key.secret,
    }


def test_smooch_core_seed_calls_under_app_and_account_scope(
    server: ServerThread, fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    summary = run_node_script("seed_calls.js", script_env(server, fake, app, key))

    assert summary["ok"] is True
    assert [r["scope"] for r in summary["results"]] == ["app", "account"]
    assert summary["deliveries"] == 6
    state = fake.store.apps[app.id]
    webhooks = fake.store.webhooks_of(app.id)
    assert {r["webhookId"] for r in summary["results"]} == {w.id for w in webhooks}
    assert all(w.triggers == ["message:appUser"] for w in webhooks)
    for result, user_id in zip(
        summary["results"], ["ada-app@example.com", "ada-account@example.com"], strict=True
    ):
        user = state.users[result["appUserId"]]
        assert user.external_id == user_id and user.profile.given_name == "Ada"
        assert [m.id for m in user.default_conversation.messages] == result["messageIds"]
        assert result["beforePage"] == ["Hello", "Hi Ada, more?"]
        assert result["afterPage"] == ["Hi Ada, more?", "Yes please"]
        assert result["deliveredTexts"] == ["Hello", "Yes please"]


def test_smooch_core_rest_of_the_surface_under_app_and_account_scope(
    server: ServerThread, fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    summary = run_node_script("surface_calls.js", script_env(server, fake, app, key))

    assert summary["failed"] == [] and summary["ok"] is True
    for scope in ("app", "account"):
        assert f"{scope}:integrations.menu" in summary["passed"]
        assert f"{scope}:appUsers.pingChannel+viber/wechat.getQRCode" in summary["passed"]
        assert (
            f"{scope}:appUsers.stripe.updateCustomer+createTransaction+stripe.getAccount"
            in summary["passed"]
        )
        assert f"{scope}:integrations.profile+photo+messageTemplates" in summary["passed"]
        assert f"{scope}:appUsers.uploadImage" in summary["passed"]
    assert "account:serviceAccounts+keys" in summary["passed"]
    state = fake.store.apps[app.id]
    assert sorted(i.type for i in state.integrations.values()) == [
        "messenger", "messenger", "twilio", "twilio", "whatsapp", "whatsapp"
    ]  # fmt: skip
    assert all(
        i.profile.get("about") == "Tacos"
        for i in state.integrations.values()
        if i.type == "whatsapp"
    )
    assert state.users == {} and fake.store.webhooks_of(app.id) == []
    assert state.templates == {}
