"""Notifications to users not yet known."""

from __future__ import annotations

from ....http.call import Call, created
from ....http.messages import ApiResponse


def post_notification(call: Call) -> ApiResponse:
    notification = call.store.post_notification(call.app_id, call.body)
    return created({"notification": {"_id": notification.id}})
