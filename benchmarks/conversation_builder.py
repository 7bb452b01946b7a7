"""Fill one conversation with N text messages through the store, on a fake clock (no sleeping)."""

from __future__ import annotations

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.clock import FakeClock
from smooch_mock.store import Store, UserInput
from smooch_mock.store.models import User


def new_store() -> tuple[Store, str]:
    store = Store(clock=FakeClock(), seed=7)
    return store, store.create_app("bench").id


def fill_conversation(store: Store, app_id: str, user_id: str, count: int) -> User:
    """A new appUser with `count` messages; the store spaces their times 1 ms apart."""
    user = store.create_user(app_id, UserInput(user_id))
    for n in range(count):
        store.post_message(
            app_id,
            user.id,
            message_input({"role": "appUser", "type": "text", "text": f"message number {n}"}),
        )
    return user


def rss_bytes() -> int:
    """Resident set size of this process, from /proc (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096
