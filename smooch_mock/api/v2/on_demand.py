"""What a fake holds of the v2 API before its first v2 call: stand-ins that load v2 when used.

A session that only speaks v1 never imports v2's route table, handlers, wire shapes or payload
builders; the first request under `/v2` (or `/oauth`), the first v2 error answer and the first
event with a v2 webhook subscribed each load what they need.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ...http.router import LaterRoutes, Route

if TYPE_CHECKING:
    from ...errors import SmoochError
    from ...http.messages import ApiResponse
    from ...store import Store
    from ...store.events import Event
    from ...store.models import Webhook
    from ...webhooks.outgoing import Outgoing
    from .payloads import V2WebhookPayloads

VERSION = "v2"
UNVERSIONED_ROOTS = ("oauth",)
"""The first segments of v2's paths outside `/v2` (`/oauth/...`), as its table writes them."""


def _routes() -> Sequence[Route]:
    from .routes import V2_ROUTES

    return V2_ROUTES


ROUTES = LaterRoutes(VERSION, UNVERSIONED_ROOTS, _routes)
"""v2's route table, indexed on the first request for one of its paths."""


def error_response(error: SmoochError) -> ApiResponse:
    """v2's error body (`{"errors": [...]}`) for `error`."""
    from .errors import error_response as v2_error_response

    return v2_error_response(error)


class WebhookPayloads:
    """v2's payload builder (see `webhooks.outgoing.PayloadBuilder`), made on the first event an
    app with a v2 webhook has: events of apps without one cost a look at their webhooks."""

    def __init__(self, store: Store, seed: int | None = None) -> None:
        self.store = store
        self.seed = seed
        self._builder: V2WebhookPayloads | None = None

    def __call__(self, event: Event, webhooks: Sequence[Webhook]) -> Iterable[Outgoing]:
        if not any(webhook.version == VERSION for webhook in webhooks):
            return ()
        if self._builder is None:
            from .payloads import V2WebhookPayloads

            self._builder = V2WebhookPayloads(self.store, self.seed)
        return self._builder(event, webhooks)
