"""`--state FILE` on disk: the snapshot, the journal segments since, one temporary file."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import error_texts as texts
from .journal import Entry, Journal, ReplayDiverged, decode_entry
from .snapshot import (
    StateFileError,
    fsync_directory,
    load,
    open_temporary,
    save_atomically,
)

if TYPE_CHECKING:
    from ..fake import FakeSmooch

POSITION_KEY = "journal"


@dataclass(slots=True)
class Position:
    """Where a snapshot stands in its journal: the first segment it does not include, and what
    seeds the requests after it."""

    next_segment: int
    seed_base: int
    count: int

    def to_json(self) -> dict[str, int]:
        return {"next": self.next_segment, "seedBase": self.seed_base, "count": self.count}

    @classmethod
    def from_snapshot(cls, data: dict[str, Any], seed_base: int) -> Position:
        """The snapshot's position; a snapshot written before journals starts them afresh."""
        raw = data.get(POSITION_KEY)
        if raw is None:
            return cls(0, seed_base, 0)
        fields = ("next", "seedBase", "count")
        values = [raw.get(k) for k in fields] if isinstance(raw, dict) else []
        numbers = [v for v in values if isinstance(v, int) and v >= 0]
        if len(numbers) != len(fields):
            raise StateFileError(texts.SNAPSHOT_POSITION.format(key=POSITION_KEY, raw=raw))
        return cls(*numbers)


class StateFile:
    """FILE holds a snapshot; FILE.journal.N the requests answered since, segment by segment;
    FILE.lock says a server is using them; .FILE.tmp exists only while a snapshot is written."""

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser().resolve()
        self._lock: int | None = None

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(f"{self.path.name}.lock")

    def claim(self) -> None:
        """Check the path can keep the state, lock it for this process (FILE.lock: two servers
        on one state would delete each other's journal; the kernel lets go of the lock however
        the process ends) and delete what interrupted saves left. StateFileError otherwise."""
        path = self.path
        if path.is_dir():
            raise StateFileError(texts.STATE_IS_DIRECTORY)
        if not path.parent.is_dir():
            raise StateFileError(texts.STATE_NO_DIRECTORY.format(directory=path.parent))
        if path.exists():
            if not path.is_file():
                raise StateFileError(texts.STATE_NOT_REGULAR)
            if not os.access(path, os.R_OK | os.W_OK):
                raise StateFileError(texts.STATE_NOT_READ_WRITE)
        try:
            self._lock_exclusively()
            try:
                # Creating a file is the one test that also knows read-only mounts and ACLs.
                with open_temporary(path):
                    pass
                self._remove_temporary_files()
            except BaseException:
                self.unlock()
                raise
        except OSError as error:
            raise StateFileError(
                texts.STATE_CANNOT_WRITE.format(directory=path.parent, reason=error.strerror)
            ) from error

    def unlock(self) -> None:
        """Let another server use the state (at the end of `serve`)."""
        if self._lock is not None:
            self.lock_path.unlink(missing_ok=True)
            os.close(self._lock)
            self._lock = None

    def _lock_exclusively(self) -> None:
        import fcntl  # POSIX only: here, so that `serve` without --state runs anywhere

        while True:
            descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = os.read(descriptor, 32).decode(errors="replace").strip() or "?"
                os.close(descriptor)
                raise StateFileError(texts.STATE_IN_USE.format(pid=owner)) from None
            try:
                # A server shutting down deletes the file it locked: ours must still be the one.
                current = os.path.samestat(os.fstat(descriptor), os.stat(self.lock_path))
            except FileNotFoundError:
                current = False
            if current:
                break
            os.close(descriptor)
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        self._lock = descriptor

    def _remove_temporary_files(self) -> None:
        # Ours, and the randomly named ones older versions left.
        for leftover in self.path.parent.glob(f".{_glob_escape(self.path.name)}.*tmp"):
            if leftover.is_file():
                leftover.unlink(missing_ok=True)

    def segment(self, number: int) -> Path:
        return self.path.with_name(f"{self.path.name}.journal.{number}")

    def segment_numbers(self) -> list[int]:
        prefix = f"{self.path.name}.journal."
        numbers = []
        for candidate in self.path.parent.glob(f"{_glob_escape(prefix)}*"):
            suffix = candidate.name[len(prefix) :]
            if suffix.isdigit():
                numbers.append(int(suffix))
        return sorted(numbers)

    def load_into(
        self, fake: FakeSmooch, *, seed_base: int, through: int | None = None
    ) -> tuple[Journal, Position]:
        """Restore the snapshot into `fake` and replay the journal after it (up to segment
        `through`, else all of it): a journal for `fake`, and where the result stands."""
        try:
            data = load(self.path)
        except OSError as error:
            raise StateFileError(texts.STATE_CANNOT_READ.format(reason=error.strerror)) from error
        position = Position(0, seed_base, 0)
        if data is not None:
            position = Position.from_snapshot(data, seed_base)
            try:
                fake.restore(data)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise StateFileError(texts.SNAPSHOT_DAMAGED.format(error=error)) from error
        journal = Journal(fake, _not_open, seed_base=position.seed_base, count=position.count)
        pending = [n for n in self.segment_numbers() if n >= position.next_segment]
        if through is not None:
            pending = [n for n in pending if n <= through]
        last = through if through is not None else (pending[-1] if pending else -1)
        expected = list(range(position.next_segment, last + 1))
        if pending != expected:
            missing = sorted(set(expected) - set(pending))
            raise StateFileError(
                texts.JOURNAL_SEGMENT_MISSING.format(name=self.segment(missing[0]).name)
            )
        for number in pending:
            torn_tail_allowed = through is None and number == pending[-1]
            for line_number, entry in self._entries(number, torn_tail_allowed):
                try:
                    journal.replay(entry)
                except ReplayDiverged as error:
                    raise StateFileError(
                        texts.JOURNAL_LINE_DIVERGES.format(
                            name=self.segment(number).name, line=line_number, error=error
                        )
                    ) from error
        if pending:
            position.next_segment = pending[-1] + 1
        position.count = journal.count
        return journal, position

    def save(self, data: dict[str, Any], position: Position) -> None:
        """Write a snapshot atomically, then delete the journal segments it includes."""
        save_atomically(self.path, {**data, POSITION_KEY: position.to_json()})
        self.remove_segments_before(position.next_segment)

    def remove_segments_before(self, number: int) -> None:
        for old in self.segment_numbers():
            if old < number:
                self.segment(old).unlink(missing_ok=True)

    def _entries(self, number: int, torn_tail_allowed: bool) -> Iterator[tuple[int, Entry]]:
        path = self.segment(number)
        with path.open("rb") as handle:
            for line_number, line in enumerate(handle, start=1):
                if not line.endswith(b"\n") and torn_tail_allowed:
                    return  # cut short by a kill while being written: never answered
                try:
                    entry = decode_entry(line)
                except ValueError as error:
                    raise StateFileError(
                        texts.JOURNAL_LINE_DAMAGED.format(
                            name=path.name, line=line_number, error=error
                        )
                    ) from error
                yield line_number, entry


