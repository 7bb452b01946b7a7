"""The bare baseline: an aiohttp app answering fixed bytes; `baseline_app.py PORT BODIES.json`.

BODIES.json maps "METHOD" to {"status": int, "body": str}: the exact bytes the fake answered, so
both servers send the same response and the ratio measures only the fake's own work.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from aiohttp import web


def make_app(bodies: dict[str, dict[str, object]]) -> web.Application:
    answers = {
        method: (int(str(spec["status"])), str(spec["body"]).encode())
        for method, spec in bodies.items()
    }

    async def answer(request: web.Request) -> web.Response:
        await request.read()  # the fake reads every body; so does the baseline
        status, body = answers[request.method]
        return web.Response(
            status=status, body=body, content_type="application/json", charset="utf-8"
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    return app


def main() -> None:
    bodies = json.loads(Path(sys.argv[2]).read_text())
    web.run_app(
        make_app(bodies), host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None
    )


if __name__ == "__main__":
    main()
