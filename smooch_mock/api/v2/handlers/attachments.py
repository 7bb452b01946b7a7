"""Attachments: upload (multipart `source`) and remove by `mediaUrl`; the fake serves the files."""

from __future__ import annotations

from urllib.parse import urlparse

from .... import error_texts as texts
from ....errors import InvalidQuery, UnsupportedMediaUrl
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.attachments import MEDIA_PATH
from .. import access, wire


def upload_attachment(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    source = call.uploaded_file()
    purpose = call.query.get("for")
    if purpose not in (None, "message"):
        raise InvalidQuery(texts.FIELD_MUST_BE, field="for", value="message")
    attachment = call.store.upload_attachment(
        app_id,
        source.file_name or "file",
        source.content_type,
        source.data,
        access=call.query.get("access"),
        for_message=purpose == "message",
        conversation_id=call.query.get("conversationId"),
    )
    body = wire.attachment(call.media_url(attachment), attachment.media_type)
    return created({"attachment": body})


def remove_attachment(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    media_url = call.body["mediaUrl"]
    if not urlparse(media_url).path.startswith(MEDIA_PATH):
        raise UnsupportedMediaUrl(url=media_url)
    call.store.remove_attachment(app_id, media_url)
    return ok()
