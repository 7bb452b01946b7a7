"""`smooch-mock serve`: run the fake server and print ready-to-paste credentials."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

from ..fake import DEFAULT_WEBHOOK_RETRY_BASE, DEFAULT_WEBHOOK_TIMEOUT, FakeSmooch
from ..http.guard import is_loopback
from ..http.server import bound_port, create_app, runner_for
from ..persistence import StateFileError
from ..persistence.keeper import DEFAULT_COMPACT_AFTER, StateKeeper
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
        help="seconds before the first webhook retry; doubles each retry (v2: at most 60, so"
        " its 5 attempts fit in 15 minutes)",
    )
    parser.add_argument(
        "--webhook-timeout",
        type=arguments.positive_seconds,
        default=DEFAULT_WEBHOOK_TIMEOUT,
        help="seconds a webhook target has to answer (Smooch: 20)",
    )
    parser.add_argument(
        "--webhook-batch-window",
        type=arguments.seconds,
        default=0.0,
        metavar="SECONDS",
        help="let a v2 webhook's events of one conversation made within SECONDS share one POST"
        " (up to 10 events; default 0: one event per POST, which the platform may also send)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="keep the state in FILE: every change is journaled beside it before it is answered,"
        " and compacted into it in the background and at shutdown",
    )
    parser.add_argument(
        "--state-interval",
        type=arguments.positive_seconds,
        default=5.0,
        metavar="SECONDS",
        help="how often the --state journal is fsynced: the most a power loss can take (default 5)",
    )
    parser.add_argument(
        "--state-compact-after",
        type=arguments.positive_count,
        default=DEFAULT_COMPACT_AFTER,
        metavar="CHANGES",
        help="compact the --state journal in the background after this many changes"
        " (default %(default)s)",
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
        webhook_batch_window=args.webhook_batch_window,
    )
    keeper = None
    if args.state is not None:
        keeper = StateKeeper(
            fake,
            args.state,
            interval=args.state_interval,
            compact_after=args.state_compact_after,
            seed=args.seed,
        )
        try:
            keeper.load()
        except (StateFileError, OSError) as error:
            return _refuse_state(args.state, str(error))
    default = _default_app(fake)
    if keeper is not None:
        try:
            keeper.open()
        except (StateFileError, OSError) as error:
            return _refuse_state(args.state, str(error))
    try:
        with interrupts.held() as ctrl_c:  # until the event loop's own handler takes over
            asyncio.run(
                _serve(fake, default, args.host, args.port, keeper, args.allowed_host, ctrl_c)
            )
    except ListenError as error:
        print(f"smooch-mock: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    except (StateFileError, OSError) as error:
        print(
            f"smooch-mock: could not compact --state {args.state} at shutdown ({error});"
            " its journal still holds every change",
            file=sys.stderr,
        )
        return 1
    return 0


class ListenError(Exception):
    """The server could not bind its address."""


def _refuse_state(path: Path, reason: str) -> int:
    print(f"smooch-mock: cannot use --state {path}: {reason}", file=sys.stderr)
    return 1


async def _serve(
    fake: FakeSmooch,
    default: tuple[App, SecretKey],
    host: str,
    port: int,
    keeper: StateKeeper | None,
    allowed_hosts: list[str],
    ctrl_c: interrupts.CtrlC,
) -> None:
    app = create_app(fake, bound_host=host, allowed_hosts=tuple(allowed_hosts))
    runner = runner_for(app, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as error:
            raise ListenError(error) from error
        port = bound_port(runner)
        url = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        if ctrl_c.arrived:  # pressed while the server started
            stop.set()
        if keeper is not None:
            keeper.start()
        # Only now: whoever reads the banner may stop the server at once, and it must shut down
        # properly (compacting its state), not die of a signal it does not handle yet.
        print(banner(fake, url, default), flush=True)
        await stop.wait()
        print("smooch-mock: shutting down", file=sys.stderr, flush=True)
    finally:
        await runner.cleanup()
        try:
            if keeper is not None:
                await keeper.close()
        finally:
            await fake.aclose()


def banner(fake: FakeSmooch, url: str, default: tuple[App, SecretKey]) -> str:
    app, key = default
    account = fake.account_key
    return f"""smooch-mock is serving the Smooch v1/v1.1 and Sunshine Conversations v2 APIs at {url}

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

Python v2 client (sunshine-conversations-client) — the host without a version:
{v2_python_setup(url, key)}

Node v2 client (sunshine-conversations-client):
{v2_node_setup(url, key)}

Dashboard:   {url}/
Control API: {url}/_mock/health  {url}/_mock/state  (POST {url}/_mock/reset)
"""


def v2_python_setup(url: str, key: SecretKey) -> str:
    """The two lines that point the official Python v2 client at the fake with `key`."""
    return (
        "  import sunshine_conversations_client as sunco\n"
        f'  config = sunco.Configuration(host="{url}",'
        f' username="{key.id}", password="{key.secret}")'
    )


def v2_node_setup(url: str, key: SecretKey) -> str:
    """The lines that point the official Node v2 client's default ApiClient at the fake."""
    return (
        "  const client = SunshineConversationsClient.ApiClient.instance;"
        f" client.basePath = '{url}';\n"
        f"  client.authentications.basicAuth.username = '{key.id}';"
        f" client.authentications.basicAuth.password = '{key.secret}';"
    )


def _default_app(fake: FakeSmooch) -> tuple[App, SecretKey]:
    """The first app of a loaded state (with its first key), else a new default app."""
    with fake.lock:
        for state in fake.store.apps.values():
            keys = fake.store.list_app_keys(state.app.id)
            if keys:
                return state.app, keys[0]
    return fake.create_app_with_key()
