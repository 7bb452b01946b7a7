"""An attack suite for webhook endpoints: real payloads, then what platforms and attackers do."""

from __future__ import annotations

from .report import CheckResult, Exchange, ProbeReport
from .runner import DEFAULT_TRIGGERS, ProbeOptions, aprobe_endpoint, probe_endpoint

__all__ = [
    "DEFAULT_TRIGGERS",
    "CheckResult",
    "Exchange",
    "ProbeOptions",
    "ProbeReport",
    "aprobe_endpoint",
    "probe_endpoint",
]
