"""The control API's state dump: the whole store, in Smooch's own shapes where it has one."""

from __future__ import annotations

from typing import Any

from ...store import Store
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
                        "conversation": wire.conversation(user.conversation),
                        "messages": [wire.message(m) for m in user.conversation.messages],
                    }
                    for user in state.app_users.values()
                ],
                "webhooks": [wire.webhook(w) for w in state.webhooks.values()],
                "menu": state.menu,
                "templates": [wire.template(t) for t in state.templates.values()],
                "integrations": [wire.integration(i) for i in state.integrations.values()],
            }
            for state in store.apps.values()
        ],
    }
