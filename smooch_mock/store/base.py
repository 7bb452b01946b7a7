"""The store's state, event fan-out and the lookups every operation shares."""

from __future__ import annotations

from collections.abc import Callable

from ..clock import Clock, SystemClock
from ..errors import AppNotFound, AppUserNotFound
from ..ids import IdFactory
from .events import Event
from .models import AppState, AppUser, Attachment, Deployment, SecretKey, ServiceAccount

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
        self._listeners: list[EventListener] = []

    def subscribe(self, listener: EventListener) -> None:
        """Call `listener` synchronously with every domain event, in order."""
        self._listeners.append(listener)

    def emit(self, event: Event) -> None:
        for listener in self._listeners:
            listener(event)

    def now(self) -> float:
        """Current time rounded to milliseconds, as Smooch reports it."""
        return round(self.clock.now(), 3)

    def app_state(self, app_id: str) -> AppState:
        state = self.apps.get(app_id)
        if state is None:
            raise AppNotFound()
        return state

    def app_user_by_user_id(self, app_id: str, user_id: str) -> AppUser:
        """Find an appUser by external `userId` only (what an appUser JWT names)."""
        state = self.app_state(app_id)
        user = state.app_users.get(state.user_ids.get(user_id, ""))
        if user is None:
            raise AppUserNotFound()
        return user

    def device_owner(self, app_id: str, device_id: str) -> AppUser | None:
        """The appUser one of whose clients is the device `device_id`, if any."""
        users = self.app_state(app_id).app_users.values()
        return next((u for u in users if u.client(device_id) is not None), None)

    def app_user(self, app_id: str, user_ref: str) -> AppUser:
        """Find an appUser by `_id` first, then by external `userId`."""
        state = self.app_state(app_id)
        user = state.app_users.get(user_ref)
        if user is None and user_ref in state.user_ids:
            user = state.app_users.get(state.user_ids[user_ref])
        if user is None:
            raise AppUserNotFound()
        return user
