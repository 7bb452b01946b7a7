"""The end user, played by the fake: writes, taps, reads, types, pays, links."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .. import error_texts as texts
from ..api.v1.message_input import message_input
from ..contract.check import check_request
from ..errors import ActionNotFound, InvalidSimulation, NoPendingLink, NotFound
from ..store import Store
from ..store.conversations import client_source
from ..store.inputs import UserInput
from ..store.integrations import INTEGRATION_SPECS
from ..store.message_rules import complete_content
from ..store.models import Client, Conversation, JsonObject, Message, User
from .clients import CHANNELS, SDK_CHANNELS, client_from_wire

UserName = tuple[str | None, str | None]
"""A user's given name and surname (either may be None)."""

if TYPE_CHECKING:
    from faker import Faker

KNOWN_ACTIONS_SHOWN = 10
"""How many actions a not-found error lists (the newest; a long conversation has many)."""


class Simulator:
    """Everything a real appUser or channel would do, which the fake must play itself.

    Each method takes the app, the user (`_id` or `userId`; created when unknown) and the
    channel, and goes through the same store operations as the REST API.
    """

    def __init__(
        self, store: Store, lock: AbstractContextManager[Any], seed: int | None = None
    ) -> None:
        self.store = store
        self.lock = lock
        """The fake's lock: each thing the end user does is one change, as one request is."""
        self._seed = seed
        self._faker: Faker | None = None

    @property
    def faker(self) -> Faker:
        """A Faker with the Smooch provider, imported on first use (Faker is slow to import)."""
        if self._faker is None:
            from faker import Faker

            from ..faker import SmoochProvider

            generator = Faker()
            generator.add_provider(SmoochProvider)
            if self._seed is not None:
                generator.seed_instance(self._seed)
            self._faker = generator
        return self._faker

    def reseed(self, seed: int) -> None:
        """Draw the next fake details from `seed` (a journal replays a request with its seed)."""
        self._seed = seed
        if self._faker is not None:
            self._faker.seed_instance(seed)

    def end_user(
        self,
        app_id: str,
        user: str | None = None,
        *,
        channel: str = "web",
        client_id: str | None = None,
        name: UserName | None = None,
    ) -> tuple[User, Client]:
        """Find or create the appUser (`name`: given name and surname for a new one) and their
        client on `channel`, seen now."""
        if channel not in CHANNELS:
            raise InvalidSimulation(
                texts.FIELD_NOT_ONE_OF, field="channel", options=", ".join(CHANNELS)
            )
        with self.lock:
            store = self.store
            app_user = self._find_or_create_user(app_id, user, channel, name)
            client = next(
                (
                    c
                    for c in app_user.clients
                    if c.platform == channel and client_id in (None, c.id)
                ),
                None,
            )
            if client is None:
                wire_client: JsonObject = self.faker.smooch_client(
                    platform=channel, name=self._profile_name(app_user)
                )
                if client_id is not None:
                    wire_client["id"] = client_id
                integration_id = self._integration_for(app_id, channel)
                client = client_from_wire(
                    wire_client, integration_id=integration_id, now=store.now()
                )
                store.add_client(
                    app_id, app_user, client, reason="sdk" if channel in SDK_CHANNELS else "api"
                )
            else:
                client.last_seen = store.now()
            return app_user, client

    def write(
        self,
        app_id: str,
        message: str | JsonObject,
        *,
        user: str | None = None,
        channel: str = "web",
        client_id: str | None = None,
        name: UserName | None = None,
        conversation: str | None = None,
    ) -> tuple[User, Message]:
        """The user (created when unknown, named `name` if given) sends a message of any type from
        a channel: `message:appUser` fires. In a named `conversation` (a v2 id) the user must
        take part in it (the only participant acts when no user is named)."""
        body: JsonObject = (
            {"type": "text", "text": message} if isinstance(message, str) else dict(message)
        )
        body.setdefault("role", "appUser")
        if body["role"] != "appUser":
            raise InvalidSimulation(texts.SIMULATED_ROLE)
        # The Python API is an edge of its own: the same schema as POST .../messages checks it.
        check_request("postMessage", body)
        with self.lock:
            store = self.store
            given = message_input(body)
            # Checked (and its ids drawn) before the user exists, as journals replay it.
            content = complete_content(given, store.ids, store.media_size)
            target = None
            if conversation is not None:
                target, member = self._member(app_id, conversation, user)
                user = member.id
            app_user, client = self.end_user(
                app_id, user, channel=channel, client_id=client_id, name=name
            )
            sent = store.store_message(
                app_id,
                target or app_user.default_conversation,
                app_user,
                replace(given, source=client_source(client)),
                content,
                client,
            )
            return app_user, sent

    def tap_postback(
        self, app_id: str, user: str | None, action: str, *, conversation: str | None = None
    ) -> JsonObject:
        """The user taps a postback button, named by its `_id` or its `payload` (the newest
        button with that payload): `postback` fires. In a named `conversation` (a v2 id), its
        messages' buttons are the ones in view."""
        with self.lock:
            app_user, client, target = self._acting(app_id, user, conversation)
            action_id = self._action_id(app_id, app_user, action, by_payload=True, where=target)
            _, tapped = self.store.tap_postback(app_id, app_user.id, action_id, client, target)
            return tapped

    def pay(self, app_id: str, user: str, action_id: str) -> JsonObject:
        """The user pays an offered buy action: `payment:success` fires."""
        with self.lock:
            app_user, client = self._existing(app_id, user)
            action_id = self._action_id(app_id, app_user, action_id, by_payload=False)
            _, action = self.store.pay_buy_action(app_id, app_user.id, action_id, client)
            return action

    def read(self, app_id: str, user: str | None, *, conversation: str | None = None) -> None:
        """The user reads the conversation (their default one unless a v2 id is named):
        `conversation:read` fires."""
        with self.lock:
            app_user, client, target = self._acting(app_id, user, conversation)
            self.store.user_reads(app_id, app_user, client, target)

    def type(
        self,
        app_id: str,
        user: str | None,
        *,
        typing: bool = True,
        conversation: str | None = None,
    ) -> None:
        """The user starts or stops typing (in their default conversation unless a v2 id is
        named): `typing:appUser` fires."""
        with self.lock:
            app_user, client, target = self._acting(app_id, user, conversation)
            activity = "typing:start" if typing else "typing:stop"
            self.store.user_types(app_id, app_user, client, activity, target)

    def start_conversation(
        self,
        app_id: str,
        user: str | None = None,
        *,
        channel: str = "messenger",
        referral: JsonObject | None = None,
    ) -> User:
        """The user opts in on a channel (Messenger "Get Started"): `conversation:start`."""
        with self.lock:
            app_user, client = self.end_user(app_id, user, channel=channel)
            self.store.user_starts_conversation(app_id, app_user, client, referral)
            return app_user

    def follow_referral(
        self, app_id: str, user: str, referral: JsonObject, *, channel: str = "messenger"
    ) -> None:
        """An existing user scans a code or clicks an ad: `conversation:referral` fires."""
        with self.lock:
            app_user, client = self.end_user(app_id, user, channel=channel)
            self.store.user_follows_referral(app_id, app_user, client, referral)

    def answer_link(
        self, app_id: str, user: str, *, accept: bool = True, client_id: str | None = None
    ) -> Client:
        """The external user answers a pending channel link: `link:success` or `link:failure`."""
        with self.lock:
            app_user = self.store.user(app_id, user)
            pending = [c for c in app_user.pending_clients if client_id in (None, c.id)]
            if not pending:
                raise NoPendingLink()
            return self.store.complete_link(app_id, app_user.id, pending[-1].id, succeeded=accept)

    def report_delivery(
        self, app_id: str, user: str, message_id: str, stage: str, error: JsonObject | None = None
    ) -> Message:
        """The channel reports a business message: `channel`, `user` or `failure`."""
        with self.lock:
            app_user = self.store.user(app_id, user)
            return self.store.report_delivery(app_id, app_user, message_id, stage, error)

    def report_notification(
        self, app_id: str, notification_id: str, stage: str, error: JsonObject | None = None
    ) -> None:
        """The channel reports a notification: `notification:delivery:{stage}` fires."""
        with self.lock:
            self.store.report_notification(app_id, notification_id, stage, error)

    def phone_number(self) -> str:
        """A fictional E.164 number (NANP 555 range) for links and notifications."""
        return str(self.faker.numerify("+1%##555####"))

    def channel_integration(self, app_id: str, channel: str) -> str:
        """The app's integration for `channel`, created with simulated credentials when missing."""
        with self.lock:
            return self._integration_for(app_id, channel)

    def _action_id(
        self,
        app_id: str,
        user: User,
        ref: str,
        *,
        by_payload: bool,
        where: Conversation | None = None,
    ) -> str:
        """The `_id` of the action `ref` names; NotFound listing every action the user sees."""
        in_view = [action for _, action in self.store.actions_in_view(app_id, user.id, where)]
        if any(action.get("_id") == ref for action in in_view):
            return ref
        if by_payload:
            for action in in_view:
                if action.get("type") == "postback" and action.get("payload") == ref:
                    return str(action["_id"])
        raise ActionNotFound(
            texts.ACTION_NOT_FOUND_AMONG.format(ref=ref, known=_known_actions(in_view))
        )

    def _existing(self, app_id: str, user: str) -> tuple[User, Client | None]:
        app_user = self.store.user(app_id, user)
        return app_user, app_user.primary_client()

    def _acting(
        self, app_id: str, user: str | None, conversation: str | None
    ) -> tuple[User, Client | None, Conversation | None]:
        """Who acts, through which client, and in which conversation (None: their default)."""
        if conversation is None:
            if user is None:
                raise InvalidSimulation(texts.FIELD_REQUIRED, field="user")
            return (*self._existing(app_id, user), None)
        target, member = self._member(app_id, conversation, user)
        return member, member.primary_client(), target

    def _member(
        self, app_id: str, conversation_id: str, user: str | None
    ) -> tuple[Conversation, User]:
        """A conversation (by its v2 id) and the participant who acts in it: `user`, or the
        only participant when no user is named."""
        conversation = self.store.conversation(app_id, conversation_id)
        if user is None:
            if len(conversation.participants) != 1:
                raise InvalidSimulation(
                    texts.V2_SIMULATED_CONVERSATION_USER,
                    conversation_id=conversation.id,
                    count=len(conversation.participants),
                )
            return conversation, self.store.user(app_id, conversation.participants[0].user_id)
        member = self.store.user(app_id, user)
        if conversation.participant(member.id) is None:
            raise InvalidSimulation(
                texts.V2_SIMULATED_NOT_A_MEMBER, user=user, conversation_id=conversation.id
            )
        return conversation, member

    def _find_or_create_user(
        self, app_id: str, user: str | None, channel: str, name: UserName | None
    ) -> User:
        """The user `user` (`_id` or `userId`), else a new one with that `userId`. A new user is
        named `name` if given; else, on a messaging channel, by their channel profile (an invented
        name); an SDK user (web, ios, android) stays anonymous, as the SDKs' users were."""
        store = self.store
        if user is not None:
            try:
                return store.user(app_id, user)
            except NotFound:
                pass
        if name is None and channel not in SDK_CHANNELS:
            name = (self.faker.first_name(), self.faker.last_name())
        given_name, surname = name or (None, None)
        return store.create_user(
            app_id, UserInput(external_id=user, given_name=given_name, surname=surname)
        )

    def _profile_name(self, user: User) -> UserName | None:
        """The name a new channel profile of `user` shows: theirs when they have one."""
        profile = user.profile
        if profile.given_name is None and profile.surname is None:
            return None
        return (profile.given_name or "", profile.surname or "")

    def _integration_for(self, app_id: str, channel: str) -> str:
        store = self.store
        if channel in SDK_CHANNELS:
            return store.sdk_ids(app_id)[f"{channel}IntegrationId"]
        existing = store.list_integrations(app_id, [channel])
        if existing:
            return existing[0].id
        spec = INTEGRATION_SPECS[channel]
        credentials: dict[str, Any] = {name: f"simulated-{name}" for name in spec.required}
        if spec.alternatives:
            credentials.update({name: f"simulated-{name}" for name in spec.alternatives[0]})
        return store.create_integration(app_id, channel, credentials).id


def _known_actions(actions: list[JsonObject]) -> str:
    if not actions:
        return texts.NO_ACTIONS
    shown = [
        f"{a.get('type')} _id {a.get('_id')}"
        + (f" payload {a['payload']!r}" if a.get("payload") else "")
        + f" text {a.get('text')!r}"
        for a in actions[:KNOWN_ACTIONS_SHOWN]
    ]
    more = len(actions) - len(shown)
    return (
        "known actions, newest first: " + "; ".join(shown) + (f"; and {more} more" if more else "")
    )
