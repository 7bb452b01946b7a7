"""Webhook configuration CRUD; the webhook's version is the version of the path that created it."""

from __future__ import annotations

from typing import Any

from ....errors import BadRequest
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store import fields as f
from .. import wire
from ..triggers import triggers_or_default

_FIELDS = {"target", "triggers", "includeClient", "includeFullAppUser"}


def list_webhooks(call: Call) -> ApiResponse:
    return ok(
        {"webhooks": [wire.webhook(w, call.version) for w in call.store.list_webhooks(call.app_id)]}
    )


def create_webhook(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, _FIELDS, "")
    target = f.http_url(call.body, "target", required=True) or ""
    triggers = _triggers(call.body)
    include_client = bool(f.boolean(call.body, "includeClient"))
    include_full_app_user = bool(f.boolean(call.body, "includeFullAppUser"))
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
    f.reject_unknown(call.body, _FIELDS, "")
    if not call.body:
        raise BadRequest(
            "Nothing to update: give target, triggers, includeClient or includeFullAppUser"
        )
    target = f.http_url(call.body, "target")
    triggers = _triggers(call.body)
    include_client = f.boolean(call.body, "includeClient")
    include_full_app_user = f.boolean(call.body, "includeFullAppUser")
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


def _triggers(body: dict[str, Any]) -> list[str] | None:
    triggers = f.array(body, "triggers")
    if triggers is None:
        return None
    for index, trigger in enumerate(triggers):
        if not isinstance(trigger, str):
            raise BadRequest(f"triggers[{index}] must be a string")
    return triggers
