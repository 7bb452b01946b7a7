"""Attachment upload and removal; the fake serves uploads back at their mediaUrl."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import InvalidQuery
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse


def upload_attachment(call: Call) -> ApiResponse:
    source = call.uploaded_file()
    purpose = call.query.get("for")
    if purpose not in (None, "message"):
        raise InvalidQuery(texts.FIELD_MUST_BE, field="for", value="message")
    user_ref = call.query.get("appUserId") or call.query.get("userId")
    conversation_id = None
    if user_ref:
        conversation_id = call.store.user(call.app_id, user_ref).default_conversation.id
    attachment = call.store.upload_attachment(
        call.app_id,
        source.file_name or "file",
        source.content_type,
        source.data,
        access=call.query.get("access"),
        for_message=purpose == "message",
        conversation_id=conversation_id,
    )
    return created(
        {
            "mediaUrl": call.media_url(attachment),
            "mediaType": attachment.media_type,
        }
    )


def remove_attachment(call: Call) -> ApiResponse:
    call.store.remove_attachment(call.app_id, call.body["mediaUrl"])
    return ok()
