"""`smooch-mock deliveries`: the webhook delivery log of a running fake, and redelivery."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from urllib.parse import urlencode

from .control_client import DEFAULT_URL, ControlClient, ControlError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "deliveries", help="show the webhook delivery log, or redeliver one"
    )
    parser.add_argument("--app", help="app id (default: the server's only app)")
    parser.add_argument(
        "--url", default=DEFAULT_URL, help=f"the fake's base URL (default {DEFAULT_URL})"
    )
    parser.add_argument("--trigger", help="only this trigger")
    parser.add_argument("--webhook", help="only this webhook id")
    parser.add_argument(
        "--state", choices=("pending", "delivered", "failed"), help="only this state"
    )
    parser.add_argument(
        "--redeliver", metavar="DELIVERY_ID", help="send this delivery's payload again"
    )
    parser.add_argument("--json", action="store_true", help="print the full log entries as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        client = ControlClient(args.url)
        app_id = args.app or client.default_app_id()
        if args.redeliver:
            delivery = client.post(f"/_mock/apps/{app_id}/deliveries/{args.redeliver}/redeliver")[
                "delivery"
            ]
            print(f"redelivering {args.redeliver} as {delivery['_id']}")
            return 0
        filters = {
            k: v
            for k, v in (
                ("trigger", args.trigger),
                ("webhook", args.webhook),
                ("state", args.state),
            )
            if v
        }
        query = f"?{urlencode(filters)}" if filters else ""
        deliveries = client.get(f"/_mock/apps/{app_id}/deliveries{query}")["deliveries"]
    except ControlError as error:
        print(f"smooch-mock deliveries: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(deliveries, indent=2))
        return 0
    for d in deliveries:
        last = d["attempts"][-1] if d["attempts"] else {}
        outcome = last.get("status", last.get("error", "-"))
        attempts = f"{len(d['attempts'])} attempt(s)"
        print(f"{d['_id']}  {d['state']:<9} {d['trigger']:<30} {attempts}  last: {outcome}", end="")
        print(f"  → {d['target']}" + (f"  ({d['waiting']})" if d.get("waiting") else ""))
    if not deliveries:
        print("no deliveries", file=sys.stderr)
    return 0
