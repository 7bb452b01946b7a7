"""`smooch-mock serve --state FILE`: load at start, atomic saves, round trip, kill -9 safe."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from webhook_support import wait_until

from smooch_mock import persistence
from smooch_mock.fake import FakeSmooch


class ServeProcess:
    """`smooch-mock serve` in a child process, on a free port."""

    def __init__(self, state: Path, interval: float = 5.0) -> None:
        command = [sys.executable, "-m", "smooch_mock", "serve", "--port", "0", "--quiet"]
        command += ["--state", str(state), "--state-interval", str(interval)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        first_line = self.process.stdout.readline()
        assert " at http://" in first_line, first_line + (
            self.process.stderr.read() if self.process.stderr else ""
        )
        self.url = first_line.split(" at ", 1)[1].strip()
        self.lines = [first_line] + [self.process.stdout.readline() for _ in range(6)]
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def credentials(self) -> tuple[str, str, str]:
        """(app id, app key id, app secret) from the banner."""
        fields = dict(
            line.strip().split(None, 2)[-2:] for line in self.lines if line.startswith("  App")
        )
        return fields["id"], fields["id"], fields["secret"]

    def state(self) -> dict[str, object]:
        result: dict[str, object] = httpx.get(self.url + "/_mock/state").json()
        return result

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=20)


def _banner_value(lines: list[str], label: str) -> str:
    return next(line.split(label, 1)[1].strip() for line in lines if line.strip().startswith(label))


@pytest.fixture
def state_file(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "state.json"


def _populate(server: ServeProcess, user: str = "kim") -> None:
    app_id = _banner_value(server.lines, "App id")
    auth = (_banner_value(server.lines, "App key id"), _banner_value(server.lines, "App secret"))
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
        assert _banner_value(second.lines, "App id") == _banner_value(first.lines, "App id")
    finally:
        second.stop()


def test_snapshot_round_trip_gives_an_identical_dump(tmp_path: Path) -> None:
    fake = FakeSmooch(seed=8)
    app, _ = fake.create_app_with_key()
    fake.simulate.write(app.id, "hi", user="lee", channel="messenger")
    fake.store.post_message(
        app.id,
        "lee",
        {"role": "appMaker", "type": "location", "coordinates": {"lat": 1.5, "long": 2}},
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
