"""With `--state`, integrations, integration keys, webhooks, the switchboard and control changes
are journaled and replay to the same state (an `int_` key's calls included)."""

from __future__ import annotations

from persistence_support import expect
from test_persistence_journal import Journaled, _replayed, journaled

__all__ = ["journaled"]  # the fixture, imported for pytest

HOOK = {"target": "https://example.com/hook", "triggers": ["conversation:message"]}


def test_integration_and_switchboard_writes_replay_to_the_same_state(
    journaled: Journaled,
) -> None:
    with journaled.account() as account:
        app = expect(account.post("/v2/apps", json={"displayName": "Desk"}), 201).json()["app"]
        base = f"/v2/apps/{app['id']}"
        body = {"type": "custom", "webhooks": [HOOK]}
        custom = expect(account.post(base + "/integrations", json=body), 201).json()
        integration = custom["integration"]["id"]
        key = expect(
            account.post(f"{base}/integrations/{integration}/keys", json={"displayName": "k"}),
            201,
        ).json()["key"]
        switchboard = expect(account.post(base + "/switchboards"), 201).json()["switchboard"]
        members = f"{base}/switchboards/{switchboard['id']}/switchboardIntegrations"
        bot = expect(
            account.post(members, json={"name": "bot", "integrationId": integration}), 201
        ).json()["switchboardIntegration"]
        user = expect(
            account.post(f"/v1.1/apps/{app['id']}/appusers", json={"userId": "u1"}), 201
        ).json()["appUser"]
        conversation = journaled.fake.store.user(app["id"], user["_id"]).default_conversation
        actions = f"{base}/conversations/{conversation.id}"
        expect(account.post(actions + "/passControl", json={"switchboardIntegration": "bot"}), 200)
        as_bot = (key["id"], key["secret"])
        hook = expect(
            account.post(f"{base}/integrations/me/webhooks", json=HOOK, auth=as_bot), 201
        ).json()["webhook"]
        expect(account.post(actions + "/releaseControl", auth=as_bot), 200)
    copy = _replayed(journaled)
    try:
        assert copy.snapshot() == journaled.fake.snapshot()
        assert copy.store.keys[key["id"]].integration_id == integration
        kept = copy.store.integration_webhook(app["id"], integration, hook["id"])
        assert kept.secret == hook["secret"]
        assert copy.store.switchboard_integration(app["id"], bot["id"]) is not None
    finally:
        copy.close()
