"""Webhook configuration CRUD; the webhook's version is the version of the path that created it."""

from __future__ import annotations

from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from .. import wire
from ..triggers import triggers_or_default


def list_webhooks(call: Call) -> ApiResponse:
    return ok(
        {"webhooks": [wire.webhook(w, call.version) for w in call.store.list_webhooks(call.app_id)]}
    )


def create_webhook(call: Call) -> ApiResponse:
    target: str = call.body["target"]
    triggers: list[str] | None = call.body.get("triggers")
    include_client = bool(call.body.get("includeClient"))
    include_full_app_user = bool(call.body.get("includeFullAppUser"))
    webhook = call.store.create_webhook(
        call.app_id,
        target,
        triggers_or_default(triggers, call.version),
        version=call.version,
        include_client=include_client,
        include_full_app_user=include_full_app_user,
    )
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
    target: str | None = call.body.get("target")
    triggers: list[str] | None = call.body.get("triggers")
    include_client: bool | None = call.body.get("includeClient")
    include_full_app_user: bool | None = call.body.get("includeFullAppUser")
    webhook = call.store.get_webhook(call.app_id, call.params["webhookId"])
    call.store.update_webhook(
        call.app_id,
        webhook.id,
        target=target,
        # Checked against the webhook's own version, whatever the path's.
        triggers=None if triggers is None else triggers_or_default(triggers, webhook.version),
        include_client=include_client,
        include_full_app_user=include_full_app_user,
    )
    return ok({"webhook": wire.webhook(webhook, call.version)})


def delete_webhook(call: Call) -> ApiResponse:
    call.store.delete_webhook(call.app_id, call.params["webhookId"])
    return ok()
