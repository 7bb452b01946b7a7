"""What a fake served — operations, triggers, message types — counted cheaply, shown as a table."""

from __future__ import annotations

from .recorder import CoverageCounts, CoverageRecorder, merge_counts

__all__ = ["CoverageCounts", "CoverageRecorder", "merge_counts"]
