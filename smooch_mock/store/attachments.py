"""Attachments: uploads kept in memory and served back by the fake at their mediaUrl."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from urllib.parse import quote, urlparse

from .. import error_texts as texts
from ..errors import (
    AttachmentNotFound,
    BodyTooLarge,
    InvalidField,
)
from .base import StoreBase
from .models import Attachment, Conversation, Message

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MEDIA_PATH = "/_mock/media/"
STAND_IN_MIN_BYTES = 1024
STAND_IN_SPAN_BYTES = 1024 * 1024


class AttachmentOperations(StoreBase):
    def upload_attachment(
        self,
        app_id: str,
        file_name: str,
        media_type: str,
        data: bytes,
        *,
        access: str | None,
        for_message: bool = False,
        conversation_id: str | None = None,
    ) -> Attachment:
        self.app_state(app_id)
        if conversation_id is not None:
            self.conversation(app_id, conversation_id)
        if access != "public":
            raise InvalidField(texts.FIELD_MUST_BE, field="access", value="public")
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise BodyTooLarge(limit=MAX_ATTACHMENT_BYTES)
        attachment = Attachment(
            id=self.ids.object_id(),
            app_id=app_id,
            file_name=file_name or "file",
            media_type=media_type,
            data=data,
            for_message=for_message,
            conversation_id=conversation_id,
        )
        self.attachments[attachment.id] = attachment
        return attachment

    def attachment_for_url(self, media_url: str) -> Attachment | None:
        return self.attachments.get(attachment_id_of(media_url) or "")

    def get_attachment(self, attachment_id: str) -> Attachment:
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            raise AttachmentNotFound()
        return attachment

    def remove_attachment(self, app_id: str, media_url: str) -> None:
        attachment = self.attachment_for_url(media_url)
        if attachment is None or attachment.app_id != app_id:
            raise AttachmentNotFound()
        del self.attachments[attachment.id]

    def media_size(self, media_url: str) -> int:
        """`mediaSize` in bytes: the real size of a file the fake hosts; for media elsewhere, which
        Smooch downloads and the fake cannot, a stable stand-in derived from the URL."""
        attachment = self.attachment_for_url(media_url)
        if attachment is not None:
            return attachment.size
        digest = hashlib.sha256(media_url.encode("utf-8")).digest()
        return STAND_IN_MIN_BYTES + int.from_bytes(digest[:4], "big") % STAND_IN_SPAN_BYTES


def attachment_id_of(media_url: str) -> str | None:
    """The id in a URL of a file the fake hosts, else None."""
    path = urlparse(media_url).path
    if not path.startswith(MEDIA_PATH):
        return None
    return path[len(MEDIA_PATH) :].split("/", 1)[0]


def drop_attachments_of(
    attachments: dict[str, Attachment],
    messages: Iterable[Message],
    conversation: Conversation | None = None,
) -> None:
    """Delete the files uploaded `for=message` that `messages` show, and those uploaded for
    `conversation`: they go with the messages (or the conversation) being deleted."""
    shown = {
        attachment_id_of(m.content.media_url) for m in messages if m.content.media_url is not None
    }
    for attachment in list(attachments.values()):
        if (attachment.for_message and attachment.id in shown) or (
            conversation is not None and attachment.conversation_id == conversation.id
        ):
            del attachments[attachment.id]


def media_path(attachment: Attachment) -> str:
    return f"{MEDIA_PATH}{attachment.id}/{quote(attachment.file_name, safe='')}"
