"""COVERAGE.md's v2 table lists the spec's 68 operations; its `implemented` rows are V2_ROUTES."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from smooch_mock.api.v2.routes import V2_ROUTES
from smooch_mock.http.router import Placement, Route

COVERAGE = Path(__file__).resolve().parent.parent / "COVERAGE.md"
OFFICIAL = Path(__file__).resolve().parents[2] / "shared" / "sunshine-openapi.yaml"
HEADER = "| Operation | Method | Path | Scopes | Status | Notes |"
STATUSES = ("implemented", "not yet")
SCOPE_LETTERS = {"A": "account", "P": "app", "I": "integration"}
OPERATION_COUNT = 68
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML has it: the 380 kB document loads in 0.3 s instead of 2 s."""

Row = tuple[str, str, str]
"""(operationId, method, path)."""


@cache
def official_document() -> dict[str, Any]:
    """The official v2 OpenAPI document (skips when it is absent)."""
    if not OFFICIAL.is_file():
        pytest.skip(f"{OFFICIAL} is absent (a fresh clone has no ../shared)")
    document: dict[str, Any] = yaml.load(OFFICIAL.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    return document


def official_operations() -> dict[str, tuple[str, str]]:
    """operationId → (METHOD, path) of the official v2 document (skips when it is absent)."""
    document = official_document()
    operations: dict[str, tuple[str, str]] = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                operations[operation["operationId"]] = (method.upper(), path)
    return operations


def table() -> list[tuple[Row, str, frozenset[str]]]:
    """Every row of the v2 table: (operation, method, path), status, scopes."""
    rows: list[tuple[Row, str, frozenset[str]]] = []
    in_table = False
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        if line.strip() == HEADER:
            in_table = True
            continue
        if not in_table:
            continue
        if not line.startswith("|"):
            break
        if set(line) <= {"|", "-", " "}:
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 6, f"malformed row: {line}"
        operation, method, path, scopes, status, _ = cells
        assert status in STATUSES, f"unknown status {status!r} in: {line}"
        granted = frozenset(SCOPE_LETTERS[letter] for letter in scopes if letter in SCOPE_LETTERS)
        rows.append(((operation, method, path.strip("`")), status, granted))
    return rows


def route_rows() -> dict[Row, frozenset[str]]:
    return {(r.operation, r.method, public_path(r)): r.scopes for r in V2_ROUTES}


def public_path(route: Route) -> str:
    """The path a client calls: under `/v2`, or as written outside it (`/oauth/...`)."""
    return route.path if route.placement is Placement.UNVERSIONED else "/v2" + route.path


def test_the_table_lists_68_distinct_operations() -> None:
    operations = [row[0] for row, _, _ in table()]
    assert len(operations) == OPERATION_COUNT
    assert len(set(operations)) == OPERATION_COUNT


def test_every_v2_route_is_an_implemented_row_with_its_scopes() -> None:
    implemented = {row: scopes for row, status, scopes in table() if status == "implemented"}
    assert implemented == route_rows()


def test_not_yet_rows_have_no_route() -> None:
    served = {row[0] for row in route_rows()}
    pending = {row[0] for row, status, _ in table() if status == "not yet"}
    assert not pending & served, sorted(pending & served)


def test_the_rows_are_the_official_documents_operations() -> None:
    official = official_operations()
    listed = {operation: (method, path) for (operation, method, path), _, _ in table()}
    assert listed == official
