"""Identifier and secret generation from one seedable random source per fake."""

from __future__ import annotations

import hashlib
import random
import secrets
import string
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

_ALNUM_LOWER = string.ascii_lowercase + string.digits
_URLSAFE = string.ascii_letters + string.digits + "-_"


class IdFactory:
    """Makes ids the way Smooch shapes them; reproducible when given a seed."""

    def __init__(self, seed: int | None = None, *, rng: random.Random | None = None) -> None:
        """Seeded (or given a random source such as Faker's) it repeats itself exactly."""
        # Ids need speed, not secrecy; unseeded secrets come from `secrets` (see `secret`).
        self._rng = rng or random.Random(seed)
        self._seeded = seed is not None or rng is not None

    @contextmanager
    def seeded(self, seed: int) -> Iterator[None]:
        """Draw everything from `seed` inside the block, so a journal replay repeats it."""
        saved = self._rng, self._seeded
        self._rng, self._seeded = random.Random(seed), True
        try:
            yield
        finally:
            self._rng, self._seeded = saved

    def object_id(self) -> str:
        """A 24-hex id like Mongo ObjectIds (apps, users, messages, webhooks, ...)."""
        return f"{self._rng.getrandbits(96):024x}"

    def key_id(self, prefix: str) -> str:
        """A secret key id: `app_…`, `act_…` or `svc_…`."""
        return f"{prefix}_{self._rng.getrandbits(96):024x}"

    def secret(self, length: int = 32) -> str:
        choose = self._rng.choice if self._seeded else secrets.choice
        return "".join(choose(_URLSAFE) for _ in range(length))

    def app_token(self) -> str:
        return "".join(self._rng.choice(_ALNUM_LOWER) for _ in range(25))

    def code(self, prefix: str) -> str:
        """Link-request (`lr_`) and auth (`ac_`) codes."""
        return f"{prefix}_{self.secret(24)}"

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))


def derived_id(*parts: str) -> str:
    """A 24-hex id fixed by `parts`, for records v1 never shows (a participant, the custom
    integration around a webhook): drawing them would shift every id a seed makes after them,
    and a journal written before they existed would no longer replay to the same ids."""
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:24]
