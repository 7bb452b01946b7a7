"""In-process transport: httpx requests answered by a FakeSmooch directly, with no socket."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import unquote

import httpx

from .. import encoding
from ..errors import StreamNeedsServer
from .messages import ApiRequest, ApiResponse

if TYPE_CHECKING:
    import respx

    from ..fake import FakeSmooch


def to_api_request(request: httpx.Request) -> ApiRequest:
    """The transport-neutral request the fake's dispatcher takes, as the aiohttp edge builds it."""
    raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0] or "/"
    query: dict[str, str] = {}
    for name, value in request.url.params.multi_items():
        query[name] = value  # the last value wins, as in the aiohttp edge
    url = request.url
    authority = url.netloc.decode("ascii")
    return ApiRequest(
        method=request.method,
        path=raw_path,
        query=query,
        headers={name.lower(): value for name, value in request.headers.items()},
        body=request.read(),
        base_url=f"{url.scheme}://{authority}",
    )


def to_httpx_response(answer: ApiResponse) -> httpx.Response:
    """The fake's answer as an httpx response, byte for byte what the aiohttp edge would send."""
    body = answer.raw if answer.raw is not None else encoding.dumps(answer.body)
    headers = {**answer.headers, "Content-Type": answer.content_type}
    return httpx.Response(answer.status, headers=headers, content=body)


def answerer(fake: FakeSmooch) -> Callable[[httpx.Request], httpx.Response]:
    """Answer an httpx request with `fake` (a respx side effect, a MockTransport handler)."""

    def answer(request: httpx.Request) -> httpx.Response:
        api_request = to_api_request(request)
        reply = fake.handle(api_request)
        if reply.stream is not None:
            stream_error = StreamNeedsServer(path=unquote(api_request.path))
            reply = fake.error_response(stream_error, api_request.path)
        return to_httpx_response(reply)

    return answer


def fake_transport(fake: FakeSmooch) -> httpx.MockTransport:
    """A transport for `httpx.Client(transport=...)` or `AsyncClient`: all requests go to `fake`."""
    return httpx.MockTransport(answerer(fake))


def respx_router(fake: FakeSmooch, base_urls: Sequence[str]) -> respx.MockRouter:
    """A respx router (use it as a context manager) sending requests under `base_urls` to `fake`.

    Any other request fails with respx's "not mocked" error, so a stray call to a real host is
    caught instead of leaving the machine.
    """
    import respx

    router = respx.mock(assert_all_mocked=True, assert_all_called=False)
    side_effect = answerer(fake)
    for base_url in base_urls:
        router.route(url__startswith=base_url.rstrip("/") + "/", name=base_url).mock(
            side_effect=side_effect
        )
    return router
