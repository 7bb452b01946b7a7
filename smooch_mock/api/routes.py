"""Every route table the fake serves, in matching order: the appUser API, v2, the control API."""

from __future__ import annotations

from ..http.router import Route
from .control.routes import CONTROL_ROUTES
from .v1.routes import SMOOCH_ROUTES
from .v2.routes import V2_ROUTES

ROUTES: list[Route] = SMOOCH_ROUTES + V2_ROUTES + CONTROL_ROUTES

__all__ = ["CONTROL_ROUTES", "ROUTES", "SMOOCH_ROUTES", "V2_ROUTES"]
