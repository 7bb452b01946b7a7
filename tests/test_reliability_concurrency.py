"""50 concurrent clients posting over real HTTP: nothing lost, duplicated or delivered twice.

The clients are aiohttp sessions rather than httpx: under one GIL with the server, the receiver
and the delivery engine, httpx's client-side cost doubles the run time. The fake runs without the
strict contract check here (about 10 ms of schema work per message, under the fake's lock); the
bad-input and auth suites run with it.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from reliability_figures import ReliabilityFigures

from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput, WebhookInput
from smooch_mock.store.models import App, SecretKey

CLIENTS = 50
MESSAGES_PER_CLIENT = 40
TOTAL = CLIENTS * MESSAGES_PER_CLIENT


@dataclass
class Stage:
    fake: FakeSmooch
    server: ServerThread
    receiver: WebhookReceiver
    app: App
    key: SecretKey
    figures: ReliabilityFigures

    @property
    def base(self) -> str:
        return f"{self.server.url}/v1.1/apps/{self.app.id}"

    def client(self) -> aiohttp.ClientSession:
        """One client: its own session, hence its own connections."""
        credentials = base64.b64encode(f"{self.key.id}:{self.key.secret}".encode()).decode()
        return aiohttp.ClientSession(
            headers={"Authorization": f"Basic {credentials}"},
            timeout=aiohttp.ClientTimeout(total=60),
        )

    async def get(self, client: aiohttp.ClientSession, url: str) -> Any:
        """GET `url` (absolute, or relative to the app) and return its JSON; counts the request."""
        async with client.get(url if url.startswith("http") else self.base + url) as response:
            assert response.status == 200, await response.text()
            self.figures.requests += 1
            return await response.json()


@pytest.fixture
def stage(reliability_figures: ReliabilityFigures) -> Iterator[Stage]:
    fake = FakeSmooch(seed=21, strict_contract=False)
    try:
        with WebhookReceiver() as receiver, ServerThread(fake) as server:
            app, key = fake.create_app_with_key("Busy app")
            fake.store.create_webhook(
                app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
            )
            yield Stage(fake, server, receiver, app, key, reliability_figures)
    finally:
        fake.close()
        reliability_figures.internal_errors += len(fake.internal_errors)
    assert not fake.internal_errors, "\n".join(e.traceback for e in fake.internal_errors)


@dataclass(frozen=True, slots=True)
class Posted:
    client: int
    user: str
    message_id: str


async def _post_all(stage: Stage, user_for_client: list[str]) -> list[Posted]:
    """Every client posts its messages one after another, all clients at once."""

    async def one_client(number: int) -> list[Posted]:
        user = user_for_client[number]
        posted = []
        async with stage.client() as client:
            for sequence in range(MESSAGES_PER_CLIENT):
                text = f"client {number} message {sequence}"
                async with client.post(
                    f"{stage.base}/appusers/{user}/messages",
                    json={"role": "appUser", "type": "text", "text": text},
                ) as response:
                    assert response.status == 201, await response.text()
                    message = (await response.json())["message"]
                assert message["text"] == text
                posted.append(Posted(number, user, message["_id"]))
        return posted

    results = await asyncio.gather(*(one_client(n) for n in range(CLIENTS)))
    stage.figures.requests += TOTAL
    return [pair for result in results for pair in result]


async def _history(stage: Stage, user: str) -> list[dict[str, Any]]:
    """The whole history, paged forwards with `after` from the start and checked backwards with
    `before` from the newest page: both walks must give the same messages in the same order."""
    async with stage.client() as client:
        forwards: list[dict[str, Any]] = []
        url: str | None = f"/appusers/{user}/messages?after=0"
        while url is not None:
            page = await stage.get(client, url)
            forwards += page["messages"]
            url = page.get("next")
        backwards: list[dict[str, Any]] = []
        url = f"/appusers/{user}/messages"
        while url is not None:
            page = await stage.get(client, url)
            backwards = page["messages"] + backwards
            url = page.get("previous")
    assert [m["_id"] for m in backwards] == [m["_id"] for m in forwards]
    return forwards


def _assert_exactly_once(posted: list[str], seen: list[str], where: str) -> None:
    counts = Counter(seen)
    duplicated = {i: n for i, n in counts.items() if n > 1}
    missing = set(posted) - set(counts)
    extra = set(counts) - set(posted)
    assert not duplicated and not missing and not extra, (
        f"{where}: {len(missing)} missing, {len(duplicated)} duplicated, {len(extra)} unexpected"
    )


async def _check(stage: Stage, posted: list[Posted]) -> None:
    all_ids = [p.message_id for p in posted]
    assert len(set(all_ids)) == TOTAL
    by_user: dict[str, list[str]] = defaultdict(list)
    by_client: dict[int, list[str]] = defaultdict(list)
    for p in posted:
        by_user[p.user].append(p.message_id)
        by_client[p.client].append(p.message_id)

    histories = {user: await _history(stage, user) for user in by_user}
    for user, history in histories.items():
        _assert_exactly_once(by_user[user], [m["_id"] for m in history], f"history of {user}")
        times = [m["received"] for m in history]
        assert all(a < b for a, b in itertools.pairwise(times)), (
            f"history of {user} is not strictly ordered by received"
        )
    # Each client's messages keep, in history, the order the client sent them in.
    position = {m["_id"]: n for history in histories.values() for n, m in enumerate(history)}
    for number, sent in by_client.items():
        assert [position[i] for i in sent] == sorted(position[i] for i in sent), number
    assert stage.fake.webhooks.engine.wait_idle(30), "deliveries still pending after 30 s"
    deliveries = stage.fake.webhooks.log.list(stage.app.id, trigger="message:appUser")
    _assert_exactly_once(all_ids, [d.payload["messages"][0]["_id"] for d in deliveries], "log")
    not_delivered = [(d.id, d.state, len(d.attempts)) for d in deliveries if d.state != "delivered"]
    assert not not_delivered, f"deliveries not delivered: {not_delivered[:5]}"
    assert all(len(d.attempts) == 1 for d in deliveries)
    payloads = stage.receiver.wait_for(TOTAL, timeout=30, trigger="message:appUser")
    _assert_exactly_once(all_ids, [p["messages"][0]["_id"] for p in payloads], "receiver")
    # Deliveries of one conversation arrive in the order of its history.
    arrived: dict[str, list[str]] = defaultdict(list)
    for payload in payloads:
        arrived[payload["appUser"]["_id"]].append(payload["messages"][0]["_id"])
    for history in histories.values():
        owner = history[0]["authorId"]
        assert arrived[owner] == [m["_id"] for m in history], "out-of-order deliveries"
    stage.figures.deliveries += len(deliveries)


async def test_fifty_clients_writing_to_one_conversation_lose_and_duplicate_nothing(
    stage: Stage,
) -> None:
    stage.fake.store.create_user(stage.app.id, UserInput("everyone"))
    posted = await _post_all(stage, ["everyone"] * CLIENTS)
    await _check(stage, posted)


async def test_fifty_clients_each_writing_to_its_own_conversation_lose_and_duplicate_nothing(
    stage: Stage,
) -> None:
    users = [f"user-{n}" for n in range(CLIENTS)]
    for user in users:
        stage.fake.store.create_user(stage.app.id, UserInput(user))
    posted = await _post_all(stage, users)
    await _check(stage, posted)
