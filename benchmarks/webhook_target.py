"""A webhook target process: answers 200 at once, keeps arrival times; `webhook_target.py PORT`."""

from __future__ import annotations

import json
import sys
import time

from aiohttp import web

arrivals: list[tuple[float, str, bytes]] = []


async def receive(request: web.Request) -> web.Response:
    body = await request.read()
    # Parsing waits until /_arrivals, so a delivery costs the target as little as possible.
    arrivals.append((time.time(), request.path, body))
    return web.Response(text="ok")


async def stats(request: web.Request) -> web.Response:
    last = arrivals[-1][0] if arrivals else None
    # `cpu`: this process's CPU seconds so far, for the cost of receiving a delivery.
    return web.json_response({"count": len(arrivals), "last": last, "cpu": time.process_time()})


async def sample(request: web.Request) -> web.Response:
    """The body of the first arrival, as it came (the baseline delivers one of the same size)."""
    return web.Response(body=arrivals[0][2] if arrivals else b"")


async def arrival_list(request: web.Request) -> web.Response:
    """Every arrival as [unix time, path, id of the payload's first message]."""
    rows = []
    for at, path, body in arrivals:
        messages = json.loads(body).get("messages") or [{}]
        rows.append([at, path, messages[0].get("_id")])
    return web.json_response({"arrivals": rows})


async def clear(request: web.Request) -> web.Response:
    arrivals.clear()
    return web.json_response({"count": 0})


def main() -> None:
    app = web.Application()
    app.router.add_get("/_stats", stats)
    app.router.add_get("/_arrivals", arrival_list)
    app.router.add_get("/_sample", sample)
    app.router.add_post("/_clear", clear)
    app.router.add_route("*", "/{tail:.*}", receive)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)


if __name__ == "__main__":
    main()
