"""The bare baseline: an aiohttp app answering fixed bytes; `baseline_app.py PORT BODIES.json`.

BODIES.json maps "METHOD" to {"status": int, "body": str}: the exact bytes the fake answered, so
both servers send the same response and the ratio measures only the fake's own work. With a
"deliver" entry ({"target": url, "body": str}) every POST also sends that webhook body to the
target, through DELIVERY_WORKERS keep-alive aiohttp client tasks on the app's own loop: the limit
of answering and delivering in aiohttp.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from aiohttp import ClientSession, TCPConnector, web

DELIVERY_WORKERS = 16
OUTBOX = web.AppKey("outbox", asyncio.Queue[bytes])


def make_app(bodies: dict[str, dict[str, object]]) -> web.Application:
    answers = {
        method: (int(str(spec["status"])), str(spec["body"]).encode())
        for method, spec in bodies.items()
        if method != "deliver"
    }
    deliver = bodies.get("deliver")
    payload = str(deliver["body"]).encode() if deliver else b""
    app = web.Application()

    async def answer(request: web.Request) -> web.Response:
        await request.read()  # the fake reads every body; so does the baseline
        status, body = answers[request.method]
        if deliver and request.method == "POST":
            app[OUTBOX].put_nowait(payload)
        return web.Response(
            status=status, body=body, content_type="application/json", charset="utf-8"
        )

    if deliver:
        app.cleanup_ctx.append(_deliverers(str(deliver["target"])))
    app.router.add_route("*", "/{tail:.*}", answer)
    return app


def _deliverers(target: str) -> Callable[[web.Application], AsyncIterator[None]]:
    async def run(app: web.Application) -> AsyncIterator[None]:
        app[OUTBOX] = asyncio.Queue()
        session = ClientSession(connector=TCPConnector(limit=DELIVERY_WORKERS))
        headers = {"Content-Type": "application/json", "X-API-Key": "secret"}

        async def worker() -> None:
            while True:
                body = await app[OUTBOX].get()
                async with session.post(target, data=body, headers=headers) as response:
                    await response.read()

        workers = [asyncio.create_task(worker()) for _ in range(DELIVERY_WORKERS)]
        yield
        for task in workers:
            task.cancel()
        await session.close()

    return run


def main() -> None:
    bodies = json.loads(Path(sys.argv[2]).read_text())
    web.run_app(
        make_app(bodies), host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None
    )


if __name__ == "__main__":
    main()
