"""Keeping a fake's state in a file: snapshots, the request journal, and the background keeper."""

from __future__ import annotations

from .snapshot import FORMAT, StateFileError, load, restore, save_atomically, snapshot

__all__ = ["FORMAT", "StateFileError", "load", "restore", "save_atomically", "snapshot"]
