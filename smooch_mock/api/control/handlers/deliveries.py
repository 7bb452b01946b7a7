"""Control API for the delivery log: list, inspect and redeliver webhook deliveries."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import InvalidQuery
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....simulation.recipes import RECIPES
from ....webhooks.log import PENDING, STATES

PAGE_LIMIT = 1000
ORDERS = ("oldest", "newest")


def list_deliveries(call: Call) -> ApiResponse:
    """The log, filtered (`state`, `trigger`, `webhook`) and optionally paged: `order` (oldest
    first by default, or newest), `offset`, `limit`; `total` counts every match."""
    call.store.app_state(call.app_id)
    state = call.query.get("state") or None
    if state is not None and state not in STATES:
        raise InvalidQuery(texts.FIELD_NOT_ONE_OF, field="state", options=", ".join(STATES))
    order = call.query.get("order") or "oldest"
    if order not in ORDERS:
        raise InvalidQuery(texts.FIELD_NOT_ONE_OF, field="order", options=", ".join(ORDERS))
    offset = _whole_number(call.query, "offset", 0, None) or 0
    limit = _whole_number(call.query, "limit", 1, PAGE_LIMIT)
    log = call.webhooks.log
    matches = log.list(
        call.app_id,
        trigger=call.query.get("trigger") or None,
        webhook_id=call.query.get("webhook") or None,
        state=state,
    )
    if order == "newest":
        matches.reverse()
    page = matches[offset : offset + limit if limit is not None else None]
    places = log.queue_places(call.app_id) if any(d.state == PENDING for d in page) else {}
    listed = [d.to_json(places.get(d.id)) for d in page]
    return ok({"deliveries": listed, "total": len(matches)})


def get_delivery(call: Call) -> ApiResponse:
    delivery = call.webhooks.get(call.app_id, call.params["deliveryId"])
    place = call.webhooks.log.queue_places(call.app_id).get(delivery.id)
    return ok({"delivery": delivery.to_json(place)})


def redeliver(call: Call) -> ApiResponse:
    with call.fake.lock:
        delivery = call.webhooks.redeliver(call.app_id, call.params["deliveryId"])
    return created({"delivery": delivery.to_json()})


def list_triggers(call: Call) -> ApiResponse:
    return ok({"triggers": list(RECIPES)})


def _whole_number(query: dict[str, str], name: str, low: int, high: int | None) -> int | None:
    text = query.get(name)
    if text is None or text == "":
        return None
    bounds = (
        texts.WHOLE_NUMBER_BETWEEN.format(low=low, high=high)
        if high is not None
        else texts.WHOLE_NUMBER_AT_LEAST.format(low=low)
    )
    if not text.isdigit() or not low <= int(text) <= (high if high is not None else int(text)):
        raise InvalidQuery(texts.FIELD_NOT_WHOLE_NUMBER, field=name, bounds=bounds)
    return int(text)
