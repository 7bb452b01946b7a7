"""Domain events to deliveries for every subscribed webhook: logged, then handed to the engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import encoding
from ..clock import Clock
from ..coverage import CoverageRecorder
from ..errors import DeliveryNotFound
from ..ids import IdFactory
from ..store import Store
from ..store.events import Event
from ..store.models import JsonObject
from .engine import DeliveryEngine
from .log import PENDING, Delivery, DeliveryLog
from .outgoing import PayloadBuilder
from .retry_policy import MAX_ATTEMPTS

if TYPE_CHECKING:
    from .chaos import Chaos, ChaosSettings

PayloadCheck = Callable[[JsonObject, str, str], None]
"""Called with (payload, trigger, version) before sending; raises on a contract violation."""


class WebhookService:
    """Turns the store's events into deliveries: each generation in `payloads` shapes the payloads
    of its own webhooks; the service logs them, applies chaos and hands them to the engine."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        payloads: Sequence[PayloadBuilder],
        retry_base: float,
        timeout: float,
        batch_window: float = 0.0,
        seed: int | None = None,
        coverage: CoverageRecorder | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.payloads = tuple(payloads)
        self.ids = IdFactory(seed)
        self.log = DeliveryLog()
        self.engine = DeliveryEngine(
            clock, retry_base=retry_base, timeout=timeout, batch_window=batch_window
        )
        self.payload_checks: list[PayloadCheck] = []
        self.coverage = coverage or CoverageRecorder()
        self._captures: list[list[Delivery]] = []
        self._chaos: dict[tuple[str, str | None], Chaos] = {}
        """Chaos per (app, webhook); webhook None is the app-wide default."""
        self._muted = False
        store.subscribe(self.on_event)

    def on_event(self, event: Event) -> None:
        if self._muted:
            return
        webhooks = self.store.webhooks_of(event.app_id)
        if not webhooks:
            return
        for payloads_for in self.payloads:
            for outgoing in payloads_for(event, webhooks):
                webhook, trigger, payload = outgoing.webhook, outgoing.trigger, outgoing.payload
                for check in self.payload_checks:
                    check(payload, trigger, webhook.version)
                delivery = Delivery(
                    id=self.ids.object_id(),
                    app_id=event.app_id,
                    webhook_id=webhook.id,
                    target=webhook.target,
                    secret=webhook.secret,
                    trigger=trigger,
                    version=webhook.version,
                    # Serialised now: later state changes must not alter what this event said.
                    body=encoding.dumps(payload),
                    ordering_key=f"{webhook.id}:{outgoing.ordering_key}",
                    created_at=round(self.clock.now(), 3),
                )
                self.coverage.saw_delivery(trigger, webhook.version)
                chaos = self._chaos_for(event.app_id, webhook.id) if self._chaos else None
                if chaos is None:
                    self._send(delivery)
                else:
                    self._send_with_chaos(delivery, chaos)

    # -- chaos ------------------------------------------------------------------------------

    def set_chaos(
        self, app_id: str, webhook_id: str | None, settings: ChaosSettings | None
    ) -> None:
        """Faults for one webhook's new deliveries, or (webhook None) for every webhook of the
        app without settings of its own. None, or settings with nothing on, turn chaos off."""
        if settings is None or not settings.active:
            self._chaos.pop((app_id, webhook_id), None)
        else:
            from .chaos import Chaos  # with the first chaos set, not with the fake

            self._chaos[(app_id, webhook_id)] = Chaos(settings, MAX_ATTEMPTS)

    def chaos_settings(self, app_id: str, webhook_id: str | None) -> ChaosSettings | None:
        """The settings set for exactly this webhook (or the app-wide ones for None)."""
        chaos = self._chaos.get((app_id, webhook_id))
        return chaos.settings if chaos is not None else None

    def _chaos_for(self, app_id: str, webhook_id: str) -> Chaos | None:
        return self._chaos.get((app_id, webhook_id)) or self._chaos.get((app_id, None))

    def _send_with_chaos(self, delivery: Delivery, chaos: Chaos) -> None:
        from .chaos import DUPLICATE, Fault

        # Drawn here, under the fake's lock and in event order, so a seed replays the same faults.
        draw = chaos.draw()
        delivery.chaos, delivery.faults = draw.plan, draw.faults
        self._send(delivery)
        if draw.duplicated:
            again = chaos.draw()  # the copy meets chaos of its own, but is never copied again
            copy = replace(
                delivery,
                id=self.ids.object_id(),
                attempts=[],
                faults=[Fault(DUPLICATE, of=delivery.id), *again.faults],
                chaos=again.plan,
            )
            self._send(copy)

    def redeliver(self, app_id: str, delivery_id: str) -> Delivery:
        """Send a logged delivery's payload again, as a new delivery."""
        original = self.log.get(app_id, delivery_id)
        if original is None:
            raise DeliveryNotFound()
        copy = replace(
            original,
            id=self.ids.object_id(),
            state=PENDING,
            attempts=[],
            created_at=round(self.clock.now(), 3),
            redelivery_of=original.id,
            faults=[],
            chaos=None,  # an explicit redelivery goes out as asked
        )
        self._send(copy)
        return copy

    def get(self, app_id: str, delivery_id: str) -> Delivery:
        delivery = self.log.get(app_id, delivery_id)
        if delivery is None:
            raise DeliveryNotFound()
        return delivery

    @contextmanager
    def muted(self) -> Iterator[None]:
        """Send nothing for the events inside the block (a journal replaying old requests)."""
        self._muted = True
        try:
            yield
        finally:
            self._muted = False

    @contextmanager
    def capture(self) -> Iterator[list[Delivery]]:
        """Collect the deliveries created inside the block (the caller holds the fake's lock)."""
        captured: list[Delivery] = []
        self._captures.append(captured)
        try:
            yield captured
        finally:
            self._captures.remove(captured)

    def forget_app(self, app_id: str) -> None:
        """Drop an app's delivery log and chaos settings."""
        self.log.forget_app(app_id)
        for key in [key for key in self._chaos if key[0] == app_id]:
            del self._chaos[key]

    def clear(self) -> None:
        """Forget every delivery and chaos setting (the fake was reset)."""
        self.log.clear()
        self._chaos.clear()

    def close(self) -> None:
        self.engine.close()

    def _send(self, delivery: Delivery) -> None:
        self.log.add(delivery)
        for captured in self._captures:
            captured.append(delivery)
        self.engine.enqueue(delivery)
