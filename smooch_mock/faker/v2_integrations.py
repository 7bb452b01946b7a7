"""v2 integrations of the 16 types the official clients know, and v2 webhooks."""

from __future__ import annotations

from ..api.v2 import integrations_wire
from ..schemas import v2_event_types
from ..store.models import Integration, JsonObject, Switchboard, SwitchboardIntegration, Webhook
from .v2_objects import V2ObjectProvider

# The types of the Python client's discriminator (reference §5.10); others break its lists.
_COLORS = ("0a7bc1", "65758e", "2e7d32", "ff5a5f", "6a1b9a", "00897b", "0099ff", "263238")
_HOOK_PATHS = ("sunshine", "webhooks/sunshine", "api/zendesk/events", "hooks/conversations")


class V2IntegrationProvider(V2ObjectProvider):
    """Integrations as GetIntegration answers them, secrets withheld except where the Python
    client needs them echoed (§5.10), and the webhooks of custom integrations."""

    def smooch_v2_webhook(self) -> JsonObject:
        """A v2 webhook, e.g. ``{'id': '…', 'version': 'v2', 'triggers': [...], …}``."""
        return integrations_wire.webhook(self._webhook_model())

    def smooch_v2_integration(self, type: str | None = None) -> JsonObject:
        """An integration of `type` (any of the 16 if None), e.g.
        ``{'id': '…', 'type': 'custom', 'status': 'active', 'webhooks': [{…}]}``."""
        kind = type or str(self._pick(integrations_wire.V2_TYPES))
        if kind not in integrations_wire.V2_TYPES:
            raise ValueError(
                f"unknown integration type {kind!r}; known: {', '.join(integrations_wire.V2_TYPES)}"
            )
        record = Integration(
            id=self._ids.object_id(),
            type=kind,
            status="active" if self._chance(0.9) else str(self._pick(("inactive", "error"))),
            public={},
            secrets={},
        )
        record.display_name = self._integration_name(kind)
        if kind == "custom":
            record.webhooks = [self._webhook_model()]
        else:
            record.public = self._v2_integration_fields(kind)
            # What the clients need echoed is a secret, stored as the fake stores secrets.
            for name in integrations_wire.ECHOED_SECRETS.get(kind, ()):
                record.secrets[name] = record.public.pop(name)
            if self._chance(0.3):
                record.public["showAIDisclaimer"] = self._chance(0.8)
            if self._chance(0.2):
                record.public["defaultResponder"] = self._default_responder()
        shape = integrations_wire.integration(record)
        if shape is None:
            raise ValueError(f"integration type {kind!r} has no v2 view")
        return shape

    def smooch_v2_switchboard(self) -> JsonObject:
        """A switchboard, e.g. ``{'id': '…', 'enabled': True, 'defaultSwitchboardIntegrationId':
        '…'}``."""
        record = Switchboard(id=self._ids.object_id(), enabled=self._chance(0.8))
        record.default_switchboard_integration_id = self._pick((None, self._ids.object_id()))
        return integrations_wire.switchboard(record)

    def smooch_v2_switchboard_integration(self) -> JsonObject:
        """A switchboard integration, e.g. ``{'id': '…', 'name': 'bot', 'integrationType':
        'custom', 'deliverStandbyEvents': False, …}``."""
        member: SwitchboardIntegration = self._responder()
        member.deliver_standby_events = self._chance(0.3)
        member.next_switchboard_integration_id = self._pick((None, self._ids.object_id()))
        member.message_history_count = self._pick((None, self._rng.randint(1, 10)))
        return integrations_wire.switchboard_integration(member)

    def _webhook_model(self) -> Webhook:
        """A custom integration's webhook of version v2, subscribed to a few event types."""
        if self._chance(0.2):
            triggers = ["conversation:message", "conversation:postback"]
        else:
            triggers = self._rng.sample(v2_event_types(), self._rng.randint(1, 6))
        return Webhook(
            id=self._ids.object_id(),
            version="v2",
            target=f"https://{self._domain()}/{self._pick(_HOOK_PATHS)}",
            triggers=triggers,
            secret=self._hex(32),
            include_full_user=self._chance(0.3),
            include_full_source=self._chance(0.3),
        )

    def _integration_name(self, kind: str) -> str | None:
        name: str | None
        if kind == "custom":
            return str(self._pick(("Bot", "CRM bridge", "Support bot", "Order tracker")))
        if kind in integrations_wire.SDK_TYPES:
            name = self._pick((None, f"{kind.capitalize()} SDK"))
            return name
        return self._app_name()[:100] if self._chance(0.6) else None

    def _default_responder(self) -> JsonObject:
        name, kind = "bot", "custom"
        if self._chance(0.5):
            name, kind = "zd-agentWorkspace", "zd:agentWorkspace"
        return {
            "name": name,
            "integrationId": self._ids.object_id(),
            "integrationType": kind,
            "deliverStandbyEvents": self._chance(0.3),
            "nextSwitchboardIntegrationId": self._pick((None, self._ids.object_id())),
            "messageHistoryCount": self._pick((None, self._rng.randint(1, 10))),
            "inherited": self._chance(0.7),
        }

    def _v2_integration_fields(self, kind: str) -> JsonObject:
        """What GetIntegration shows of a channel integration of `kind`: read-only fields and
        the ones Python requires (the secrets it needs echoed among them)."""
        word = self.generator.user_name().replace(".", "_")
        flags: JsonObject = {
            "canUserSeeConversationList": self._chance(0.5),
            "canUserCreateMoreConversations": self._chance(0.3),
            "attachmentsEnabled": self._chance(0.8),
        }
        if kind == "web":
            return {
                "brandColor": self._pick(_COLORS),
                "conversationColor": self._pick(_COLORS),
                "actionColor": self._pick(_COLORS),
                "displayStyle": self._pick(("button", "tab")),
                "buttonWidth": "58",
                "buttonHeight": "58",
                "fixedIntroPane": self._chance(0.3),
                "businessName": self.generator.company(),
                "originWhitelist": [f"https://www.{self._domain()}"],
                **flags,
            }
        if kind == "ios":
            return {"production": self._chance(0.7), "autoUpdateBadge": self._chance(0.5), **flags}
        if kind == "android":
            project = f"{word.replace('_', '-')}-{self._digits(5)}"[:30]
            account = f"firebase-adminsdk-{self._hex(5)}@{project}.iam.gserviceaccount.com"
            return {
                "projectId": project,
                "clientEmail": account,
                **flags,
            }
        if kind == "unity":
            return flags
        if kind == "messenger":
            return {"appId": self._digits(15), "pageId": int(self._digits(15)),
                    "pageName": self.generator.company()}  # fmt: skip
        if kind == "instagram":
            return {
                "appId": self._digits(15),
                "businessName": self.generator.company(),
                "businessUsername": word,
                "pageId": self._digits(15),
                "businessId": self._digits(17),
                "username": word,
                "userId": self._digits(17),
                "storyRepliesEnabled": self._chance(0.5),
                "storyMentionsEnabled": self._chance(0.5),
            }
        if kind == "twilio":
            sid = ("phoneNumberSid", "PN") if self._chance(0.7) else ("messagingServiceSid", "MG")
            return {"accountSid": "AC" + self._hex(32), sid[0]: sid[1] + self._hex(32)}
        if kind == "messagebird":
            return {"originator": self._pick((word[:11], "+31" + self._digits(9))),
                    "webhookSecret": self._ids.secret(32)}  # fmt: skip
        if kind == "mailgun":
            domain = f"mg.{self._domain()}"
            return {"domain": domain, "incomingAddress": f"support@{domain}",
                    "hideUnsubscribeLink": self._chance(0.5)}  # fmt: skip
        if kind == "telegram":
            return {"username": f"{word}_bot", "botId": self._digits(10)}
        if kind == "viber":
            return {"uri": word.replace("_", ""), "accountId": "pa:" + self._digits(19)}
        if kind == "line":
            return {"channelId": self._digits(10), "lineId": "@" + self._hex(7)}
        if kind == "whatsapp":
            return {
                "hsmFallbackLanguage": self._pick(("en_US", "es", "pt_BR", "fr", "de")),
                "accountId": self._digits(15),
                "phoneNumber": "+1" + str(self._rng.randint(2, 9)) + self._digits(9),
            }
        if kind == "twitter":
            # Python 17 requires the keys the spec marks write-only: echoed (§5.10).
            return {
                "tier": "enterprise",
                "envName": "production",
                "consumerKey": self._ids.secret(25),
                "accessTokenKey": self._ids.secret(50),
            }
        # apple: Python requires apiSecret in responses (§5.10), so it is echoed.
        return {"businessId": self._ids.uuid(), "apiSecret": self._ids.secret(32),
                "mspId": self._ids.uuid()}  # fmt: skip
