"""Transport-neutral request and response: what every handler sees and returns."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@dataclass(slots=True)
class ApiRequest:
    method: str
    path: str
    """The raw, still percent-encoded path."""
    query: Mapping[str, str]
    headers: Mapping[str, str]
    """Read by lower-case name: a dict with lower-case names, or a case-insensitive mapping (the
    aiohttp edge passes aiohttp's own, where a repeated header reads as its first value, as
    aiohttp's `Request.host` reads it)."""
    body: bytes
    base_url: str
    """Scheme and authority the client used, e.g. `http://127.0.0.1:8080`."""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


class BodyStream(Protocol):
    """A body sent piece by piece as it happens (an event stream), for as long as the client
    listens. An empty piece is an idle tick: the edge checks that the client is still there."""

    def __aiter__(self) -> AsyncGenerator[bytes, None]: ...

    def close(self) -> None:
        """End the stream soon, from any thread (the server is shutting down)."""


@dataclass(slots=True)
class ApiResponse:
    status: int
    body: Any = None
    """JSON-serialisable body, unless `raw` or `stream` is given."""
    raw: bytes | None = None
    content_type: str = JSON_CONTENT_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    stream: BodyStream | None = None
    """An endless body: the aiohttp edge streams it; the in-process bridge cannot (501)."""
