"""Playing the end user and the channels, which a fake must do itself."""

from __future__ import annotations

from .channels import ChannelAcknowledgements
from .clients import CHANNELS, SDK_CHANNELS
from .simulator import Simulator

__all__ = ["CHANNELS", "SDK_CHANNELS", "ChannelAcknowledgements", "Simulator"]
