"""The fake's own OpenAPI document, from its route tables; the CLI keeps the shipped copy fresh."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..api.routes import ROUTES
from ..http.router import Route
from .document import SHIPPED_NAME, Document, component_name, render, shipped_openapi
from .document import build_openapi as build_document
from .document import openapi_document as document_for

__all__ = ["build_openapi", "component_name", "openapi_document", "render", "shipped_openapi"]


def build_openapi(routes: Sequence[Route] = ROUTES) -> Document:
    """The document of `routes` (default: every route the fake serves)."""
    return build_document(routes)


def openapi_document() -> Document:
    """The document of every route the fake serves, built once (as /_mock/openapi.json serves)."""
    return document_for(tuple(ROUTES))


def main(argv: Sequence[str] | None = None) -> int:
    """Write the shipped file (`--write`), or fail if it differs from a fresh build (`--check`)."""
    parser = argparse.ArgumentParser(prog="python -m smooch_mock.contract.openapi")
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file is stale")
    args = parser.parse_args(argv)
    target = Path(__file__).with_name(SHIPPED_NAME)
    fresh = render(build_openapi())
    if args.check:
        if not target.exists() or target.read_text("utf-8") != fresh:
            print(f"{target} is stale: run python -m smooch_mock.contract.openapi", file=sys.stderr)
            return 1
        return 0
    target.write_text(fresh, "utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
