"""COVERAGE.md's endpoint tables and the route table agree exactly, both ways."""

from __future__ import annotations

from pathlib import Path

from smooch_mock.api.routes import SMOOCH_ROUTES
from smooch_mock.http.router import Placement

COVERAGE = Path(__file__).resolve().parent.parent / "COVERAGE.md"
HEADER = "| Method | Path | Versions | Status | Notes |"
STATUSES = ("implemented", "not yet")

Row = tuple[str, str, tuple[str, ...]]


def _rows() -> list[tuple[Row, str]]:
    """Every (method, path, versions), status row of the tables headed HEADER."""
    rows: list[tuple[Row, str]] = []
    in_table = False
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        if line.strip() == HEADER:
            in_table = True
            continue
        if not in_table:
            continue
        if not line.startswith("|"):
            in_table = False
            continue
        if set(line) <= {"|", "-", " "}:
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 5, f"malformed row: {line}"
        method, path, versions, status, _ = cells
        assert status in STATUSES, f"unknown status {status!r} in: {line}"
        row = (method, path.strip("`"), tuple(v.strip() for v in versions.split(",")))
        rows.append((row, status))
    return rows


def _route_rows() -> set[Row]:
    return {
        (
            route.method,
            ("{P}" + route.path) if route.placement is Placement.APP else route.path,
            tuple(route.versions),
        )
        for route in SMOOCH_ROUTES
    }


def test_coverage_tables_are_found_and_rows_are_unique() -> None:
    rows = [row for row, _ in _rows()]
    assert len(rows) > 60
    duplicates = sorted({row for row in rows if rows.count(row) > 1})
    assert not duplicates, duplicates


def test_every_route_is_listed_as_implemented() -> None:
    implemented = {row for row, status in _rows() if status == "implemented"}
    missing = sorted(_route_rows() - implemented)
    assert not missing, f"routes missing from COVERAGE.md (or not marked implemented): {missing}"


def test_every_implemented_row_has_a_route() -> None:
    implemented = {row for row, status in _rows() if status == "implemented"}
    stale = sorted(implemented - _route_rows())
    assert not stale, f"COVERAGE.md lists as implemented what the route table lacks: {stale}"


def test_not_yet_rows_have_no_route() -> None:
    served = {(method, path) for method, path, _ in _route_rows()}
    pending = {(row[0], row[1]) for row, status in _rows() if status == "not yet"}
    assert not pending & served, sorted(pending & served)


def test_every_reference_section_has_a_heading() -> None:
    text = COVERAGE.read_text(encoding="utf-8")
    for number in range(1, 14):
        assert f"## 3.{number} " in text, f"section 3.{number} missing"
    assert "## Choices where the reference is unsure" in text
