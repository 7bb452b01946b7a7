"""The `smooch-mock` command: one subcommand per module in this folder."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from . import interrupts

INTERRUPTED = 130
"""Exit status after Ctrl-C, as a shell reports a process ended by SIGINT (128 + 2)."""
BROKEN_PIPE = 141
"""Exit status when the reader of stdout went away (`| head`), as for SIGPIPE (128 + 13)."""


def build_parser() -> argparse.ArgumentParser:
    # Imported here, not at the top: `main` catches a Ctrl-C that lands while they load.
    from . import chaos, deliveries, probe, serve, trigger, validate

    parser = argparse.ArgumentParser(
        prog="smooch-mock", description="A local fake of the Smooch v1/v1.1 API."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve.add_parser(subparsers)
    trigger.add_parser(subparsers)
    deliveries.add_parser(subparsers)
    chaos.add_parser(subparsers)
    probe.add_parser(subparsers)
    validate.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        with interrupts.held() as ctrl_c:  # the subcommands' imports take a while
            parser = build_parser()
            args = parser.parse_args(argv)
        if ctrl_c.arrived:
            return INTERRUPTED
        if args.command is None:
            parser.print_help()
            return 0
        result: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it cannot be caught
        return result
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        _discard_stdout()
        return BROKEN_PIPE


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so Python's final flush does not report the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
