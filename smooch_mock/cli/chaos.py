"""`smooch-mock chaos`: switch seeded delivery faults on or off for a webhook of a running fake."""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import quote

from ..webhooks.chaos import MAX_DELAY_LIMIT, MAX_FAIL_FIRST, ChaosSettings
from .control_client import DEFAULT_URL, ControlClient, ControlError

_FAULTS = (
    ("drop", "chance an attempt is lost on the way (never sent; the platform retries it)"),
    ("duplicate", "chance a delivery is sent twice"),
    ("delay", "chance a delivery waits up to --max-delay seconds before it goes out"),
    ("reorder", "chance a delivery is held back behind the next one to another conversation"),
)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "chaos",
        help="inject seeded delivery faults into a webhook (drop, delay, duplicate, reorder, …)",
        description="Make a running fake deliver webhooks badly, as the real platform may: lost,"
        " late, twice, out of order, or only after failed attempts. The same --seed gives the"
        " same faults; every injected fault is written in the delivery log. With no fault"
        " option, shows the current settings.",
    )
    parser.add_argument("--app", help="app id (default: the server's only app)")
    parser.add_argument(
        "--webhook", help="webhook id (default: every webhook of the app without its own settings)"
    )
    parser.add_argument(
        "--url", default=DEFAULT_URL, help=f"the fake's base URL (default {DEFAULT_URL})"
    )
    for name, text in _FAULTS:
        parser.add_argument(f"--{name}", type=_chance, metavar="P", help=f"{text} (0 to 1)")
    parser.add_argument(
        "--max-delay",
        type=_seconds,
        metavar="SECONDS",
        help="longest delay or reorder hold (default 2)",
    )
    parser.add_argument(
        "--fail-first",
        type=_fail_first,
        metavar="N",
        help="the first N attempts of every delivery fail unsent, then it is retried",
    )
    parser.add_argument("--seed", type=int, help="seed of the fault sequence (default 0)")
    parser.add_argument("--off", action="store_true", help="turn chaos off")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = {
        name: value
        for name in ("drop", "duplicate", "delay", "reorder", "max_delay", "fail_first", "seed")
        if (value := getattr(args, name)) is not None
    }
    try:
        client = ControlClient(args.url)
        app_id = args.app or client.default_app_id()
        path = f"/_mock/apps/{quote(app_id, safe='')}"
        if args.webhook:
            path += f"/webhooks/{quote(args.webhook, safe='')}"
        path += "/chaos"
        where = f"webhook {args.webhook}" if args.webhook else f"every webhook of app {app_id}"
        if args.off:
            client.delete(path)
            print(f"chaos off for {where}")
            return 0
        if options:
            settings = ChaosSettings.from_options(options).to_json()
            chaos = client.put(path, settings)["chaos"]
        else:
            chaos = client.get(path)["chaos"]
    except (ControlError, ValueError) as error:
        print(f"smooch-mock chaos: {error}", file=sys.stderr)
        return 1
    if chaos is None:
        print(f"chaos off for {where}")
    else:
        print(f"chaos for {where}: {ChaosSettings.from_options(chaos).describe()}")
    return 0


def _chance(text: str) -> float:
    value = _number(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"a chance between 0 and 1, not {text}")
    return value


def _seconds(text: str) -> float:
    value = _number(text)
    if not 0.0 <= value <= MAX_DELAY_LIMIT:
        raise argparse.ArgumentTypeError(f"seconds between 0 and {MAX_DELAY_LIMIT:g}, not {text}")
    return value


def _fail_first(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number, not {text!r}") from None
    if not 0 <= value <= MAX_FAIL_FIRST:
        raise argparse.ArgumentTypeError(f"between 0 and {MAX_FAIL_FIRST}, not {value}")
    return value


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number, not {text!r}") from None
