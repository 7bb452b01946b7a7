"""`smooch-mock validate`: exit codes, messages, --schema/--auto and stdin."""

from __future__ import annotations

import argparse
import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

from smooch_mock.cli import validate as validate_command
from smooch_mock.schemas import get_schema

V1_PAYLOAD: dict[str, Any] = get_schema("webhooks/v1/message-appUser")["examples"][0]
V11_PAYLOAD: dict[str, Any] = get_schema("webhooks/v1.1/message-appUser")["examples"][0]


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="smooch-mock")
    validate_command.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["validate", *argv])
    assert args.func is validate_command.run
    result: int = args.func(args)
    return result


def write_json(folder: Path, name: str, content: Any) -> str:
    path = folder / name
    path.write_text(json.dumps(content))
    return str(path)


def test_valid_file_exits_0_and_says_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = {"role": "appMaker", "type": "text", "text": "Hi"}
    path = write_json(tmp_path, "post.json", body)
    assert run_cli(path, "--schema", "requests/message-post") == 0
    assert capsys.readouterr().out == f"OK {path} (requests/message-post)\n"


def test_invalid_file_exits_1_naming_file_schema_and_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = copy.deepcopy(V1_PAYLOAD)
    payload["messages"][0]["role"] = "robot"
    path = write_json(tmp_path, "robot.json", payload)
    assert run_cli(path, "--schema", "webhooks/v1/message-appUser") == 1
    captured = capsys.readouterr()
    assert "OK" not in captured.out
    assert f"{path}: webhooks/v1/message-appUser: $.messages[0].role: 'robot'" in captured.err


def test_every_error_is_listed_once_sorted_by_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_json(tmp_path, "bad.json", {"role": "robot", "type": "video", "text": 1})
    assert run_cli(path, "--schema", "requests/message-post") == 1
    lines = capsys.readouterr().err.splitlines()
    paths = [line.split(": ")[2] for line in lines]
    assert paths == sorted(paths)
    assert {"$.role", "$.type", "$.text"} <= set(paths)
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize(
    ("payload", "schema"),
    [
        (V1_PAYLOAD, "webhooks/v1/message-appUser"),
        (V11_PAYLOAD, "webhooks/v1.1/message-appUser"),
        (get_schema("webhooks/v1/delivery-failure")["examples"][0], "webhooks/v1/delivery-failure"),
        (
            get_schema("webhooks/v1.1/message-delivery-failure")["examples"][0],
            "webhooks/v1.1/message-delivery-failure",
        ),
    ],
)
def test_auto_picks_schema_from_trigger_and_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: dict[str, Any], schema: str
) -> None:
    path = write_json(tmp_path, "payload.json", payload)
    assert run_cli(path, "--auto") == 0
    assert capsys.readouterr().out == f"OK {path} ({schema})\n"


def test_auto_is_the_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(tmp_path, "payload.json", V11_PAYLOAD)
    assert run_cli(path) == 0
    assert "(webhooks/v1.1/message-appUser)" in capsys.readouterr().out


def test_auto_uses_version_so_a_v1_1_payload_without_version_fails_as_v1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = {key: value for key, value in V11_PAYLOAD.items() if key != "version"}
    path = write_json(tmp_path, "payload.json", payload)
    assert run_cli(path, "--auto") == 1
    assert f"{path}: webhooks/v1/message-appUser: $.appUser:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"trigger": "delivery:success", "version": "v1.1"}, "no webhook payload schema"),
        ({"trigger": "message:robot"}, "'message:robot'"),
        ({"app": {"_id": "5698edbf2a43bd081be982f1"}}, "no string 'trigger' key"),
        ([1, 2], "no string 'trigger' key"),
    ],
)
def test_auto_without_a_known_trigger_is_a_readable_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: Any, message: str
) -> None:
    path = write_json(tmp_path, "payload.json", payload)
    assert run_cli(path, "--auto") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: ")
    assert message in err


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(V1_PAYLOAD)))
    assert run_cli("-") == 0
    assert capsys.readouterr().out == "OK <stdin> (webhooks/v1/message-appUser)\n"


def test_stdin_dash_invalid(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"target": "ftp://example.com"}'))
    assert run_cli("-", "--schema", "requests/webhook-create") == 1
    assert "<stdin>: requests/webhook-create: $.target: " in capsys.readouterr().err


def test_bad_json_is_a_readable_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"trigger": "message:appUser",')
    assert run_cli(str(path), "--auto") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: not valid JSON: ")
    assert "line 1" in err
    assert "Traceback" not in err


def test_missing_file_is_a_readable_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.json"
    assert run_cli(str(missing), "--schema", "objects/message") == 1
    assert capsys.readouterr().err.startswith(f"{missing}: cannot read: ")


def test_one_bad_file_among_good_ones_exits_1_and_still_checks_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_json(tmp_path, "good.json", V1_PAYLOAD)
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    also_good = write_json(tmp_path, "also-good.json", V11_PAYLOAD)
    assert run_cli(good, str(bad), also_good) == 1
    captured = capsys.readouterr()
    assert captured.out.count("OK ") == 2
    assert f"{bad}: not valid JSON" in captured.err


def test_unknown_schema_name_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(tmp_path, "x.json", {})
    assert run_cli(path, "--schema", "objects/mesage") == 2
    assert "unknown schema 'objects/mesage'" in capsys.readouterr().err


def test_schema_and_auto_are_mutually_exclusive(tmp_path: Path) -> None:
    path = write_json(tmp_path, "x.json", {})
    with pytest.raises(SystemExit):
        run_cli(path, "--auto", "--schema", "objects/message")
