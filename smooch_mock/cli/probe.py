"""`smooch-mock probe URL`: attack a webhook endpoint as the platform and an attacker would."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..probe.runner import COMMON_TRIGGERS, PLATFORM_TIMEOUT, ProbeOptions, Unreachable


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "probe",
        help="attack your webhook endpoint: real payloads, duplicates, forged keys, slow senders",
        description="Sends your webhook endpoint real payloads of every trigger it subscribes to,"
        " then duplicates, out-of-order events, a wrong and a missing X-API-Key, a huge body, a"
        " slow sender and a retry storm, and reports how it answered each. Exits 1 when it did"
        " what a production endpoint must not: accept a forged or missing key, answer 5xx to a"
        " valid payload, or take longer than the platform's timeout; 2 when it cannot be reached.",
    )
    parser.add_argument("url", help="the endpoint's URL, e.g. http://127.0.0.1:3000/webhook")
    parser.add_argument("--secret", help="the X-API-Key the endpoint expects (webhook secret)")
    parser.add_argument(
        "--trigger",
        action="append",
        default=[],
        metavar="TRIGGER",
        help="a trigger the endpoint subscribes to (repeatable; '*' for all; default: "
        + ", ".join(COMMON_TRIGGERS["v1.1"])
        + ")",
    )
    parser.add_argument(
        "--version", dest="payload_version", choices=("v1.1", "v1"), default="v1.1",
        help="payload version of the webhook (default v1.1)",
    )  # fmt: skip
    parser.add_argument(
        "--timeout",
        type=_positive,
        default=PLATFORM_TIMEOUT,
        metavar="SECONDS",
        help=f"how long an answer may take (the platform: {PLATFORM_TIMEOUT:g})",
    )
    parser.add_argument(
        "--drip-seconds",
        type=_positive,
        default=2.0,
        metavar="SECONDS",
        help="how long the slow sender takes to send one body (default 2)",
    )
    parser.add_argument(
        "--huge-bytes",
        type=int,
        default=2 * 1024 * 1024,
        metavar="N",
        help="size of the huge body (default 2 MiB)",
    )
    parser.add_argument(
        "--storm", type=int, default=20, metavar="N", help="copies in the retry storm (default 20)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated payloads")
    parser.add_argument("--junit", type=Path, metavar="FILE", help="also write JUnit XML to FILE")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..probe import probe_endpoint

    try:
        options = ProbeOptions(
            args.url,
            secret=args.secret,
            triggers=tuple(args.trigger),
            version=args.payload_version,
            timeout=args.timeout,
            drip_seconds=args.drip_seconds,
            huge_bytes=args.huge_bytes,
            storm=args.storm,
            seed=args.seed,
        )
    except ValueError as error:
        print(f"smooch-mock probe: {error}", file=sys.stderr)
        return 2
    try:
        report = probe_endpoint(**_fields(options))
    except Unreachable as error:
        print(f"smooch-mock probe: {error}", file=sys.stderr)
        return 2
    print(report.table())
    if args.junit is not None:
        args.junit.write_text(report.junit_xml(), encoding="utf-8")
    return 0 if report.ok else 1


def _fields(options: ProbeOptions) -> dict[str, Any]:
    return {name: getattr(options, name) for name in options.__dataclass_fields__}


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number of seconds, not {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value
