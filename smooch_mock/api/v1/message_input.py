"""v1 message bodies (posts, templates, notifications, simulated ones), schema-checked, as the
store's typed `MessageInput`."""

from __future__ import annotations

from collections.abc import Callable

from ...store.models import AuthorInput, AuthorType, Content, JsonObject, MessageInput, Source

AUTHOR_TYPES: dict[str, AuthorType] = {"appUser": "user", "appMaker": "business"}
"""v1's `role` to the author type it names."""
_CONTENT_KEYS = {
    "payload": "payload",
    "actions": "actions",
    "mediaUrl": "media_url",
    "mediaType": "media_type",
    "altText": "alt_text",
    "items": "items",
    "displaySettings": "display_settings",
    "coordinates": "coordinates",
    "location": "location",
    "fields": "fields",
    "quotedMessage": "quoted_message",
}
"""Body keys the store takes as given; it works out `mediaSize`, `submitted` and the text
fallbacks itself, so a template's stored ones are not read back."""


def message_input(
    body: JsonObject,
    *,
    default_type: str = "text",
    role: str | None = None,
    source: Source | None = None,
) -> MessageInput:
    """`body` as the store's input: `role` (or the one given, for templates and notifications,
    which are the business's) names the author; an untyped body is `default_type`."""
    kind = body.get("type") or default_type
    given = {name: body[key] for key, name in _CONTENT_KEYS.items() if body.get(key) is not None}
    if kind == "form" and body.get("blockChatInput") is not None:
        # v1 shows blockChatInput on forms only (the other types drop it).
        given["block_chat_input"] = body["blockChatInput"]
    author = AuthorInput(
        type=AUTHOR_TYPES[role or body.get("role") or "appMaker"],
        display_name=body.get("name"),
        avatar_url=body.get("avatarUrl"),
        email=body.get("email"),
    )
    return MessageInput(
        author=author,
        content=Content(type=kind, text=body.get("text") or "", **given),
        metadata=body.get("metadata"),
        source=source,
        quoted_message_id=_quoted_message_id(kind, body.get("quotedMessage")),
    )


def template_document(message: JsonObject, media_size: Callable[[str], int | None]) -> JsonObject:
    """A template's message as the API shows it: nearly as given (live 2018 recordings), no
    action ids, but `uri: ""` on postback and reply actions and `mediaSize` on media."""
    stored: JsonObject = dict(message)
    if isinstance(stored.get("actions"), list):
        stored["actions"] = [_shown_template_action(a) for a in stored["actions"]]
    if isinstance(stored.get("items"), list):
        stored["items"] = [
            {**item, "actions": [_shown_template_action(a) for a in item["actions"]]}
            for item in stored["items"]
        ]
    if stored.get("type") in ("image", "file"):
        stored["mediaSize"] = media_size(stored["mediaUrl"])
    return stored


def _shown_template_action(action: JsonObject) -> JsonObject:
    if action.get("type") in ("postback", "reply"):
        return {"uri": "", **action}
    return dict(action)


def _quoted_message_id(kind: str, quoted: object) -> str | None:
    """The id of the form a formResponse answers, when it quotes one of the conversation's."""
    if kind != "formResponse" or not isinstance(quoted, dict) or quoted.get("type") != "message":
        return None
    content = quoted.get("content")
    found = content.get("_id") if isinstance(content, dict) else None
    return found if isinstance(found, str) else None
