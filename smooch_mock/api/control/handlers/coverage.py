"""Control API for the coverage report: which operations, triggers and message types were used."""

from __future__ import annotations

from ....http.call import Call, ok
from ....http.messages import ApiResponse


def get_coverage(call: Call) -> ApiResponse:
    from ....coverage.report import coverage_report  # imports the route table, which imports us

    return ok(coverage_report(call.fake.coverage.counts()))


def clear_coverage(call: Call) -> ApiResponse:
    call.fake.coverage.clear()
    return ok()
