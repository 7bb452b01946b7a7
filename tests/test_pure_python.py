"""Without the compiled helpers (orjson, jsonschema-rs) the fake answers exactly as with them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from smooch_mock import encoding
from smooch_mock.contract import check

ROOT = Path(__file__).resolve().parent.parent
BLOCKER = ROOT / "tests" / "pure_python"
"""Its sitecustomize makes orjson and jsonschema_rs unimportable in a process started with it."""

TEXT = {"role": "appMaker", "type": "text", "text": "hi"}
POSTBACK = {"type": "postback", "text": "x", "payload": "x"}
CHECKED_SCHEMAS = [
    f"requests/{name}" for name in ("message-post", "app-user-pre-create", "webhook-create")
]
CASES: list[tuple[str, str, Any]] = [
    ("POST", "/v1.1/appusers/bob/messages", TEXT),
    ("POST", "/v1.1/appusers/bob/messages", {"role": "appMaker", "text": "no type"}),
    ("POST", "/v1.1/appusers/bob/messages", {**TEXT, "type": "telegram"}),
    ("POST", "/v1.1/appusers/bob/messages", {**TEXT, "role": "robot"}),
    ("POST", "/v1.1/appusers/bob/messages", {**TEXT, "colour": "red"}),
    ("POST", "/v1.1/appusers/bob/messages", {**TEXT, "text": 7}),
    ("POST", "/v1.1/appusers/bob/messages", {**TEXT, "metadata": "not an object"}),
    (
        "POST",
        "/v1.1/appusers/bob/messages",
        {**TEXT, "actions": [{"type": "buy", "text": "Pay", "amount": 1.5}]},
    ),
    (
        "POST",
        "/v1.1/appusers/bob/messages",
        {**TEXT, "actions": [{"type": "link", "text": "Go", "uri": "javascript:alert(1)"}]},
    ),
    (
        "POST",
        "/v1.1/appusers/bob/messages",
        {
            "role": "appMaker",
            "type": "carousel",
            "items": [{"title": f"item {n}", "actions": [POSTBACK]} for n in range(11)],
        },
    ),
    ("POST", "/v1.1/appusers/bob/messages", {"role": "appMaker", "type": "image"}),
    ("POST", "/v1.1/appusers/bob/messages", {"role": "appUser", "type": "location"}),
    ("POST", "/v1.1/appusers", {"userId": "ann", "email": 12}),
    ("POST", "/v1.1/appusers", {"userId": "ann", "signedUpAt": "yesterday"}),
    ("POST", "/v1.1/webhooks", {"target": "ftp://hooks.example", "triggers": ["message"]}),
    ("POST", "/v1.1/webhooks", {"target": "https://hooks.example", "triggers": "message"}),
    ("PUT", "/v1.1/appusers/bob", {"givenName": ["Bob"]}),
]

ANSWER_EACH_CASE = """
import base64, json, sys
from smooch_mock import encoding
from smooch_mock.contract import check
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.messages import ApiRequest
from smooch_mock.store.inputs import UserInput

fake = FakeSmooch(seed=1)
app, key = fake.create_app_with_key()
fake.store.create_user(app.id, UserInput(external_id="bob"))
auth = "Basic " + base64.b64encode(f"{key.id}:{key.secret}".encode()).decode()
headers = {"authorization": auth, "content-type": "application/json"}
answers = []
for method, path, body in json.load(sys.stdin):
    request = ApiRequest(method, path, {}, headers, json.dumps(body).encode(), "http://x")
    answer = fake.handle(request)
    answers.append([answer.status, answer.body if answer.status >= 400 else None])
compiled = {
    "orjson": encoding.USES_ORJSON,
    "jsonschema_rs": check._fast_validator("requests/message-post") is not None,
}
print(json.dumps({"compiled": compiled, "answers": answers}))
fake.close()
"""


def answer_cases(*, blocked: bool) -> dict[str, Any]:
    """Each case's status and error body from a fresh interpreter (compiled helpers blocked)."""
    env = dict(os.environ)
    if blocked:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BLOCKER), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", ANSWER_EACH_CASE],
        input=json.dumps(CASES),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answered: dict[str, Any] = json.loads(done.stdout)
    return answered


def _compiled_installed() -> bool:
    try:
        import jsonschema_rs  # noqa: F401
        import orjson  # noqa: F401
    except ImportError:
        return False
    return True


needs_compiled = pytest.mark.skipif(
    not _compiled_installed(), reason="orjson / jsonschema-rs have no wheel for this platform"
)


@needs_compiled
def test_the_compiled_helpers_are_used_when_installed() -> None:
    assert encoding.USES_ORJSON
    assert check._fast_validator("requests/message-post") is not None


@needs_compiled
def test_every_answer_and_error_text_is_the_same_without_the_compiled_helpers() -> None:
    fast = answer_cases(blocked=False)
    pure = answer_cases(blocked=True)
    assert fast["compiled"] == {"orjson": True, "jsonschema_rs": True}
    assert pure["compiled"] == {"orjson": False, "jsonschema_rs": False}
    statuses = [status for status, _ in fast["answers"]]
    assert statuses.count(201) == 1 and all(s == 400 for s in statuses[1:]), statuses
    for case, with_them, without in zip(CASES, fast["answers"], pure["answers"], strict=True):
        assert with_them == without, case


@needs_compiled
def test_the_compiled_validator_and_jsonschema_agree_on_what_is_valid() -> None:
    # jsonschema-rs only answers "valid?"; jsonschema words the error. Were they to disagree,
    # a body would pass on one path and fail on the other.
    import jsonschema_rs

    from smooch_mock.schemas.registry import load_store

    store = load_store()
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in store.schemas.values()])
    for name in CHECKED_SCHEMAS:
        fast = jsonschema_rs.validator_for(
            store.schema(name), registry=registry, validate_formats=True
        )
        for _, _, body in CASES:
            assert fast.is_valid(body) == store.validator(name).is_valid(body), (name, body)
