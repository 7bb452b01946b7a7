"""Webhook configuration CRUD (each webhook is a custom integration in the store); the webhook's
version is the version of the path that created it."""

from __future__ import annotations

from ....errors import WebhookNotFound
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....http.router import VERSIONS
from ....store.inputs import WebhookInput
from ....store.models import Webhook
from .. import wire
from ..triggers import triggers_or_default


def list_webhooks(call: Call) -> ApiResponse:
    webhooks = [w for w in call.store.list_webhooks(call.app_id) if w.version in VERSIONS]
    return ok({"webhooks": [wire.webhook(w, call.version) for w in webhooks]})


def create_webhook(call: Call) -> ApiResponse:
    triggers: list[str] | None = call.body.get("triggers")
    given = WebhookInput(
        target=call.body["target"],
        triggers=triggers_or_default(triggers, call.version),
        include_full_user=bool(call.body.get("includeFullAppUser")),
        include_full_source=bool(call.body.get("includeClient")),
    )
    webhook = call.store.create_webhook(call.app_id, given, version=call.version)
    return created({"webhook": wire.webhook(webhook, call.version)})


def get_webhook(call: Call) -> ApiResponse:
    return ok({"webhook": wire.webhook(_v1_webhook(call), call.version)})


def update_webhook(call: Call) -> ApiResponse:
    triggers: list[str] | None = call.body.get("triggers")
    webhook = _v1_webhook(call)
    changes = WebhookInput(
        target=call.body.get("target"),
        # Checked against the webhook's own version, whatever the path's.
        triggers=None if triggers is None else triggers_or_default(triggers, webhook.version),
        include_full_user=call.body.get("includeFullAppUser"),
        include_full_source=call.body.get("includeClient"),
    )
    call.store.update_webhook(call.app_id, webhook.id, changes)
    return ok({"webhook": wire.webhook(webhook, call.version)})


def delete_webhook(call: Call) -> ApiResponse:
    call.store.delete_webhook(call.app_id, _v1_webhook(call).id)
    return ok()


def _v1_webhook(call: Call) -> Webhook:
    """The path's webhook; those made through v2 (payload version `v2`) are not v1's to see."""
    webhook = call.store.get_webhook(call.app_id, call.params["webhookId"])
    if webhook.version not in VERSIONS:
        raise WebhookNotFound()
    return webhook
