"""Notifications to users not yet known."""

from __future__ import annotations

from ....http.call import Call, created
from ....http.messages import ApiResponse
from ..message_input import message_input

_AUTHOR_KEYS = ("name", "avatarUrl", "email")


def post_notification(call: Call) -> ApiResponse:
    body = call.body
    # A channel's own schema (`messageSchema`, e.g. WhatsApp templates) is passed on, not posted.
    given = None
    if body.get("messageSchema") is None:
        author = body["author"]
        named = {k: author[k] for k in _AUTHOR_KEYS if isinstance(author.get(k), str)}
        given = message_input({**body["message"], **named}, role="appMaker")
    notification = call.store.post_notification(call.app_id, body, given)
    return created({"notification": {"_id": notification.id}})
