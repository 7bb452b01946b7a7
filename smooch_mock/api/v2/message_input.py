"""A schema-checked v2 PostMessage body as the store's typed `MessageInput`."""

from __future__ import annotations

import html

from ...store.models import (
    CONVERSATIONS_API_SOURCE,
    AuthorInput,
    Content,
    JsonObject,
    MessageInput,
)

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
    "blockChatInput": "block_chat_input",
    "template": "template",
}
"""Content keys the store takes as given; `mediaSize`, `submitted`, `textFallback` and the
carousel, list and location fallbacks are the platform's to fill (sent ones are ignored)."""


def message_input(body: JsonObject) -> MessageInput:
    """`author` (business, or a user by `userId`/`userExternalId`) and `content` as given."""
    author: JsonObject = body["author"]
    content: JsonObject = body["content"]
    given = {
        name: content[key] for key, name in _CONTENT_KEYS.items() if content.get(key) is not None
    }
    text: str = content.get("text") or ""
    html_text: str | None = content.get("htmlText")
    markdown: str | None = content.get("markdownText")
    if markdown:
        # The fake renders no Markdown: the text stands as written, escaped for `htmlText`.
        text = text or markdown
        html_text = html_text or f"<p>{html.escape(markdown)}</p>"
    return MessageInput(
        author=AuthorInput(
            type=author["type"],
            user_ref=author.get("userId") or author.get("userExternalId"),
            display_name=author.get("displayName"),
            avatar_url=author.get("avatarUrl"),
        ),
        content=Content(type=content["type"], text=text, html_text=html_text, **given),
        metadata=body.get("metadata"),
        source=CONVERSATIONS_API_SOURCE,
    )
