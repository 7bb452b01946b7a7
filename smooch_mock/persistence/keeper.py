"""`serve --state FILE` at work: load, journal, fsync, compact in the background and at the end."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from .compactor import compact_in_child
from .journal import Journal
from .snapshot import StateFileError
from .state_file import JournalWriter, Position, StateFile

if TYPE_CHECKING:
    from ..fake import FakeSmooch

log = logging.getLogger("smooch_mock")

DEFAULT_COMPACT_AFTER = 10_000
MIN_COMPACT_BYTES = 8 << 20
"""The journal is compacted once it holds this many bytes, or as many as the snapshot if more."""


class StateKeeper:
    """Keeps a fake's state in FILE: every change is in the journal before it is answered."""

    def __init__(
        self,
        fake: FakeSmooch,
        path: Path,
        *,
        interval: float,
        compact_after: int = DEFAULT_COMPACT_AFTER,
        seed: int | None = None,
    ) -> None:
        self.fake = fake
        self.file = StateFile(path)
        self.interval = interval
        """Seconds between fsyncs of the journal (the window a power loss can take)."""
        self.compact_after = compact_after
        """Journal entries after which a background compaction starts."""
        self._seed_base = secrets.randbits(64) if seed is None else seed
        self._journal: Journal | None = None
        self._position: Position | None = None
        self._writer: JournalWriter | None = None
        self._snapshot_size = 0
        self._ticker: asyncio.Task[None] | None = None
        self._compaction: asyncio.Task[None] | None = None
        self._child: subprocess.Popen[bytes] | None = None
        self._closing = False
        self._compaction_failed = False

    def load(self) -> None:
        """Check the path and load its state into the fake; StateFileError if it cannot be used."""
        self.file.claim()
        try:
            self._journal, self._position = self.file.load_into(
                self.fake, seed_base=self._seed_base
            )
        except BaseException:
            self.file.unlock()
            raise

    def open(self) -> None:
        """Compact what was loaded (and what was made since) into FILE; journal from now on."""
        journal, position = self._loaded()
        try:
            self._save(position.next_segment)
            self._writer = JournalWriter(self.file, position.next_segment)
        except BaseException:
            self.file.unlock()
            raise
        journal.write = self._writer.append
        self.fake.journal = journal

    def start(self) -> None:
        """Start fsyncing and compacting in the background (on the running event loop)."""
        self._ticker = asyncio.create_task(self._tick())

    async def close(self) -> None:
        """Stop the background work and compact the whole state into FILE one last time."""
        self._closing = True
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        if self._compaction is not None:
            if self._child is not None:
                self._child.kill()
            await self._compaction
        writer = self._writer
        try:
            if writer is not None:
                self.fake.journal = None
                writer.close()
                await asyncio.to_thread(self._save, writer.number + 1)
        finally:
            self.file.unlock()

    async def _tick(self) -> None:
        writer = self._writer
        assert writer is not None
        while True:
            await asyncio.sleep(self.interval)
            try:
                await asyncio.to_thread(writer.sync)
            except OSError as error:
                self._loaded()[0].fail(f"fsync of its journal failed: {error.strerror or error}")
            if self._compaction is None and self._compaction_due(writer):
                self._compaction = asyncio.create_task(self._compact(writer))

    def _compaction_due(self, writer: JournalWriter) -> bool:
        if self._compaction_failed or not writer.entries:
            return False
        too_big = writer.bytes >= max(MIN_COMPACT_BYTES, self._snapshot_size)
        return writer.entries >= self.compact_after or too_big

    async def _compact(self, writer: JournalWriter) -> None:
        try:
            with self.fake.lock:
                last = writer.rotate()
            self._snapshot_size = await asyncio.to_thread(
                compact_in_child, self.file, last, self._child_started
            )
        except (StateFileError, OSError) as error:
            if not self._closing:
                self._compaction_failed = True
                log.warning(
                    "smooch-mock: compacting %s in the background failed (%s); the journal"
                    " keeps every change and is compacted at shutdown",
                    self.file.path,
                    error,
                )
        finally:
            self._child = None
            self._compaction = None

    def _child_started(self, process: subprocess.Popen[bytes]) -> None:
        self._child = process
        if self._closing:
            process.kill()

    def _save(self, next_segment: int) -> None:
        """Write the live state as FILE's snapshot, standing before segment `next_segment`."""
        journal, _ = self._loaded()
        with self.fake.lock:
            data = self.fake.snapshot()
            position = Position(next_segment, journal.seed_base, journal.count)
        self.file.save(data, position)
        self._snapshot_size = self.file.path.stat().st_size

    def _loaded(self) -> tuple[Journal, Position]:
        if self._journal is None or self._position is None:
            raise RuntimeError("StateKeeper.load() first")
        return self._journal, self._position
