"""Control API for the coverage report: which operations, triggers and message types were used."""

from __future__ import annotations

from ....coverage.compare import coverage_report
from ....http.call import Call, ok
from ....http.messages import ApiResponse


def get_coverage(call: Call) -> ApiResponse:
    return ok(coverage_report(call.fake.coverage.counts(), call.routes))


def clear_coverage(call: Call) -> ApiResponse:
    call.fake.coverage.clear()
    return ok()
