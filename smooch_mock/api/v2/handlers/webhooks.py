"""Webhooks of an integration: created in v2 with payload version `v2`; an integration key
reaches only its own integration's (`me` names it)."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import Forbidden, IntegrationNotFound, InvalidField
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from .. import access
from .. import integrations_wire as wire
from .integrations import V2_WEBHOOK_VERSION, visible_integration, webhook_input

ME = "me"


def create_webhook(call: Call) -> ApiResponse:
    app_id, integration_id = _integration(call)
    webhook = call.store.add_integration_webhook(
        app_id, integration_id, webhook_input(call.body), version=V2_WEBHOOK_VERSION
    )
    return created({"webhook": wire.webhook(webhook)})


def list_webhooks(call: Call) -> ApiResponse:
    app_id, integration_id = _integration(call)
    webhooks = call.store.integration_webhooks(app_id, integration_id)
    return ok({"webhooks": [wire.webhook(w) for w in webhooks]})


def get_webhook(call: Call) -> ApiResponse:
    app_id, integration_id = _integration(call)
    webhook = call.store.integration_webhook(app_id, integration_id, call.params["webhookId"])
    return ok({"webhook": wire.webhook(webhook)})


def update_webhook(call: Call) -> ApiResponse:
    app_id, integration_id = _integration(call)
    webhook = call.store.integration_webhook(app_id, integration_id, call.params["webhookId"])
    changes = webhook_input(call.body)
    if changes.triggers is not None and webhook.version != V2_WEBHOOK_VERSION:
        # v2 names would not fire for a v1/v1.1 webhook, which keeps its own version's names.
        raise InvalidField(texts.V2_OLD_WEBHOOK_TRIGGERS, version=webhook.version)
    call.store.update_webhook(app_id, webhook.id, changes)
    return ok({"webhook": wire.webhook(webhook)})


def delete_webhook(call: Call) -> ApiResponse:
    app_id, integration_id = _integration(call)
    call.store.remove_integration_webhook(app_id, integration_id, call.params["webhookId"])
    return ok()


def _integration(call: Call) -> tuple[str, str]:
    """The app and the path's integration; `me` is the caller's own under integration scope,
    and an integration key reaches no other integration (403)."""
    own = call.principal.integration_id if call.principal else None
    wanted = call.params["integrationId"]
    if wanted == ME:
        if own is None:
            raise IntegrationNotFound()
        call.params["integrationId"] = wanted = own
    if own is not None and wanted != own:
        raise Forbidden(texts.FORBIDDEN)
    return access.app_id(call), visible_integration(call).id
