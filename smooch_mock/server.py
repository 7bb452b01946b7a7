"""The aiohttp server under its first import path; it lives in `smooch_mock.http.server`."""

from __future__ import annotations

from .http.server import BackgroundServer, ServerThread, bound_port, create_app, runner_for

__all__ = ["BackgroundServer", "ServerThread", "bound_port", "create_app", "runner_for"]
