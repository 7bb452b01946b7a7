"""Attachments: uploads kept in memory and served back by the fake at their mediaUrl."""

from __future__ import annotations

from urllib.parse import quote, urlparse

from .. import error_texts as texts
from ..errors import BadRequest, NotFound, PayloadTooLarge
from .base import StoreBase
from .models import Attachment

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MEDIA_PATH = "/_mock/media/"


class AttachmentOperations(StoreBase):
    def upload_attachment(
        self, app_id: str, file_name: str, media_type: str, data: bytes, *, access: str | None
    ) -> Attachment:
        self.app_state(app_id)
        if access != "public":
            raise BadRequest("access must be public")
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise PayloadTooLarge(texts.BODY_TOO_LARGE.format(limit=MAX_ATTACHMENT_BYTES))
        attachment = Attachment(
            id=self.ids.object_id(),
            app_id=app_id,
            file_name=file_name or "file",
            media_type=media_type,
            data=data,
        )
        self.attachments[attachment.id] = attachment
        return attachment

    def attachment_for_url(self, media_url: str) -> Attachment | None:
        path = urlparse(media_url).path
        if not path.startswith(MEDIA_PATH):
            return None
        attachment_id = path[len(MEDIA_PATH) :].split("/", 1)[0]
        return self.attachments.get(attachment_id)

    def get_attachment(self, attachment_id: str) -> Attachment:
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            raise NotFound(texts.ATTACHMENT_NOT_FOUND)
        return attachment

    def remove_attachment(self, app_id: str, media_url: str) -> None:
        attachment = self.attachment_for_url(media_url)
        if attachment is None or attachment.app_id != app_id:
            raise NotFound(texts.ATTACHMENT_NOT_FOUND)
        del self.attachments[attachment.id]

    def hosted_media_size(self, media_url: str) -> int | None:
        """Size in bytes of a file the fake hosts, for `mediaSize`."""
        attachment = self.attachment_for_url(media_url)
        return attachment.size if attachment else None


def media_path(attachment: Attachment) -> str:
    return f"{MEDIA_PATH}{attachment.id}/{quote(attachment.file_name, safe='')}"
