"""Control API for delivery chaos: seeded faults for one webhook, or every webhook of an app."""

from __future__ import annotations

from typing import Any

from ....errors import InvalidSimulation
from ....http.call import Call, ok
from ....http.messages import ApiResponse
from ....webhooks.chaos import ChaosSettings


def get_webhook_chaos(call: Call) -> ApiResponse:
    webhook_id = _webhook(call)
    service = call.webhooks
    return ok(
        {
            "chaos": _json(service.chaos_settings(call.app_id, webhook_id)),
            "appChaos": _json(service.chaos_settings(call.app_id, None)),
        }
    )


def set_webhook_chaos(call: Call) -> ApiResponse:
    return _set(call, _webhook(call))


def clear_webhook_chaos(call: Call) -> ApiResponse:
    call.webhooks.set_chaos(call.app_id, _webhook(call), None)
    return ok()


def get_app_chaos(call: Call) -> ApiResponse:
    call.store.app_state(call.app_id)
    return ok({"chaos": _json(call.webhooks.chaos_settings(call.app_id, None))})


def set_app_chaos(call: Call) -> ApiResponse:
    call.store.app_state(call.app_id)
    return _set(call, None)


def clear_app_chaos(call: Call) -> ApiResponse:
    call.store.app_state(call.app_id)
    call.webhooks.set_chaos(call.app_id, None, None)
    return ok()


def _webhook(call: Call) -> str:
    return call.store.get_webhook(call.app_id, call.params["webhookId"]).id


def _set(call: Call, webhook_id: str | None) -> ApiResponse:
    try:
        settings = ChaosSettings.from_options(call.body)
    except (ValueError, TypeError) as error:
        raise InvalidSimulation(str(error)) from error
    call.webhooks.set_chaos(call.app_id, webhook_id, settings)
    return ok({"chaos": _json(call.webhooks.chaos_settings(call.app_id, webhook_id))})


def _json(settings: ChaosSettings | None) -> dict[str, Any] | None:
    return settings.to_json() if settings is not None else None
