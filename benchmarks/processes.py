"""Start and stop the processes under test: the fake, a bare aiohttp app, a webhook target, moto."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
MOTO_SERVER_CANDIDATES = (
    "/work/venv-moto/bin/moto_server",
    str(Path(PYTHON).parent / "moto_server"),
)


@dataclass(frozen=True, slots=True)
class FakeServer:
    """A `smooch-mock serve` process and the credentials its banner printed."""

    process: subprocess.Popen[str]
    url: str
    app_id: str
    key_id: str
    secret: str

    @property
    def authorization(self) -> str:
        return "Basic " + b64encode(f"{self.key_id}:{self.secret}".encode()).decode()

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """One JSON API call with the app key (setup only, never timed)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", self.authorization)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process {process.args!r} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s")


def stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM, then SIGKILL after 10 s; only ever the process this module started."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def fake_server(seed: int = 7, wrapper: tuple[str, ...] = ()) -> Iterator[FakeServer]:
    """`smooch-mock serve --quiet` in its own process; reads the URL and app key from the banner.

    `wrapper` runs it under another program (valgrind)."""
    process = subprocess.Popen(
        [
            *wrapper,
            PYTHON,
            "-m",
            "smooch_mock",
            "serve",
            "--port",
            "0",
            "--quiet",
            "--seed",
            str(seed),
        ],
        cwd=HERE.parent,  # this checkout's smooch_mock, whatever an editable install points at
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        banner = _read_banner(process, timeout=120 if wrapper else 30)
        yield FakeServer(
            process=process,
            url=_field(banner, r"serving the Smooch .+? APIs? at (\S+)"),
            app_id=_field(banner, r"App id\s+(\S+)"),
            key_id=_field(banner, r"App key id\s+(\S+)"),
            secret=_field(banner, r"App secret\s+(\S+)"),
        )
    finally:
        stop(process)


@contextmanager
def script_server(script: str, *args: str) -> Iterator[str]:
    """A benchmark helper script (bare app, webhook target) on a free port; yields its base URL."""
    with script_process(script, *args) as (url, _):
        yield url


@contextmanager
def script_process(
    script: str, *args: str, wrapper: tuple[str, ...] = ()
) -> Iterator[tuple[str, int]]:
    """`script_server`, yielding the process id too (for its CPU time); `wrapper` runs it under
    another program (valgrind)."""
    port = free_port()
    process = subprocess.Popen([*wrapper, PYTHON, str(HERE / script), str(port), *args], text=True)
    try:
        wait_for_port(port, process, timeout=120 if wrapper else 30)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        stop(process)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux `/proc`): load on the machine
    disturbs it far less than throughput."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def moto_server_path() -> str | None:
    found = [p for p in MOTO_SERVER_CANDIDATES if os.access(p, os.X_OK)]
    return found[0] if found else shutil.which("moto_server")


@contextmanager
def moto_server(executable: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [executable, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_for_port(port, process, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _read_banner(process: subprocess.Popen[str], timeout: float = 30) -> str:
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"smooch-mock serve exited before its banner: {''.join(lines)}")
        lines.append(line)
        if line.startswith("  Account secret"):
            return "".join(lines)
    raise TimeoutError("no banner from smooch-mock serve")


def _field(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        raise RuntimeError(f"banner has no {pattern!r}: {text}")
    return found.group(1)
