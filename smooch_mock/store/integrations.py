"""Channel integrations: per-type required fields, generated fields, secrets kept but not echoed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import error_texts as texts
from ..errors import IntegrationNotFound, InvalidIntegration, TemplateNotFound
from . import fields as f
from .app_config import build_menu
from .base import StoreBase
from .inputs import MenuInput, MessageTemplateInput
from .models import Integration, JsonObject


@dataclass(frozen=True, slots=True)
class IntegrationSpec:
    required: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    generated: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, ...], ...] = field(default=())
    defaults: JsonObject = field(default_factory=dict)
    """Shown from creation on unless given (live 2018 recordings of web integrations)."""
    unset_after_update: tuple[str, ...] = ()
    """Shown as `null` once the integration has been updated without them (live 2018)."""


WEB_DISPLAY_DEFAULTS: JsonObject = {
    "displayStyle": "button",
    "actionColor": "0099ff",
    "conversationColor": "0099ff",
    "brandColor": "65758e",
}


INTEGRATION_SPECS: dict[str, IntegrationSpec] = {
    "messenger": IntegrationSpec(
        ("pageAccessToken", "appId", "appSecret"),
        ("pageAccessToken", "appSecret"),
        ("pageId", "username", "userId"),
    ),
    "twilio": IntegrationSpec(
        ("accountSid", "authToken", "phoneNumberSid"), ("authToken",), ("phoneNumber", "name")
    ),
    "messagebird": IntegrationSpec(
        ("accessKey", "originator"), ("accessKey", "signingKey"), ("webhookSecret",)
    ),
    "telegram": IntegrationSpec(("token",), ("token",), ("username",)),
    "line": IntegrationSpec((), ("channelAccessToken", "channelSecret"), ("botName", "lineId")),
    "viber": IntegrationSpec(("token",), ("token",), ("uri",)),
    "wechat": IntegrationSpec(
        ("appId", "appSecret"), ("appSecret", "encodingAesKey"), ("webhookSecret",)
    ),
    "whatsapp": IntegrationSpec(
        (),
        ("password",),
        ("phoneNumber",),
        alternatives=(("deploymentId",), ("baseUrl", "username", "password")),
    ),
    "twitter": IntegrationSpec(
        ("consumerKey", "consumerSecret", "accessTokenKey", "accessTokenSecret"),
        ("consumerSecret", "accessTokenKey", "accessTokenSecret"),
        ("userId", "username"),
    ),
    "mailgun": IntegrationSpec(("apiKey", "domain", "incomingAddress"), ("apiKey",)),
    "fcm": IntegrationSpec(("serverKey", "senderId"), ("serverKey",)),
    "apn": IntegrationSpec(
        ("certificate",),
        ("certificate", "password"),
        defaults={"production": False, "autoUpdateBadge": False},
    ),
    "apple": IntegrationSpec(("businessId", "apiSecret", "mspId"), ("apiSecret",)),
    "web": IntegrationSpec(
        defaults=WEB_DISPLAY_DEFAULTS,
        unset_after_update=("backgroundImageUrl", "originWhitelist", "integrationOrder"),
    ),
    "ios": IntegrationSpec(),
    "android": IntegrationSpec(),
}
INTEGRATION_TYPES = tuple(INTEGRATION_SPECS)
_NOT_UPDATABLE = frozenset({"type", "_id", "status"})


class IntegrationOperations(StoreBase):
    def create_integration(
        self, app_id: str, integration_type: str, body: JsonObject
    ) -> Integration:
        state = self.app_state(app_id)
        spec = INTEGRATION_SPECS.get(integration_type)
        if spec is None:
            raise InvalidIntegration(
                texts.FIELD_NOT_ONE_OF, field="type", options=", ".join(INTEGRATION_TYPES)
            )
        generated = sorted(set(body) & _NOT_UPDATABLE - {"type"})
        if generated:
            raise InvalidIntegration(texts.FIELD_NOT_GIVEN_BY_CLIENT, field=generated[0])
        for name in spec.required:
            f.required_string(body, name)
        if spec.alternatives and not any(
            all(body.get(k) for k in group) for group in spec.alternatives
        ):
            options = " or ".join("+".join(group) for group in spec.alternatives)
            raise InvalidIntegration(
                texts.INTEGRATION_NEEDS, kind=integration_type, options=options
            )
        public, secrets = _split(body, spec)
        public = {**spec.defaults, **public}
        for name in spec.generated:
            public.setdefault(name, self._generated_value(name, integration_type))
        integration = Integration(
            id=self.ids.object_id(),
            type=integration_type,
            status="active",
            public=public,
            secrets=secrets,
        )
        state.integrations[integration.id] = integration
        return integration

    def sdk_ids(self, app_id: str) -> dict[str, str]:
        """Integration ids of the app's SDK integrations (web, ios, android), created on demand."""
        state = self.app_state(app_id)
        ids: dict[str, str] = {}
        for platform in ("android", "ios", "web"):
            found = next((i for i in state.integrations.values() if i.type == platform), None)
            if found is None:
                found = self.create_integration(app_id, platform, {})
            ids[f"{platform}IntegrationId"] = found.id
        return ids

    def list_integrations(self, app_id: str, types: list[str] | None = None) -> list[Integration]:
        integrations = list(self.app_state(app_id).integrations.values())
        if types:
            integrations = [i for i in integrations if i.type in types]
        return integrations

    def get_integration(self, app_id: str, integration_id: str) -> Integration:
        integration = self.app_state(app_id).integrations.get(integration_id)
        if integration is None:
            raise IntegrationNotFound()
        return integration

    def update_integration(self, app_id: str, integration_id: str, body: JsonObject) -> Integration:
        integration = self.get_integration(app_id, integration_id)
        forbidden = sorted(set(body) & _NOT_UPDATABLE)
        if forbidden:
            raise InvalidIntegration(texts.FIELD_NOT_UPDATABLE, field=forbidden[0])
        spec = INTEGRATION_SPECS[integration.type]
        public, secrets = _split(body, spec)
        for name in spec.unset_after_update:
            integration.public.setdefault(name, None)
        integration.public.update(public)
        integration.secrets.update(secrets)
        return integration

    def delete_integration(self, app_id: str, integration_id: str) -> None:
        self.get_integration(app_id, integration_id)
        del self.app_state(app_id).integrations[integration_id]

    def update_integration_profile(
        self, app_id: str, integration_id: str, body: JsonObject
    ) -> None:
        """Merge into the (WhatsApp business) profile: text fields, and `websites` as strings."""
        integration = self.get_integration(app_id, integration_id)
        integration.profile.update(body)

    def set_integration_menu(
        self, app_id: str, integration_id: str, given: MenuInput | None
    ) -> JsonObject:
        """Set the integration's own menu (None removes it)."""
        integration = self.get_integration(app_id, integration_id)
        integration.menu = None if given is None else build_menu(given, self.ids)
        return integration.menu or {"items": []}

    def add_message_template(
        self, app_id: str, integration_id: str, given: MessageTemplateInput
    ) -> JsonObject:
        """Submit a WhatsApp template: pending until the channel approves it."""
        integration = self.get_integration(app_id, integration_id)
        template = {
            "name": given.name,
            "category": given.category or "ALERT_UPDATE",
            "language": given.language or "en_US",
            "components": [dict(c) for c in given.components],
            "status": "PENDING",
            "id": str(self.ids.object_id()[:15]),
        }
        integration.message_templates.append(template)
        return template

    def delete_message_template(self, app_id: str, integration_id: str, name: str) -> None:
        integration = self.get_integration(app_id, integration_id)
        kept = [t for t in integration.message_templates if t["name"] != name]
        if len(kept) == len(integration.message_templates):
            raise TemplateNotFound()
        integration.message_templates = kept

    def _generated_value(self, name: str, integration_type: str) -> Any:
        if name in ("phoneNumber",):
            return "+1555" + "".join(str(int(c, 16) % 10) for c in self.ids.object_id()[:7])
        if name in ("pageId", "lineId", "userId"):
            return str(int(self.ids.object_id()[:13], 16))
        if name == "webhookSecret":
            return self.ids.secret(32)
        return f"{integration_type}-{self.ids.object_id()[:8]}"


def _split(body: JsonObject, spec: IntegrationSpec) -> tuple[JsonObject, JsonObject]:
    public = {
        k: v for k, v in body.items() if k not in spec.secrets and k != "type" and v is not None
    }
    secrets = {k: v for k, v in body.items() if k in spec.secrets}
    return public, secrets
