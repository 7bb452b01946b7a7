"""Webhooks: the store's events to each generation's payloads, the delivery engine and its log."""

from __future__ import annotations

from .engine import DeliveryEngine
from .log import DELIVERED, FAILED, PENDING, Attempt, Delivery, DeliveryLog
from .service import WebhookService

__all__ = [
    "DELIVERED",
    "FAILED",
    "PENDING",
    "Attempt",
    "Delivery",
    "DeliveryEngine",
    "DeliveryLog",
    "WebhookService",
]
