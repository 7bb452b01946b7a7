"""Test helpers for any test runner: a fake per session, an isolated app per test, assertions."""

from __future__ import annotations

from .app import IsolatedApp
from .harness import ActivityWatcher, SmoochHarness
from .settings import SmoochSettings

__all__ = ["ActivityWatcher", "IsolatedApp", "SmoochHarness", "SmoochSettings"]
