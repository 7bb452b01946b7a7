"""The `smooch-mock` command's manners: help, --version, range checks, quiet pipes and Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smooch_mock import __version__
from smooch_mock.cli import BROKEN_PIPE, INTERRUPTED, interrupts, main
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import WebhookInput

ROOT = Path(__file__).resolve().parents[1]
STARTED = "-- python is running --"


def smooch_mock(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m smooch_mock ARGS` from the checkout, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "smooch_mock", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_no_arguments_prints_the_help() -> None:
    run = smooch_mock()
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage: smooch-mock")
    for command in ("serve", "trigger", "deliveries", "validate"):
        assert f"    {command}" in run.stdout
    assert run.stderr == ""


def test_version_option_prints_the_package_version() -> None:
    run = smooch_mock("--version")
    assert (run.returncode, run.stdout) == (0, f"smooch-mock {__version__}\n")


def test_a_port_out_of_range_is_a_usage_error_not_a_traceback() -> None:
    run = smooch_mock("serve", "--port", "70000")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "argument --port: 70000 is not a port: use 0 to 65535" in run.stderr


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["serve", "--port", "-1"], "argument --port: -1 is not a port"),
        (["serve", "--port", "80.5"], "argument --port: '80.5' is not a whole number"),
        (["serve", "--webhook-timeout", "0"], "argument --webhook-timeout: 0 is out of range"),
        (["serve", "--webhook-timeout", "nan"], "argument --webhook-timeout: nan is out of range"),
        (["serve", "--webhook-retry-base", "-1"], "argument --webhook-retry-base: -1 is out of"),
        (["serve", "--webhook-retry-base", "inf"], "argument --webhook-retry-base: inf is out of"),
        (["serve", "--state-interval", "0"], "argument --state-interval: 0 is out of range"),
        (["serve", "--state-interval", "1e9"], "argument --state-interval: 1e9 is out of range"),
        (["serve", "--seed", "x"], "argument --seed: invalid int value: 'x'"),
        (["trigger", "postback", "--wait", "-5"], "argument --wait: -5 is out of range"),
        (["trigger", "postback", "--wait", "soon"], "argument --wait: 'soon' is not a number"),
    ],
)
def test_numbers_out_of_range_are_usage_errors(
    args: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert complaint in capsys.readouterr().err


def test_numbers_in_range_are_taken() -> None:
    from smooch_mock.cli import arguments

    assert (arguments.port("0"), arguments.port("65535")) == (0, 65535)
    assert (arguments.seconds("0"), arguments.positive_seconds("0.01")) == (0.0, 0.01)


@pytest.fixture
def big_log() -> Iterator[tuple[str, str]]:
    """A served fake whose only app has a delivery log far larger than a pipe's buffer."""
    fake = FakeSmooch(seed=5)
    app, _ = fake.create_app_with_key()
    with WebhookReceiver() as receiver, ServerThread(fake) as server:
        fake.store.create_webhook(
            app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
        )
        for number in range(200):
            fake.simulate.write(app.id, f"message {number}", user=f"user-{number % 7}")
        assert fake.webhooks.engine.wait_idle(30)
        yield server.url, app.id
    fake.close()


def test_deliveries_piped_into_head_ends_quietly(big_log: tuple[str, str]) -> None:
    url, app_id = big_log
    listed = httpx.get(f"{url}/_mock/apps/{app_id}/deliveries", timeout=30).json()["deliveries"]
    assert len(json.dumps(listed, indent=2)) > 2 * 65_536, "the output must overflow the pipe"
    # `smooch-mock deliveries --json | head -c 100`: the reader leaves after 100 bytes.
    command = [sys.executable, "-m", "smooch_mock", "deliveries", "--json"]
    process = subprocess.Popen(
        [*command, "--app", app_id, "--url", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b"[")
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait(timeout=30) == BROKEN_PIPE
    assert errors == "", errors


def test_main_returns_the_broken_pipe_status_when_stdout_closes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from smooch_mock.cli import trigger

    def closed_pipe(*_: object, **__: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(trigger, "print", closed_pipe, raising=False)
    monkeypatch.setattr("smooch_mock.cli._discard_stdout", lambda: None)
    assert main(["trigger", "--list"]) == BROKEN_PIPE


def _sigint_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupted_serve(delay: float) -> subprocess.CompletedProcess[str]:
    """`python -m smooch_mock serve --port 0`, sent SIGINT `delay` seconds after the command's
    own code began. The clock starts at a marker line printed right before that code runs (what
    `python -m` runs, compiled first), not at fork: a loaded machine's slow interpreter start-up
    must not move the interrupt, and Python's own start-up is not the command's to silence."""
    runner = "\n".join(
        [
            "import importlib.util, sys",
            "spec = importlib.util.find_spec('smooch_mock.__main__')",
            "code = spec.loader.get_code(spec.name)",
            "scope = {'__name__': '__main__', '__spec__': spec, '__package__': 'smooch_mock'}",
            f"print({STARTED!r}, file=sys.stderr, flush=True)",
            "exec(code, scope)",
        ]
    )
    process = subprocess.Popen(
        [sys.executable, "-c", runner, "serve", "--port", "0", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As in a terminal: a pytest started in the background (`&`, nohup) ignores SIGINT, and
        # its children would inherit that.
        preexec_fn=_sigint_as_in_a_terminal,
    )
    assert process.stderr is not None
    assert process.stderr.readline().strip() == STARTED
    time.sleep(delay)  # not a wait for something: this is the moment of the Ctrl-C
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_ctrl_c_in_the_first_half_second_of_serve_prints_no_traceback() -> None:
    outcomes = []
    for delay in (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5):
        run = interrupted_serve(delay)
        assert "Traceback" not in run.stderr and "KeyboardInterrupt" not in run.stderr, (
            f"Ctrl-C after {delay} s:\n{run.stderr}"
        )
        assert run.returncode in (INTERRUPTED, 0), (delay, run.returncode, run.stderr)
        outcomes.append(run.returncode)
    assert outcomes[0] == INTERRUPTED, "the first interrupt must land while the command starts"


def test_a_ctrl_c_while_the_command_starts_is_recorded_not_lost() -> None:
    """Raised as KeyboardInterrupt, it could land in a weakref callback during an import, where
    Python prints and swallows it: serve then ran on, deaf to the Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("only the main thread receives signals")
    before = signal.getsignal(signal.SIGINT)
    with interrupts.held() as ctrl_c:
        signal.raise_signal(signal.SIGINT)  # its Python handler runs before this returns
        assert ctrl_c.arrived
    assert signal.getsignal(signal.SIGINT) is before


def test_ctrl_c_once_serving_shuts_down_cleanly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "smooch_mock", "serve", "--port", "0", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("smooch-mock is serving")
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert err == "smooch-mock: shutting down\n"
