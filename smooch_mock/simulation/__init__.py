"""Playing the end user and the channels, which a fake must do itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .channels import ChannelAcknowledgements
from .clients import CHANNELS, SDK_CHANNELS

if TYPE_CHECKING:
    from .simulator import Simulator

__all__ = ["CHANNELS", "SDK_CHANNELS", "ChannelAcknowledgements", "Simulator"]


def __getattr__(name: str) -> Any:
    # The simulator (and the recipes and Faker behind it) loads on first use, not with the fake.
    if name == "Simulator":
        from .simulator import Simulator

        return Simulator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
