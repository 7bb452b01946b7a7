"""A Ctrl-C while a command loads or starts: recorded, then honoured once the command can."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType


@dataclass(slots=True)
class CtrlC:
    """Whether a Ctrl-C arrived while it was held."""

    arrived: bool = False


@contextmanager
def held() -> Iterator[CtrlC]:
    """Record SIGINT instead of raising KeyboardInterrupt inside the block.

    Python's default handler raises KeyboardInterrupt wherever the main thread is; inside a
    weakref callback (an import's module lock, for one) it is printed and swallowed, and the
    Ctrl-C is lost: `serve` would start and then ignore it. The caller checks `arrived` instead.
    """
    ctrl_c = CtrlC()
    if threading.current_thread() is not threading.main_thread():
        yield ctrl_c  # only the main thread receives signals
        return

    def record(signum: int, frame: FrameType | None) -> None:
        ctrl_c.arrived = True

    previous = signal.signal(signal.SIGINT, record)
    try:
        yield ctrl_c
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)
