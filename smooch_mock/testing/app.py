"""IsolatedApp: a test's own app on a fake Smooch — credentials, simulation, assertions, in the
test's generation (v1, v1.1 or v2)."""

from __future__ import annotations

import asyncio
import base64
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..api.v1 import wire
from ..api.v1.triggers import triggers_or_default
from ..errors import NotFound
from ..http.auth import sign_jwt
from ..store.inputs import ConversationInput, WebhookInput
from ..store.models import App, Conversation, JsonObject, SecretKey, ServiceAccount, User
from ..webhooks import PENDING, Delivery
from . import explain, sunshine
from .sunshine import V2

if TYPE_CHECKING:
    from ..clock import FakeClock
    from ..fake import FakeSmooch, InternalError
    from ..webhooks.chaos import ChaosSettings
    from .harness import SmoochHarness

SCOPES = ("app", "appUser", "account")
APP_NAME_LIMIT = 100
"""The longest app name v2 shows (its `displayName` maxLength); v1 sets none."""


class InProcessOnly(RuntimeError):
    """A helper that needs a real socket was used with the in-process `smooch_mock` fixture."""


class IsolatedApp:
    """An app of its own on a (possibly shared) fake: its app key, and a service account whose
    account-scope key owns the app. Every helper acts on this app only; `close()` deletes it all.
    """

    respx: Any = None
    """In the in-process mode, the respx router (add routes, or `pass_through()` a host)."""

    def __init__(
        self,
        harness: SmoochHarness,
        app: App,
        key: SecretKey,
        account: ServiceAccount,
        account_key: SecretKey,
        version: str,
    ) -> None:
        self.harness = harness
        self.app_id = app.id
        self.key_id, self.secret = key.id, key.secret
        self.service_account_id = account.id
        self.account_key_id, self.account_secret = account_key.id, account_key.secret
        self.version = version
        self._keys = {"app": key, "appUser": key, "account": account_key}
        self._errors_before = len(harness.fake.internal_errors)
        self._closed = False

    @classmethod
    def create(
        cls, harness: SmoochHarness, *, version: str = "v1.1", name: str = "Test app"
    ) -> IsolatedApp:
        fake = harness.fake
        name = _fitting_app_name(name)
        with fake.lock:
            account = fake.store.create_service_account(name)
            app = fake.store.create_app(name, service_account_id=account.id)
            key = fake.store.create_app_key(app.id, "Test key")
            account_key = fake.store.create_service_account_key(account.id, "Test account key")
        return cls(harness, app, key, account, account_key, version)

    # -- where and who ------------------------------------------------------------------------

    @property
    def fake(self) -> FakeSmooch:
        return self.harness.fake

    @property
    def base_url(self) -> str:
        """Scheme and host of the fake, without a version (the SDKs' `host` / `serviceUrl`)."""
        return self.harness.base_url

    @property
    def api_url(self) -> str:
        """`base_url` plus this test's API version, for raw HTTP calls: `{api_url}/appusers/...`
        (v1), `{api_url}/apps/{app_id}/conversations/...` (v2)."""
        return f"{self.base_url}/{self.version}"

    @property
    def auth(self) -> tuple[str, str]:
        """The app key as Basic credentials, e.g. `httpx.Client(auth=smooch.auth)`."""
        return (self.key_id, self.secret)

    @property
    def account_auth(self) -> tuple[str, str]:
        """The account-scope key as Basic credentials."""
        return (self.account_key_id, self.account_secret)

    def jwt(self, scope: str = "app", user_id: str | None = None) -> str:
        """An HS256 JWT as smooch-core signs it: `app`, `appUser` (needs `user_id`) or `account`."""
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
        if scope == "appUser" and not user_id:
            raise ValueError("an appUser JWT needs a user_id")
        return sign_jwt(self._keys[scope], scope, user_id)

    def basic_authorization(self, scope: str = "app") -> str:
        """The `Authorization` header value for Basic auth with the `app` or `account` key."""
        key = self._keys["account" if scope == "account" else "app"]
        return "Basic " + base64.b64encode(f"{key.id}:{key.secret}".encode()).decode()

    @property
    def smooch_core_options(self) -> dict[str, str]:
        """Options for Node's `new SmoochCore(options)` (app scope, pointed at the fake)."""
        self._require_socket("smooch_core_options")
        return {
            "keyId": self.key_id,
            "secret": self.secret,
            "scope": "app",
            "serviceUrl": self.base_url,
        }

    def python_sdk_api_client(self, scope: str = "app") -> Any:
        """An `smooch.ApiClient(host=base_url)` sending this app's (or account's) Basic credentials.

        It carries its own credentials, so the SDK's process-wide configuration stays untouched:
        `smooch.ConversationApi(smooch_fixture.python_sdk_api_client())`.
        """
        from .sdk import CredentialedApiClient

        self._require_socket("python_sdk_api_client()")
        return CredentialedApiClient(self.base_url, self.basic_authorization(scope))

    def python_sdk_credentials(self, scope: str = "app") -> AbstractContextManager[Any]:
        """Set `smooch.configuration.username/password` to this app's key for a `with` block
        (for code that builds its own `smooch.ApiClient(host=...)`); restored afterwards."""
        from .sdk import basic_credentials

        self._require_socket("python_sdk_credentials()")
        key = self._keys["account" if scope == "account" else "app"]
        return basic_credentials(key.id, key.secret)

    def sunshine_configuration(self, scope: str = "app", *, jwt: bool = False) -> Any:
        """A `sunshine_conversations_client.Configuration` for the official v2 Python client:
        the fake's host and this app's key (`scope="account"`: the account key) as Basic
        credentials, or as a signed JWT with `jwt=True`. `sunco.ApiClient(configuration)`."""
        self._require_socket("sunshine_configuration()")
        key = self._keys["account" if scope == "account" else "app"]
        token = sign_jwt(key, key.scope) if jwt else None
        return sunshine.sunshine_configuration(self.base_url, key.id, key.secret, token)

    def sunshine_api_client(self, scope: str = "app", *, jwt: bool = False) -> Any:
        """`sunshine_conversations_client.ApiClient(self.sunshine_configuration(...))`, e.g.
        `sunco.MessagesApi(smooch.sunshine_api_client())`."""
        import sunshine_conversations_client as sunco

        return sunco.ApiClient(self.sunshine_configuration(scope, jwt=jwt))

    def _require_socket(self, helper: str) -> None:
        """Refuse helpers for clients respx cannot intercept: in-process, they would reach the
        real Smooch host with this test's credentials."""
        if self.harness.server is None:
            raise InProcessOnly(
                f"{helper} configures a client that does not use httpx (the official `smooch` SDK"
                " and `sunshine-conversations-client` use urllib3, smooch-core is Node), so the"
                " in-process `smooch_mock` fixture"
                " cannot intercept it: use the `smooch` fixture, which serves the fake on"
                " 127.0.0.1"
            )

    # -- the end user, played by the fake ------------------------------------------------------

    def user_writes(
        self,
        message: str | JsonObject,
        *,
        user: str | None = None,
        channel: str = "web",
        conversation: str | None = None,
    ) -> JsonObject:
        """The user (created when unknown) sends text or a message object (v1 shape): v1
        `message:appUser`, v2 `conversation:message`. In a v2 `conversation` (e.g. an
        `sdkGroup` from `create_group`) the user must take part; without `user` its only
        participant writes. Returns the message in this test's shape."""
        _, sent = self.fake.simulate.write(
            self.app_id, message, user=user, channel=channel, conversation=conversation
        )
        with self.fake.lock:
            where = (
                None
                if conversation is None
                else self.fake.store.conversation(self.app_id, conversation)
            )
            return sunshine.message_shape(sent, where, self.version)

    def create_group(self, *users: str, display_name: str | None = None) -> JsonObject:
        """A v2 `sdkGroup` conversation of `users` (each created on the web channel when
        unknown), as v2 shows it: `user_writes(..., conversation=group["id"])` writes there."""
        members = [self.fake.simulate.end_user(self.app_id, user)[0].id for user in users]
        with self.fake.lock:
            given = ConversationInput(
                type="sdkGroup", participant_user_ids=members, display_name=display_name
            )
            group = self.fake.store.create_conversation(self.app_id, given)
            return sunshine.conversation_shape(group)

    def taps_postback(self, user: str, action_id: str) -> JsonObject:
        """The user taps the postback button `action_id` — its `_id`, or its `payload` (the
        newest button with it) — and `postback` fires. Returns the action. Unknown: NotFound
        listing the actions the user can see (type, `_id`, payload, text)."""
        return self.fake.simulate.tap_postback(self.app_id, user, action_id)

    def pays(self, user: str, action_id: str) -> JsonObject:
        """The user pays the buy action `action_id`: `payment:success`."""
        return self.fake.simulate.pay(self.app_id, user, action_id)

    def reads(self, user: str) -> None:
        """The user reads the conversation: `conversation:read`."""
        self.fake.simulate.read(self.app_id, user)

    def types(self, user: str, *, typing: bool = True) -> None:
        """The user starts (or stops) typing: `typing:appUser`."""
        self.fake.simulate.type(self.app_id, user, typing=typing)

    def starts_conversation(
        self,
        user: str | None = None,
        *,
        channel: str = "messenger",
        referral: JsonObject | None = None,
    ) -> JsonObject:
        """The user opts in on a channel: `conversation:start`. Returns the appUser."""
        app_user = self.fake.simulate.start_conversation(
            self.app_id, user, channel=channel, referral=referral
        )
        with self.fake.lock:
            return sunshine.user_shape(app_user, self.version)

    def follows_referral(
        self, user: str, referral: JsonObject, *, channel: str = "messenger"
    ) -> None:
        """The user follows a referral (code, ad): `conversation:referral`."""
        self.fake.simulate.follow_referral(self.app_id, user, referral, channel=channel)

    def answers_link(self, user: str, *, accept: bool = True) -> None:
        """The user answers a pending channel link: `link:success` or `link:failure`."""
        self.fake.simulate.answer_link(self.app_id, user, accept=accept)

    def channel_reports_delivery(
        self, user: str, message_id: str, stage: str, error: JsonObject | None = None
    ) -> None:
        """The channel reports a business message delivered (`channel`, `user`) or `failure`."""
        self.fake.simulate.report_delivery(self.app_id, user, message_id, stage, error)

    def channel_reports_notification(
        self, notification_id: str, stage: str, error: JsonObject | None = None
    ) -> None:
        """The channel reports a notification: `notification:delivery:{stage}`."""
        self.fake.simulate.report_notification(self.app_id, notification_id, stage, error)

    # -- state ----------------------------------------------------------------------------------

    def create_webhook(
        self,
        target: str,
        triggers: list[str] | None = None,
        *,
        include_client: bool = False,
        include_full_app_user: bool = False,
    ) -> JsonObject:
        """Subscribe `target` to `triggers` (Smooch's default when None), in this test's version.
        In v2: a custom integration with one v2 webhook (`conversation:message` when None);
        returns the webhook, with its `secret` (the `X-API-Key` of its deliveries)."""
        if self.version == V2:
            integration = self.create_custom_integration(
                target,
                triggers,
                include_full_user=include_full_app_user,
                include_full_source=include_client,
            )
            return dict(integration["webhooks"][0])
        with self.fake.lock:
            given = WebhookInput(
                target=target,
                triggers=triggers_or_default(triggers, self.version),
                include_full_user=include_full_app_user,
                include_full_source=include_client,
            )
            webhook = self.fake.store.create_webhook(self.app_id, given, version=self.version)
            return wire.webhook(webhook)

    def create_custom_integration(
        self,
        target: str,
        triggers: list[str] | None = None,
        *,
        include_full_user: bool = False,
        include_full_source: bool = False,
        display_name: str | None = None,
    ) -> JsonObject:
        """A v2 custom integration whose webhook (version v2) sends `triggers` (v2 event types;
        `conversation:message` when None) to `target`; as v2's CreateIntegration answers it."""
        given = WebhookInput(
            target=target,
            triggers=sunshine.check_v2_triggers(triggers),
            include_full_user=include_full_user,
            include_full_source=include_full_source,
        )
        with self.fake.lock:
            store = self.fake.store
            made = store.create_custom_integration(self.app_id, display_name, given, version=V2)
            return sunshine.custom_integration_shape(store, self.app_id, made.id)

    def app_user(self, user: str) -> JsonObject:
        """The user (by `userId`/`externalId` or id) as the API shows it: a v1 appUser, a v2
        user; AssertionError if unknown."""
        with self.fake.lock:
            return sunshine.user_shape(self._find_user(user), self.version)

    def messages(
        self, user: str | None = None, *, conversation: str | None = None
    ) -> list[JsonObject]:
        """The user's default conversation (or the v2 `conversation`), oldest first, in this
        test's wire shape."""
        with self.fake.lock:
            found = self._conversation(user, conversation)
            return [sunshine.message_shape(m, found, self.version) for m in found.messages]

    def events(self, type: str | None = None) -> list[JsonObject]:
        """The v2 events (`{id, type, createdAt, payload}`) delivered to this app's v2 webhooks
        (of `type`), oldest first."""
        return sunshine.events_of(self.payloads(type), type)

    def deliveries(
        self, trigger: str | None = None, *, state: str | None = None, webhook_id: str | None = None
    ) -> list[Delivery]:
        """Webhook deliveries of this app, oldest first (`.payload`, `.state`, `.attempts`)."""
        with self.fake.lock:
            return self.fake.webhooks.log.list(
                self.app_id, trigger=trigger, webhook_id=webhook_id, state=state
            )

    def payloads(self, trigger: str | None = None) -> list[Any]:
        """The payloads of this app's deliveries (of `trigger`), oldest first."""
        return [d.payload for d in self.deliveries(trigger)]

    # -- delivery chaos ---------------------------------------------------------------------------

    def chaos(self, webhook_id: str | None = None, **faults: Any) -> ChaosSettings:
        """Deliver badly from now on, as the platform may: `chaos(drop=0.2, duplicate=0.3,
        delay=0.5, reorder=0.3, max_delay=1, fail_first=1, seed=7)`. Without `webhook_id`, for
        every webhook of this app (also ones created later) without settings of its own.
        Each call replaces the settings; every injected fault is in the delivery log."""
        from ..webhooks.chaos import ChaosSettings  # loaded by the first test asking for chaos

        settings = ChaosSettings.from_options(faults)
        with self.fake.lock:
            if webhook_id is not None:
                self.fake.store.get_webhook(self.app_id, webhook_id)
            self.fake.webhooks.set_chaos(self.app_id, webhook_id, settings)
        return settings

    def chaos_off(self, webhook_id: str | None = None) -> None:
        """Deliver faithfully again (for `webhook_id`, or the app-wide settings)."""
        with self.fake.lock:
            self.fake.webhooks.set_chaos(self.app_id, webhook_id, None)

    def injected_faults(self, trigger: str | None = None) -> list[JsonObject]:
        """Every chaos fault in this app's delivery log, oldest delivery first: `{"delivery",
        "trigger", "type"}` plus `attempt` (drop, fail), `seconds`, `of` or `heldBehind`."""
        found: list[JsonObject] = []
        for delivery in self.deliveries(trigger):
            about = {"delivery": delivery.id, "trigger": delivery.trigger}
            found += [{**about, **fault.to_json()} for fault in delivery.faults]
            found += [
                {**about, "type": attempt.fault, "attempt": attempt.number}
                for attempt in list(delivery.attempts)
                if attempt.fault is not None
            ]
        return found

    # -- waiting and asserting ------------------------------------------------------------------

    def wait_for_delivery(
        self,
        trigger: str | None = None,
        *,
        type: str | None = None,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[Delivery]:
        """Wait until `count` deliveries (of `trigger`, or of the v2 event `type`) have finished
        — delivered, or failed for good — and return the finished ones, oldest first. On
        timeout, AssertionError with the log.
        """
        __tracebackhide__ = True  # failures point at the test's line, not at this helper
        trigger = _trigger_or_type(trigger, type)

        def finished() -> list[Delivery] | None:
            done = [d for d in self.deliveries(trigger) if d.state != PENDING]
            return done if len(done) >= count else None

        found = self.harness.watcher.wait_until(finished, timeout)
        if found is None:
            with self.fake.lock:
                places = self.fake.webhooks.log.queue_places(self.app_id)
            raise AssertionError(
                explain.delivery_not_found(trigger, count, timeout, self.deliveries(), places)
            )
        return found

    def wait_for_all_deliveries(self, timeout: float = 5.0) -> list[Delivery]:
        """Wait until no delivery of this app is pending (chaos copies and retries included) and
        return them all, oldest first. On timeout, AssertionError with the log."""
        __tracebackhide__ = True  # failures point at the test's line, not at this helper

        def all_finished() -> list[Delivery] | None:
            found = self.deliveries()
            return found if all(d.state != PENDING for d in found) else None

        found = self.harness.watcher.wait_until(all_finished, timeout)
        if found is None:
            pending = [d for d in self.deliveries() if d.state == PENDING]
            raise AssertionError(
                f"{len(pending)} deliveries still pending after {timeout:g}s: "
                + "; ".join(explain.describe_delivery(d) for d in pending)
            )
        return found

    async def wait_for_delivery_async(
        self,
        trigger: str | None = None,
        *,
        type: str | None = None,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[Delivery]:
        """`wait_for_delivery` without blocking the running event loop (your bot may run on it)."""
        __tracebackhide__ = True  # failures point at the test's line, not at this helper
        return await asyncio.to_thread(
            self.wait_for_delivery, trigger, type=type, count=count, timeout=timeout
        )

    def assert_message_sent(
        self,
        user: str | None = None,
        text: str | None = None,
        *,
        type: str | None = None,
        role: str | None = None,
        timeout: float = 0.0,
        conversation: str | None = None,
    ) -> JsonObject:
        """Assert the user's conversation (or the v2 `conversation`) holds a message from `role`
        (the business unless named; `appMaker`/`business`, `appUser`/`user` in either
        generation) with this text and type; return the latest such, in this test's shape.
        With `timeout`, wait that long for it. The failure lists the nearest messages."""
        __tracebackhide__ = True  # failures point at the test's line, not at this helper
        sender = sunshine.sender(role, self.version)

        def latest_match() -> JsonObject | None:
            try:
                history = self.messages(user, conversation=conversation)
            except AssertionError:
                return None
            matches = [
                m
                for m in history
                if (view := sunshine.message_view(m, self.version))["role"] == sender
                and (text is None or view["text"] == text)
                and (type is None or view["type"] == type)
            ]
            return matches[-1] if matches else None

        found = self.harness.watcher.wait_until(latest_match, timeout)
        if found is None:
            # raises the unknown-user (or conversation) explanation
            history = self.messages(user, conversation=conversation)
            views = [sunshine.message_view(m, self.version) for m in history]
            where = (
                f"the conversation of {user!r}"
                if conversation is None
                else f"conversation {conversation!r}"
            )
            raise AssertionError(explain.message_not_found(where, text, type, sender, views))
        return found

    async def assert_message_sent_async(
        self,
        user: str | None = None,
        text: str | None = None,
        *,
        type: str | None = None,
        role: str | None = None,
        timeout: float = 0.0,
        conversation: str | None = None,
    ) -> JsonObject:
        """`assert_message_sent` without blocking the running event loop."""
        __tracebackhide__ = True  # failures point at the test's line, not at this helper
        return await asyncio.to_thread(
            self.assert_message_sent,
            user,
            text,
            type=type,
            role=role,
            timeout=timeout,
            conversation=conversation,
        )

    # -- time -------------------------------------------------------------------------------------

    @property
    def clock(self) -> FakeClock:
        """The fake clock (only with `@pytest.mark.smooch(fake_clock=True)`)."""
        if self.harness.clock is None:
            raise RuntimeError(
                "this fake runs on real time; ask for `@pytest.mark.smooch(fake_clock=True)`"
            )
        return self.harness.clock

    def advance(self, seconds: float) -> None:
        """Move the fake clock forward; webhook retries due by then go out."""
        self.clock.advance(seconds)

    def wait_for_pending_retry(self, timeout: float = 5.0) -> None:
        """Wait until a failed delivery has scheduled its retry on the fake clock (then advance)."""
        __tracebackhide__ = True  # failures point at the test's line, not at this helper
        clock = self.clock
        if (
            self.harness.watcher.wait_until(
                lambda: clock.pending_sleepers() or None, timeout, poll=0.005
            )
            is None
        ):
            raise AssertionError(
                f"no webhook retry was scheduled within {timeout:g}s; deliveries: "
                + "; ".join(explain.describe_delivery(d) for d in self.deliveries())
            )

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def internal_errors(self) -> list[InternalError]:
        """Exceptions raised inside the fake since this app was created (always the fake's bugs)."""
        return self.fake.internal_errors[self._errors_before :]

    def internal_error_report(self) -> str | None:
        """A failure text with the fake's tracebacks, or None when the fake behaved."""
        errors = self.internal_errors
        if not errors:
            return None
        parts = [f"the fake raised {len(errors)} internal error(s) while serving this test:"]
        parts += [f"--- in {e.where}\n{e.traceback}" for e in errors]
        return "\n".join(parts)

    def close(self) -> None:
        """Delete the app, its keys, its service account and its delivery log. Idempotent."""
        if self._closed:
            return
        self._closed = True
        fake = self.fake
        with fake.lock:
            if self.app_id in fake.store.apps:
                fake.store.delete_app(self.app_id)
            if self.service_account_id in fake.store.service_accounts:
                fake.store.delete_service_account(self.service_account_id)
            fake.webhooks.forget_app(self.app_id)

    def _conversation(self, user: str | None, conversation: str | None) -> Conversation:
        """The v2 `conversation` of this app, else `user`'s default one; AssertionError naming
        the known ones when there is no such thing."""
        if conversation is None:
            if user is None:
                raise ValueError("name the user (or the v2 conversation) whose messages to read")
            return self._find_user(user).default_conversation
        try:
            return self.fake.store.conversation(self.app_id, conversation)
        except NotFound:
            known = list(self.fake.store.app_state(self.app_id).conversations)
            raise AssertionError(explain.conversation_not_found(conversation, known)) from None

    def _find_user(self, user: str) -> User:
        try:
            return self.fake.store.user(self.app_id, user)
        except NotFound:
            users = self.fake.store.app_state(self.app_id).users.values()
            known = [u.external_id or u.id for u in users]
            raise AssertionError(explain.user_not_found(user, known)) from None


def _trigger_or_type(trigger: str | None, type: str | None) -> str | None:
    """The one of v1's `trigger` and v2's `type` a caller named (both name the same thing)."""
    if trigger is not None and type is not None and trigger != type:
        raise ValueError(f"give trigger or type, not both ({trigger!r}, {type!r})")
    return trigger if trigger is not None else type


def _fitting_app_name(name: str) -> str:
    """`name` within `APP_NAME_LIMIT`; a long test id keeps its end, which names the test."""
    if len(name) <= APP_NAME_LIMIT:
        return name
    return "…" + name[-(APP_NAME_LIMIT - 1) :]
