"""Schema-checked v2 bodies as the store's typed inputs (users, conversations)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ... import error_texts as texts
from ...errors import InvalidField
from ...store.inputs import ConversationPatch, MetadataPatch, UserInput, UserPatch
from ...store.models import JsonObject

PROFILE_ATTRIBUTES = {
    "givenName": "given_name",
    "surname": "surname",
    "email": "email",
    "avatarUrl": "avatar_url",
    "locale": "locale",
}
CONVERSATION_LABELS = {
    "displayName": "display_name",
    "description": "description",
    "iconUrl": "icon_url",
}


def iso_seconds(body: JsonObject, name: str) -> float | None:
    """An ISO-8601 date of the body (the schema checked its form) as unix seconds."""
    value = body.get(name)
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidField(texts.FIELD_NOT_ISO_DATE, field=name) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def user_input(body: JsonObject) -> UserInput:
    """CreateUser's body; an empty profile field counts as absent."""
    profile: JsonObject = body.get("profile") or {}
    return UserInput(
        external_id=body.get("externalId"),
        given_name=profile.get("givenName") or None,
        surname=profile.get("surname") or None,
        email=profile.get("email") or None,
        avatar_url=profile.get("avatarUrl") or None,
        locale=profile.get("locale") or None,
        signed_up_at=iso_seconds(body, "signedUpAt"),
        metadata=body.get("metadata"),
        to_be_retained=body.get("toBeRetained"),
    )


def user_patch(body: JsonObject) -> UserPatch:
    """UpdateUser's body: profile fields sent as null are cleared, metadata key by key."""
    profile: JsonObject = body.get("profile") or {}
    return UserPatch(
        profile={
            attribute: profile[key] or None
            for key, attribute in PROFILE_ATTRIBUTES.items()
            if key in profile
        },
        signed_up_at=iso_seconds(body, "signedUpAt"),
        to_be_retained=body.get("toBeRetained"),
        metadata=metadata_patch(body),
    )


def conversation_patch(body: JsonObject) -> ConversationPatch:
    """UpdateConversation's body: labels sent as null are cleared, metadata key by key."""
    return ConversationPatch(
        labels={
            attribute: body[key] or None
            for key, attribute in CONVERSATION_LABELS.items()
            if key in body
        },
        metadata=metadata_patch(body),
    )


def metadata_patch(body: JsonObject) -> MetadataPatch | None:
    """v2 changes `metadata` key by key (a key set to null goes); `metadata: null` clears it."""
    if "metadata" not in body:
        return None
    changes: Any = body["metadata"]
    if changes is None:
        return MetadataPatch(cleared=True)
    return MetadataPatch(changes=dict(changes))
