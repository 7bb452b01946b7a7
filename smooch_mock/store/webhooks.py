"""Webhooks: each lives in a `custom` integration of its own (as the platform keeps v1 webhooks);
CRUD and the ten-per-app limit. Trigger names belong to the API generations."""

from __future__ import annotations

from ..errors import TooManyWebhooks, WebhookNotFound
from ..ids import derived_id
from .base import StoreBase
from .inputs import WebhookInput
from .models import Integration, Webhook

MAX_WEBHOOKS = 10
CUSTOM = "custom"


class WebhookOperations(StoreBase):
    def create_webhook(self, app_id: str, given: WebhookInput, *, version: str) -> Webhook:
        """A webhook of payload `version`, in a new custom integration that holds only it."""
        state = self.app_state(app_id)
        if len(self.webhooks_of(app_id)) >= MAX_WEBHOOKS:
            raise TooManyWebhooks(limit=MAX_WEBHOOKS)
        assert given.target is not None, "a new webhook has a target"
        webhook = Webhook(
            id=self.ids.object_id(),
            target=given.target,
            triggers=list(given.triggers or []),
            secret=self.ids.secret(23),
            version=version,
            include_full_user=bool(given.include_full_user),
            include_full_source=bool(given.include_full_source),
        )
        integration = Integration(
            id=custom_integration_id(webhook.id),
            type=CUSTOM,
            status="active",
            public={},
            secrets={},
            webhooks=[webhook],
        )
        state.integrations[integration.id] = integration
        return webhook

    def list_webhooks(self, app_id: str) -> list[Webhook]:
        self.app_state(app_id)
        return self.webhooks_of(app_id)

    def get_webhook(self, app_id: str, webhook_id: str) -> Webhook:
        integration = self.webhook_integration(app_id, webhook_id)
        return next(w for w in integration.webhooks if w.id == webhook_id)

    def webhook_integration(self, app_id: str, webhook_id: str) -> Integration:
        """The custom integration holding the webhook `webhook_id`."""
        for integration in self.app_state(app_id).integrations.values():
            if integration.type == CUSTOM and any(w.id == webhook_id for w in integration.webhooks):
                return integration
        raise WebhookNotFound()

    def update_webhook(self, app_id: str, webhook_id: str, changes: WebhookInput) -> Webhook:
        webhook = self.get_webhook(app_id, webhook_id)
        if changes.triggers is not None:
            webhook.triggers = list(changes.triggers)
        if changes.target is not None:
            webhook.target = changes.target
        if changes.include_full_source is not None:
            webhook.include_full_source = changes.include_full_source
        if changes.include_full_user is not None:
            webhook.include_full_user = changes.include_full_user
        return webhook

    def delete_webhook(self, app_id: str, webhook_id: str) -> None:
        """Remove the webhook, and its custom integration when that holds no other."""
        integration = self.webhook_integration(app_id, webhook_id)
        integration.webhooks = [w for w in integration.webhooks if w.id != webhook_id]
        if not integration.webhooks:
            del self.app_state(app_id).integrations[integration.id]

    def webhooks_of(self, app_id: str) -> list[Webhook]:
        """Every webhook of the app's custom integrations; none once the app is gone."""
        state = self.apps.get(app_id)
        if state is None:
            return []
        return [
            webhook
            for integration in state.integrations.values()
            if integration.type == CUSTOM
            for webhook in integration.webhooks
        ]


def custom_integration_id(webhook_id: str) -> str:
    """The id of the custom integration that holds the webhook `webhook_id`, drawn from no seed."""
    return derived_id("custom", webhook_id)
