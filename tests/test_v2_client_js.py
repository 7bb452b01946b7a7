"""The official v2 JS client (`sunshine-conversations-client` 14.1.0) against a real fake server:
app key create, list, get and delete; the new key reads its app; users created and fetched,
conversations listed and created; errors in the v2 body."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from test_client_js import JS_DIR, NODE_TIMEOUT

from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput
from smooch_mock.store.conversations import GRAVATAR_DEFAULT
from smooch_mock.store.models import App, AuthorInput, Content, MessageInput, SecretKey


def run_v2_script(script: str, env: dict[str, str]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (JS_DIR / "node_modules" / "sunshine-conversations-client").is_dir():
        pytest.skip(
            "sunshine-conversations-client is not installed: run `npm ci --prefix tests/js`"
        )
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
    summary: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return summary


def test_js_client_creates_an_app_key_that_works_at_once(
    server: ServerThread, fake: FakeSmooch
) -> None:
    summary = run_v2_script(
        "v2_app_keys.js",
        {
            "SMOOCH_URL": server.url,
            "SMOOCH_ACCOUNT_KEY_ID": fake.account_key.id,
            "SMOOCH_ACCOUNT_SECRET": fake.account_key.secret,
        },
    )
    assert summary["ok"] is True
    app = fake.store.get_app(summary["appId"])
    assert app.name == "JS app"
    assert summary["listedKeyIds"] == [summary["keyId"]]
    assert summary["ownAppName"] == "JS app"
    assert summary["refused"] == {
        "status": 403,
        "body": {"errors": [{"code": "forbidden", "title": "Forbidden"}]},
    }
    assert summary["gone"] == {
        "status": 404,
        "body": {"errors": [{"code": "not_found", "title": "Resource not found"}]},
    }
    assert summary["keyId"] not in fake.store.keys


def test_js_client_posts_a_message_and_walks_the_history_with_page_after(
    server: ServerThread, fake: FakeSmooch
) -> None:
    app, key = fake.create_app_with_key("JS messages")
    user = fake.store.create_user(app.id, UserInput("js-user"))
    filler = MessageInput(AuthorInput(type="user"), Content(type="text", text="earlier"))
    with fake.lock:
        earlier = [fake.store.post_message(app.id, user.id, filler).id for _ in range(250)]
    summary = run_v2_script(
        "v2_messages.js",
        {
            "SMOOCH_URL": server.url,
            "SMOOCH_APP_ID": app.id,
            "SMOOCH_KEY_ID": key.id,
            "SMOOCH_SECRET": key.secret,
            "SMOOCH_CONVERSATION_ID": user.default_conversation.id,
        },
    )
    posted = summary["posted"]
    stored = user.default_conversation.messages[-1]
    assert posted["id"] == stored.id and posted["text"] == "Hello from JS"
    assert posted["author"] == {
        "type": "business",
        "displayName": "JS bot",
        "avatarUrl": GRAVATAR_DEFAULT,
    }
    assert posted["source"] == {"type": "api:conversations"}
    assert posted["received"].endswith("Z")
    assert summary["newestPageSize"] == 100
    # 251 messages: the oldest page (51), then page[after] twice (100 and 100), each once, in order.
    assert summary["walked"] == [*earlier, stored.id]
    assert summary["pages"] == 3


def test_js_client_creates_and_gets_a_user_and_lists_and_creates_conversations(
    server: ServerThread, fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    summary = run_v2_script(
        "v2_users_conversations.js",
        {
            "SMOOCH_URL": server.url,
            "SMOOCH_APP_ID": app.id,
            "SMOOCH_KEY_ID": key.id,
            "SMOOCH_SECRET": key.secret,
        },
    )
    user = fake.store.user(app.id, "js-user")
    assert summary["userId"] == user.id
    assert summary["fetched"] == [user.id, user.id]
    assert summary["profile"] == {"givenName": "Jess", "email": "jess@example.com"}
    assert summary["metadata"] == {"plan": "pro"}
    assert summary["before"] == [
        {"id": user.default_conversation.id, "type": "personal", "isDefault": True}
    ]
    group = fake.store.conversation(app.id, summary["group"]["id"])
    assert summary["group"] == {"id": group.id, "type": "sdkGroup", "displayName": "JS group"}
    assert group.participant(user.id) is not None
    assert summary["afterDefault"] == [group.id] and summary["hasMoreAfter"] is False
    assert summary["taken"] == {
        "status": 409,
        "body": {"errors": [{"code": "conflict", "title": "User already exists"}]},
    }
