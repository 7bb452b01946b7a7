"""Every integrations, keys, webhooks, switchboard and switchboard-action operation once (and some
of their errors), over raw HTTP: for the official-document check of every v2 answer."""

from __future__ import annotations

import httpx

from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App

HOOK = {"target": "https://example.com/hook", "triggers": ["conversation:message"]}


def run_integrations_session(
    fake: FakeSmooch, app: App, account: httpx.Client, own: httpx.Client
) -> None:
    """Drive the operations with `account` and the app key `own` (answers are recorded by them)."""
    base = f"/v2/apps/{app.id}"
    custom = own.post(
        base + "/integrations", json={"type": "custom", "displayName": "Bot", "webhooks": [HOOK]}
    ).json()["integration"]
    own.post(base + "/integrations", json={"type": "wechat"})
    messenger = own.post(
        base + "/integrations",
        json={"type": "messenger", "pageAccessToken": "t", "appId": "a", "appSecret": "s"},
    ).json()["integration"]
    own.get(base + "/integrations", params={"filter[types]": "custom,messenger", "page[size]": 1})
    own.get(base + "/integrations", params={"filter[types]": "wechat"})
    own.get(f"{base}/integrations/{messenger['id']}")
    own.get(f"{base}/integrations/{'0' * 24}")
    own.patch(f"{base}/integrations/{messenger['id']}", json={"displayName": "Page"})
    own.get(f"{base}/integrations/{messenger['id']}/keys")  # custom only: 400
    own.delete(f"{base}/integrations/{messenger['id']}")

    keys = f"{base}/integrations/{custom['id']}/keys"
    key = own.post(keys, json={"displayName": "Bot key"}).json()["key"]
    own.get(keys)
    own.get(f"{keys}/{key['id']}")
    own.delete(f"{keys}/{key['id']}")

    hooks = f"{base}/integrations/{custom['id']}/webhooks"
    first = custom["webhooks"][0]
    second = account.post(hooks, json=HOOK).json()["webhook"]
    own.get(hooks)
    own.get(f"{hooks}/{second['id']}")
    own.patch(f"{hooks}/{second['id']}", json={"includeFullUser": True})
    own.delete(f"{hooks}/{first['id']}")
    own.get(f"{hooks}/{first['id']}")  # 404

    switchboard = own.post(base + "/switchboards").json()["switchboard"]
    own.post(base + "/switchboards")  # only one: 400
    own.get(base + "/switchboards")
    members = f"{base}/switchboards/{switchboard['id']}/switchboardIntegrations"
    bot = own.post(members, json={"name": "bot", "integrationId": custom["id"]}).json()[
        "switchboardIntegration"
    ]
    agent = own.post(
        members, json={"name": "agent", "integrationType": "zd:agentWorkspace"}
    ).json()["switchboardIntegration"]
    own.get(members)
    own.patch(f"{members}/{bot['id']}", json={"nextSwitchboardIntegrationId": agent["id"]})
    own.patch(f"{members}/{'0' * 24}", json={"name": "x"})  # 404
    own.patch(
        f"{base}/switchboards/{switchboard['id']}",
        json={"enabled": True, "defaultSwitchboardIntegrationId": bot["id"]},
    )

    conversation = fake.store.create_user(app.id).default_conversation.id
    actions = f"{base}/conversations/{conversation}"
    own.post(actions + "/passControl", json={"switchboardIntegration": "bot"})
    own.post(actions + "/offerControl", json={"switchboardIntegration": "next"})
    own.post(actions + "/acceptControl", json={"metadata": {"agent": "ana"}})
    own.post(actions + "/releaseControl")
    own.post(actions + "/passControl", json={"switchboardIntegration": "nobody"})  # 404

    own.patch(f"{members}/{bot['id']}", json={"nextSwitchboardIntegrationId": None})
    own.delete(f"{members}/{agent['id']}")
    own.delete(f"{base}/switchboards/{switchboard['id']}")
    own.delete(f"{base}/integrations/{custom['id']}")
