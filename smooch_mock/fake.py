"""FakeSmooch: one fake Smooch — its store, clock, configuration and request entry point."""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .api.control.routes import CONTROL_ROUTES
from .api.v1.errors import error_response
from .api.v1.payloads import webhook_payloads
from .api.v1.routes import SMOOCH_ROUTES
from .api.v1.wire import ROLES
from .api.v2 import on_demand as v2
from .clock import Clock, SystemClock
from .contract import strict
from .contract.check import strict_default
from .coverage import CoverageRecorder
from .dashboard.live import LiveHub
from .errors import SmoochError
from .http.auth import Principal
from .http.dispatch import Dispatcher, RequestJournal
from .http.messages import ApiRequest, ApiResponse
from .http.router import Router
from .simulation import ChannelAcknowledgements
from .store import Store
from .store.attachments import media_path
from .store.events import Event, MessageCreated
from .store.models import App, Attachment, SecretKey
from .webhooks import WebhookService

if TYPE_CHECKING:
    from .simulation.simulator import Simulator

log = logging.getLogger("smooch_mock")

DEFAULT_WEBHOOK_RETRY_BASE = 1.0
DEFAULT_WEBHOOK_TIMEOUT = 20.0


@dataclass(frozen=True, slots=True)
class InternalError:
    """An unexpected exception inside the fake: a bug, surfaced to the test that caused it."""

    where: str
    error: BaseException
    traceback: str


class FakeSmooch:
    """A complete fake of Smooch's v1/v1.1 API, independent of how requests reach it."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        seed: int | None = None,
        account_key_id: str | None = None,
        account_secret: str | None = None,
        webhook_retry_base: float = DEFAULT_WEBHOOK_RETRY_BASE,
        webhook_timeout: float = DEFAULT_WEBHOOK_TIMEOUT,
        webhook_batch_window: float = 0.0,
        strict_contract: bool | None = None,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.store = Store(clock=self.clock, seed=seed)
        self.lock = threading.RLock()
        self.coverage = CoverageRecorder()
        """What this fake served: operations, triggers delivered, message types stored."""
        self.store.subscribe(self._count_message)
        self.account_key: SecretKey = self.store.create_account_key(
            "Account key", account_key_id, account_secret
        )
        self.webhooks = WebhookService(
            self.store,
            self.clock,
            payloads=[
                webhook_payloads,
                v2.WebhookPayloads(self.store, None if seed is None else seed + 2),
            ],
            retry_base=webhook_retry_base,
            timeout=webhook_timeout,
            batch_window=webhook_batch_window,
            # A seed of its own: the store's sequence would hand out the same ids twice.
            seed=None if seed is None else seed + 1,
            coverage=self.coverage,
        )
        self.channels = ChannelAcknowledgements(self.store)
        self._seed = seed
        self._simulator: Simulator | None = None
        self.live = LiveHub(self.store, self.webhooks.engine)
        """What the dashboard's event streams listen to."""
        self.internal_errors: list[InternalError] = []
        self.control_token = secrets.token_urlsafe(24)
        """What the dashboard sends in `X-Smooch-Mock-Token` to prove a write is same-origin."""
        self.strict_contract = strict_default() if strict_contract is None else strict_contract
        """Check every answer and webhook payload against the schemas (a violation is an internal
        error). Default: the SMOOCH_MOCK_STRICT_CONTRACT environment variable (on in the tests)."""
        if self.strict_contract:
            self.webhooks.payload_checks.append(strict.payload_check(self.record_internal_error))
        # v2's table, handlers and error body load on the first v2 request (`api.v2.on_demand`).
        self.router = Router([*SMOOCH_ROUTES, v2.ROUTES, *CONTROL_ROUTES])
        self._dispatcher = Dispatcher(
            self,
            self.router,
            error_response=error_response,
            version_error_responses={v2.VERSION: v2.error_response},
            check_response=(
                strict.response_check(self.record_internal_error) if self.strict_contract else None
            ),
        )

    @property
    def simulate(self) -> Simulator:
        """Plays the end user through the same store operations (made on first use)."""
        if self._simulator is None:
            from .simulation.simulator import Simulator

            with self.lock:
                if self._simulator is None:
                    self._simulator = Simulator(self.store, self.lock, self._seed)
        return self._simulator

    def handle(self, request: ApiRequest) -> ApiResponse:
        """Answer one HTTP request (from any transport)."""
        return self._dispatcher.dispatch(request)

    def error_response(self, error: SmoochError, raw_path: str = "") -> ApiResponse:
        """The answer to a request for `raw_path` refused before it reached a route (guard, body
        too large), in the error body of the API the path belongs to."""
        return self._dispatcher.error_response_for(raw_path)(error)

    @property
    def journal(self) -> RequestJournal | None:
        """Set by `--state`: every state-changing request is journaled before it is answered."""
        return self._dispatcher.journal

    @journal.setter
    def journal(self, journal: RequestJournal | None) -> None:
        self._dispatcher.journal = journal

    def replay(self, request: ApiRequest, caller: Principal | None) -> None:
        """Run a journaled request again as `caller`, unanswered (see `persistence.journal`)."""
        self._dispatcher.replay(request, caller)

    def create_app_with_key(self, name: str = "Default app") -> tuple[App, SecretKey]:
        with self.lock:
            app = self.store.create_app(name)
            return app, self.store.create_app_key(app.id, "Default key")

    def reset(self) -> None:
        """Forget every app, user and webhook; the account key stays valid."""
        with self.lock:
            self.store.reset()
            self.webhooks.clear()

    def snapshot(self) -> dict[str, Any]:
        """The whole state, secrets included, for `--state` files (see `persistence`)."""
        from . import persistence

        with self.lock:
            return persistence.snapshot(self.store)

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the state with a snapshot's; adopts its account key unless ours is in it."""
        from . import persistence

        with self.lock:
            persistence.restore(self.store, data)
            self.webhooks.clear()
            if self.account_key.id not in self.store.keys:
                account_keys = [k for k in self.store.keys.values() if k.id.startswith("act_")]
                if account_keys:
                    self.account_key = account_keys[0]
                else:
                    self.store.keys[self.account_key.id] = self.account_key

    def media_url(self, base_url: str, attachment: Attachment) -> str:
        return base_url + media_path(attachment)

    def _count_message(self, event: Event) -> None:
        if isinstance(event, MessageCreated):
            self.coverage.saw_message(event.message.content.type, ROLES[event.message.author.type])

    def record_internal_error(self, error: BaseException, where: str) -> None:
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        log.error("internal error in %s\n%s", where, text)
        self.internal_errors.append(InternalError(where, error, text))

    def state_dump(self) -> dict[str, Any]:
        """Every piece of state as JSON, in Smooch's own shapes where it has one."""
        from .api.control.state import state_dump

        with self.lock:
            return state_dump(self.store)

    def close(self) -> None:
        """Stop background work (the webhook engine's thread)."""
        self.webhooks.close()

    async def aclose(self) -> None:
        """`close` from async code, without blocking the running loop."""
        await asyncio.get_running_loop().run_in_executor(None, self.close)
