"""Run every benchmark and print one table: `python benchmarks/run_all.py` (3 to 4 minutes)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import api_throughput
import moto_peer
import webhook_latency
from processes import HERE, PYTHON, moto_server_path
from wrk_load import wrk_available

MEASUREMENTS = ("api", "moto", "history", "latency", "memory")


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    what: str
    fake: str
    reference: str
    ratio: str
    goal: str
    met: str


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=MEASUREMENTS, action="append", help="run only these")
    chosen = parser.parse_args().only or list(MEASUREMENTS)
    if not wrk_available() and ("api" in chosen or "moto" in chosen):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 1
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    throughput = None
    if "api" in chosen or "moto" in chosen:
        _progress("1. API throughput: fake vs bare aiohttp (wrk)")
        throughput = api_throughput.measure()
        if "api" in chosen:
            rows += _api_rows(throughput)
    steps: dict[str, tuple[str, Callable[[], list[Row]]]] = {
        "moto": ("2. moto_server SQS", lambda: _moto_rows(throughput)),
        "history": ("3. history pages (fresh process)", _history_rows),
        "latency": ("4. webhook latency", _latency_rows),
        "memory": ("5. memory per message (fresh process)", _memory_rows),
    }
    for name, (title, step) in steps.items():
        if name in chosen:
            _progress(title)
            rows += step()
    print(_header(load_before, time.monotonic() - started))
    print(_table(rows))
    return 0


def _api_rows(result: api_throughput.ApiThroughput) -> list[Row]:
    delivered = f"{result.delivered}/{result.posted} delivered"
    rows = []
    for what, rounds, goal in (
        (f"POST message, 1 webhook, {delivered}", result.post, 0.6),
        ("GET messages, page of 100", result.get, 0.7),
    ):
        middle = result.median_round(rounds)
        ratios = ", ".join(f"{r.ratio:.2f}" for r in rounds)
        rows.append(
            Row(
                1,
                what,
                _rate(middle.fake.requests_per_second),
                f"bare aiohttp {_rate(middle.bare.requests_per_second)}",
                f"{middle.ratio:.2f}x (rounds {ratios})",
                f"≥ {goal}x",
                _met(middle.ratio >= goal),
            )
        )
    return rows


def _moto_rows(throughput: api_throughput.ApiThroughput | None) -> list[Row]:
    if moto_server_path() is None:
        return [Row(2, "moto_server not installed", "", "", "", "≥ 10x", "not run")]
    peer = moto_peer.measure()
    assert peer is not None and throughput is not None
    rows = []
    for what, rounds, moto in (
        ("POST message vs SQS SendMessage", throughput.post, peer.send),
        ("GET page vs SQS ReceiveMessage (10)", throughput.get, peer.receive),
    ):
        fake = throughput.median_round(rounds).fake.requests_per_second
        ratio = fake / moto.requests_per_second if moto.requests_per_second else float("inf")
        rows.append(
            Row(
                2,
                what,
                _rate(fake),
                f"moto {_rate(moto.requests_per_second)}",
                f"{ratio:.1f}x",
                "≥ 10x",
                _met(ratio >= 10),
            )
        )
    return rows


def _history_rows() -> list[Row]:
    pages = _fresh_process("history_pages.py")
    reference = pages[0]["page_us"]
    rows = []
    for page in pages:
        ratio = page["page_us"] / reference
        last = page is pages[-1]
        rows.append(
            Row(
                3,
                f"history page at {page['messages']:,} messages, `before` the middle "
                f"({page['page_size']} on the page)",
                f"{page['page_us']:.2f} µs (scattered {page['scattered_us']:.2f}, "
                f"newest page {page['newest_us']:.2f}, +wire {page['page_and_wire_us']:.0f} µs)",
                f"at {pages[0]['messages']}: {reference:.2f} µs",
                f"{ratio:.2f}x",
                "≤ 1.2x" if last else "",
                _met(ratio <= 1.2) if last else "",
            )
        )
    return rows


def _latency_rows() -> list[Row]:
    rows = []
    for hooks in (1, 10):
        result = webhook_latency.measure(hooks)
        rows.append(
            Row(
                4,
                f"webhook latency, {hooks} webhook{'s' if hooks > 1 else ''}, "
                f"{result.offered_rate:.0f} msg/s offered",
                f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms",
                f"answered {result.achieved_rate:.0f} msg/s; "
                f"{result.deliveries}/{result.expected} delivered",
                "",
                "p99 < 10 ms",
                _met(result.p99_ms < 10 and result.achieved_rate >= 0.95 * result.offered_rate),
            )
        )
    return rows


def _memory_rows() -> list[Row]:
    memory = _fresh_process("message_memory.py")
    per_message = memory["bytes_per_message"]
    return [
        Row(
            5,
            f"memory per text message at {memory['messages']:,}",
            f"{per_message:.0f} B",
            f"RSS +{(memory['rss_after'] - memory['rss_before']) / 2**20:.0f} MiB",
            "",
            "≤ 1 KB",
            _met(per_message <= 1024),
        )
    ]


def _fresh_process(script: str) -> list[dict[str, float]] | dict[str, float]:
    command = [PYTHON, str(HERE / script)]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def _header(load_before: float, elapsed: float) -> str:
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("[")[0]
    return (
        f"\nPython {platform.python_version()}, {os.cpu_count()} cores, {wrk.strip()}, "
        f"load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after, "
        f"{elapsed:.0f} s\n"
    )


def _table(rows: list[Row]) -> str:
    header = ("#", "measurement", "smooch-mock", "reference", "ratio", "goal", "met")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = (str(row.number), row.what, row.fake, row.reference, row.ratio, row.goal, row.met)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _rate(value: float) -> str:
    return f"{value:,.0f} req/s"


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _progress(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
