"""Put this folder on PYTHONPATH to run smooch-mock (and its tests) on the pure-Python path: the
compiled helpers orjson and jsonschema-rs become unimportable, as where they have no wheel."""

from __future__ import annotations

import sys

COMPILED_HELPERS = ("orjson", "jsonschema_rs")

for _name in COMPILED_HELPERS:
    sys.modules[_name] = None  # type: ignore[assignment]  # `import` of a None entry fails
