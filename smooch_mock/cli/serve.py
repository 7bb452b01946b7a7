"""`smooch-mock serve`: run the fake server and print ready-to-paste credentials."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

from .. import persistence
from ..fake import DEFAULT_WEBHOOK_RETRY_BASE, DEFAULT_WEBHOOK_TIMEOUT, FakeSmooch
from ..http.guard import is_loopback
from ..server import bound_port, create_app, runner_for
from ..store.models import App, SecretKey
from . import arguments, interrupts


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="run the fake Smooch server")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=arguments.port, default=8080, help="port (default 8080; 0 picks a free one)"
    )
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests whose Host is NAME (repeatable; loopback names always work)",
    )
    parser.add_argument("--account-key-id", help="account key id (default: random act_…)")
    parser.add_argument("--account-secret", help="account key secret (default: random)")
    parser.add_argument("--seed", type=int, help="make ids and secrets reproducible")
    parser.add_argument(
        "--webhook-retry-base",
        type=arguments.seconds,
        default=DEFAULT_WEBHOOK_RETRY_BASE,
        help="seconds before the first webhook retry; doubles each retry",
    )
    parser.add_argument(
        "--webhook-timeout",
        type=arguments.positive_seconds,
        default=DEFAULT_WEBHOOK_TIMEOUT,
        help="seconds a webhook target has to answer (Smooch: 20)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="load state from FILE at start; save it there periodically and on shutdown",
    )
    parser.add_argument(
        "--state-interval",
        type=arguments.positive_seconds,
        default=5.0,
        metavar="SECONDS",
        help="how often to save --state when something changed (default 5)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-request log lines")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )
    if not is_loopback(args.host):
        if not args.allowed_host:
            print(
                f"smooch-mock: binding {args.host} needs --allowed-host NAME for each name clients"
                " use to reach it (requests with any other Host are refused)",
                file=sys.stderr,
            )
            return 2
        print(
            f"WARNING: binding {args.host}: the fake has no real security;"
            " anyone who can reach it can use it.",
            file=sys.stderr,
        )
    fake = FakeSmooch(
        seed=args.seed,
        account_key_id=args.account_key_id,
        account_secret=args.account_secret,
        webhook_retry_base=args.webhook_retry_base,
        webhook_timeout=args.webhook_timeout,
    )
    if args.state is not None:
        try:
            saved = persistence.load(args.state)
        except persistence.StateFileError as error:
            print(f"smooch-mock: {error}", file=sys.stderr)
            return 1
        if saved is not None:
            fake.restore(saved)
    try:
        with interrupts.held() as ctrl_c:  # until the event loop's own handler takes over
            asyncio.run(
                _serve(
                    fake,
                    args.host,
                    args.port,
                    args.state,
                    args.state_interval,
                    args.allowed_host,
                    ctrl_c,
                )
            )
    except OSError as error:
        print(f"smooch-mock: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    return 0


async def _serve(
    fake: FakeSmooch,
    host: str,
    port: int,
    state: Path | None,
    interval: float,
    allowed_hosts: list[str],
    ctrl_c: interrupts.CtrlC,
) -> None:
    app = create_app(fake, bound_host=host, allowed_hosts=tuple(allowed_hosts))
    runner = runner_for(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if ctrl_c.arrived:  # pressed while the server started
        stop.set()
    port = bound_port(runner)
    url = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"
    print(banner(fake, url), flush=True)  # after the handlers: a Ctrl-C from here shuts down
    saver = asyncio.create_task(_save_periodically(fake, state, interval)) if state else None
    await stop.wait()
    print("smooch-mock: shutting down", file=sys.stderr, flush=True)
    await runner.cleanup()
    if saver is not None and state is not None:
        saver.cancel()
        await asyncio.to_thread(persistence.save_atomically, state, fake.snapshot())
    await fake.aclose()


async def _save_periodically(fake: FakeSmooch, path: Path, interval: float) -> None:
    """Save every `interval` seconds when the state changed since the last save."""
    last = b""
    while True:
        await asyncio.sleep(interval)
        data = fake.snapshot()
        encoded = json.dumps(data, sort_keys=True).encode()
        if encoded != last:
            await asyncio.to_thread(persistence.save_atomically, path, data)
            last = encoded


def banner(fake: FakeSmooch, url: str) -> str:
    app, key = _default_app(fake)
    account = fake.account_key
    return f"""smooch-mock is serving the Smooch v1/v1.1 API at {url}

  App id           {app.id}
  App key id       {key.id}
  App secret       {key.secret}
  Account key id   {account.id}
  Account secret   {account.secret}

Python SDK (smooch 5.x) — set the host before the first API object:
  import smooch; smooch.configuration.host = "{url}"
  smooch.configuration.username, smooch.configuration.password = "{key.id}", "{key.secret}"

Node (smooch-core 8.x):
  const SmoochCore = require('smooch-core');
  const smooch = new SmoochCore({{ keyId: '{key.id}', secret: '{key.secret}', scope: 'app',
                                   serviceUrl: '{url}' }});

Dashboard:   {url}/
Control API: {url}/_mock/health  {url}/_mock/state  (POST {url}/_mock/reset)
"""


def _default_app(fake: FakeSmooch) -> tuple[App, SecretKey]:
    """The first app of a loaded state (with its first key), else a new default app."""
    with fake.lock:
        for state in fake.store.apps.values():
            keys = fake.store.list_app_keys(state.app.id)
            if keys:
                return state.app, keys[0]
    return fake.create_app_with_key()
