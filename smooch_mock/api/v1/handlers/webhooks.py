"""Webhook configuration CRUD (each webhook is a custom integration in the store); the webhook's
version is the version of the path that created it."""

from __future__ import annotations

from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.inputs import WebhookInput
from .. import wire
from ..triggers import triggers_or_default


def list_webhooks(call: Call) -> ApiResponse:
    return ok(
        {"webhooks": [wire.webhook(w, call.version) for w in call.store.list_webhooks(call.app_id)]}
    )


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
    return ok(
        {
            "webhook": wire.webhook(
                call.store.get_webhook(call.app_id, call.params["webhookId"]), call.version
            )
        }
    )


def update_webhook(call: Call) -> ApiResponse:
    triggers: list[str] | None = call.body.get("triggers")
    webhook = call.store.get_webhook(call.app_id, call.params["webhookId"])
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
    call.store.delete_webhook(call.app_id, call.params["webhookId"])
    return ok()
