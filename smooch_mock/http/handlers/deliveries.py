"""Control API for the delivery log: list, inspect and redeliver webhook deliveries."""

from __future__ import annotations

from ...errors import BadRequest
from ...simulation.recipes import RECIPES
from ...webhooks.log import STATES
from ..call import Call, created, ok
from ..messages import ApiResponse


def list_deliveries(call: Call) -> ApiResponse:
    call.store.app_state(call.app_id)
    state = call.query.get("state") or None
    if state is not None and state not in STATES:
        raise BadRequest(f"state must be one of {', '.join(STATES)}")
    deliveries = call.fake.webhooks.log.list(
        call.app_id,
        trigger=call.query.get("trigger") or None,
        webhook_id=call.query.get("webhook") or None,
        state=state,
    )
    return ok({"deliveries": [d.to_json() for d in deliveries]})


def get_delivery(call: Call) -> ApiResponse:
    return ok(
        {"delivery": call.fake.webhooks.get(call.app_id, call.params["deliveryId"]).to_json()}
    )


def redeliver(call: Call) -> ApiResponse:
    with call.fake.lock:
        delivery = call.fake.webhooks.redeliver(call.app_id, call.params["deliveryId"])
    return created({"delivery": delivery.to_json()})


def list_triggers(call: Call) -> ApiResponse:
    return ok({"triggers": list(RECIPES)})
