"""`smooch-mock serve --state FILE`: load at start, atomic saves, round trip, kill -9 safe."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from persistence_support import ServeProcess, banner_value
from webhook_support import wait_until

from smooch_mock import persistence
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.fake import FakeSmooch


@pytest.fixture
def state_file(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "state.json"


def _populate(server: ServeProcess, user: str = "kim") -> None:
    app_id = banner_value(server.lines, "App id")
    auth = (banner_value(server.lines, "App key id"), banner_value(server.lines, "App secret"))
    with httpx.Client(base_url=server.url, auth=auth) as client:
        assert (
            client.post(
                "/v1.1/appusers", json={"userId": user, "properties": {"plan": "pro"}}
            ).status_code
            == 201
        )
        for n in range(5):
            body = {"role": "appUser", "type": "text", "text": f"hello {n}"}
            assert client.post(f"/v1.1/appusers/{user}/messages", json=body).status_code == 201
        assert (
            client.post("/v1.1/webhooks", json={"target": "http://127.0.0.1:9/hook"}).status_code
            == 201
        )
        files = {"source": ("logo.png", b"\x89PNG fake bytes", "image/png")}
        assert (
            client.post(f"/v1.1/apps/{app_id}/attachments?access=public", files=files).status_code
            == 201
        )


def test_state_survives_a_restart_identically(state_file: Path) -> None:
    first = ServeProcess(state_file)
    _populate(first)
    before = first.state()
    assert first.stop() == 0
    assert state_file.exists()

    second = ServeProcess(state_file)
    try:
        assert second.state() == before
        assert banner_value(second.lines, "App id") == banner_value(first.lines, "App id")
    finally:
        second.stop()


def test_snapshot_round_trip_gives_an_identical_dump(tmp_path: Path) -> None:
    fake = FakeSmooch(seed=8)
    app, _ = fake.create_app_with_key()
    fake.simulate.write(app.id, "hi", user="lee", channel="messenger")
    fake.store.post_message(
        app.id,
        "lee",
        message_input(
            {"role": "appMaker", "type": "location", "coordinates": {"lat": 1.5, "long": 2}}
        ),
    )
    path = tmp_path / "snap.json"
    persistence.save_atomically(path, fake.snapshot())
    loaded = persistence.load(path)
    assert loaded is not None
    copy = FakeSmooch(seed=9)
    copy.restore(loaded)
    assert copy.state_dump() == fake.state_dump()
    assert copy.snapshot() == fake.snapshot()
    fake.close()
    copy.close()


def test_a_restored_template_still_expands_in_shorthand(tmp_path: Path) -> None:
    fake = FakeSmooch(seed=8)
    app, _ = fake.create_app_with_key()
    shown = {"role": "appMaker", "type": "text", "text": "Open 9 to 5"}
    fake.store.create_template(app.id, "hours", shown, message_input(shown))
    path = tmp_path / "snap.json"
    persistence.save_atomically(path, fake.snapshot())
    loaded = persistence.load(path)
    assert loaded is not None
    copy = FakeSmooch(seed=9)
    copy.restore(loaded)
    fake.simulate.write(app.id, "hi", user="lee")
    copy.simulate.write(app.id, "hi", user="lee")
    shorthand = message_input({"role": "appMaker", "type": "text", "text": "%((template: hours))%"})
    posted = copy.store.post_messages(app.id, "lee", shorthand)
    assert [m.content.text for m in posted] == ["Open 9 to 5"]
    fake.close()
    copy.close()


def test_kill_9_during_saves_never_leaves_a_corrupt_file(state_file: Path) -> None:
    for round_number in range(3):
        server = ServeProcess(state_file, interval=0.01)
        _populate(server, user=f"kim{round_number}")
        # Saves now run back to back (state changes between them); kill in the middle of one.
        wait_until(state_file.exists, what="a first save")
        server.stop(signal.SIGKILL)
        data = json.loads(state_file.read_text())
        assert data["format"] == persistence.FORMAT, f"round {round_number}"
        leftovers = [p for p in state_file.parent.iterdir() if p.name.endswith(".tmp")]
        for leftover in leftovers:
            os.unlink(leftover)


def test_a_corrupt_state_file_is_refused_clearly(state_file: Path) -> None:
    state_file.write_text("{not json")
    result = subprocess.run(
        [sys.executable, "-m", "smooch_mock", "serve", "--port", "0", "--state", str(state_file)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 1
    assert "not valid JSON" in result.stderr
