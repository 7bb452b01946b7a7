"""Measurement 1: POST (answered and delivered) and GET messages: fake vs a bare aiohttp app.

POST: wrk posts messages for SECONDS with one webhook subscribed; the rate is wrk's answered
requests divided by the time until the counting target has every delivery. The bare app answers
the same bytes and delivers a webhook of the same size through 16 keep-alive aiohttp client
workers on its loop. GET: a page of 100 messages against a bare app answering the same bytes.
Fake and bare runs alternate, ROUNDS times, so other load on the machine hits both alike.
Each run also takes the server process's CPU time from /proc (for POST until the last delivery):
CPU per request, which other load on the machine disturbs far less than throughput.
"""

from __future__ import annotations

import json
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from processes import FakeServer, cpu_seconds, fake_server, get_json, script_process, script_server
from wrk_load import LoadResult, run_wrk

POST_BODY = '{"role":"appUser","type":"text","text":"hi"}'
POST_USERS = 16
"""One conversation per wrk connection: deliveries keep per-conversation order, as Smooch does."""
HISTORY = 100
SECONDS = 3.0
ROUNDS = 3
WARMUP_SECONDS = 1.0
V2_NOT_SERVED = "v2: not yet served"


class Rated(Protocol):
    @property
    def requests_per_second(self) -> float: ...

    @property
    def cpu_per_request_us(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Served:
    """A GET run and the server's CPU seconds during it."""

    load: LoadResult
    cpu: float

    @property
    def requests_per_second(self) -> float:
        return self.load.requests_per_second

    @property
    def cpu_per_request_us(self) -> float:
        return self.cpu / max(1, self.load.requests - self.load.failed) * 1e6


@dataclass(frozen=True, slots=True)
class Delivered:
    """A POST run counted to its last delivery."""

    load: LoadResult
    answered: int
    delivered: int
    seconds: float
    """From wrk's start to the last delivery's arrival (at least wrk's own run)."""
    cpu: float
    """The server's CPU seconds over the same time (answers and deliveries)."""

    @property
    def requests_per_second(self) -> float:
        return min(self.answered, self.delivered) / self.seconds

    @property
    def cpu_per_request_us(self) -> float:
        return self.cpu / max(1, min(self.answered, self.delivered)) * 1e6


@dataclass(frozen=True, slots=True)
class Round:
    fake: Rated
    bare: Rated

    @property
    def ratio(self) -> float:
        return self.fake.requests_per_second / self.bare.requests_per_second

    @property
    def cpu_ratio(self) -> float:
        """Bare CPU per request ÷ the fake's: the throughput ratio of a machine to itself."""
        return self.bare.cpu_per_request_us / self.fake.cpu_per_request_us


@dataclass(frozen=True, slots=True)
class ApiThroughput:
    generation: str
    post: list[Round]
    get: list[Round]
    answered: int
    delivered: int
    response_bytes: dict[str, int]

    @staticmethod
    def median_round(rounds: list[Round]) -> Round:
        return sorted(rounds, key=lambda r: r.ratio)[len(rounds) // 2]

    @staticmethod
    def median_cpu_round(rounds: list[Round]) -> Round:
        return sorted(rounds, key=lambda r: r.cpu_ratio)[len(rounds) // 2]


@dataclass(frozen=True, slots=True)
class Generation:
    """How to set one API generation up for the measurement on a fresh fake."""

    name: str
    prepare: Callable[[FakeServer, str], tuple[list[str], str, str]]
    """(paths to POST to, path of the page to GET, POST body) with one webhook on the target."""


def measure(seconds: float = SECONDS, rounds: int = ROUNDS, generation: str = "v1.1") -> Any:
    """An ApiThroughput, or for v2 the text saying why it could not be measured."""
    with (
        script_server("webhook_target.py") as target,
        fake_server() as fake,
        tempfile.TemporaryDirectory() as folder,
    ):
        if generation == "v2":
            if not _v2_served(fake):
                return V2_NOT_SERVED
            try:
                post_paths, get_path, post_body = _prepare_v2(fake, target)
            except (urllib.error.URLError, KeyError, TypeError, StopIteration) as error:
                return f"v2 answers, but setting up the measurement failed: {error}"
        else:
            post_paths, get_path, post_body = _prepare_v1(fake, target)
        headers = {"Authorization": fake.authorization, "Content-Type": "application/json"}
        bodies: dict[str, Any] = {
            "POST": _raw(fake, "POST", post_paths[0], post_body),
            "GET": _raw(fake, "GET", get_path),
        }
        _wait_for_count(target, 1)
        with urllib.request.urlopen(target + "/_sample", timeout=30) as response:
            bodies["deliver"] = {"target": target + "/hook", "body": response.read().decode()}
        bodies_file = Path(folder) / "bodies.json"
        bodies_file.write_text(json.dumps(bodies))
        with script_process("baseline_app.py", str(bodies_file)) as (bare, bare_pid):
            pids = {fake.url: fake.process.pid, bare: bare_pid}

            def post(url: str, length: float) -> Delivered:
                _wait_for_count(target, get_json(target + "/_stats")["count"])
                urllib.request.urlopen(urllib.request.Request(target + "/_clear", method="POST"))
                cpu = cpu_seconds(pids[url])
                started = time.time()
                load = run_wrk(
                    url, "POST", post_paths, body=post_body, headers=headers, seconds=length
                )
                answered = load.requests - load.failed
                delivered, last = _wait_for_count(target, answered)
                finished = time.time() if last is None else last
                cpu = cpu_seconds(pids[url]) - cpu
                return Delivered(load, answered, delivered, max(finished - started, length), cpu)

            def get(url: str, length: float) -> Served:
                cpu = cpu_seconds(pids[url])
                load = run_wrk(url, "GET", [get_path], headers=headers, seconds=length)
                return Served(load, cpu_seconds(pids[url]) - cpu)

            for warm_up in (post, get):
                warm_up(fake.url, WARMUP_SECONDS)
                warm_up(bare, WARMUP_SECONDS)
            post_rounds, get_rounds = [], []
            for _ in range(rounds):
                post_rounds.append(Round(post(fake.url, seconds), post(bare, seconds)))
                get_rounds.append(Round(get(fake.url, seconds), get(bare, seconds)))
    fake_posts = [r.fake for r in post_rounds if isinstance(r.fake, Delivered)]
    return ApiThroughput(
        generation,
        post_rounds,
        get_rounds,
        sum(p.answered for p in fake_posts),
        sum(p.delivered for p in fake_posts),
        {method: len(str(spec["body"]).encode()) for method, spec in bodies.items()},
    )


def _prepare_v1(fake: FakeServer, target: str) -> tuple[list[str], str, str]:
    """Users to post as, a user with `HISTORY` messages to read, and one webhook on `target`."""
    post_paths = []
    for n in range(POST_USERS):
        user = fake.call("POST", "/v1.1/appusers", {"userId": f"poster-{n}"})["appUser"]
        post_paths.append(f"/v1.1/appusers/{user['_id']}/messages")
    reader = fake.call("POST", "/v1.1/appusers", {"userId": "reader"})["appUser"]
    get_path = f"/v1.1/appusers/{reader['_id']}/messages"
    for n in range(HISTORY):
        fake.call("POST", get_path, {"role": "appUser", "type": "text", "text": f"history {n}"})
    fake.call(
        "POST", "/v1.1/webhooks", {"target": target + "/hook", "triggers": ["message:appUser"]}
    )
    return post_paths, get_path, POST_BODY


def _v2_served(fake: FakeServer) -> bool:
    try:
        fake.call("GET", f"/v2/apps/{fake.app_id}")
    except urllib.error.HTTPError as error:
        return error.code != 404
    return True


def _prepare_v2(fake: FakeServer, target: str) -> tuple[list[str], str, str]:
    """The same on /v2 (Sunshine Conversations): users with their personal conversation each,
    one with `HISTORY` messages, a custom integration's webhook on `conversation:message`. The
    business posts (one body serves every conversation).

    CreateUser makes the user's default personal conversation (a second personal one needs
    `settings.multiConvoEnabled`), so the conversation is found the way a client finds it:
    ListConversations filtered by the user."""
    base = f"/v2/apps/{fake.app_id}"
    paths = []
    for n in range(POST_USERS + 1):
        user = fake.call("POST", f"{base}/users", {"externalId": f"poster-{n}"})["user"]
        listed = fake.call("GET", f"{base}/conversations?filter[userId]={user['id']}")
        conversation = next(c for c in listed["conversations"] if c["type"] == "personal")
        paths.append(f"{base}/conversations/{conversation['id']}/messages")
    reader_path = paths.pop()
    for n in range(HISTORY):
        fake.call("POST", reader_path, _business_text(f"history {n}"))
    fake.call(
        "POST",
        f"{base}/integrations",
        {
            "type": "custom",
            "displayName": "bench",
            "webhooks": [{"target": target + "/hook", "triggers": ["conversation:message"]}],
        },
    )
    return paths, reader_path + "?page[size]=100", json.dumps(_business_text("hi"))


def _business_text(text: str) -> dict[str, Any]:
    return {"author": {"type": "business"}, "content": {"type": "text", "text": text}}


def _raw(fake: FakeServer, method: str, path: str, body: str | None = None) -> dict[str, object]:
    """The status and exact body bytes the fake answers (the baseline replays them)."""
    request = urllib.request.Request(
        fake.url + path, data=body.encode() if body else None, method=method
    )
    request.add_header("Authorization", fake.authorization)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return {"status": response.status, "body": response.read().decode()}


def _wait_for_count(target: str, count: int, timeout: float = 120.0) -> tuple[int, float | None]:
    """Poll the counting target until it has `count` arrivals: (arrivals, last arrival time)."""
    deadline = time.monotonic() + timeout
    stats = get_json(target + "/_stats")
    while stats["count"] < count and time.monotonic() < deadline:
        time.sleep(0.05)
        stats = get_json(target + "/_stats")
    return int(stats["count"]), stats["last"]


if __name__ == "__main__":
    result = measure()
    for kind, rounds in (("POST", result.post), ("GET", result.get)):
        for r in rounds:
            print(
                kind,
                f"{r.fake.requests_per_second:.0f} / {r.bare.requests_per_second:.0f} req/s",
                f"{r.ratio:.2f}x;",
                f"CPU {r.fake.cpu_per_request_us:.1f} / {r.bare.cpu_per_request_us:.1f} µs",
                f"{r.cpu_ratio:.2f}x",
            )
    print(result.answered, result.delivered, result.response_bytes)
