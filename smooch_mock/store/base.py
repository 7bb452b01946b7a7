"""The store's state, event fan-out and the lookups every operation shares."""

from __future__ import annotations

from collections.abc import Callable

from ..clock import Clock, SystemClock
from ..errors import AppNotFound, AppUserNotFound, ConversationNotFound
from ..ids import IdFactory
from . import events
from .events import Event
from .models import (
    AppState,
    Attachment,
    Author,
    Client,
    Conversation,
    CreationReason,
    Deployment,
    JsonObject,
    OAuthCode,
    SecretKey,
    ServiceAccount,
    Source,
    User,
)

EventListener = Callable[[Event], None]


class StoreBase:
    """State shared by the operation mixins; never a module global: one instance per fake."""

    def __init__(self, *, clock: Clock | None = None, seed: int | None = None) -> None:
        self.clock: Clock = clock or SystemClock()
        self.ids = IdFactory(seed)
        self.apps: dict[str, AppState] = {}
        self.keys: dict[str, SecretKey] = {}
        self.service_accounts: dict[str, ServiceAccount] = {}
        self.attachments: dict[str, Attachment] = {}
        self.deployments: dict[str, Deployment] = {}
        self.oauth_codes: dict[str, OAuthCode] = {}
        """Authorization codes not yet exchanged (kept in memory only, not in a state file)."""
        self._listeners: list[EventListener] = []
        self.authors: dict[tuple[str | None, ...], Author] = {}
        """Message authors, each kept once and shared by the messages it wrote."""

    def subscribe(self, listener: EventListener) -> None:
        """Call `listener` synchronously with every domain event, in order."""
        self._listeners.append(listener)

    def emit(self, event: Event) -> None:
        for listener in self._listeners:
            listener(event)

    def now(self) -> float:
        """Current time rounded to milliseconds, as Smooch reports it."""
        return round(self.clock.now(), 3)

    def create_on_first_use(
        self,
        app_id: str,
        conversation: Conversation,
        user: User | None,
        client: Client | None,
        reason: CreationReason,
        source: Source | None = None,
        referral: JsonObject | None = None,
    ) -> None:
        """A use of `conversation` (a user's default one) that makes it exist if nothing has yet:
        `ConversationCreated` the first time only, whichever use comes first."""
        if conversation.creation_reason is not None:
            return
        conversation.creation_reason = reason
        self.emit(
            events.ConversationCreated(
                app_id, self.now(), conversation, user, client, reason, source, referral
            )
        )

    def app_state(self, app_id: str) -> AppState:
        state = self.apps.get(app_id)
        if state is None:
            raise AppNotFound()
        return state

    def user_by_external_id(self, app_id: str, external_id: str) -> User:
        """Find a user by external id only (v1's `userId`, what an appUser JWT names)."""
        state = self.app_state(app_id)
        user = state.users.get(state.external_ids.get(external_id, ""))
        if user is None:
            raise AppUserNotFound()
        return user

    def device_owner(self, app_id: str, device_id: str) -> User | None:
        """The user one of whose clients is the device `device_id`, if any."""
        users = self.app_state(app_id).users.values()
        return next((u for u in users if u.client(device_id) is not None), None)

    def user(self, app_id: str, user_ref: str) -> User:
        """Find a user by id first, then by external id."""
        state = self.app_state(app_id)
        user = state.users.get(user_ref)
        if user is None and user_ref in state.external_ids:
            user = state.users.get(state.external_ids[user_ref])
        if user is None:
            raise AppUserNotFound()
        return user

    def hand_to_default_integration(
        self, app_id: str, conversation: Conversation, client: Client | None = None
    ) -> None:
        """Put the switchboard's default member (or the one the channel of `client` names as its
        default responder) in control of a conversation nobody controls: a new one, or an older
        one (or one after a release) at its next message."""
        state = self.app_state(app_id)
        switchboard = state.switchboard
        if (
            switchboard is None
            or not switchboard.enabled
            or conversation.active_switchboard_integration_id is not None
        ):
            return
        channel = None
        if client is not None and client.integration_id is not None:
            channel = state.integrations.get(client.integration_id)
        responder = switchboard.responder_for(channel)
        if responder is not None:
            conversation.active_switchboard_integration_id = responder[0].id

    def conversation(self, app_id: str, conversation_id: str) -> Conversation:
        found = self.app_state(app_id).conversations.get(conversation_id)
        if found is None:
            raise ConversationNotFound()
        return found
