"""Profile the fake's server thread under wrk load: `profile_server.py [v1.1|v2] [GET|POST]`.

The fake serves from a background thread of this process (as the pytest plugin serves it), set up
as `api_throughput.py` sets it up; wrk loads one path for SECONDS while cProfile watches the
server's thread only. Prints the server's CPU per request (the thread's own CPU time) and the
functions with the most time of their own and in total.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import subprocess
import threading
import time
from typing import Any

from api_throughput import _prepare_v1, _prepare_v2
from processes import FakeServer, script_server
from wrk_load import run_wrk

from smooch_mock.fake import FakeSmooch
from smooch_mock.http.server import ServerThread

SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("generation", nargs="?", default="v1.1", choices=("v1.1", "v2"))
    parser.add_argument("method", nargs="?", default="GET", choices=("GET", "POST"))
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--no-profile", action="store_true", help="CPU per request only")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()
    fake = FakeSmooch(seed=7)
    app, key = fake.create_app_with_key()
    with script_server("webhook_target.py") as target, ServerThread(fake) as server:
        bench = FakeServer(_NoProcess(), server.url, app.id, key.id, key.secret)  # type: ignore[arg-type]
        prepare = _prepare_v2 if args.generation == "v2" else _prepare_v1
        post_paths, get_path, post_body = prepare(bench, target)
        paths = post_paths if args.method == "POST" else [get_path]
        headers = {"Authorization": bench.authorization, "Content-Type": "application/json"}
        body = post_body if args.method == "POST" else ""
        run_wrk(server.url, args.method, paths, body=body, headers=headers, seconds=1)
        profiler = cProfile.Profile()
        thread_id = _server_thread_id(server)
        cpu_before = _thread_cpu(thread_id)
        if not args.no_profile:
            _on_server_loop(server, profiler.enable)
        load = run_wrk(server.url, args.method, paths, body=body, headers=headers,
                       seconds=args.seconds)  # fmt: skip
        if not args.no_profile:
            _on_server_loop(server, profiler.disable)
        cpu = _thread_cpu(thread_id) - cpu_before
    print(
        f"{args.generation} {args.method}: {load.requests_per_second:,.0f} req/s, "
        f"server thread CPU {cpu / max(1, load.requests) * 1e6:.1f} µs per request "
        f"({load.requests} requests, {load.failed} failed)"
    )
    if not args.no_profile:
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
            print(out.getvalue())


class _NoProcess:
    pid = 0


def _on_server_loop(server: ServerThread, function: Any) -> None:
    done = threading.Event()

    def run() -> None:
        function()
        done.set()

    server._loop.call_soon_threadsafe(run)
    done.wait(10)


def _server_thread_id(server: ServerThread) -> int:
    found: list[int] = []
    _on_server_loop(server, lambda: found.append(threading.get_native_id()))
    return found[0]


def _thread_cpu(native_id: int) -> float:
    """User + system CPU seconds of one thread of this process (Linux `/proc`)."""
    with open(f"/proc/self/task/{native_id}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = int(subprocess.check_output(["getconf", "CLK_TCK"]).strip())
    return (int(fields[11]) + int(fields[12])) / ticks


if __name__ == "__main__":
    started = time.monotonic()
    main()
