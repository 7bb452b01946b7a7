"""--state files saved before the generation-neutral store (format 1) still load, unchanged for v1.

`tests/data/state-format-1.json` was written by this project's store as it was at commit f7f5211
(the script is in the message of the commit that added the file): a snapshot of a varied app
(clients, a linked channel, every stored message type, a paid buy action, an answered form, v1 and
v1.1 webhooks, a menu, a template, a notification) and the `/_mock/state` dump of that state, so
the dump after loading is compared with what the previous store itself answered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smooch_mock.api.control.state import state_dump
from smooch_mock.clock import FakeClock
from smooch_mock.persistence.snapshot import load, restore, snapshot
from smooch_mock.store import Store

SAVED = Path(__file__).parent / "data" / "state-format-1.json"


def _saved() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAVED.read_text())
    return data


def test_a_format_1_snapshot_restores_the_same_v1_state(tmp_path: Path) -> None:
    saved = _saved()
    path = tmp_path / "state.json"
    path.write_text(json.dumps(saved["snapshot"]))
    store = Store(clock=FakeClock(start=1_700_000_000.0))
    loaded = load(path)
    assert loaded is not None and loaded["format"] == "smooch-mock-state/1"
    restore(store, loaded)
    assert state_dump(store) == saved["state"]


def test_a_format_1_snapshot_becomes_users_conversations_and_custom_integrations() -> None:
    store = Store(clock=FakeClock(start=1_700_000_000.0))
    restore(store, _saved()["snapshot"])
    [state] = store.apps.values()
    bob = store.user(state.app.id, "bob")
    assert state.conversations[bob.default_conversation.id] is bob.default_conversation
    [participant] = bob.default_conversation.participants
    primary = bob.primary_client()
    assert primary is not None and primary.platform == "twilio"
    assert participant.user_id == bob.id and participant.client_ids[0] == primary.id
    customs = [i for i in state.integrations.values() if i.type == "custom"]
    assert [len(i.webhooks) for i in customs] == [1, 1]
    assert [w.version for w in store.webhooks_of(state.app.id)] == ["v1", "v1.1"]
    form, answer, notified = bob.default_conversation.messages[-3:]
    assert (form.content.submitted, answer.quoted_message_id) == (True, form.id)
    assert notified.source.type == "notification" and notified.author.type == "business"
    again = snapshot(store)
    assert again["format"] == "smooch-mock-state/2"
    restored = Store(clock=FakeClock(start=1_700_000_000.0))
    restore(restored, json.loads(json.dumps(again)))
    assert state_dump(restored) == _saved()["state"]
