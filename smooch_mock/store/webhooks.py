"""Webhook configurations: CRUD with Smooch's limits, defaults and trigger names."""

from __future__ import annotations

from .. import error_texts as texts
from ..errors import BadRequest, NotFound
from .base import StoreBase
from .models import Webhook

MAX_WEBHOOKS = 10

TRIGGERS_V1_1 = (
    "message:appUser", "message:appMaker", "postback", "conversation:start", "conversation:read",
    "conversation:referral", "typing:appUser", "merge:appUser", "message:delivery:channel",
    "message:delivery:user", "message:delivery:failure", "payment:success", "link:match",
    "link:success", "link:failure", "client:add", "client:remove", "appUser:delete",
    "notification:delivery:channel", "notification:delivery:user", "notification:delivery:failure",
)  # fmt: skip
TRIGGERS_V1 = (
    "message", "message:appUser", "message:appMaker", "postback", "conversation:start",
    "conversation:read", "conversation:referral", "merge:appUser", "delivery:success",
    "delivery:failure", "payment:success", "link:match", "link:success", "link:failure",
)  # fmt: skip
DEFAULT_TRIGGERS = {"v1": ["message"], "v1.1": ["message:appUser"]}
WILDCARD = "*"


def known_triggers(version: str) -> tuple[str, ...]:
    return TRIGGERS_V1 if version == "v1" else TRIGGERS_V1_1


def check_triggers(triggers: list[str], version: str) -> None:
    """Every trigger must be known in the webhook's version (names are case-sensitive)."""
    allowed = known_triggers(version)
    for trigger in triggers:
        if trigger != WILDCARD and trigger not in allowed:
            raise BadRequest(f"triggers: unknown trigger {trigger!r} for {version} webhooks")


def subscribes(webhook: Webhook, trigger: str) -> bool:
    """`*` covers every trigger except `typing:appUser`, which must be named."""
    if trigger in webhook.triggers:
        return True
    return WILDCARD in webhook.triggers and trigger != "typing:appUser"


class WebhookOperations(StoreBase):
    def create_webhook(
        self,
        app_id: str,
        target: str,
        triggers: list[str] | None,
        *,
        version: str,
        include_client: bool = False,
        include_full_app_user: bool = False,
    ) -> Webhook:
        state = self.app_state(app_id)
        if len(state.webhooks) >= MAX_WEBHOOKS:
            raise BadRequest(texts.TOO_MANY_WEBHOOKS.format(limit=MAX_WEBHOOKS))
        triggers = list(triggers) if triggers else list(DEFAULT_TRIGGERS[version])
        check_triggers(triggers, version)
        webhook = Webhook(
            id=self.ids.object_id(),
            target=target,
            triggers=triggers,
            secret=self.ids.secret(23),
            version=version,
            include_client=include_client,
            include_full_app_user=include_full_app_user,
        )
        state.webhooks[webhook.id] = webhook
        return webhook

    def list_webhooks(self, app_id: str) -> list[Webhook]:
        return list(self.app_state(app_id).webhooks.values())

    def get_webhook(self, app_id: str, webhook_id: str) -> Webhook:
        webhook = self.app_state(app_id).webhooks.get(webhook_id)
        if webhook is None:
            raise NotFound(texts.WEBHOOK_NOT_FOUND)
        return webhook

    def update_webhook(
        self,
        app_id: str,
        webhook_id: str,
        *,
        target: str | None = None,
        triggers: list[str] | None = None,
        include_client: bool | None = None,
        include_full_app_user: bool | None = None,
    ) -> Webhook:
        webhook = self.get_webhook(app_id, webhook_id)
        if triggers is not None:
            check_triggers(triggers, webhook.version)
            webhook.triggers = list(triggers) or list(DEFAULT_TRIGGERS[webhook.version])
        if target is not None:
            webhook.target = target
        if include_client is not None:
            webhook.include_client = include_client
        if include_full_app_user is not None:
            webhook.include_full_app_user = include_full_app_user
        return webhook

    def delete_webhook(self, app_id: str, webhook_id: str) -> None:
        self.get_webhook(app_id, webhook_id)
        del self.app_state(app_id).webhooks[webhook_id]

    def webhooks_for(self, app_id: str, trigger: str) -> list[Webhook]:
        """The app's webhooks subscribed to `trigger`."""
        state = self.apps.get(app_id)
        if state is None:
            return []
        return [w for w in state.webhooks.values() if subscribes(w, trigger)]
