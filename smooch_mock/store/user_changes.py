"""Partial user updates, verified identities and removing one client: what v2 adds to users."""

from __future__ import annotations

from ..errors import ClientNotFound
from . import events
from .base import StoreBase
from .inputs import UserPatch
from .models import Client, JsonObject, User

PROFILE_FIELDS = ("given_name", "surname", "email", "avatar_url", "locale")


class UserChangeOperations(StoreBase):
    def patch_user(self, app_id: str, user_ref: str, patch: UserPatch) -> User:
        """Change what `patch` names: a profile field set to None is cleared, metadata changes
        key by key; everything else is kept."""
        user = self.user(app_id, user_ref)
        for name, value in patch.profile.items():
            if name not in PROFILE_FIELDS:
                raise ValueError(f"not a profile field: {name}")
            setattr(user.profile, name, value)
        if patch.signed_up_at is not None:
            user.signed_up_at = patch.signed_up_at
        if patch.to_be_retained is not None:
            user.to_be_retained = patch.to_be_retained
        if patch.metadata is not None:
            user.metadata = patch.metadata.applied_to(user.metadata)
        return user

    def add_identity(
        self, app_id: str, user_ref: str, value: str, *, verification: str = "sso"
    ) -> User:
        """Record a verified email identity of the user (once per address)."""
        user = self.user(app_id, user_ref)
        if not any(i.get("value") == value for i in user.identities):
            user.identities.append({"type": "email", "value": value, "verification": verification})
        return user

    def users_with_email(self, app_id: str, email: str) -> list[User]:
        """Users with a verified email identity `email` (case-insensitive), oldest first; the
        profile's email is not an identity."""
        wanted = email.casefold()
        return [
            user
            for user in self.app_state(app_id).users.values()
            if any(_is_email(identity, wanted) for identity in user.identities)
        ]

    def remove_client(self, app_id: str, user_ref: str, client_id: str) -> Client:
        """Remove one of the user's clients, linked or pending, from every conversation."""
        user = self.user(app_id, user_ref)
        for clients in (user.clients, user.pending_clients):
            found = next((c for c in clients if c.id == client_id), None)
            if found is None:
                continue
            clients.remove(found)
            for conversation in self.app_state(app_id).conversations.values():
                participant = conversation.participant(user.id)
                if participant is not None and client_id in participant.client_ids:
                    participant.client_ids.remove(client_id)
            if found.primary and user.clients and clients is user.clients:
                user.clients[0].primary = True
            self.emit(events.ClientRemoved(app_id, self.now(), user, found, "api"))
            return found
        raise ClientNotFound()


def _is_email(identity: JsonObject, wanted: str) -> bool:
    value = identity.get("value")
    return identity.get("type") == "email" and isinstance(value, str) and value.casefold() == wanted
