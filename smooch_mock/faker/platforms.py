"""Clients per platform, app users and conversations: the fake's models, written by `wire`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..api.v1 import wire
from ..store.conversation_lifecycle import participant_id
from ..store.models import Client, Conversation, JsonObject, Participant, Profile, User
from . import devices
from .core import SIGN_UP_END_MS, CoreProvider

SDK_PLATFORMS = ("ios", "android", "web")
PHONE_PLATFORMS = ("whatsapp", "twilio", "messagebird")
# Channels an existing user can be linked to through the link API (pending clients).
LINKABLE_PLATFORMS = ("whatsapp", "twilio", "messagebird", "messenger", "mailgun")
PLATFORMS = (
    "ios", "android", "web", "messenger", "whatsapp", "twilio", "messagebird", "telegram", "line",
    "viber", "wechat", "mailgun", "twitter", "apple",
)  # fmt: skip
# How often each platform shows up when none is asked for: web and Messenger dominated.
_PLATFORM_WEIGHTS = (8, 6, 12, 10, 8, 4, 2, 3, 3, 2, 2, 2, 1, 1)

_PROPERTY_MAKERS: tuple[tuple[str, str], ...] = (
    ("plan", "plan"), ("tier", "tier"), ("visits", "visits"), ("vip", "vip"),
    ("favoriteColor", "color"), ("company", "company"), ("city", "city"), ("orders", "orders"),
)  # fmt: skip


class ClientProvider(CoreProvider):
    """Clients with per-platform info and raw profiles, app users and conversation summaries."""

    def smooch_client(
        self, platform: str | None = None, name: tuple[str, str] | None = None
    ) -> JsonObject:
        """A client of `platform` (random if None) whose channel profile shows `name` (given name,
        surname; random if None), e.g. ``{'id': '…', 'platform': 'ios', …}``."""
        start = self._ms()
        return wire.client(self._client_model(platform, start, primary=True, name=name))

    def smooch_app_user(
        self, full: bool = True, platforms: Sequence[str] | None = None, version: str = "v1.1"
    ) -> JsonObject:
        """An app user (truncated unless `full`), e.g. ``{'_id': '…', 'givenName': 'Ada', …}``."""
        model = self._app_user_model(platforms)
        if not full:
            return wire.truncated_app_user(model)
        return wire.app_user(model, version)

    def smooch_conversation(self) -> JsonObject:
        """A conversation summary, e.g. ``{'_id': '…', 'unreadCount': 1, …}``."""
        user = User(id="", default_conversation=Conversation(id="", created_at=0), signed_up_at=0)
        participant = Participant(id="", user_id=user.id)
        conversation = Conversation(
            id=self._ids.object_id(), created_at=0, is_default=True, participants=[participant]
        )
        user_read = self._ms()
        participant.last_read = user_read / 1000
        if self._chance(0.8):
            maker = user_read + self._rng.randint(-3_600_000, 3_600_000)
            conversation.business_last_read = maker / 1000
            # The user has unread business messages only if the business wrote after they read.
            participant.unread_count = self._rng.randint(1, 4) if maker > user_read else 0
        return wire.conversation(conversation, user)

    # --- models ---

    def _locale(self) -> str:
        """The generator's locale (`ja_JP`), read from its person provider."""
        for provider in self.generator.get_providers():
            lang = getattr(provider, "__lang__", None)
            if isinstance(lang, str) and "_" in lang and "person" in type(provider).__module__:
                return lang
        return "en_US"

    def _country(self) -> str:
        return self._locale().split("_")[-1]

    def _phone(self) -> str:
        """An E.164 mobile number of the locale's country (US if the table lacks it)."""
        code, prefixes, rest = devices.MOBILE_NUMBERS.get(
            self._country(), devices.MOBILE_NUMBERS["US"]
        )
        return f"+{code}{self._pick(prefixes)}{self._rng.randint(2, 9)}{self._digits(rest - 1)}"

    def _timezone(self) -> float:
        return float(self._pick(devices.TIMEZONES.get(self._country(), (-5, 0, 1, 8))))

    def _carrier(self) -> str:
        carriers = devices.CARRIERS.get(self._country(), devices.DEFAULT_CARRIERS)
        return str(self._pick(carriers))

    def _pick_platforms(self, count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            platform = self._rng.choices(PLATFORMS, weights=_PLATFORM_WEIGHTS)[0]
            if platform not in chosen:
                chosen.append(platform)
        return chosen

    def _app_user_model(self, platforms: Sequence[str] | None = None) -> User:
        signed_up = self._ms(end_ms=SIGN_UP_END_MS)
        given, surname = self._name()
        chosen = (
            list(platforms)
            if platforms is not None
            else self._pick_platforms(self._rng.choices((1, 2, 3), weights=(6, 3, 1))[0])
        )
        clients = [
            self._client_model(p, signed_up, primary=i == 0, name=(given, surname))
            for i, p in enumerate(chosen)
        ]
        pending: list[Client] = []
        if self._chance(0.1):
            platform = self._pick([p for p in LINKABLE_PLATFORMS if p not in chosen] or ["twilio"])
            client = self._client_model(platform, signed_up, primary=False, name=(given, surname))
            client.status, client.last_seen, client.linked_at = "pending", None, None
            pending.append(client)
        known = self._chance(0.75)
        email = self._email()
        user_id = self._ids.object_id()
        conversation_id = self._ids.object_id()
        user = User(
            id=user_id,
            default_conversation=Conversation(
                id=conversation_id,
                created_at=signed_up / 1000,
                is_default=True,
                participants=[
                    Participant(id=participant_id(conversation_id, user_id), user_id=user_id)
                ],
            ),
            signed_up_at=signed_up / 1000,
            external_id=self._pick((email, self._hex(12), str(self._rng.randint(1000, 9_999_999))))
            if known
            else None,
            profile=Profile(
                given_name=given if known or self._chance(0.3) else None,
                surname=surname if known else None,
                email=email if known and self._chance(0.7) else None,
            ),
            metadata=self._properties(),
            clients=clients,
            pending_clients=pending,
            conversation_started=self._chance(0.85),
            has_payment_info=self._chance(0.05),
        )
        return user

    def _name(self) -> tuple[str, str]:
        first: str = self.generator.first_name()
        last: str = self.generator.last_name()
        return first, last

    def _email(self) -> str:
        # Locale names may be non-Latin (ja_JP); the generator's user_name is romanised.
        user: str = self.generator.user_name()
        domain: str = self.generator.free_email_domain()
        return f"{user}@{domain}"

    def _properties(self) -> JsonObject:
        makers: dict[str, Callable[[], str | int | bool]] = {
            "plan": lambda: str(self._pick(("free", "basic", "pro", "enterprise"))),
            "tier": lambda: str(self._pick(("bronze", "silver", "gold"))),
            "visits": lambda: self._rng.randint(1, 250),
            "vip": lambda: self._chance(0.2),
            "color": lambda: str(self.generator.color_name()),
            "company": lambda: str(self.generator.company()),
            "city": lambda: str(self.generator.city()),
            "orders": lambda: self._rng.randint(0, 40),
        }
        count = self._rng.randint(0, 4)
        chosen = self._rng.sample(_PROPERTY_MAKERS, count)
        return {key: makers[kind]() for key, kind in chosen}

    def _client_model(
        self,
        platform: str | None,
        start_ms: int,
        *,
        primary: bool,
        name: tuple[str, str] | None = None,
    ) -> Client:
        platform = platform or self._pick_platforms(1)[0]
        builder = _BUILDERS.get(platform)
        if builder is None:
            raise ValueError(f"unknown platform {platform!r}; known: {', '.join(PLATFORMS)}")
        given, surname = name or self._name()
        last_seen = self._ms(start_ms, start_ms + 90 * 86_400_000)
        client = Client(
            id=self._ids.object_id(),
            platform=platform,
            status="active" if self._chance(0.95) else self._pick(("inactive", "blocked")),
            primary=primary,
            integration_id=self._ids.object_id(),
            last_seen=last_seen / 1000,
        )
        if platform not in SDK_PLATFORMS and self._chance(0.3):
            client.linked_at = self._ms(start_ms, last_seen) / 1000
        builder(self, client, given, surname)
        return client

    # --- per-platform details; each fills id, externalId, info, raw as that channel did ---

    def _fill_ios(self, client: Client, given: str, surname: str) -> None:
        machine, low, high = self._pick(devices.IPHONES)
        major = self._rng.randint(max(low, 12), high)
        client.id = self._ids.uuid().upper()
        client.app_version = self._pick(devices.APP_VERSIONS)
        client.push_notification_token = self._hex(64)
        client.info = {
            "appName": self._app_name(),
            "appId": f"com.{self._hex(6)}.{self.generator.word()}",
            "devicePlatform": machine,
            "deviceModel": "iPhone",
            # UIDevice.systemName said "iPhone OS" in old SDK builds, "iOS" later.
            "os": "iOS" if self._chance(0.8) else "iPhone OS",
            "osVersion": self._pick(devices.IOS_RELEASES[major]),
            "carrier": self._carrier(),
            "radioAccessTechnology": self._pick(devices.IOS_RADIO),
            "wifi": self._pick(("true", "false")),
            "sdkVersion": self._pick(devices.IOS_SDK_VERSIONS),
            "locale": self._locale(),
            "timezone": self._timezone(),
        }

    def _fill_android(self, client: Client, given: str, surname: str) -> None:
        model, maker, low, high = self._pick(devices.ANDROIDS)
        major = self._rng.randint(max(low, 9), min(high, 14))
        client.id = self._ids.uuid()
        client.app_version = self._pick(devices.APP_VERSIONS)
        client.push_notification_token = self._fcm_token()
        client.info = {
            "appName": self._app_name(),
            "appId": f"com.{self._hex(6)}.{self.generator.word()}",
            "deviceModel": model,
            "devicePlatform": maker,
            "os": "Android",
            "osVersion": self._pick(devices.ANDROID_RELEASES[major]),
            "carrier": self._carrier(),
            "radioAccessTechnology": self._pick(devices.ANDROID_RADIO),
            "wifi": self._pick(("true", "false")),
            "sdkVersion": self._pick(devices.ANDROID_SDK_VERSIONS),
            "locale": self._locale(),
            "timezone": self._timezone(),
        }

    def _fcm_token(self) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        head = "".join(self._pick(alphabet) for _ in range(22))
        tail = "".join(self._pick(alphabet) for _ in range(134))
        return f"{head}:APA91b{tail}"

    def _fill_web(self, client: Client, given: str, surname: str) -> None:
        user_agent, vendor = self._user_agent()
        site = f"https://www.{self._domain()}/"
        path = self._pick(devices.PAGE_PATHS)
        client.id = self._hex(32)
        language = self._locale().replace("_", "-")
        client.info = {
            "sdkVersion": self._pick(devices.WEB_SDK_VERSIONS),
            # The Web SDK reported the host as `URL` and the full address as `currentUrl`.
            "URL": site.removeprefix("https://").rstrip("/"),
            "currentUrl": site + path,
            "userAgent": user_agent,
            "referrer": self._pick(devices.REFERRERS),
            "browserLanguage": language if self._chance(0.7) else language.split("-")[0],
            "currentTitle": f"{self._pick(devices.PAGE_TITLES)} | {self.generator.company()}",
            "vendor": vendor,
        }
        # The Web Messenger sent no timezone, and its raw profile repeated info (live 2018).
        client.raw = dict(client.info)

    def _user_agent(self) -> tuple[str, str]:
        """A browser user agent as real browsers wrote it, and its `navigator.vendor`."""
        chrome = self._pick(devices.CHROME_VERSIONS)
        kind = self._rng.choices(
            ("chrome-win", "chrome-mac", "chrome-android", "safari-mac", "safari-iphone",
             "firefox-win", "firefox-linux", "edge"),
            weights=(30, 12, 20, 8, 15, 7, 3, 5),
        )[0]  # fmt: skip
        webkit = "AppleWebKit/537.36 (KHTML, like Gecko)"
        chrome_tail = f"{webkit} Chrome/{chrome} Safari/537.36"
        if kind == "chrome-win":
            return (
                f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {chrome_tail}",
                "Google Inc.",
            )
        if kind == "chrome-mac":
            mac = self._pick(devices.MAC_OS_TOKENS)
            return (
                f"Mozilla/5.0 (Macintosh; Intel Mac OS X {mac}) {chrome_tail}",
                "Google Inc.",
            )
        if kind == "chrome-android":
            model, _, low, high = self._pick(devices.ANDROIDS)
            major = self._rng.randint(max(low, 9), min(high, 14))
            return (
                f"Mozilla/5.0 (Linux; Android {major}; {model}) "
                f"{webkit} Chrome/{chrome} Mobile Safari/537.36",
                "Google Inc.",
            )
        if kind == "safari-mac":
            mac = self._pick(devices.MAC_OS_TOKENS)
            safari = self._pick(devices.SAFARI_VERSIONS)
            return (
                f"Mozilla/5.0 (Macintosh; Intel Mac OS X {mac}) AppleWebKit/605.1.15 "
                f"(KHTML, like Gecko) Version/{safari} Safari/605.1.15",
                "Apple Computer, Inc.",
            )
        if kind == "safari-iphone":
            major = self._rng.randint(12, 17)
            release: str = self._pick(devices.IOS_RELEASES[major])
            version = ".".join(release.split(".")[:2]) if "." in release else f"{release}.0"
            return (
                f"Mozilla/5.0 (iPhone; CPU iPhone OS {release.replace('.', '_')} like Mac OS X) "
                "AppleWebKit/605.1.15 (KHTML, like Gecko) "
                f"Version/{version} Mobile/15E148 Safari/604.1",
                "Apple Computer, Inc.",
            )
        if kind in ("firefox-win", "firefox-linux"):
            firefox = self._pick(devices.FIREFOX_VERSIONS)
            system = (
                "Windows NT 10.0; Win64; x64"
                if kind == "firefox-win"
                else "X11; Ubuntu; Linux x86_64"
            )
            return f"Mozilla/5.0 ({system}; rv:{firefox}.0) Gecko/20100101 Firefox/{firefox}.0", ""
        return (
            f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {chrome_tail} Edg/{chrome}",
            "Google Inc.",
        )

    def _fill_messenger(self, client: Client, given: str, surname: str) -> None:
        psid = str(self._rng.randint(1, 9)) + self._digits(15)
        picture = (
            f"https://platform-lookaside.fbsbx.com/platform/profilepic/?psid={psid}"
            f"&width=1024&ext={self._rng.randint(1_600_000_000, 1_700_000_000)}"
            f"&hash=AeR{self._hex(16)}"
        )
        client.external_id = psid
        client.display_name = f"{given} {surname}"
        client.avatar_url = picture
        client.info = {
            "avatarUrl": picture,
            "locale": self._locale(),
            "timezone": self._timezone(),
            "gender": self._pick(("male", "female")),
        }
        client.raw = {"first_name": given, "last_name": surname, "profile_pic": picture, "id": psid}

    def _fill_whatsapp(self, client: Client, given: str, surname: str) -> None:
        phone = self._phone()
        client.external_id = phone
        client.display_name = f"{given} {surname}" if self._chance(0.7) else given
        client.info = {"phoneNumber": phone}
        client.raw = {"profile": {"name": client.display_name}, "from": phone.removeprefix("+")}

    def _fill_twilio(self, client: Client, given: str, surname: str) -> None:
        phone = self._phone()
        client.external_id = phone
        client.display_name = phone
        client.info = {"phoneNumber": phone, "country": self._country()}
        client.raw = {
            "From": phone,
            "FromCity": self.generator.city().upper(),
            "FromCountry": self._country(),
            "FromZip": self.generator.postcode(),
        }

    def _fill_messagebird(self, client: Client, given: str, surname: str) -> None:
        phone = self._phone()
        client.external_id = phone
        client.display_name = phone
        client.info = {"phoneNumber": phone}
        client.raw = {"originator": phone.removeprefix("+"), "recipient": self._digits(11)}

    def _fill_telegram(self, client: Client, given: str, surname: str) -> None:
        chat_id = self._rng.randint(100_000_000, 6_999_999_999)
        username = self.generator.user_name()
        client.external_id = str(chat_id)
        client.display_name = f"{given} {surname}"
        client.info = {"locale": self._locale().split("_")[0]}
        client.raw = {
            "id": chat_id,
            "first_name": given,
            "last_name": surname,
            "username": username,
            "language_code": self._locale().split("_")[0],
            "is_bot": False,
        }

    def _fill_line(self, client: Client, given: str, surname: str) -> None:
        user = "U" + self._hex(32)
        picture = f"https://profile.line-scdn.net/0h{self._ids.secret(40).replace('-', 'a')}"
        client.external_id = user
        client.display_name = (
            f"{surname} {given}" if self._country() == "JP" else f"{given} {surname}"
        )
        client.avatar_url = picture
        client.info = {"avatarUrl": picture}
        client.raw = {"userId": user, "displayName": client.display_name, "pictureUrl": picture}

    def _fill_viber(self, client: Client, given: str, surname: str) -> None:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        viber_id = "".join(self._pick(alphabet) for _ in range(22)) + "=="
        client.external_id = viber_id
        client.display_name = given
        client.raw = {
            "id": viber_id,
            "name": given,
            "language": self._locale().split("_")[0],
            "country": self._country(),
            "api_version": self._rng.randint(1, 10),
        }

    def _fill_wechat(self, client: Client, given: str, surname: str) -> None:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        openid = "o" + "".join(self._pick(alphabet) for _ in range(27))
        picture = (
            f"https://thirdwx.qlogo.cn/mmopen/vi_32/{self._ids.secret(40).replace('-', 'Q')}/132"
        )
        client.external_id = openid
        client.display_name = given
        client.avatar_url = picture
        client.info = {
            "avatarUrl": picture,
            "city": self.generator.city(),
            "country": self._country(),
        }
        client.raw = {
            "openid": openid,
            "nickname": given,
            "sex": self._rng.randint(0, 2),
            "city": self.generator.city(),
            "country": self._country(),
            "headimgurl": picture,
            "subscribe": 1,
        }

    def _fill_mailgun(self, client: Client, given: str, surname: str) -> None:
        address = self._email()
        client.external_id = address
        client.display_name = f"{given} {surname}"
        client.raw = {"from": f"{given} {surname} <{address}>", "sender": address}

    def _fill_twitter(self, client: Client, given: str, surname: str) -> None:
        user_id = str(self._rng.randint(10_000_000, 1_500_000_000_000_000_000))
        handle = self.generator.user_name().replace(".", "_")[:15]
        picture = (
            f"https://pbs.twimg.com/profile_images/{self._digits(19)}/{self._hex(8)}_normal.jpg"
        )
        client.external_id = user_id
        client.display_name = f"{given} {surname}"
        client.avatar_url = picture
        client.info = {"avatarUrl": picture}
        client.raw = {"id_str": user_id, "screen_name": handle, "name": client.display_name,
                      "profile_image_url_https": picture}  # fmt: skip

    def _fill_apple(self, client: Client, given: str, surname: str) -> None:
        opaque = "urn:mbid:" + self._ids.secret(60).replace("-", "A")
        client.external_id = opaque
        client.info = {"locale": self._locale()}
        client.raw = {"sourceId": opaque, "locale": self._locale()}


_BUILDERS: dict[str, Callable[[ClientProvider, Client, str, str], None]] = {
    "ios": ClientProvider._fill_ios,
    "android": ClientProvider._fill_android,
    "web": ClientProvider._fill_web,
    "messenger": ClientProvider._fill_messenger,
    "whatsapp": ClientProvider._fill_whatsapp,
    "twilio": ClientProvider._fill_twilio,
    "messagebird": ClientProvider._fill_messagebird,
    "telegram": ClientProvider._fill_telegram,
    "line": ClientProvider._fill_line,
    "viber": ClientProvider._fill_viber,
    "wechat": ClientProvider._fill_wechat,
    "mailgun": ClientProvider._fill_mailgun,
    "twitter": ClientProvider._fill_twitter,
    "apple": ClientProvider._fill_apple,
}
