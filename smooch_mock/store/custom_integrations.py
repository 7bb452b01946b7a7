"""Integrations as v2 manages them: channel integrations with a display name, custom integrations
with their webhooks and `int_` API keys (integration scope)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import (
    IntegrationKeysOnlyForCustom,
    KeyNotFound,
    LastWebhook,
    TooManyIntegrationKeys,
    TooManyWebhooks,
    WebhookNotFound,
    WebhooksOnlyForCustom,
)
from .inputs import WebhookInput
from .integrations import IntegrationOperations
from .models import Integration, JsonObject, SecretKey, Webhook
from .webhooks import CUSTOM, MAX_WEBHOOKS, WebhookOperations

MAX_INTEGRATION_KEYS = 10
WEBHOOK_SECRET_LENGTH = 32


@dataclass(frozen=True, slots=True)
class ChannelIntegrationInput:
    """A channel integration to create: its fields as shown, the write-only ones kept apart,
    and the read-only ones the channel would report (drawn by the store)."""

    type: str
    public: JsonObject = field(default_factory=dict)
    secrets: JsonObject = field(default_factory=dict)
    generated: tuple[str, ...] = ()
    display_name: str | None = None


class CustomIntegrationOperations(WebhookOperations, IntegrationOperations):
    def add_channel_integration(self, app_id: str, given: ChannelIntegrationInput) -> Integration:
        """Store a channel integration whose fields were checked at the edge."""
        state = self.app_state(app_id)
        public = {k: v for k, v in given.public.items() if v is not None}
        for name in given.generated:
            public.setdefault(name, self._generated_value(name, given.type))
        integration = Integration(
            id=self.ids.object_id(),
            type=given.type,
            status="active",
            public=public,
            secrets=dict(given.secrets),
            display_name=given.display_name,
        )
        state.integrations[integration.id] = integration
        return integration

    def create_custom_integration(
        self, app_id: str, display_name: str | None, webhook: WebhookInput, *, version: str
    ) -> Integration:
        """A custom integration holding one new webhook of payload `version`."""
        state = self.app_state(app_id)
        self._check_webhook_room(app_id)
        integration = Integration(
            id=self.ids.object_id(),
            type=CUSTOM,
            status="active",
            public={},
            secrets={},
            display_name=display_name,
            webhooks=[self._new_webhook(webhook, version)],
        )
        state.integrations[integration.id] = integration
        return integration

    def change_integration(
        self,
        app_id: str,
        integration_id: str,
        changes: JsonObject,
        *,
        secrets: JsonObject,
        display_name: str | None,
        clear_display_name: bool,
    ) -> Integration:
        """Apply a partial update: `changes` shown, `secrets` kept (not shown); a null unsets."""
        integration = self.get_integration(app_id, integration_id)
        for name, value in changes.items():
            if value is None:
                integration.public.pop(name, None)
            else:
                integration.public[name] = value
        for name, value in secrets.items():
            if value is None:
                integration.secrets.pop(name, None)
            else:
                integration.secrets[name] = value
        if clear_display_name:
            integration.display_name = None
            integration.public.pop("displayName", None)
        elif display_name is not None:
            integration.display_name = display_name
        return integration

    def delete_integration(self, app_id: str, integration_id: str) -> None:
        self.get_integration(app_id, integration_id)
        self.forget_integration(app_id, integration_id)

    def forget_integration(self, app_id: str, integration_id: str) -> None:
        """Drop an integration with its API keys and its places in the switchboard (whichever
        API deletes it: v1 deletes a webhook's integration with the webhook)."""
        super().forget_integration(app_id, integration_id)
        for key_id in [k.id for k in self.keys.values() if k.integration_id == integration_id]:
            del self.keys[key_id]
        self.forget_switchboard_integration_of(app_id, integration_id)

    def forget_switchboard_integration_of(self, app_id: str, integration_id: str) -> None:
        """Hook for the switchboard: drop the members that stand for a deleted integration."""

    # -- webhooks of an integration ------------------------------------------------------------

    def integration_webhooks(self, app_id: str, integration_id: str) -> list[Webhook]:
        return list(self._custom(app_id, integration_id).webhooks)

    def add_integration_webhook(
        self, app_id: str, integration_id: str, given: WebhookInput, *, version: str
    ) -> Webhook:
        integration = self._custom(app_id, integration_id)
        self._check_webhook_room(app_id)
        webhook = self._new_webhook(given, version)
        integration.webhooks.append(webhook)
        return webhook

    def integration_webhook(self, app_id: str, integration_id: str, webhook_id: str) -> Webhook:
        for webhook in self._custom(app_id, integration_id).webhooks:
            if webhook.id == webhook_id:
                return webhook
        raise WebhookNotFound()

    def remove_integration_webhook(self, app_id: str, integration_id: str, webhook_id: str) -> None:
        """Delete a webhook; a custom integration's last one stays (delete the integration)."""
        integration = self._custom(app_id, integration_id)
        webhook = self.integration_webhook(app_id, integration_id, webhook_id)
        if len(integration.webhooks) == 1:
            raise LastWebhook()
        integration.webhooks.remove(webhook)

    # -- API keys of a custom integration (scope `integration`) --------------------------------

    def create_integration_key(self, app_id: str, integration_id: str, name: str) -> SecretKey:
        self._keyed(app_id, integration_id)
        if len(self.list_integration_keys(app_id, integration_id)) >= MAX_INTEGRATION_KEYS:
            raise TooManyIntegrationKeys(limit=MAX_INTEGRATION_KEYS)
        key = SecretKey(
            id=self.ids.key_id("int"),
            secret=self.ids.secret(),
            name=name,
            scope="integration",
            app_id=app_id,
            integration_id=integration_id,
        )
        self.keys[key.id] = key
        return key

    def list_integration_keys(self, app_id: str, integration_id: str) -> list[SecretKey]:
        self._keyed(app_id, integration_id)
        return [
            k
            for k in self.keys.values()
            if k.integration_id == integration_id and not k.oauth_grant
        ]

    def get_integration_key(self, app_id: str, integration_id: str, key_id: str) -> SecretKey:
        self._keyed(app_id, integration_id)
        key = self.keys.get(key_id)
        if key is None or key.integration_id != integration_id:
            raise KeyNotFound()
        return key

    def delete_integration_key(self, app_id: str, integration_id: str, key_id: str) -> None:
        self.get_integration_key(app_id, integration_id, key_id)
        del self.keys[key_id]

    # -- helpers -------------------------------------------------------------------------------

    def _custom(self, app_id: str, integration_id: str) -> Integration:
        integration = self.get_integration(app_id, integration_id)
        if integration.type != CUSTOM:
            raise WebhooksOnlyForCustom()
        return integration

    def _keyed(self, app_id: str, integration_id: str) -> Integration:
        integration = self.get_integration(app_id, integration_id)
        if integration.type != CUSTOM:
            raise IntegrationKeysOnlyForCustom()
        return integration

    def _check_webhook_room(self, app_id: str) -> None:
        if len(self.webhooks_of(app_id)) >= MAX_WEBHOOKS:
            raise TooManyWebhooks(limit=MAX_WEBHOOKS)

    def _new_webhook(self, given: WebhookInput, version: str) -> Webhook:
        assert given.target is not None, "a new webhook has a target"
        return Webhook(
            id=self.ids.object_id(),
            target=given.target,
            triggers=list(given.triggers or []),
            secret=self.ids.secret(WEBHOOK_SECRET_LENGTH),
            version=version,
            include_full_user=bool(given.include_full_user),
            include_full_source=bool(given.include_full_source),
        )
