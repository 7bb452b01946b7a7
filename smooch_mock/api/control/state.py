"""The control API's state dump: the whole store, in Smooch's own shapes where it has one."""

from __future__ import annotations

from typing import Any

from ...store import Store
from ...store.webhooks import CUSTOM
from ..v1 import wire


def state_dump(store: Store) -> dict[str, Any]:
    return {
        "accountKeys": [wire.key(k) for k in store.keys.values() if k.id.startswith("act_")],
        "serviceAccounts": [
            {
                **wire.service_account(a),
                "keys": [wire.key(k) for k in store.list_service_account_keys(a.id)],
            }
            for a in store.service_accounts.values()
        ],
        "apps": [
            {
                "app": wire.app(state.app),
                "keys": [wire.key(k) for k in store.list_app_keys(state.app.id)],
                "appUsers": [
                    {
                        "appUser": wire.app_user(user),
                        "conversation": wire.conversation(user.default_conversation, user),
                        "messages": [wire.message(m) for m in user.default_conversation.messages],
                    }
                    for user in state.users.values()
                ],
                "webhooks": [wire.webhook(w) for w in store.webhooks_of(state.app.id)],
                "menu": state.menu,
                "templates": [wire.template(t) for t in state.templates.values()],
                "integrations": [
                    wire.integration(i) for i in state.integrations.values() if i.type != CUSTOM
                ],
            }
            for state in store.apps.values()
        ],
    }