class JournalWriter:
    """Appends journal lines to the current segment, starts the next one, fsyncs off the loop."""

    def __init__(self, state_file: StateFile, number: int) -> None:
        self.state_file = state_file
        self.number = number
        self.entries = 0
        self.bytes = 0
        """Entries and bytes in the current segment."""
        self._fd = self._create(number)
        self._retired: list[int] = []
        self._guard = threading.Lock()
        self._unsynced = True

    def append(self, line: bytes) -> None:
        """Write one line (the caller holds the fake's lock); back in the kernel's hands, it
        survives the process being killed."""
        view = memoryview(line)
        while view:
            view = view[os.write(self._fd, view) :]
        self.entries += 1
        self.bytes += len(line)
        self._unsynced = True

    def rotate(self) -> int:
        """Start the next segment (the caller holds the fake's lock); returns the finished one."""
        new = self._create(self.number + 1)
        with self._guard:
            self._retired.append(self._fd)
            self._fd = new
            self.number += 1
            self._unsynced = True
        self.entries = self.bytes = 0
        return self.number - 1

    def sync(self) -> None:
        """fsync everything written so far, and the new segments' names (a blocking call)."""
        with self._guard:
            if not self._unsynced:
                return
            self._unsynced = False
            retired, self._retired = self._retired, []
            current = os.dup(self._fd)
        try:
            for descriptor in retired:
                try:
                    os.fsync(descriptor)
                finally:
                    os.close(descriptor)
            os.fsync(current)
        finally:
            os.close(current)
        fsync_directory(self.state_file.path.parent)

    def close(self) -> None:
        with self._guard:
            for descriptor in [*self._retired, self._fd]:
                os.close(descriptor)
            self._retired = []

    def _create(self, number: int) -> int:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        return os.open(self.state_file.segment(number), flags, 0o600)


def _not_open(line: bytes) -> None:
    raise OSError("the journal is not open")


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
