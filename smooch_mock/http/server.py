"""The aiohttp edge: one catch-all handler (guard, answer, security headers), a thread runner."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from collections.abc import Mapping
from typing import Any, TypeVar

from aiohttp import web
from multidict import CIMultiDict

from .. import encoding
from ..errors import BodyTimeout, BodyTooLarge, FakeBug, SmoochError
from ..fake import FakeSmooch
from .dispatch import MULTIPART_BODY_LIMIT
from .guard import RequestGuard
from .messages import ApiRequest, ApiResponse, BodyStream

access_log = logging.getLogger("smooch_mock.access")
FAKE_KEY = web.AppKey("fake", FakeSmooch)
GUARD_KEY = web.AppKey("guard", RequestGuard)
BODY_TIMEOUT_KEY = web.AppKey("body_timeout", float)
STREAMS_KEY = web.AppKey("streams", set[BodyStream])
"""The answers this server is streaming: ended when it shuts down, so it never waits for them."""
_Server = TypeVar("_Server", bound="BackgroundServer")

REQUEST_TIMEOUT = 15.0
"""Seconds a client has to send its headers, and then its body: a half-sent request must not
hold a connection (and a file descriptor) for ever."""
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
DEFAULT_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
"""For every answer that sets no policy of its own (JSON, errors, event streams)."""
ANSWER_HEADERS = {**SECURITY_HEADERS, "Content-Security-Policy": DEFAULT_POLICY}
"""Added to every answer, unless it sets the same header itself."""
_COMMON_HEADERS: dict[str, CIMultiDict[str]] = {}
"""ANSWER_HEADERS with each content type, for answers with no headers of their own: built once,
copied into each response (a copy of a CIMultiDict is one C call)."""


def create_app(
    fake: FakeSmooch,
    *,
    bound_host: str = "127.0.0.1",
    allowed_hosts: tuple[str, ...] = (),
    request_timeout: float = REQUEST_TIMEOUT,
) -> web.Application:
    """The web application serving `fake` (Smooch paths, `/_mock/` control API, dashboard).

    Only loopback names, `bound_host` and `allowed_hosts` may appear in `Host`.
    """
    # No middleware and no response signal: the one handler guards, answers and adds the
    # security headers, which saves a third of the edge's cost per request.
    app = web.Application(client_max_size=MULTIPART_BODY_LIMIT + 1)
    app[FAKE_KEY] = fake
    app[GUARD_KEY] = RequestGuard.for_server(bound_host, allowed_hosts, fake.control_token)
    app[BODY_TIMEOUT_KEY] = request_timeout
    app[STREAMS_KEY] = set()
    app.on_startup.append(_deliver_on_this_loop)
    app.on_shutdown.append(_end_streams)
    app.on_shutdown.append(_stop_delivering_on_this_loop)
    # `(?s)`: a path with an encoded newline (`%0A`) is still the fake's to answer.
    app.router.add_route("*", "/{tail:(?s:.*)}", _Edge(app).handle)
    return app


def runner_for(app: web.Application, **options: Any) -> web.AppRunner:
    """An AppRunner whose connections time out while idle or half-sent (see REQUEST_TIMEOUT)."""
    timeout = app.get(BODY_TIMEOUT_KEY, REQUEST_TIMEOUT)
    return web.AppRunner(
        app, access_log=None, keepalive_timeout=timeout, lingering_time=timeout, **options
    )


def bound_port(runner: web.AppRunner) -> int:
    """The port the runner's (first) site listens on: the one the OS picked for port 0."""
    port: int = runner.addresses[0][1]
    return port


async def _deliver_on_this_loop(app: web.Application) -> None:
    # Webhook deliveries share the server's loop: no second loop, no thread hop per delivery.
    app[FAKE_KEY].webhooks.engine.attach(asyncio.get_running_loop())


async def _stop_delivering_on_this_loop(app: web.Application) -> None:
    app[FAKE_KEY].webhooks.engine.detach(asyncio.get_running_loop())


