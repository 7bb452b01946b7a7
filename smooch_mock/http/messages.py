"""Transport-neutral request and response: what every handler sees and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@dataclass(slots=True)
class ApiRequest:
    method: str
    path: str
    """The raw, still percent-encoded path."""
    query: Mapping[str, str]
    headers: Mapping[str, str]
    """Header names in lower case."""
    body: bytes
    base_url: str
    """Scheme and authority the client used, e.g. `http://127.0.0.1:8080`."""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


@dataclass(slots=True)
class ApiResponse:
    status: int
    body: Any = None
    """JSON-serialisable body, unless `raw` is given."""
    raw: bytes | None = None
    content_type: str = JSON_CONTENT_TYPE
    headers: dict[str, str] = field(default_factory=dict)
