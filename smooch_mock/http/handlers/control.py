"""The fake's own control API under `/_mock/`: health, reset, state dump, hosted media."""

from __future__ import annotations

from ..call import Call, ok
from ..messages import ApiResponse


def health(call: Call) -> ApiResponse:
    return ok({"status": "ok"})


def reset(call: Call) -> ApiResponse:
    call.fake.reset()
    return ok()


def state(call: Call) -> ApiResponse:
    return ok(call.fake.state_dump())


def media(call: Call) -> ApiResponse:
    attachment = call.store.get_attachment(call.params["attachmentId"])
    return ApiResponse(200, raw=attachment.data, content_type=attachment.media_type)