class _Edge:
    """The one handler, holding what it needs of the application so that a request looks
    nothing up there."""

    __slots__ = ("body_timeout", "fake", "guard")

    def __init__(self, app: web.Application) -> None:
        self.fake = app[FAKE_KEY]
        self.guard = app[GUARD_KEY]
        self.body_timeout = app[BODY_TIMEOUT_KEY]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        logged = access_log.isEnabledFor(logging.INFO)
        started = time.perf_counter() if logged else 0.0
        fake = self.fake
        path = request.rel_url.raw_path
        close_after = False  # whether a body was left unread on the wire
        try:
            # Case-insensitive already: read by lower-case name, as ApiRequest asks.
            headers = request.headers
            try:
                self.guard.check(request.method, path, headers)
                # A GET has no body: no timer, no task.
                body = (
                    await _read_body(request, self.body_timeout) if request.can_read_body else b""
                )
            except SmoochError as error:
                answer = fake.error_response(error, path)
            except web.HTTPRequestEntityTooLarge:
                answer = fake.error_response(BodyTooLarge(limit=MULTIPART_BODY_LIMIT), path)
                close_after = True
            except asyncio.TimeoutError:
                answer, close_after = fake.error_response(BodyTimeout(), path), True
            else:
                query = request.query if request.rel_url.raw_query_string else None
                api_request = ApiRequest(
                    method=request.method,
                    path=path,
                    query=dict(query.items()) if query else {},
                    headers=headers,
                    body=body,
                    base_url=f"{request.scheme}://{request.host}",
                )
                answer = fake.handle(api_request)
        except Exception as error:  # a failure of this edge is the fake's own bug, like a handler's
            fake.record_internal_error(error, f"{request.method} {path}")
            answer, close_after = fake.error_response(FakeBug(repr(error)), path), False
        if answer.stream is not None:
            return await _stream(request, answer, answer.stream)
        response = to_web_response(answer)
        if close_after:
            # The unread rest of the body is still on the wire: this connection cannot be reused.
            response.force_close()
        if logged:
            elapsed = (time.perf_counter() - started) * 1000
            access_log.info("%s %s %d %.1fms", request.method, path, answer.status, elapsed)
        return response


async def _read_body(request: web.Request, timeout: float) -> bytes:
    """The whole body, or asyncio.TimeoutError after `timeout` seconds."""
    if request.content.is_eof():
        return await request.read()  # arrived whole with the headers (most bodies): no timer
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(timeout):  # a timer on this task, not a task of its own
            return await request.read()
    return await asyncio.wait_for(request.read(), timeout)


async def _stream(
    request: web.Request, answer: ApiResponse, stream: BodyStream
) -> web.StreamResponse:
    """Send each piece as it comes, until the stream ends, the client goes or the server stops."""
    response = web.StreamResponse(status=answer.status, headers=_headers_of(answer))
    await response.prepare(request)
    streams = request.app[STREAMS_KEY]
    streams.add(stream)
    pieces = aiter(stream)
    try:
        async for piece in pieces:
            if piece:
                await response.write(piece)
            elif request.transport is None or request.transport.is_closing():
                break
    except ConnectionError:  # the client went away mid-write
        pass
    finally:
        streams.discard(stream)
        await pieces.aclose()
    return response


async def _end_streams(app: web.Application) -> None:
    streams = app[STREAMS_KEY]
    for stream in [*streams]:
        stream.close()


def to_web_response(answer: ApiResponse) -> web.Response:
    body = answer.raw if answer.raw is not None else encoding.dumps(answer.body)
    return web.Response(status=answer.status, body=body, headers=_headers_of(answer))


def _headers_of(answer: ApiResponse) -> Mapping[str, str]:
    """The answer's headers, its content type, and each security header it does not set itself."""
    if not answer.headers:
        common = _COMMON_HEADERS.get(answer.content_type)
        if common is None:
            common = CIMultiDict({**ANSWER_HEADERS, "Content-Type": answer.content_type})
            if len(_COMMON_HEADERS) < 64:  # content types are few; a file's could be any
                _COMMON_HEADERS[answer.content_type] = common
        return common
    headers = CIMultiDict(answer.headers)
    for name, value in ANSWER_HEADERS.items():
        headers.setdefault(name, value)
    headers["Content-Type"] = answer.content_type
    return headers


class BackgroundServer:
    """Run an aiohttp application on its own thread and event loop, on 127.0.0.1 by default."""

    def __init__(self, app: web.Application, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._run, name="smooch-mock-server", daemon=True)
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self: _Server) -> _Server:
        self._thread.start()
        self._ready.wait(timeout=10)
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self: _Server) -> _Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as error:
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _serve(self) -> None:
        # Stopping must not wait a minute for an idle keep-alive or half-read connection.
        self._runner = runner_for(self.app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = bound_port(self._runner)


class ServerThread(BackgroundServer):
    """A fake's web server on a background thread (tests, the pytest plugin)."""

    def __init__(self, fake: FakeSmooch, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(create_app(fake, bound_host=host), host, port)
        self.fake = fake

    def stop(self) -> None:
        super().stop()
        self.fake.close()
