"""The coverage report of everything the fake serves: its route tables, triggers, message types."""

from __future__ import annotations

from typing import Any

from ..api.routes import ROUTES
from . import compare
from .compare import display_path
from .recorder import CoverageCounts

__all__ = ["coverage_report", "coverage_table", "display_path"]


def coverage_report(counts: CoverageCounts) -> dict[str, Any]:
    """The JSON report: what was exercised (with counts) and what never was."""
    return compare.coverage_report(counts, ROUTES)


def coverage_table(report: dict[str, Any]) -> str:
    """The report as text tables, one per kind; lists only what was exercised."""
    return compare.coverage_table(report, ROUTES)
