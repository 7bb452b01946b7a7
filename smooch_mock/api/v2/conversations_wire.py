"""v2 shapes of conversations and participants."""

from __future__ import annotations

from collections.abc import Mapping

from ...store.models import Conversation, JsonObject, Participant, User
from . import users_wire
from .wire import iso_date


def conversation(record: Conversation, switchboard: JsonObject | None = None) -> JsonObject:
    """A conversation; unset labels are left out (the Python client refuses `""`). `switchboard`
    holds its active and pending switchboard integrations (`integrations_wire.switchboard_refs`)."""
    shape: JsonObject = {"id": record.id, "type": record.type, "isDefault": record.is_default}
    for key, value in (
        ("displayName", record.display_name),
        ("description", record.description),
        ("iconUrl", record.icon_url),
    ):
        if value:
            shape[key] = value
    if record.metadata is not None:
        shape["metadata"] = dict(record.metadata)
    if switchboard:
        shape.update(switchboard)
    if record.business_last_read is not None:
        shape["businessLastRead"] = iso_date(record.business_last_read)
    last_update = record.received[-1] if record.received else record.created_at
    shape["lastUpdatedAt"] = iso_date(last_update)
    shape["createdAt"] = iso_date(record.created_at)
    return shape


def participant(record: Participant, users: Mapping[str, User]) -> JsonObject:
    """A participant: its user, read state and clients (the primary one first)."""
    owner = users.get(record.user_id)
    shape: JsonObject = {
        "id": record.id,
        "userId": record.user_id,
        "unreadCount": record.unread_count,
        "clientAssociations": _associations(record, owner),
    }
    if owner is not None and owner.external_id:
        shape["userExternalId"] = owner.external_id
    if record.last_read is not None:
        shape["lastRead"] = iso_date(record.last_read)
    return shape


def _associations(record: Participant, owner: User | None) -> list[JsonObject]:
    if owner is None:
        return []
    found: list[JsonObject] = []
    for client_id in record.client_ids:
        client = owner.client(client_id)
        association = None if client is None else users_wire.client_association(owner, client)
        if association is not None and association not in found:
            found.append(association)
    return found
