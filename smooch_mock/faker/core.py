"""Base layer of the Faker provider: ids, secrets, times, apps, webhooks and integrations."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from faker.providers import BaseProvider

from ..api.v1 import wire
from ..api.v1.triggers import TRIGGERS_V1, TRIGGERS_V1_1
from ..ids import IdFactory
from ..store.apps import DEFAULT_APP_SETTINGS
from ..store.integrations import INTEGRATION_TYPES
from ..store.models import App, Integration, JsonObject, Webhook

# The v1/v1.1 era: v1 paths from 2016; v1.1 kept serving after v2 arrived, into 2023, which
# is also when the newest devices of `devices.py` (iOS 17, Android 14) were around.
ERA_START_MS = 1_451_606_400_000  # 2016-01-01T00:00:00Z
ERA_END_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z
SIGN_UP_END_MS = 1_688_169_600_000  # 2023-07-01: leaves room for activity after signing up

KEY_PREFIXES = {"app": "app", "account": "act", "service": "svc"}

TRIGGERS = {"v1": TRIGGERS_V1, "v1.1": TRIGGERS_V1_1}

_APP_SUFFIXES = ("", " Support", " Help", " Bot", " Concierge", " Care", " Assistant")
_WEB_COLORS = ("0a7bc1", "65758e", "2e7d32", "ff5a5f", "6a1b9a", "00897b", "f57c00", "263238")


class CoreProvider(BaseProvider):
    """Ids, times, apps, webhooks and integrations; the other layers build on these helpers."""

    # --- private helpers shared by every layer (underscored: Faker would expose public ones) ---

    @property
    def _ids(self) -> IdFactory:
        # Drawn from the generator's random, so `Faker.seed` repeats every id.
        return IdFactory(rng=self.generator.random)

    @property
    def _rng(self) -> random.Random:
        rng: random.Random = self.generator.random
        return rng

    def _chance(self, probability: float) -> bool:
        return self._rng.random() < probability

    def _pick(self, options: Sequence[Any]) -> Any:
        return options[self._rng.randrange(len(options))]

    def _ms(self, start_ms: int = ERA_START_MS, end_ms: int = ERA_END_MS) -> int:
        return self._rng.randint(start_ms, end_ms)

    def _hex(self, length: int) -> str:
        return f"{self._rng.getrandbits(4 * length):0{length}x}"

    def _domain(self) -> str:
        """A locale domain as it travels in URLs: punycode for non-ASCII ones (`xn--…`)."""
        name: str = self.generator.domain_name()
        try:
            return name.encode("idna").decode("ascii")
        except UnicodeError:
            return f"{self._hex(8)}.com"

    def _digits(self, length: int) -> str:
        return "".join(str(self._rng.randrange(10)) for _ in range(length))

    # --- public methods ---

    def smooch_object_id(self) -> str:
        """A 24-hex Mongo ObjectId, e.g. ``'5698edbf2a43bd081be982f1'``."""
        return self._ids.object_id()

    def smooch_key_id(self, kind: str = "app") -> str:
        """A secret key id for kind app|account|service, e.g. ``'app_5a71a5dc6b1a2c0022a8f3b3'``."""
        if kind not in KEY_PREFIXES:
            raise ValueError(f"kind must be one of {', '.join(KEY_PREFIXES)}, not {kind!r}")
        return self._ids.key_id(KEY_PREFIXES[kind])

    def smooch_secret(self) -> str:
        """A key secret as the fake makes them, e.g. ``'Xq3r-_b9…'`` (32 url-safe characters)."""
        return self._ids.secret()

    def smooch_timestamp(self) -> float:
        """Unix seconds with millisecond decimals from the v1 era, e.g. ``1529675979.541``."""
        return self._ms() / 1000

    def smooch_iso_datetime(self) -> str:
        """An ISO-8601 UTC time with milliseconds, e.g. ``'2018-06-22T13:59:39.541Z'``."""
        return iso_ms(self._ms())

    def smooch_app(self) -> JsonObject:
        """An app, e.g. ``{'_id': '…', 'appToken': '…', 'name': 'Acme Help', 'settings': {…}}``."""
        return wire.app(self._app_model())

    def smooch_webhook(self, version: str | None = None) -> JsonObject:
        """A webhook, e.g. ``{'_id': '…', 'target': 'https://…', 'triggers': ['postback'], …}``."""
        version = version or self._pick(("v1", "v1.1"))
        if version not in TRIGGERS:
            raise ValueError(f"version must be v1 or v1.1, not {version!r}")
        if self._chance(0.15):
            # Real v1.1 consumers subscribe to typing next to `*`: the wildcard does not cover it.
            triggers = ["*", "typing:appUser"] if version == "v1.1" else ["*"]
        else:
            count = self._rng.randint(1, 4)
            triggers = self._rng.sample(list(TRIGGERS[version]), count)
        path = self._pick(("smooch", "webhooks/smooch", "api/smooch/events", "hooks/messages"))
        model = Webhook(
            id=self._ids.object_id(),
            target=f"https://{self._domain()}/{path}",
            triggers=triggers,
            secret=self._ids.secret(23),
            version=version,
            include_full_source=version == "v1.1" and self._chance(0.4),
            include_full_user=version == "v1.1" and self._chance(0.3),
        )
        return wire.webhook(model)

    def smooch_integration(self, type: str | None = None) -> JsonObject:
        """A channel integration, secrets not echoed, e.g. ``{'_id': '…', 'type': 'twilio', …}``."""
        kind = type or self._pick(INTEGRATION_TYPES)
        if kind not in INTEGRATION_TYPES:
            raise ValueError(f"unknown integration type {kind!r}")
        public = self._integration_fields(kind)
        if kind not in ("web", "ios", "android", "fcm", "apn") and self._chance(0.5):
            public["displayName"] = self._app_name()
        status = "active" if self._chance(0.9) else self._pick(("inactive", "error"))
        model = Integration(
            id=self._ids.object_id(), type=kind, status=status, public=public, secrets={}
        )
        return wire.integration(model)

    # --- model builders reused by the layers above ---

    def _app_name(self) -> str:
        company: str = self.generator.company()
        return company + str(self._pick(_APP_SUFFIXES))

    def _app_model(self) -> App:
        settings = dict(DEFAULT_APP_SETTINGS)
        settings["useAnimalNames"] = self._chance(0.2)
        settings["echoPostback"] = self._chance(0.3)
        settings["maskCreditCardNumbers"] = self._chance(0.9)
        settings["conversationRetentionSeconds"] = self._pick((0, 0, 0, 2_592_000, 31_536_000))
        metadata: JsonObject | None = None
        if self._chance(0.4):
            metadata = {"plan": self._pick(("free", "pro", "enterprise")), "tenant": self._hex(8)}
        return App(
            id=self._ids.object_id(),
            app_token=self._ids.app_token(),
            name=self._app_name(),
            settings=settings,
            metadata=metadata,
            business_author_id=self._ids.secret(20),
        )

    def _integration_fields(self, kind: str) -> JsonObject:
        """The non-secret fields the fake echoes for an integration of `kind`."""
        word = self.generator.user_name().replace(".", "_")
        if kind == "messenger":
            return {"appId": self._digits(15), "pageId": self._digits(15)}
        if kind == "twilio":
            return {
                "accountSid": "AC" + self._hex(32),
                "phoneNumberSid": "PN" + self._hex(32),
                "phoneNumber": "+1" + str(self._rng.randint(2, 9)) + self._digits(9),
                "name": self._app_name(),
            }
        if kind == "messagebird":
            return {"originator": self._pick((word[:11], "+31" + self._digits(9))),
                    "webhookSecret": self._ids.secret(32)}  # fmt: skip
        if kind == "telegram":
            return {"username": f"{word}_bot"}
        if kind == "line":
            return {"channelId": self._digits(10), "botName": self._app_name(),
                    "lineId": "@" + self._hex(7)}  # fmt: skip
        if kind == "viber":
            return {"uri": word.replace("_", "")}
        if kind == "wechat":
            return {"appId": "wx" + self._hex(16), "webhookSecret": self._ids.secret(32)}
        if kind == "whatsapp":
            fields: JsonObject = {
                "phoneNumber": "+1" + str(self._rng.randint(2, 9)) + self._digits(9)
            }
            if self._chance(0.6):
                fields["deploymentId"] = self._ids.object_id()
            else:
                fields["baseUrl"] = f"https://wa.{self._domain()}:9090"
                fields["username"] = "admin"
            if self._chance(0.5):
                fields["hsmFallbackLanguage"] = self._pick(("en_US", "es", "pt_BR", "fr", "de"))
            return fields
        if kind == "twitter":
            return {"userId": self._digits(19), "username": word, "tier": "premium",
                    "envName": "production", "consumerKey": self._ids.secret(25)}  # fmt: skip
        if kind == "mailgun":
            domain = f"mg.{self._domain()}"
            return {"domain": domain, "incomingAddress": f"support@{domain}",
                    "hideUnsubscribeLink": self._chance(0.5)}  # fmt: skip
        if kind == "fcm":
            return {"senderId": self._digits(12)}
        if kind == "apn":
            return {"production": self._chance(0.7), "autoUpdateBadge": self._chance(0.5)}
        if kind == "apple":
            return {"businessId": self._ids.uuid(), "mspId": self._ids.uuid()}
        if kind == "web":
            return {
                "brandColor": self._pick(_WEB_COLORS),
                "conversationColor": self._pick(_WEB_COLORS),
                "actionColor": self._pick(_WEB_COLORS),
                "displayStyle": self._pick(("button", "tab")),
                "businessName": self.generator.company(),
                "fixedIntroPane": self._chance(0.3),
                "buttonWidth": "58",
                "buttonHeight": "58",
                "originWhitelist": [f"https://www.{self._domain()}"],
            }
        return {}


def iso_ms(milliseconds: int) -> str:
    """Unix milliseconds to ISO-8601 with milliseconds and `Z` (integer math: no float rounding)."""
    seconds, millis = divmod(milliseconds, 1000)
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{millis:03d}Z"
