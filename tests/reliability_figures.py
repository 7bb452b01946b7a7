"""What the reliability suite exercised (requests, faults, deliveries), summed over a session."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(slots=True)
class ReliabilityFigures:
    """Counters the reliability tests add to; `conftest.py` prints them after the run."""

    requests: int = 0
    faults: int = 0
    deliveries: int = 0
    internal_errors: int = 0

    def add(self, other: dict[str, int]) -> None:
        for name, value in other.items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def line(self) -> str:
        return (
            f"reliability: {self.requests} requests, {self.faults} faults injected, "
            f"{self.deliveries} deliveries checked, {self.internal_errors} internal errors"
        )
