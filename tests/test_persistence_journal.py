"""The request journal: a replay of what was journaled rebuilds exactly the state it answered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from persistence_support import expect, run_workload

from smooch_mock.api.routes import ROUTES
from smooch_mock.clock import FakeClock
from smooch_mock.contract.control import EVENT_STREAMS
from smooch_mock.fake import FakeSmooch
from smooch_mock.inprocess import fake_transport
from smooch_mock.persistence import StateFileError
from smooch_mock.persistence.compactor import compact_in_child
from smooch_mock.persistence.journal import CHANGING_READS, Journal, decode_entry
from smooch_mock.persistence.state_file import Position, StateFile

SEED_BASE = 77


@dataclass
class Journaled:
    fake: FakeSmooch
    journal: Journal
    lines: list[bytes]
    before: dict[str, Any]
    """The snapshot the journal starts from."""

    def account(self) -> httpx.Client:
        key = self.fake.account_key
        return httpx.Client(
            transport=fake_transport(self.fake),
            base_url="http://smooch.test",
            auth=(key.id, key.secret),
        )


@pytest.fixture
def journaled() -> Iterator[Journaled]:
    """An unseeded fake on the real clock, journaling into a list."""
    fake = FakeSmooch()
    lines: list[bytes] = []
    before = fake.snapshot()
    journal = Journal(fake, lines.append, seed_base=SEED_BASE, count=0)
    fake.journal = journal
    yield Journaled(fake, journal, lines, before)
    fake.close()


def _replayed(journaled: Journaled) -> FakeSmooch:
    copy = FakeSmooch()
    copy.restore(journaled.before)
    replayer = Journal(copy, _refuse, seed_base=SEED_BASE, count=0)
    for line in journaled.lines:
        replayer.replay(decode_entry(line))
    assert replayer.count == len(journaled.lines)
    return copy


def _refuse(line: bytes) -> None:
    raise AssertionError("a replay writes nothing")


def test_replaying_the_workload_rebuilds_an_identical_state(journaled: Journaled) -> None:
    with journaled.account() as account:
        run_workload(account)
    copy = _replayed(journaled)
    try:
        assert copy.state_dump() == journaled.fake.state_dump()
        assert copy.snapshot() == journaled.fake.snapshot()
        [app] = journaled.fake.store.apps
        assert journaled.fake.webhooks.log.list(app), "the workload should have fired webhooks"
        assert copy.webhooks.log.list(app) == [], "a replay sends no webhook"
    finally:
        copy.close()


def test_another_process_compacts_the_journal_into_the_same_snapshot(
    journaled: Journaled, tmp_path: Path
) -> None:
    with journaled.account() as account:
        run_workload(account)
    state = StateFile(tmp_path / "state.json")
    state.save(journaled.before, Position(0, SEED_BASE, 0))
    state.segment(0).write_bytes(b"".join(journaled.lines))

    size = compact_in_child(state, 0, lambda process: None)

    saved = json.loads(state.path.read_bytes())
    assert size == state.path.stat().st_size
    assert saved.pop("journal") == {"next": 1, "seedBase": SEED_BASE, "count": len(journaled.lines)}
    assert saved == journaled.fake.snapshot()
    assert state.segment_numbers() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_reads_are_not_journaled_and_changes_are_whatever_their_answer(
    journaled: Journaled,
) -> None:
    with journaled.account() as account:
        expect(account.get("/v1.1/apps"), 200)
        expect(account.get("/_mock/state"), 200)
        assert journaled.lines == []
        expect(account.post("/v1.1/apps", json={"name": 5}), 400)
        expect(account.post("/v1.1/apps", json={"name": "ok"}), 201)
        expect(account.post("/v1.1/apps", json={}, auth=("nobody", "x")), 401)
    assert [decode_entry(line).request.path for line in journaled.lines] == ["/v1.1/apps"] * 2


def test_v2_writes_are_journaled_and_replay_to_the_same_state(journaled: Journaled) -> None:
    with journaled.account() as account:
        app = account.post("/v2/apps", json={"displayName": "v2 app"}).json()["app"]
        key = account.post(f"/v2/apps/{app['id']}/keys", json={"displayName": "k"}).json()["key"]
        account.patch(f"/v2/apps/{app['id']}", json={"metadata": {"a": 1}})
        upload = account.post(
            f"/v2/apps/{app['id']}/attachments",
            params={"access": "public"},
            files={"source": ("a.txt", b"hello", "text/plain")},
        )
        assert upload.status_code == 201
        assert account.get("/v2/apps").status_code == 200
    assert len(journaled.lines) == 4, "the four writes, not the read"
    copy = _replayed(journaled)
    try:
        assert copy.snapshot() == journaled.fake.snapshot()
        assert copy.store.keys[key["id"]].secret == key["secret"]
    finally:
        copy.close()


def test_an_oauth_code_is_journaled_and_a_replay_issues_the_same_one(
    journaled: Journaled,
) -> None:
    hook = {"target": "https://example.com/hook", "triggers": ["conversation:message"]}
    with journaled.account() as account:
        app = account.post("/v2/apps", json={"displayName": "v2 app"}).json()["app"]
        integrations = f"/v2/apps/{app['id']}/integrations"
        custom = account.post(
            integrations, json={"type": "custom", "displayName": "Bot", "webhooks": [hook]}
        ).json()["integration"]
        query = {"client_id": custom["id"], "response_type": "code", "redirect_uri": "https://x.io"}
        location = account.get("/oauth/authorize", params=query).headers["location"]
    code = httpx.URL(location).params["code"]
    assert len(journaled.lines) == 3
    copy = _replayed(journaled)
    try:
        assert copy.store.oauth_codes == journaled.fake.store.oauth_codes
        assert set(copy.store.oauth_codes) == {code}
    finally:
        copy.close()


def test_no_read_changes_the_state_unless_it_is_journaled(journaled: Journaled) -> None:
    with journaled.account() as account:
        run_workload(account)
        for path, operation in _every_read(journaled.fake, account):
            before = journaled.fake.snapshot()
            status = account.get(path).status_code
            if operation in EVENT_STREAMS:  # endless: in-process it is a 501 (COVERAGE.md)
                assert status == 501, path
            else:
                assert status < 500, path
            if operation not in CHANGING_READS:
                assert journaled.fake.snapshot() == before, f"GET {path} ({operation}) changed it"


def _every_read(fake: FakeSmooch, account: httpx.Client) -> Iterator[tuple[str, str]]:
    """Each GET route with real ids in it; a fresh app for the reads that create on demand."""
    with fake.lock:
        store = fake.store
        [state] = store.apps.values()
        user = next(iter(state.users.values()))
        params = {
            "appId": state.app.id,
            "userId": user.id,
            "conversationId": user.default_conversation.id,
            "keyId": store.list_app_keys(state.app.id)[0].id,
            "serviceAccountId": next(iter(store.service_accounts)),
            "webhookId": store.webhooks_of(state.app.id)[0].id,
            "templateId": next(iter(state.templates)),
            "integrationId": next(iter(state.integrations)),
            "channel": "twilio",
            "deploymentId": next(iter(store.deployments)),
            "attachmentId": next(iter(store.attachments)),
            "fileName": next(iter(store.attachments.values())).file_name,
            "deliveryId": fake.webhooks.log.list(state.app.id)[0].id,
            "userIdOrExternalId": user.id,
            "deviceId": user.clients[0].id if user.clients else "0" * 24,
            # No switchboard in this state: its reads answer 404, which must not change it either.
            "switchboardId": "0" * 24,
        }
    fresh = expect(account.post("/v1.1/apps", json={"name": "fresh"}), 201).json()["app"]["_id"]
    for route in ROUTES:
        if route.method != "GET":
            continue
        values = {**params, "appId": fresh} if route.operation in CHANGING_READS else params
        path = route.path.format_map(values)
        if route.placement.value == "app":
            path = f"/apps/{values['appId']}{path}"
        if route.placement.value not in ("control", "unversioned"):
            version = next(v for v in ("v2", "v1.1", "v1") if v in route.versions)
            path = f"/{version}{path}"
        yield path, route.operation


def test_a_failed_journal_write_refuses_that_change_and_every_later_one(
    journaled: Journaled,
) -> None:
    def broken(line: bytes) -> None:
        raise OSError(28, "No space left on device")

    assert journaled.fake.journal is journaled.journal
    journaled.journal.write = broken
    with journaled.account() as account:
        refused = expect(account.post("/v1.1/apps", json={"name": "a"}), 503).json()["error"]
        assert "No space left on device" in refused["description"]
        journaled.journal.write = journaled.lines.append
        expect(account.post("/v1.1/apps", json={"name": "b"}), 503)
        expect(account.get("/v1.1/apps"), 200)
    assert journaled.lines == []
    assert [a.name for a in journaled.fake.store.list_apps()] == ["a"]


def test_a_failed_compaction_leaves_the_snapshot_and_journal_as_they_were(
    journaled: Journaled, tmp_path: Path
) -> None:
    with journaled.account() as account:
        expect(account.post("/v1.1/apps", json={"name": "kept"}), 201)
    state = StateFile(tmp_path / "state.json")
    state.save(journaled.before, Position(0, SEED_BASE, 0))
    state.segment(0).write_bytes(b"".join(journaled.lines))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    with pytest.raises(StateFileError, match=r"state\.json\.journal\.1 is missing"):
        compact_in_child(state, 1, lambda process: None)

    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_the_same_seed_and_requests_give_the_same_state() -> None:
    dumps = []
    for _ in range(2):
        fake = FakeSmooch(seed=5, clock=FakeClock())
        journal = Journal(fake, lambda line: None, seed_base=5, count=0)
        fake.journal = journal
        with Journaled(fake, journal, [], {}).account() as account:
            run_workload(account)
        dumps.append(fake.state_dump())
        fake.close()
    assert dumps[0] == dumps[1]
