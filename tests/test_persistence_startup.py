"""`serve --state FILE` at start: unusable paths and damaged files refused in one line."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest
from persistence_support import ServeProcess, expect
from webhook_support import wait_until

from smooch_mock import persistence
from smooch_mock.cli import main
from smooch_mock.fake import FakeSmooch
from smooch_mock.inprocess import fake_transport
from smooch_mock.persistence.keeper import StateKeeper
from smooch_mock.persistence.state_file import StateFile


def _refusal(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """What `serve --state path` says when it refuses to start (it must, with exit status 1)."""
    assert main(["serve", "--port", "0", "--quiet", "--state", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith(f"smooch-mock: cannot use --state {path}: "), captured.err
    return captured.err


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "it is a directory" in _refusal(tmp_path, capsys)


def test_a_missing_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "does not exist" in _refusal(tmp_path / "nowhere" / "state.json", capsys)


def test_an_unwritable_directory_is_refused_before_listening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:  # root writes through permissions: use a read-only filesystem
        if not sys.platform.startswith("linux"):
            pytest.skip("needs a directory root cannot write in")
        path = Path("/sys/smooch-mock-state.json")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        path = locked / "state.json"
    error = _refusal(path, capsys)
    assert "cannot write in" in error and "cannot listen" not in error


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"null", "not a smooch-mock-state/2 snapshot"),
        (b"", "it is empty"),
        (b"[1, 2]", "not a smooch-mock-state/2 snapshot"),
        (b'{"format": "somebody-else/2"}', "not a smooch-mock-state/2 snapshot"),
        (b"{not json", "not valid JSON"),
        (b'{"format": "smooch-mock-state/2", "keys": 5}', "the snapshot is damaged"),
        (b'{"format": "smooch-mock-state/2", "journal": {"next": -1}}', "is damaged"),
    ],
)
def test_a_foreign_or_damaged_file_is_refused_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, reason: str
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    assert reason in _refusal(path, capsys)
    assert _files(tmp_path) == {"state.json": content}


def _served_then_killed(path: Path, texts: list[str]) -> None:
    """Serve `path` in this process, post `texts` as messages, and stop as a kill -9 would:
    without closing or compacting anything."""
    fake = FakeSmooch()
    keeper = StateKeeper(fake, path, interval=5)
    keeper.load()
    _, key = fake.create_app_with_key()
    keeper.open()
    with httpx.Client(
        transport=fake_transport(fake), base_url="http://smooch.test", auth=(key.id, key.secret)
    ) as client:
        expect(client.post("/v1.1/appusers", json={"userId": "kim"}), 201)
        for text in texts:
            body = {"role": "appUser", "type": "text", "text": text}
            expect(client.post("/v1.1/appusers/kim/messages", json=body), 201)
    fake.close()
    keeper.file.unlock()  # as the kernel does for a killed process


def _texts_after_a_restart(path: Path) -> list[str]:
    fake = FakeSmooch()
    keeper = StateKeeper(fake, path, interval=5)
    keeper.load()
    keeper.file.unlock()
    [state] = fake.store.apps.values()
    fake.close()
    return [
        m.content.text or "" for u in state.users.values() for m in u.default_conversation.messages
    ]


def test_the_journal_is_replayed_at_start(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    _served_then_killed(path, ["one", "two"])
    assert _texts_after_a_restart(path) == ["one", "two"]


def test_a_torn_last_line_was_never_answered_and_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    _served_then_killed(path, ["one", "two"])
    [segment] = [tmp_path / f"state.json.journal.{n}" for n in StateFile(path).segment_numbers()]
    lines = segment.read_bytes().splitlines(keepends=True)
    segment.write_bytes(b"".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])
    assert _texts_after_a_restart(path) == ["one"]


def test_a_damaged_journal_line_is_refused_and_nothing_is_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.json"
    _served_then_killed(path, ["one", "two"])
    [segment] = [tmp_path / f"state.json.journal.{n}" for n in StateFile(path).segment_numbers()]
    lines = segment.read_bytes().splitlines(keepends=True)
    segment.write_bytes(lines[0] + b'{"seed": "not a number"}\n' + b"".join(lines[2:]))
    before = _files(tmp_path)
    error = _refusal(path, capsys)
    assert f"journal {segment.name} line 2 is damaged" in error
    assert _files(tmp_path) == before


def test_a_missing_journal_segment_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.json"
    _served_then_killed(path, ["one"])
    [number] = StateFile(path).segment_numbers()
    os.rename(StateFile(path).segment(number), StateFile(path).segment(number + 1))
    assert f"journal segment state.json.journal.{number} is missing" in _refusal(path, capsys)


def test_temporary_files_of_interrupted_saves_are_removed_at_start(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    _served_then_killed(path, ["one"])
    for leftover in (".state.json.tmp", ".state.json.k2x9w1.tmp"):  # ours, an older version's
        (tmp_path / leftover).write_bytes(b"{half a snap")
    (tmp_path / ".other.json.tmp").write_bytes(b"not ours")
    assert _texts_after_a_restart(path) == ["one"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == [".other.json.tmp"]


def test_a_snapshot_written_before_journals_still_loads(tmp_path: Path) -> None:
    fake = FakeSmooch()
    app, _ = fake.create_app_with_key("Old")
    persistence.save_atomically(tmp_path / "state.json", fake.snapshot())
    fake.close()
    copy = FakeSmooch()
    keeper = StateKeeper(copy, tmp_path / "state.json", interval=5)
    keeper.load()
    keeper.file.unlock()
    assert [a.id for a in copy.store.list_apps()] == [app.id]
    copy.close()


def test_a_state_file_in_use_by_another_server_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.json"
    server = ServeProcess(path)
    try:
        before = _files(tmp_path)
        error = _refusal(path, capsys)
        assert f"another smooch-mock (pid {server.process.pid}) is using it" in error
        assert _files(tmp_path) == before
    finally:
        assert server.stop() == 0
    assert list(_files(tmp_path)) == ["state.json"]


@pytest.mark.parametrize("interval", ["0", "-1", "nan", "soon"])
def test_the_state_interval_must_be_above_zero(
    interval: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--state", "x.json", "--state-interval", interval])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--state-interval" in err and ("seconds" in err), err


def test_the_journal_is_compacted_in_the_background_and_at_shutdown(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    server = ServeProcess(path, 0.05, "--state-compact-after", "3")
    try:
        with httpx.Client(base_url=server.url, auth=server.app_auth()) as client:
            expect(client.post("/v1.1/appusers", json={"userId": "kim"}), 201)
            for n in range(10):
                body = {"role": "appUser", "type": "text", "text": f"m{n}"}
                expect(client.post("/v1.1/appusers/kim/messages", json=body), 201)

            def compacted() -> bool:
                saved = json.loads(path.read_bytes())
                [app] = saved["apps"]
                conversations = {c["id"]: c for c in app["conversations"]}
                users = app["users"]
                if users and len(conversations[users[0]["default_conversation"]]["messages"]) == 10:
                    return True
                # Fewer journal entries than --state-compact-after wait for shutdown: more
                # writes start a background compaction that comes after the ten messages.
                for n in range(3):
                    update = {"properties": {"round": n}}
                    expect(client.put("/v1.1/appusers/kim", json=update), 200)
                return False

            wait_until(compacted, timeout=20, what="the ten messages in the snapshot")
    finally:
        assert server.stop(signal.SIGTERM) == 0
    assert list(_files(tmp_path)) == ["state.json"]
    assert not any("failed" in line for line in server.errors), server.errors
