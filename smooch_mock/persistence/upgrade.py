"""Reading snapshots saved before the generation-neutral store (`smooch-mock-state/1`)."""

from __future__ import annotations

from typing import Any

from ..store.conversation_lifecycle import participant_id
from ..store.webhooks import custom_integration_id

FORMAT_1 = "smooch-mock-state/1"
CONTENT_FIELDS = {
    "payload": "payload",
    "actions": "actions",
    "mediaUrl": "media_url",
    "mediaType": "media_type",
    "mediaSize": "media_size",
    "altText": "alt_text",
    "items": "items",
    "displaySettings": "display_settings",
    "coordinates": "coordinates",
    "location": "location",
    "fields": "fields",
    "submitted": "submitted",
    "blockChatInput": "block_chat_input",
    "quotedMessage": "quoted_message",
    "textFallback": "text_fallback",
}
"""A format-1 message's content keys (v1's names) to the stored content's fields."""


def upgrade_format_1(data: dict[str, Any], format_2: str) -> dict[str, Any]:
    """The same state in the current format: each appUser's conversation becomes their default
    conversation, each webhook a custom integration of its own. New ids are derived, never
    drawn, so a journal written after the old snapshot replays to the same ids."""
    apps = []
    for entry in data["apps"]:
        business_id: str = entry["app"]["business_author_id"]
        users, conversations = [], []
        for raw in entry["appUsers"]:
            user, conversation = _user(raw, business_id)
            users.append(user)
            conversations.append(conversation)
        integrations = [{**i, "display_name": None, "webhooks": []} for i in entry["integrations"]]
        integrations += [_custom_integration(w) for w in entry["webhooks"]]
        rest = {k: v for k, v in entry.items() if k not in ("appUsers", "webhooks")}
        apps.append(
            {**rest, "users": users, "conversations": conversations, "integrations": integrations}
        )
    return {**data, "format": format_2, "apps": apps}


def _user(raw: dict[str, Any], business_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    old = raw["conversation"]
    clients = sorted(raw["clients"], key=lambda c: not c["primary"])
    conversation = {
        "id": old["id"],
        "created_at": raw["signed_up_at"],
        "type": "personal",
        "is_default": True,
        "participants": [
            {
                "id": participant_id(old["id"], raw["id"]),
                "user_id": raw["id"],
                "unread_count": old["unread_count"],
                "last_read": old["app_user_last_read"],
                "client_ids": [c["id"] for c in clients],
            }
        ],
        "business_last_read": old["app_maker_last_read"],
        "messages": [_message(m, business_id) for m in old["messages"]],
    }
    user = {
        "id": raw["id"],
        "default_conversation": old["id"],
        "signed_up_at": raw["signed_up_at"],
        "external_id": raw["user_id"],
        "profile": {
            "given_name": raw["given_name"],
            "surname": raw["surname"],
            "email": raw["email"],
            "avatar_url": None,
            "locale": None,
        },
        "metadata": raw["properties"],
        "clients": raw["clients"],
        "pending_clients": raw["pending_clients"],
        "conversation_started": raw["conversation_started"],
        "has_payment_info": raw["has_payment_info"],
        "business_systems": raw["business_systems"],
    }
    return user, conversation


def _message(raw: dict[str, Any], business_id: str) -> dict[str, Any]:
    content = dict(raw["content"] or {})
    metadata = content.pop("metadata", None)
    email = content.pop("email", None)
    by_user = raw["role"] == "appUser"
    quoted = content.get("quotedMessage") or {}
    quoted_content = quoted.get("content") if quoted.get("type") == "message" else None
    source = raw["source"]
    return {
        "id": raw["id"],
        "author": {
            "type": "user" if by_user else "business",
            "user_id": raw["author_id"] if by_user else None,
            "business_id": None if by_user else raw["author_id"] or business_id,
            "display_name": raw["name"],
            "avatar_url": raw["avatar_url"],
            "email": email,
        },
        # A key the old store never wrote fails here (KeyError): the file is reported damaged.
        "content": {
            "type": raw["type"],
            "text": raw["text"],
            **{CONTENT_FIELDS[k]: v for k, v in content.items()},
        },
        "received": raw["received"],
        "source": {
            "type": source["type"],
            "integration_id": source.get("integrationId"),
            "client_id": source.get("id"),
            "original_message_id": source.get("originalMessageId"),
            "original_message_timestamp": source.get("originalMessageTimestamp"),
        },
        "metadata": metadata,
        "quoted_message_id": (
            quoted_content.get("_id") if isinstance(quoted_content, dict) else None
        ),
    }


def _custom_integration(webhook: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": custom_integration_id(webhook["id"]),
        "type": "custom",
        "status": "active",
        "public": {},
        "secrets": {},
        "display_name": None,
        "webhooks": [
            {
                "id": webhook["id"],
                "target": webhook["target"],
                "triggers": webhook["triggers"],
                "secret": webhook["secret"],
                "version": webhook["version"],
                "include_full_user": webhook["include_full_app_user"],
                "include_full_source": webhook["include_client"],
            }
        ],
        "menu": None,
        "profile": {},
        "message_templates": [],
    }
