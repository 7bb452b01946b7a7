"""Profile the fake's server under wrk load: `profile_server.py [v1.1|v2] [GET|POST]`.

The fake serves on this process's main thread, set up as `api_throughput.py` sets it up (for
POST, one webhook to a counting target), while another thread prepares it and runs wrk on one
path for SECONDS. Prints the server thread's CPU per request (its own CPU time, deliveries
included), then a profile of it: `--profile sample` (the default) interrupts it every
millisecond of CPU time (SIGPROF) and counts, per function and per line of smooch_mock, the share
of samples it was on the stack; it barely slows the server, so small functions are not inflated
as under cProfile. `--profile cprofile` gives cProfile's tables, `--profile none` the CPU alone.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import os
import pstats
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from types import FrameType

from aiohttp import web
from api_throughput import _prepare_v1, _prepare_v2
from processes import FakeServer, script_server
from wrk_load import LoadResult, run_wrk

from smooch_mock.fake import FakeSmooch
from smooch_mock.http.server import bound_port, create_app, runner_for

SECONDS = 5.0
SAMPLE_INTERVAL = 0.001
IDLE = ("selectors.py:select",)
"""Where a sampled loop waits for work."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("generation", nargs="?", default="v1.1", choices=("v1.1", "v2"))
    parser.add_argument("method", nargs="?", default="GET", choices=("GET", "POST"))
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--profile", choices=("sample", "cprofile", "none"), default="sample")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    with script_server("webhook_target.py") as target:
        asyncio.run(_serve_and_load(args, target))


async def _serve_and_load(args: argparse.Namespace, target: str) -> None:
    fake = FakeSmooch(seed=7)
    app, key = fake.create_app_with_key()
    runner = runner_for(create_app(fake))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{bound_port(runner)}"
    bench = FakeServer(_NoProcess(), url, app.id, key.id, key.secret)  # type: ignore[arg-type]
    sampler = StackSampler()
    profiler = cProfile.Profile()
    loop = asyncio.get_running_loop()

    def on_loop(function: Callable[[], None]) -> None:
        asyncio.run_coroutine_threadsafe(_call(function), loop).result()

    def prepare_and_load() -> tuple[LoadResult, float]:
        prepare = _prepare_v2 if args.generation == "v2" else _prepare_v1
        post_paths, get_path, post_body = prepare(bench, target)
        paths = post_paths if args.method == "POST" else [get_path]
        headers = {"Authorization": bench.authorization, "Content-Type": "application/json"}
        body = post_body if args.method == "POST" else ""
        run_wrk(url, args.method, paths, body=body, headers=headers, seconds=1)
        cpu = _thread_cpu(main_thread)
        collecting.start()
        if args.profile == "sample":
            sampler.start()
        elif args.profile == "cprofile":
            on_loop(profiler.enable)
        result = run_wrk(url, args.method, paths, body=body, headers=headers,
                         seconds=args.seconds)  # fmt: skip
        sampler.stop()
        collecting.stop()
        if args.profile == "cprofile":
            on_loop(profiler.disable)
        return result, _thread_cpu(main_thread) - cpu

    main_thread = threading.get_native_id()
    collecting = GcTime()
    try:
        result, cpu = await loop.run_in_executor(None, prepare_and_load)
    finally:
        await runner.cleanup()
        await fake.aclose()
    print(
        f"{args.generation} {args.method}: {result.requests_per_second:,.0f} req/s, "
        f"server thread CPU {cpu / max(1, result.requests) * 1e6:.1f} µs per request "
        f"({result.requests} requests, {result.failed} failed); garbage collection "
        f"{collecting.seconds / max(1, result.requests) * 1e6:.1f} µs per request "
        f"({collecting.collections} collections, {collecting.full} of the oldest generation)"
    )
    report = {
        "sample": partial(sampler.print, args.top),
        "cprofile": partial(_print_cprofile, profiler, args.top),
    }
    if args.profile in report:
        report[args.profile]()


async def _call(function: Callable[[], None]) -> None:
    function()


class GcTime:
    """Time the garbage collector spends (`gc.callbacks`) while started."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = 0
        self.full = 0
        self._began = 0.0
        self._on = False
        gc.callbacks.append(self._callback)

    def start(self) -> None:
        self._on = True

    def stop(self) -> None:
        self._on = False

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if not self._on:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._began
            self.collections += 1
            self.full += info["generation"] == 2


class StackSampler:
    """Counts the main thread's stacks at each SIGPROF (every SAMPLE_INTERVAL of CPU time)."""

    def __init__(self) -> None:
        self.busy = 0
        self.functions: Counter[str] = Counter()
        self.lines: Counter[str] = Counter()
        self.own: Counter[str] = Counter()
        signal.signal(signal.SIGPROF, self._sample)

    def start(self) -> None:
        signal.setitimer(signal.ITIMER_PROF, SAMPLE_INTERVAL, SAMPLE_INTERVAL)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)

    def _sample(self, signum: int, frame: FrameType | None) -> None:
        names = []
        current = frame
        while current is not None:
            names.append((_name(current), current))
            current = current.f_back
        if not names or any(name.endswith(IDLE) for name, _ in names[:2]):
            return
        self.busy += 1
        self.own[names[0][0]] += 1
        for name in {name for name, _ in names}:
            self.functions[name] += 1
        for name, at in names:
            if name.startswith("smooch_mock/"):
                self.lines[f"{name}:{at.f_lineno}"] += 1

    def print(self, top: int) -> None:
        print(f"{self.busy} samples; share of them with the function (line) on the stack")
        for title, counts in (("functions", self.functions), ("own time", self.own)):
            print(f"--- {title}")
            for name, count in counts.most_common(top):
                print(f"{100 * count / self.busy:5.1f}%  {name}")
        print("--- lines of smooch_mock")
        for name, count in self.lines.most_common(top):
            print(f"{100 * count / self.busy:5.1f}%  {name}")


def _name(frame: FrameType) -> str:
    path = frame.f_code.co_filename
    for root in (*sys.path, os.getcwd()):
        if root and path.startswith(root.rstrip("/") + "/"):
            path = path[len(root.rstrip("/")) + 1 :]
            break
    return f"{path}:{frame.f_code.co_name}"


def _print_cprofile(profiler: cProfile.Profile, top: int) -> None:
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(out.getvalue())


class _NoProcess:
    pid = 0


def _thread_cpu(native_id: int) -> float:
    """User + system CPU seconds of one thread of this process (Linux `/proc`)."""
    with open(f"/proc/self/task/{native_id}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
