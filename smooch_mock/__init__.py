"""smooch-mock: a local, in-memory fake of the Smooch v1/v1.1 REST API and its testing toolkit."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .clock import FakeClock as FakeClock
    from .clock import SystemClock as SystemClock
    from .errors import SmoochError as SmoochError
    from .fake import FakeSmooch as FakeSmooch
    from .http.server import ServerThread as ServerThread
    from .http.server import create_app as create_app
    from .receiver import WebhookReceiver as WebhookReceiver
    from .store import Store as Store

__version__ = "0.1.0"

# Public names, imported on first use so `import smooch_mock` stays cheap (the pytest plugin
# is loaded by every pytest run in an environment where this package is installed).
_EXPORTS = {
    "FakeSmooch": ".fake",
    "Store": ".store",
    "SmoochError": ".errors",
    "FakeClock": ".clock",
    "SystemClock": ".clock",
    "ServerThread": ".http.server",
    "create_app": ".http.server",
    "WebhookReceiver": ".receiver",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'smooch_mock' has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)
