"""Control API for playing the end user and the channels: `/_mock/apps/{appId}/simulate/...`."""

from __future__ import annotations

from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....simulation.recipes import run_recipe
from ....store.models import JsonObject
from ...v1 import wire


def _app(call: Call) -> str:
    call.store.app_state(call.app_id)
    return call.app_id


def _new_user_name(body: JsonObject) -> tuple[str | None, str | None] | None:
    """`givenName`/`surname` for a user the simulation creates (None: none given)."""
    given_name, surname = body.get("givenName"), body.get("surname")
    return None if given_name is None and surname is None else (given_name, surname)


def write(call: Call) -> ApiResponse:
    """The user sends a message: `{user?, givenName?, surname?, channel?, clientId?,
    conversationId?, text | message}` (a v2 conversation id: one the user takes part in); a new
    user is named `givenName surname` if given, else anonymous on the
    SDK channels (web, ios, android)."""
    body = call.body
    content: str | JsonObject = body["text"] if "text" in body else body["message"]
    user, sent = call.simulator.write(
        _app(call),
        content,
        user=body.get("user"),
        channel=body.get("channel") or "web",
        client_id=body.get("clientId"),
        name=_new_user_name(body),
        conversation=body.get("conversationId"),
    )
    return created({"appUser": wire.app_user(user), "message": wire.message(sent)})


def postback(call: Call) -> ApiResponse:
    """The user taps a postback button: `{user, actionId | payload}` (an `actionId` that is no
    action's `_id` is tried as a payload too, as `IsolatedApp.taps_postback` does)."""
    action_id: str = call.body["actionId"] if "actionId" in call.body else call.body["payload"]
    action = call.simulator.tap_postback(
        _app(call), call.body.get("user"), action_id, conversation=call.body.get("conversationId")
    )
    return ok({"action": action})


def payment(call: Call) -> ApiResponse:
    action = call.simulator.pay(_app(call), call.body["user"], call.body["actionId"])
    return ok({"action": action})


def read(call: Call) -> ApiResponse:
    call.simulator.read(
        _app(call), call.body.get("user"), conversation=call.body.get("conversationId")
    )
    return ok()


def typing(call: Call) -> ApiResponse:
    call.simulator.type(
        _app(call),
        call.body.get("user"),
        typing=call.body.get("typing") is not False,
        conversation=call.body.get("conversationId"),
    )
    return ok()


def conversation_start(call: Call) -> ApiResponse:
    user = call.simulator.start_conversation(
        _app(call),
        call.body.get("user"),
        channel=call.body.get("channel") or "messenger",
        referral=call.body.get("referral"),
    )
    return ok({"appUser": wire.app_user(user)})


def referral(call: Call) -> ApiResponse:
    call.simulator.follow_referral(
        _app(call),
        call.body["user"],
        call.body["referral"],
        channel=call.body.get("channel") or "messenger",
    )
    return ok()


def link(call: Call) -> ApiResponse:
    client = call.simulator.answer_link(
        _app(call),
        call.body["user"],
        accept=call.body.get("accept") is not False,
        client_id=call.body.get("clientId"),
    )
    return ok({"client": wire.client(client)})


def delivery(call: Call) -> ApiResponse:
    call.simulator.report_delivery(
        _app(call),
        call.body["user"],
        call.body["messageId"],
        call.body["stage"],
        call.body.get("error"),
    )
    return ok()


def notification_delivery(call: Call) -> ApiResponse:
    call.simulator.report_notification(
        _app(call),
        call.body["notificationId"],
        call.body["stage"],
        call.body.get("error"),
    )
    return ok()


def trigger(call: Call) -> ApiResponse:
    """Make `trigger` happen (`smooch-mock trigger`); answers with the deliveries it created."""
    options: dict[str, str] = call.body.get("options", {})
    with call.webhooks.capture() as deliveries:
        run_recipe(call.simulator, _app(call), call.params["trigger"], options)
    places = call.webhooks.log.queue_places(call.app_id)
    listed = [d.to_json(places.get(d.id)) for d in deliveries]
    return created({"trigger": call.params["trigger"], "deliveries": listed})
