"""The fake's own control API under `/_mock/`: health, reset, state dump, hosted media."""

from __future__ import annotations

from ... import wire
from ...clock import FakeClock
from ...errors import BadRequest
from ...store import fields as f
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


def list_apps(call: Call) -> ApiResponse:
    return ok({"apps": [wire.app(a) for a in call.store.list_apps()]})


def advance_clock(call: Call) -> ApiResponse:
    """Move a fake clock forward (servers started with a FakeClock only)."""
    clock = call.fake.clock
    if not isinstance(clock, FakeClock):
        raise BadRequest("this fake runs on the real clock")
    seconds = f.number(call.body, "seconds", required=True) or 0.0
    if seconds < 0:
        raise BadRequest("seconds must not be negative")
    clock.advance(seconds)
    return ok({"now": clock.now()})


def openapi(call: Call) -> ApiResponse:
    """This API as an OpenAPI 3.1 document, composed from the route table and the schemas."""
    from ...contract.openapi import openapi_document  # the document is built from the routes

    return ok(openapi_document())
