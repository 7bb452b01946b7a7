"""kill -9 at a random moment: every write answered 2xx before it is there after a restart."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import httpx
import pytest
from persistence_support import ServeProcess, expect

from smooch_mock import persistence

ROUND_COUNTS = [
    pytest.param(5, id="5 rounds"),
    pytest.param(20, id="20 rounds", marks=pytest.mark.fuzz),
]
IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 80
"""20 KiB: a journal line long enough for a kill to land in the middle of writing it."""


class Writer(threading.Thread):
    """Posts messages (every fifth an image upload) one after the other until the server dies;
    keeps the ids of those answered 2xx."""

    def __init__(self, server: ServeProcess, round_number: int) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.round_number = round_number
        self.acknowledged: list[str] = []

    def run(self) -> None:
        auth = self.server.app_auth()
        with httpx.Client(base_url=self.server.url, auth=auth, timeout=10) as client:
            for n in range(100_000):
                try:
                    response = self._post(client, n)
                except httpx.HTTPError:
                    return  # the server is gone
                if 200 <= response.status_code < 300:
                    self.acknowledged.append(response.json()["message"]["_id"])

    def _post(self, client: httpx.Client, n: int) -> httpx.Response:
        if n % 5 == 4:
            files = {"source": ("i.png", IMAGE, "image/png")}
            data = {"role": "appMaker", "text": f"{self.round_number}-{n}"}
            return client.post("/v1.1/appusers/kim/images", data=data, files=files)
        body = {"role": "appUser", "type": "text", "text": f"{self.round_number}-{n}"}
        return client.post("/v1.1/appusers/kim/messages", json=body)


def _message_ids(server: ServeProcess) -> list[str]:
    state = httpx.get(server.url + "/_mock/state", timeout=10).json()
    return [
        message["_id"]
        for app in state["apps"]
        for user in app["appUsers"]
        for message in user["messages"]
    ]


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith("tmp"))


@pytest.mark.parametrize("rounds", ROUND_COUNTS)
def test_every_acknowledged_write_survives_kill_9_at_a_random_moment(
    tmp_path: Path, rounds: int
) -> None:
    chance = random.Random(20240610)
    state_file = tmp_path / "state.json"
    acknowledged: list[str] = []
    server = ServeProcess(state_file, 0.05)
    try:
        with httpx.Client(base_url=server.url, auth=server.app_auth()) as client:
            expect(client.post("/v1.1/appusers", json={"userId": "kim"}), 201)
        for round_number in range(rounds):
            writer = Writer(server, round_number)
            writer.start()
            time.sleep(chance.uniform(0.01, 0.3))  # the random moment of the kill
            server.process.kill()
            server.process.wait(timeout=10)
            writer.join(timeout=10)
            acknowledged += writer.acknowledged
            assert persistence.load(state_file) is not None, f"round {round_number}: no snapshot"

            # Some rounds compact all the time, so that kills also land in the middle of one.
            compact_after = chance.choice(["2", "25", "10000"])
            server = ServeProcess(state_file, 0.05, "--state-compact-after", compact_after)
            ids = _message_ids(server)
            present = set(ids)
            missing = [i for i in acknowledged if i not in present]
            assert not missing, f"round {round_number}: {len(missing)} acknowledged writes lost"
            assert len(ids) == len(set(ids)), f"round {round_number}: a write was replayed twice"
            assert _leftovers(tmp_path) == [], f"round {round_number}"
        assert server.stop() == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    assert len(acknowledged) > rounds * 10, "the writer should have been answered many times"
