"""Webhook configurations: CRUD and the ten-per-app limit (trigger names belong to the API)."""

from __future__ import annotations

from ..errors import TooManyWebhooks, WebhookNotFound
from .base import StoreBase
from .models import Webhook

MAX_WEBHOOKS = 10


class WebhookOperations(StoreBase):
    def create_webhook(
        self,
        app_id: str,
        target: str,
        triggers: list[str],
        *,
        version: str,
        include_client: bool = False,
        include_full_app_user: bool = False,
    ) -> Webhook:
        state = self.app_state(app_id)
        if len(state.webhooks) >= MAX_WEBHOOKS:
            raise TooManyWebhooks(limit=MAX_WEBHOOKS)
        webhook = Webhook(
            id=self.ids.object_id(),
            target=target,
            triggers=list(triggers),
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
            raise WebhookNotFound()
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
            webhook.triggers = list(triggers)
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

    def webhooks_of(self, app_id: str) -> list[Webhook]:
        """The app's webhooks; none once the app is gone."""
        state = self.apps.get(app_id)
        return [] if state is None else list(state.webhooks.values())
