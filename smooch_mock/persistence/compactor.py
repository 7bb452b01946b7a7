"""Compaction in a child process: the snapshot and journal segments replayed into a new one."""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import smooch_mock

from .. import error_texts as texts
from .snapshot import StateFileError, open_temporary, replace_with_temporary
from .state_file import POSITION_KEY, StateFile

CHUNK = 1 << 20
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1));"  # the very package the server runs
    " from smooch_mock.persistence.compactor import main; sys.exit(main(sys.argv[1:]))"
)


def compact_in_child(
    state_file: StateFile, last: int, started: Callable[[subprocess.Popen[bytes]], None]
) -> int:
    """Fold segments up to `last` into FILE (blocking; `started` gets the child, to stop it);
    returns the new snapshot's size.

    The child never touches the serving fake (no lock held, no stall of its event loop, no share
    of its interpreter lock: a thread's `json.dumps` would hold that for the whole state) and
    writes only to a pipe: the server owns every file, so a compactor orphaned by a kill -9
    cannot leave one behind.
    """
    package_root = str(Path(smooch_mock.__file__).resolve().parent.parent)
    command = [sys.executable, "-c", _BOOT, package_root, str(state_file.path), str(last)]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            start_new_session=True,  # a Ctrl-C in the terminal is for the server to handle
        )
        started(process)
        assert process.stdout is not None
        with process.stdout, open_temporary(state_file.path) as handle:
            shutil.copyfileobj(process.stdout, handle, CHUNK)
            if process.wait() != 0:
                errors.seek(0)
                lines = errors.read().decode(errors="replace").strip().splitlines()
                reason = lines[-1] if lines else f"exit status {process.returncode}"
                raise StateFileError(texts.STATE_COMPACTION_FAILED.format(reason=reason))
            size = handle.tell()
    replace_with_temporary(state_file.path)
    state_file.remove_segments_before(last + 1)
    return size


def main(argv: list[str]) -> int:
    """The child: write FILE's snapshot with segments up to LAST folded in, to stdout."""
    from ..fake import FakeSmooch  # here: the server side of this module does not need it

    path, last = Path(argv[0]), int(argv[1])
    fake = FakeSmooch(strict_contract=False)
    try:
        _, position = StateFile(path).load_into(fake, seed_base=secrets.randbits(64), through=last)
        data = {**fake.snapshot(), POSITION_KEY: position.to_json()}
        sys.stdout.buffer.write(json.dumps(data, separators=(",", ":")).encode())
        sys.stdout.buffer.flush()
    except (StateFileError, OSError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    finally:
        fake.close()
    return 0
