"""`smooch-mock validate`: check JSON files against the bundled Smooch schemas."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from jsonschema.exceptions import best_match

from ..schemas import (
    V2_ENVELOPE,
    UnknownSchemaError,
    UnknownTriggerError,
    get_schema,
    is_v2_payload,
    iter_errors,
    json_path,
    webhook_schema_name,
)

STDIN = "-"


class UnreadableInput(Exception):
    """A file could not be read, decoded or parsed as JSON; the message says why."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check JSON files against the Smooch schemas",
        description="Check JSON files (or - for stdin) against a schema such as "
        "requests/message-post or webhooks/v1.1/message-appUser. Exit status 1 if any file is "
        "invalid or unreadable.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSON file; - reads stdin")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--schema", metavar="NAME", help="schema name, e.g. objects/message")
    choice.add_argument(
        "--auto",
        action="store_true",
        help="pick the webhook schema from the payload's trigger and version (absent version "
        "means v1), or v2/webhooks/envelope for a v2 payload (events array, webhook.version v2); "
        "the default when --schema is not given",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.schema is not None:
        try:
            get_schema(args.schema)
        except UnknownSchemaError as error:
            print(f"smooch-mock validate: {error}", file=sys.stderr)
            return 2
    results = [_check_file(path, args.schema) for path in args.files]
    return 0 if all(results) else 1


def _check_file(path: str, schema_name: str | None) -> bool:
    shown = "<stdin>" if path == STDIN else path
    try:
        instance = _read_json(path)
        name = schema_name or _schema_for_payload(instance)
    except (UnreadableInput, UnknownTriggerError) as error:
        print(f"{shown}: {error}", file=sys.stderr)
        return False
    problems = _describe_errors(instance, name)
    if not problems:
        print(f"OK {shown} ({name})")
        return True
    for problem in problems:
        print(f"{shown}: {name}: {problem}", file=sys.stderr)
    return False


def _read_json(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == STDIN else open(path, encoding="utf-8").read()  # noqa: SIM115
    except (OSError, UnicodeDecodeError) as error:
        raise UnreadableInput(f"cannot read: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableInput(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None


def _schema_for_payload(instance: Any) -> str:
    if is_v2_payload(instance):
        return V2_ENVELOPE
    trigger = instance.get("trigger") if isinstance(instance, dict) else None
    if not isinstance(trigger, str):
        raise UnreadableInput(
            "cannot pick a schema: no string 'trigger' key and not a v2 payload (use --schema NAME)"
        )
    version = instance.get("version") or "v1"
    name: str = webhook_schema_name(trigger, str(version))
    return name


def _describe_errors(instance: Any, name: str) -> list[str]:
    """One line per error, sorted by path; anyOf/oneOf errors show their most relevant cause."""
    lines: list[str] = []
    for error in iter_errors(instance, name):
        cause = best_match([error]) or error
        line = f"{json_path(cause.absolute_path)}: {cause.message}"
        if line not in lines:
            lines.append(line)
    return sorted(lines)
