"""Run `wrk` against a URL with the Lua request script and read requests/s and error counts."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "lua" / "requests.lua"
THREADS = 1
CONNECTIONS = 16


@dataclass(frozen=True, slots=True)
class LoadResult:
    requests_per_second: float
    requests: int
    failed: int
    """Non-2xx answers plus socket errors."""
    p50_ms: float
    p99_ms: float


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    base_url: str,
    method: str,
    paths: list[str],
    *,
    body: str = "",
    headers: dict[str, str] | None = None,
    seconds: float = 5.0,
    connections: int = CONNECTIONS,
) -> LoadResult:
    header_args = [f"H={name}: {value}" for name, value in (headers or {}).items()]
    command = [
        "wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds:g}s", "--latency",
        "-s", str(SCRIPT), base_url, "--", method, body, *header_args, *paths,
    ]  # fmt: skip
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> LoadResult:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if rate is None or total is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failed = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        failed += sum(int(n) for n in socket_errors.groups())
    return LoadResult(
        requests_per_second=float(rate.group(1)),
        requests=int(total.group(1)),
        failed=failed,
        p50_ms=_latency(output, "50%"),
        p99_ms=_latency(output, "99%"),
    )


def _latency(output: str, percentile: str) -> float:
    found = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)\b", output)
    if found is None:
        return float("nan")
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
