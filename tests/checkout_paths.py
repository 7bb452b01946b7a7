"""Where this checkout's packages live, for subprocesses that must import them, not an install."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# smooch_mock/ sits at the root; the plugin's package, pytest_smooch_mock, inside pytest_plugin/.
PYTHONPATH = os.pathsep.join([str(ROOT), str(ROOT / "pytest_plugin")])
