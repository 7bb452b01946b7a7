"""`smooch-mock trigger`: make a trigger happen in a running fake; print what was delivered."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from ..simulation.recipes import OPTION_NAMES, RECIPES
from . import arguments
from .control_client import DEFAULT_URL, ControlClient, ControlError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "trigger",
        help="make a webhook trigger or v2 event happen (offline, like `stripe trigger`)",
        description="Makes a realistic event happen in a running fake (the user, conversation"
        " and message really exist afterwards) and prints the payloads delivered to webhooks:"
        " a v1/v1.1 trigger (message:appUser) to v1/v1.1 webhooks, a v2 event type"
        " (conversation:message) to the webhooks of custom integrations.",
    )
    parser.add_argument(
        "trigger", nargs="?", help="trigger or v2 event type, e.g. message:appUser or"
        " conversation:message"
    )  # fmt: skip
    parser.add_argument("--list", action="store_true", help="list the triggers and exit")
    parser.add_argument("--app", help="app id (default: the server's only app)")
    parser.add_argument(
        "--url", default=DEFAULT_URL, help=f"the fake's base URL (default {DEFAULT_URL})"
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE",
        help=f"override generated content; names: {', '.join(OPTION_NAMES)}",
    )  # fmt: skip
    parser.add_argument(
        "--wait",
        type=arguments.seconds,
        default=30.0,
        help="seconds to wait for deliveries (default 30)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list:
        print("\n".join(RECIPES))
        return 0
    if not args.trigger:
        print("smooch-mock trigger: give a trigger name, or --list", file=sys.stderr)
        return 2
    try:
        options = _options(args.set)
        client = ControlClient(args.url)
        app_id = args.app or client.default_app_id()
        result = client.post(f"/_mock/apps/{app_id}/triggers/{args.trigger}", {"options": options})
        deliveries = [d for d in result["deliveries"] if d["trigger"] == args.trigger]
        if not deliveries:
            print(
                f"The event happened, but no webhook of app {app_id} subscribes to {args.trigger}.",
                file=sys.stderr,
            )
            return 1
        finished = [_await(client, app_id, d["_id"], args.wait) for d in deliveries]
    except (ControlError, ValueError) as error:
        print(f"smooch-mock trigger: {error}", file=sys.stderr)
        return 1
    for delivery in finished:
        outcome = f"{delivery['state']}, {len(delivery['attempts'])} attempt(s)"
        print(f"# {delivery['trigger']} → {delivery['target']} ({outcome})")
        print(json.dumps(delivery["payload"], indent=2))
    for delivery in finished:
        if delivery["state"] != "delivered":
            print(why_not_delivered(delivery, args.wait, app_id), file=sys.stderr)
    return 0 if all(d["state"] == "delivered" for d in finished) else 1


def why_not_delivered(delivery: dict[str, Any], waited: float, app_id: str) -> str:
    """Why `trigger` gave up on a delivery, and what to do about it."""
    target = f"{delivery['trigger']} → {delivery['target']}"
    attempts = delivery["attempts"]
    if delivery["state"] == "failed":
        last = attempts[-1] if attempts else {}
        outcome = f"HTTP {last['status']}" if "status" in last else last.get("error", "no answer")
        return (
            f"smooch-mock trigger: {target} failed after {len(attempts)} attempt(s), the last:"
            f" {outcome}. See `smooch-mock deliveries --app {app_id} --state failed`."
        )
    waiting = delivery.get("waiting") or "not sent yet"
    return (
        f"smooch-mock trigger: gave up after {waited:g} s; {target} is still pending:"
        f" {waiting}. A failing target is retried with doubling back-off (6 attempts in about"
        " 31 s with the default --webhook-retry-base 1; 5 in 15 s for a v2 webhook) and holds"
        " the later deliveries to that"
        " webhook for the same conversation until it is done. Wait longer with --wait, or"
        f" watch `smooch-mock deliveries --app {app_id}`."
    )


def _options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in OPTION_NAMES:
            raise ValueError(
                f"--set takes NAME=VALUE with NAME one of {', '.join(OPTION_NAMES)}: {pair!r}"
            )
        options[name] = value
    return options


def _await(client: ControlClient, app_id: str, delivery_id: str, wait: float) -> Any:
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        delivery = client.get(f"/_mock/apps/{app_id}/deliveries/{delivery_id}")["delivery"]
        if delivery["state"] != "pending" or time.monotonic() >= deadline:
            return delivery
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
