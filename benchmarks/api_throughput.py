"""Measurement 1: POST and GET messages: fake vs a bare aiohttp app sending the same bytes."""

from __future__ import annotations

import json
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from processes import FakeServer, fake_server, get_json, script_server
from wrk_load import LoadResult, run_wrk

POST_BODY = '{"role":"appUser","type":"text","text":"hi"}'
POST_USERS = 16
"""One conversation per wrk connection: deliveries keep per-conversation order, as Smooch does."""
HISTORY = 100
SECONDS = 3.0
ROUNDS = 3
"""Fake and bare runs alternate, ROUNDS times: other load on the machine hits both alike."""
WARMUP_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Round:
    fake: LoadResult
    bare: LoadResult

    @property
    def ratio(self) -> float:
        return self.fake.requests_per_second / self.bare.requests_per_second


@dataclass(frozen=True, slots=True)
class ApiThroughput:
    post: list[Round]
    get: list[Round]
    posted: int
    delivered: int
    response_bytes: dict[str, int]

    @staticmethod
    def median_round(rounds: list[Round]) -> Round:
        return sorted(rounds, key=lambda r: r.ratio)[len(rounds) // 2]


def measure(seconds: float = SECONDS, rounds: int = ROUNDS) -> ApiThroughput:
    with (
        script_server("webhook_target.py") as target,
        fake_server() as fake,
        tempfile.TemporaryDirectory() as folder,
    ):
        post_paths, get_path = _prepare(fake, target)
        headers = {"Authorization": fake.authorization, "Content-Type": "application/json"}
        bodies = {
            "POST": _raw(fake, "POST", post_paths[0], POST_BODY),
            "GET": _raw(fake, "GET", get_path),
        }
        bodies_file = Path(folder) / "bodies.json"
        bodies_file.write_text(json.dumps(bodies))
        with script_server("baseline_app.py", str(bodies_file)) as bare:

            def post(url: str, length: float) -> LoadResult:
                return run_wrk(
                    url, "POST", post_paths, body=POST_BODY, headers=headers, seconds=length
                )

            def get(url: str, length: float) -> LoadResult:
                return run_wrk(url, "GET", [get_path], headers=headers, seconds=length)

            for warm_up in (post, get):
                warm_up(fake.url, WARMUP_SECONDS)
                warm_up(bare, WARMUP_SECONDS)
            _wait_for_deliveries(fake, target)
            post_rounds, get_rounds = [], []
            for _ in range(rounds):
                fake_post = post(fake.url, seconds)
                # The backlog of deliveries drains before the baseline runs, so it does not slow it.
                posted, delivered = _wait_for_deliveries(fake, target)
                post_rounds.append(Round(fake_post, post(bare, seconds)))
                get_rounds.append(Round(get(fake.url, seconds), get(bare, seconds)))
    return ApiThroughput(
        post_rounds, get_rounds, posted, delivered,
        {method: len(str(spec["body"]).encode()) for method, spec in bodies.items()},
    )  # fmt: skip


def _prepare(fake: FakeServer, target: str) -> tuple[list[str], str]:
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
    return post_paths, get_path


def _raw(fake: FakeServer, method: str, path: str, body: str | None = None) -> dict[str, object]:
    """The status and exact body bytes the fake answers (the baseline replays them)."""
    request = urllib.request.Request(
        fake.url + path, data=body.encode() if body else None, method=method
    )
    request.add_header("Authorization", fake.authorization)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return {"status": response.status, "body": response.read().decode()}


def _wait_for_deliveries(fake: FakeServer, target: str, timeout: float = 120.0) -> tuple[int, int]:
    """Messages the posters posted (the reader's history came before the webhook), and arrivals."""
    deadline = time.monotonic() + timeout
    users = get_json(f"{fake.url}/_mock/apps/{fake.app_id}/appusers")["appUsers"]
    posted = sum(
        u["conversation"]["messageCount"]
        for u in users
        if u["appUser"].get("userId", "").startswith("poster-")
    )
    delivered = get_json(target + "/_stats")["count"]
    while delivered < posted and time.monotonic() < deadline:
        time.sleep(0.2)
        delivered = get_json(target + "/_stats")["count"]
    return posted, delivered


if __name__ == "__main__":
    result = measure()
    for kind, rounds in (("POST", result.post), ("GET", result.get)):
        for r in rounds:
            print(kind, r.fake.requests_per_second, r.bare.requests_per_second, f"{r.ratio:.2f}")
    print(result.posted, result.delivered, result.response_bytes)
