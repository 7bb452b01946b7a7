"""Instructions per request, fake vs bare aiohttp, counted by valgrind: `instructions.py [v1.1|v2]`.

Throughput and even CPU time swing with whatever else runs on the machine; the number of
instructions a server executes per request does not. Both servers run under callgrind, set up as
`api_throughput.py` sets them up (the bare app answers the fake's captured bytes and, for POST,
delivers a webhook of the same size to the same target); one client sends REQUESTS requests one
after another on a kept-alive connection, and callgrind's counter is zeroed before them and read
after them (after the last delivery, for POST). User-space instructions only: the system calls'
own work in the kernel is not counted, and both servers make the same ones.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from api_throughput import _prepare_v1, _prepare_v2, _raw, _wait_for_count
from processes import fake_server, get_json, script_process, script_server

REQUESTS = 300
WARMUP = 100
KEEP = Path(os.environ["KEEP_CALLGRIND"]) if os.environ.get("KEEP_CALLGRIND") else None
"""A folder to keep each measurement's callgrind dump in, for `callgrind_annotate`."""


def callgrind(folder: Path, name: str) -> tuple[str, ...]:
    return (
        "valgrind",
        "--tool=callgrind",
        "-q",
        f"--callgrind-out-file={folder / name}",
        "--dump-instr=no",
        "--compress-strings=no",
        *(("--cache-sim=yes",) if os.environ.get("CACHE_SIM") else ()),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("generation", nargs="?", default="v1.1", choices=("v1.1", "v2"))
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--method", action="append", choices=("GET", "POST"))
    parser.add_argument("--fake-only", action="store_true", help="skip the bare app")
    args = parser.parse_args()
    methods = args.method or ["GET", "POST"]
    prepare = _prepare_v2 if args.generation == "v2" else _prepare_v1
    counts: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        with (
            script_server("webhook_target.py") as target,
            fake_server(wrapper=callgrind(folder, "fake")) as fake,
        ):
            post_paths, get_path, post_body = prepare(fake, target)
            bodies = {
                "POST": _raw(fake, "POST", post_paths[0], post_body),
                "GET": _raw(fake, "GET", get_path),
            }
            _wait_for_count(target, 1)
            with urllib.request.urlopen(target + "/_sample", timeout=60) as sample:
                bodies["deliver"] = {"target": target + "/hook", "body": sample.read().decode()}
            (folder / "bodies.json").write_text(json.dumps(bodies))
            headers = {"Authorization": fake.authorization, "Content-Type": "application/json"}

            def count(name: str, url: str, pid: int) -> None:
                client = Client(url, headers, target)
                for method in methods:
                    paths = [get_path] if method == "GET" else post_paths
                    body = post_body if method == "POST" else None
                    send = partial(client.send, method, paths, body)
                    label = f"{args.generation}-{method}"
                    counts[name, method] = per_request(
                        pid, folder, name, label, send, args.requests
                    )

            count("fake", fake.url, fake.process.pid)
            if not args.fake_only:
                bare_app = ("baseline_app.py", str(folder / "bodies.json"))
                with script_process(*bare_app, wrapper=callgrind(folder, "bare")) as (bare, pid):
                    count("bare", bare, pid)
    for method in methods:
        fake_count = counts["fake", method]
        line = f"{args.generation} {method}: fake {fake_count:,.0f}"
        if not args.fake_only:
            bare_count = counts["bare", method]
            line += f", bare {bare_count:,.0f}; bare ÷ fake = {bare_count / fake_count:.2f}"
        print(line + " (instructions per request)")


def per_request(
    pid: int, folder: Path, name: str, label: str, send: Callable[[int], None], requests: int
) -> float:
    send(WARMUP)
    subprocess.run(["callgrind_control", "--zero", str(pid)], check=True, capture_output=True)
    send(requests)
    time.sleep(0.2)  # let the loop finish its writes before the count is read
    for old in folder.glob(f"{name}.*"):
        old.unlink()
    subprocess.run(["callgrind_control", "--dump", str(pid)], check=True, capture_output=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for dump in folder.glob(f"{name}.*"):
            for line in dump.read_text(errors="replace").splitlines():
                if line.startswith("summary:"):
                    if KEEP is not None:  # for callgrind_annotate
                        shutil.copy(dump, KEEP / f"{name}-{label}.callgrind")
                    if len(line.split()) > 2:  # CACHE_SIM: Ir, then the cache events
                        print(name, label, [int(n) // requests for n in line.split()[1:]])
                    return int(line.split()[1]) / requests
        time.sleep(0.1)
    raise TimeoutError(f"no callgrind dump from {name}")


class Client:
    """One kept-alive connection sending requests one after another; a POST's count waits for
    its deliveries at the target."""

    def __init__(self, url: str, headers: dict[str, str], target: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
        self.headers = headers
        self.target = target

    def send(self, method: str, paths: list[str], body: str | None, count: int) -> None:
        delivered = get_json(self.target + "/_stats")["count"]
        for n in range(count):
            self.connection.request(method, paths[n % len(paths)], body=body, headers=self.headers)
            response = self.connection.getresponse()
            response.read()
            if response.status >= 300:
                raise RuntimeError(f"{method} answered {response.status}")
        if method == "POST":
            _wait_for_count(self.target, delivered + count)


if __name__ == "__main__":
    main()
