"""Control API for playing the end user and the channels: `/_mock/apps/{appId}/simulate/...`."""

from __future__ import annotations

from ....errors import BadRequest
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....simulation.recipes import run_recipe
from ....store import fields as f
from ....store.models import JsonObject
from ...v1 import wire


def _app(call: Call) -> str:
    call.store.app_state(call.app_id)
    return call.app_id


def _new_user_name(body: JsonObject) -> tuple[str | None, str | None] | None:
    """`givenName`/`surname` for a user the simulation creates (None: none given)."""
    given_name, surname = f.string(body, "givenName"), f.string(body, "surname")
    return None if given_name is None and surname is None else (given_name, surname)


def write(call: Call) -> ApiResponse:
    """The user sends a message: `{user?, givenName?, surname?, channel?, clientId?,
    text | message}`; a new user is named `givenName surname` if given, else anonymous on the
    SDK channels (web, ios, android)."""
    body = call.body
    f.reject_unknown(
        body, {"user", "givenName", "surname", "channel", "clientId", "text", "message"}, ""
    )
    text = f.string(body, "text")
    message = body.get("message")
    if (text is None) == (message is None):
        raise BadRequest("give exactly one of text or message")
    content: str | JsonObject = text if text is not None else f.require_object(message, "message")
    user, sent = call.simulator.write(
        _app(call),
        content,
        user=f.string(body, "user"),
        channel=f.string(body, "channel") or "web",
        client_id=f.string(body, "clientId"),
        name=_new_user_name(body),
    )
    return created({"appUser": wire.app_user(user), "message": wire.message(sent)})


def postback(call: Call) -> ApiResponse:
    """The user taps a postback button: `{user, actionId | payload}` (an `actionId` that is no
    action's `_id` is tried as a payload too, as `IsolatedApp.taps_postback` does)."""
    f.reject_unknown(call.body, {"user", "actionId", "payload"}, "")
    action_id, payload = f.string(call.body, "actionId"), f.string(call.body, "payload")
    if (action_id is None) == (payload is None):
        raise BadRequest("give exactly one of actionId or payload")
    action = call.simulator.tap_postback(
        _app(call), f.required_string(call.body, "user"), action_id or payload or ""
    )
    return ok({"action": action})


def payment(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"user", "actionId"}, "")
    action = call.simulator.pay(
        _app(call), f.required_string(call.body, "user"), f.required_string(call.body, "actionId")
    )
    return ok({"action": action})


def read(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"user"}, "")
    call.simulator.read(_app(call), f.required_string(call.body, "user"))
    return ok()


def typing(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"user", "typing"}, "")
    typing_now = f.boolean(call.body, "typing")
    call.simulator.type(
        _app(call), f.required_string(call.body, "user"), typing=typing_now is not False
    )
    return ok()


def conversation_start(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"user", "channel", "referral"}, "")
    referral = call.body.get("referral")
    user = call.simulator.start_conversation(
        _app(call),
        f.string(call.body, "user"),
        channel=f.string(call.body, "channel") or "messenger",
        referral=f.require_object(referral, "referral") if referral is not None else None,
    )
    return ok({"appUser": wire.app_user(user)})


def referral(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"user", "channel", "referral"}, "")
    call.simulator.follow_referral(
        _app(call),
        f.required_string(call.body, "user"),
        f.require_object(call.body.get("referral"), "referral"),
        channel=f.string(call.body, "channel") or "messenger",
    )
    return ok()


def link(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"user", "accept", "clientId"}, "")
    client = call.simulator.answer_link(
        _app(call),
        f.required_string(call.body, "user"),
        accept=f.boolean(call.body, "accept") is not False,
        client_id=f.string(call.body, "clientId"),
    )
    return ok({"client": wire.client(client)})


def delivery(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"user", "messageId", "stage", "error"}, "")
    error = call.body.get("error")
    call.simulator.report_delivery(
        _app(call),
        f.required_string(call.body, "user"),
        f.required_string(call.body, "messageId"),
        f.required_string(call.body, "stage"),
        f.require_object(error, "error") if error is not None else None,
    )
    return ok()


def notification_delivery(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"notificationId", "stage", "error"}, "")
    error = call.body.get("error")
    call.simulator.report_notification(
        _app(call),
        f.required_string(call.body, "notificationId"),
        f.required_string(call.body, "stage"),
        f.require_object(error, "error") if error is not None else None,
    )
    return ok()


def trigger(call: Call) -> ApiResponse:
    """Make `trigger` happen (`smooch-mock trigger`); answers with the deliveries it created."""
    options = f.require_object(call.body.get("options", {}), "options")
    if not all(isinstance(v, str) for v in options.values()):
        raise BadRequest("options values must be strings")
    with call.webhooks.capture() as deliveries:
        run_recipe(call.simulator, _app(call), call.params["trigger"], options)
    places = call.webhooks.log.queue_places(call.app_id)
    listed = [d.to_json(places.get(d.id)) for d in deliveries]
    return created({"trigger": call.params["trigger"], "deliveries": listed})
