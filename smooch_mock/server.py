"""The aiohttp edge: a catch-all route handing every request to the fake, and a thread runner."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TypeVar

from aiohttp import web

from . import encoding
from . import error_texts as texts
from .dashboard.live import add_live_routes
from .errors import PayloadTooLarge
from .fake import FakeSmooch
from .http.dispatch import MULTIPART_BODY_LIMIT, error_response
from .http.messages import ApiRequest, ApiResponse

access_log = logging.getLogger("smooch_mock.access")
FAKE_KEY = web.AppKey("fake", FakeSmooch)
_Server = TypeVar("_Server", bound="BackgroundServer")


def create_app(fake: FakeSmooch) -> web.Application:
    """The web application serving `fake` (Smooch paths, `/_mock/` control API)."""
    app = web.Application(client_max_size=MULTIPART_BODY_LIMIT + 1)
    app[FAKE_KEY] = fake
    add_live_routes(app, fake)  # streaming, so before the catch-all
    app.router.add_route("*", "/{tail:.*}", _handle)
    return app


async def _handle(request: web.Request) -> web.StreamResponse:
    started = time.perf_counter()
    fake = request.app[FAKE_KEY]
    too_large = False
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        too_large = True
        answer = error_response(
            PayloadTooLarge(texts.BODY_TOO_LARGE.format(limit=MULTIPART_BODY_LIMIT))
        )
    else:
        api_request = ApiRequest(
            method=request.method,
            path=request.rel_url.raw_path,
            query={k: v for k, v in request.query.items()},
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
            base_url=f"{request.scheme}://{request.host}",
        )
        answer = fake.handle(api_request)
    response = to_web_response(answer)
    if too_large:
        # The unread rest of the body is still on the wire: this connection cannot be reused.
        response.force_close()
    access_log.info(
        "%s %s %d %.1fms",
        request.method,
        request.rel_url.raw_path,
        answer.status,
        (time.perf_counter() - started) * 1000,
    )
    return response


def to_web_response(answer: ApiResponse) -> web.Response:
    body = answer.raw if answer.raw is not None else encoding.dumps(answer.body)
    response = web.Response(status=answer.status, body=body, headers=answer.headers)
    response.headers["Content-Type"] = answer.content_type
    return response


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
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = getattr(site, "_server", None)
        if server is not None and server.sockets:
            self.port = server.sockets[0].getsockname()[1]


class ServerThread(BackgroundServer):
    """A fake's web server on a background thread (tests, the pytest plugin)."""

    def __init__(self, fake: FakeSmooch, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(create_app(fake), host, port)
        self.fake = fake

    def stop(self) -> None:
        super().stop()
        self.fake.close()
