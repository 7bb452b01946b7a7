"""Run every benchmark and print one table: `python benchmarks/run_all.py`."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import api_throughput
import plugin_overhead
import webhook_latency
from processes import HERE, PYTHON
from wrk_load import wrk_available

MEASUREMENTS = ("api", "v2", "history", "latency", "memory", "plugin")
ROOT = HERE.parent


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
    if not wrk_available() and ("api" in chosen or "v2" in chosen):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 1
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    steps: dict[str, tuple[str, Callable[[], list[Row]]]] = {
        "api": ("1. v1.1 API: POST answered+delivered and GET page vs bare aiohttp", _api_rows),
        "v2": ("1. v2 API: the same, once /v2 answers", lambda: _api_rows("v2")),
        "latency": ("2. webhook fan-out latency", _latency_rows),
        "memory": ("3. memory per message (fresh process)", _memory_rows),
        "history": ("4. history pages (fresh process)", _history_rows),
        "plugin": ("5. pytest fixture cost and session start", _plugin_rows),
    }
    for name, (title, step) in steps.items():
        if name in chosen:
            _progress(title)
            rows += step()
    print(_header(load_before, time.monotonic() - started))
    print(_table(rows))
    return 0


def _api_rows(generation: str = "v1.1") -> list[Row]:
    result = api_throughput.measure(generation=generation)
    if isinstance(result, str):
        return [Row(1, f"{generation} POST message and GET page", result, "", "", "", "not run")]
    delivered = f"{result.delivered}/{result.answered} answered were delivered"
    rows = []
    for what, rounds, goal, reference in (
        (
            f"{generation} POST message, 1 webhook, answered and delivered ({delivered})",
            result.post,
            0.6,
            "bare aiohttp answering + delivering (16 keep-alive client workers)",
        ),
        (f"{generation} GET messages, page of 100", result.get, 0.7, "bare aiohttp"),
    ):
        middle = result.median_round(rounds)
        ratios = ", ".join(f"{r.ratio:.2f}" for r in rounds)
        by_cpu = result.median_cpu_round(rounds)
        cpu_ratios = ", ".join(f"{r.cpu_ratio:.2f}" for r in rounds)
        rows.append(
            Row(
                1,
                what,
                f"{_rate(middle.fake.requests_per_second)}; CPU "
                f"{by_cpu.fake.cpu_per_request_us:.0f} µs per request",
                f"{reference} {_rate(middle.bare.requests_per_second)}; CPU "
                f"{by_cpu.bare.cpu_per_request_us:.0f} µs",
                f"{middle.ratio:.2f}x (rounds {ratios}); by CPU {by_cpu.cpu_ratio:.2f}x "
                f"(rounds {cpu_ratios})",
                f"≥ {goal}x",
                _met(middle.ratio >= goal),
            )
        )
    return rows


def _history_rows() -> list[Row]:
    pages = _fresh_process("history_pages.py")
    reference = pages[0]["served_us"]
    rows = []
    for page in pages:
        ratio = page["served_us"] / reference
        last = page is pages[-1]
        rows.append(
            Row(
                4,
                f"history page at {page['messages']:,} messages: the newest 100 as served "
                "(lookup + rendered bytes joined)",
                f"{page['served_us']:.1f} µs (lookup alone {page['newest_us']:.2f} µs; "
                f"`before` the middle, {page['page_size']} on the page: {page['page_us']:.2f} µs, "
                f"scattered {page['scattered_us']:.2f} µs, "
                f"+first render {page['page_and_wire_us']:.0f} µs)",
                f"at {pages[0]['messages']}: {reference:.1f} µs",
                f"{ratio:.2f}x",
                "≤ 1.2x" if last else "",
                _met(ratio <= 1.2) if last else "",
            )
        )
    return rows


def _latency_rows() -> list[Row]:
    rows = []
    results = {hooks: webhook_latency.measure(hooks) for hooks in (0, 1, 10)}
    for hooks, result in results.items():
        if hooks == 0:
            continue  # only its CPU figures: the cost of a POST without deliveries
        rows.append(
            Row(
                2,
                f"webhook latency, {hooks} webhook{'s' if hooks > 1 else ''}, "
                f"{result.offered_rate:.0f} msg/s offered",
                f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms",
                f"answered {result.achieved_rate:.0f} msg/s; "
                f"{result.deliveries}/{result.expected} delivered; CPU per message: "
                f"fake {result.fake_cpu_per_message_us:.0f} µs, "
                f"target {result.target_cpu_per_delivery_us * hooks:.0f} µs, "
                f"sender {result.sender_cpu_per_message_us:.0f} µs",
                "",
                "p99 < 50 ms, all delivered" if hooks > 1 else "",
                _met(
                    result.p99_ms < 50
                    and result.deliveries >= result.expected
                    and result.achieved_rate >= 0.95 * result.offered_rate
                )
                if hooks > 1
                else "",
            )
        )
    post, delivery = webhook_latency.split_costs(results[0], results[10])
    many = results[10]
    cores = (
        many.offered_rate * (post + many.webhooks * delivery)
        + many.offered_rate * many.webhooks * many.target_cpu_per_delivery_us
        + many.offered_rate * many.sender_cpu_per_message_us
    ) / 1e6
    rows.append(
        Row(
            2,
            "webhook CPU cost: the fake per POST (a run without webhooks) and per delivery "
            "(the 10-webhook run's extra)",
            f"POST {post:.0f} µs, delivery {delivery:.0f} µs",
            f"10 webhooks at {many.offered_rate:.0f} msg/s need "
            f"{many.offered_rate * (post + many.webhooks * delivery) / 1e6:.2f} cores in the fake, "
            f"{cores:.2f} with target and sender",
            "",
            "",
            "",
        )
    )
    return rows


def _memory_rows() -> list[Row]:
    memory = _fresh_process("message_memory.py")
    per_message = memory["bytes_per_message"]
    return [
        Row(
            3,
            f"memory per text message at {memory['messages']:,}, every message rendered once",
            f"{per_message:.0f} B",
            f"before rendering {memory['bytes_per_message_unrendered']:.0f} B; RSS "
            f"+{(memory['rss_rendered'] - memory['rss_before']) / 2**20:.0f} MiB",
            "",
            "≤ 1 KB",
            _met(per_message <= 1024),
        )
    ]


def _plugin_rows() -> list[Row]:
    env = plugin_overhead.environment()
    # The checkout's own packages, not whatever an editable install points at.
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "pytest_plugin")])
    with tempfile.TemporaryDirectory() as cache:
        # Compiled, as `pip install` leaves the package (plugin_overhead.compiled).
        env = plugin_overhead.compiled(env, Path(cache))
        cost = plugin_overhead.per_test(200, env)
        start = plugin_overhead.server_start(5, env)
        from_source = plugin_overhead.server_start(5, plugin_overhead.uncompiled(env))
    fixture_ms = (cost["smooch median"] - cost["plain median"]) * 1000
    first_ms = cost["smooch first"] * 1000
    return [
        Row(
            5,
            "`smooch` fixture per test (200 trivial tests, difference of medians)",
            f"{fixture_ms:.2f} ms",
            f"no fixture {cost['plain median'] * 1000:.2f} ms per test",
            "",
            "< 2 ms",
            _met(fixture_ms < 2),
        ),
        Row(
            5,
            "session server start (the first test using `smooch`: imports + server up)",
            f"{first_ms:.0f} ms",
            f"import smooch_mock.testing {start['import'] * 1000:.0f} ms (fresh interpreter; "
            f"{from_source['import'] * 1000:.0f} ms compiled from source, without bytecode); "
            f"server up {start['serve'] * 1000:.1f} ms",
            "",
            "< 300 ms",
            _met(first_ms < 300),
        ),
    ]


def _fresh_process(script: str) -> list[dict[str, float]] | dict[str, float]:
    command = [PYTHON, str(HERE / script)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout)


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
