"""Load generator for webhook latency: POSTs at a steady rate, records when each was answered.

Run as `steady_sender.py BASE_URL AUTHORIZATION RATE SECONDS PATH...`; prints JSON
`{"answered": [[message_id, unix_time], …], "failed": n, "seconds": elapsed, "cpu": seconds}`
(`cpu`: this process's CPU time while sending).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import aiohttp

BODY = {"role": "appUser", "type": "text", "text": "latency probe"}


async def send_steadily(
    base_url: str, authorization: str, rate: float, seconds: float, paths: list[str]
) -> dict[str, object]:
    answered: list[tuple[str, float]] = []
    failed = 0
    headers = {"Authorization": authorization}
    loop = asyncio.get_running_loop()

    async def post(session: aiohttp.ClientSession, path: str) -> None:
        nonlocal failed
        try:
            async with session.post(base_url + path, json=BODY, headers=headers) as response:
                body = await response.json()
                at = time.time()
                if response.status == 201:
                    answered.append((body["message"]["_id"], at))
                else:
                    failed += 1
        except aiohttp.ClientError:
            failed += 1

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as session:
        total = int(rate * seconds)
        started = loop.time()
        cpu_started = time.process_time()
        tasks = []
        for n in range(total):
            # A fixed schedule, not "send, then wait": slow answers do not lower the offered rate.
            delay = started + n / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(post(session, paths[n % len(paths)])))
        await asyncio.gather(*tasks)
        elapsed = loop.time() - started
    cpu = time.process_time() - cpu_started
    return {"answered": answered, "failed": failed, "seconds": elapsed, "cpu": cpu}


def main() -> None:
    base_url, authorization, rate, seconds, *paths = sys.argv[1:]
    print(
        json.dumps(
            asyncio.run(send_steadily(base_url, authorization, float(rate), float(seconds), paths))
        )
    )


if __name__ == "__main__":
    main()
