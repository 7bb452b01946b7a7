"""The fake's own control API under `/_mock/`: health, reset, state dump, hosted media."""

from __future__ import annotations

from urllib.parse import quote

from .... import error_texts as texts
from ....clock import FakeClock
from ....errors import InvalidSimulation
from ....http.call import Call, ok
from ....http.messages import ApiResponse
from ...v1 import wire
from ..state import state_dump


def health(call: Call) -> ApiResponse:
    return ok({"status": "ok"})


def reset(call: Call) -> ApiResponse:
    call.fake.reset()
    return ok()


def state(call: Call) -> ApiResponse:
    return ok(state_dump(call.store))


INLINE_MEDIA_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/avif"}
)
"""Shown in place (the dashboard's <img>); anything else, SVG and HTML included, downloads."""
MEDIA_POLICY = "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'none'"
"""Even opened directly, an uploaded file is a sandboxed document with no script and no origin."""


def media(call: Call) -> ApiResponse:
    """An uploaded file, served so that it can never run script in the dashboard's origin."""
    attachment = call.store.get_attachment(call.params["attachmentId"])
    inline = attachment.media_type.split(";", 1)[0].strip().lower() in INLINE_MEDIA_TYPES
    disposition = "inline" if inline else "attachment"
    file_name = quote(attachment.file_name, safe="")
    headers = {
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{file_name}",
        "Content-Security-Policy": MEDIA_POLICY,
    }
    return ApiResponse(
        200, raw=attachment.data, content_type=attachment.media_type, headers=headers
    )


def list_apps(call: Call) -> ApiResponse:
    return ok({"apps": [wire.app(a) for a in call.store.list_apps()]})


def advance_clock(call: Call) -> ApiResponse:
    """Move a fake clock forward (servers started with a FakeClock only)."""
    clock = call.fake.clock
    if not isinstance(clock, FakeClock):
        raise InvalidSimulation(texts.CLOCK_IS_REAL)
    seconds = float(call.body["seconds"])
    clock.advance(seconds)
    return ok({"now": clock.now()})


def openapi(call: Call) -> ApiResponse:
    """This API as an OpenAPI 3.1 document, composed from the route tables and the schemas."""
    from ....contract.document import openapi_document  # built on first request: session start

    return ok(openapi_document(tuple(call.routes)))
