"""The in-process httpx bridge under its first import path (see `smooch_mock.http.inprocess`)."""

from __future__ import annotations

from .http.inprocess import (
    answerer,
    fake_transport,
    respx_router,
    to_api_request,
    to_httpx_response,
)

__all__ = ["answerer", "fake_transport", "respx_router", "to_api_request", "to_httpx_response"]
