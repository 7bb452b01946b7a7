"""The `smooch-mock` command: one subcommand per module in this folder."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import chaos, deliveries, probe, serve, trigger, validate


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smooch-mock", description="A local fake of the Smooch v1/v1.1 API."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    serve.add_parser(subparsers)
    trigger.add_parser(subparsers)
    deliveries.add_parser(subparsers)
    chaos.add_parser(subparsers)
    probe.add_parser(subparsers)
    validate.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
