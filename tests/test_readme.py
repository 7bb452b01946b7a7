"""Every Python block of the README runs exactly as a reader would paste it.

Each block is taken from README.md unchanged: a pytest example runs as a test file in a fresh
project (pytester, with the plugin and its session server), any other block runs as a script,
and what it promises is then checked (printed lines against its `# …` comments, the SDK
configuration against a real fake).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import smooch as smooch_sdk

from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```python\n(.*?)^```$", README, flags=re.DOTALL | re.MULTILINE)
PRINTED = re.compile(r"^\s*print\(.*\)\s+# (?P<expected>.+)$", re.MULTILINE)


def block_id(block: str) -> str:
    first = next(line for line in block.splitlines() if line and not line.startswith("from __"))
    return first[:40]


def test_the_readme_has_its_python_examples() -> None:
    assert len(BLOCKS) >= 3, "the SDK set-up, the pytest example and the schema helpers"
    assert sum("def test_" in block for block in BLOCKS) >= 1


@pytest.fixture
def sdk_configuration() -> Iterator[Any]:
    """The official SDK's process-wide configuration, put back as it was after the block."""
    config = smooch_sdk.configuration
    saved = (config.host, config.username, config.password)
    yield config
    config.host, config.username, config.password = saved


@pytest.mark.parametrize("block", BLOCKS, ids=[block_id(b) for b in BLOCKS])
def test_readme_block_runs_as_pasted(
    block: str, pytester: pytest.Pytester, sdk_configuration: Any
) -> None:
    if "def test_" in block:
        run_as_test_file(block, pytester)
        return
    namespace, printed = run_as_script(block)
    for expected in PRINTED.findall(block):
        assert expected.rstrip("…") in printed, (
            f"the block promises {expected!r}; it printed:\n{printed}"
        )
    if "smooch.configuration" in block:
        check_sdk_set_up(namespace, sdk_configuration)
    if "sunco.Configuration" in block:
        check_v2_set_up(namespace)


def run_as_test_file(block: str, pytester: pytest.Pytester) -> None:
    tests = len(re.findall(r"^def test_", block, flags=re.MULTILINE))
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_readme_example=block)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=tests)


def run_as_script(block: str) -> tuple[dict[str, Any], str]:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), namespace)
    return namespace, out.getvalue()


def check_sdk_set_up(namespace: dict[str, Any], config: Any) -> None:
    """The block's API object has the host the README names and sends the configured Basic
    credentials: with a real fake's URL and key filled in, it posts a message to that fake."""
    api = namespace["api"]
    assert isinstance(api, smooch_sdk.ConversationApi)
    assert api.api_client.host == "http://127.0.0.1:8080", "the host is copied at creation"
    assert config.username.startswith("app_")
    fake = FakeSmooch(seed=3)
    app, key = fake.create_app_with_key()
    fake.simulate.write(app.id, "hello", user="bob-readme")
    with ServerThread(fake) as server:
        api.api_client.host = server.url
        config.username, config.password = key.id, key.secret
        message = smooch_sdk.MessagePost(role="appMaker", type="text", text="from the README")
        posted = api.post_message(app.id, "bob-readme", message)
        assert posted.message.text == "from the README"
        history = httpx.get(
            f"{server.url}/v1.1/appusers/bob-readme/messages", auth=(key.id, key.secret)
        ).json()
    fake.close()
    assert [m["text"] for m in history["messages"]] == ["hello", "from the README"]


def check_v2_set_up(namespace: dict[str, Any]) -> None:
    """The v2 block's API object points at the README's host with Basic credentials: with a real
    fake's URL and app key filled in, it reads the app."""
    apps = namespace["apps"]
    config = apps.api_client.configuration
    assert config.host == "http://127.0.0.1:8080" and config.username.startswith("app_")
    fake = FakeSmooch(seed=4)
    app, key = fake.create_app_with_key("README app")
    with ServerThread(fake) as server:
        config.host, config.username, config.password = server.url, key.id, key.secret
        assert apps.get_app(app.id).app.display_name == "README app"
    fake.close()
