"""Which app a v2 call acts on, and what a service-account key may reach there."""

from __future__ import annotations

from ... import error_texts as texts
from ...errors import Forbidden
from ...http.call import Call


def app_id(call: Call) -> str:
    """The path's app, already authorised by the dispatcher (an app or integration credential
    never reaches another app); a service account's key reaches only its own apps."""
    resolved = call.app_id
    owner = service_account_of(call)
    if owner is not None and call.store.get_app(resolved).service_account_id != owner:
        raise Forbidden(texts.FORBIDDEN)
    return resolved


def service_account_of(call: Call) -> str | None:
    """The service account a `svc_` key belongs to; None for any other caller."""
    return call.principal.key.service_account_id if call.principal else None
