"""Recipes that make each webhook trigger (v1/v1.1) and event type (v2) happen for real, as
`smooch-mock trigger` does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import error_texts as texts
from ..errors import InvalidSimulation
from ..store.models import AuthorInput, Content, JsonObject, MessageInput
from .recipes_v2 import V2_AS_V1, V2_RECIPES

if TYPE_CHECKING:
    from .simulator import Simulator

Options = dict[str, str]
Recipe = Callable[["Simulator", str, Options], None]
OPTION_NAMES = ("user", "channel", "text", "payload", "referral", "amount", "error")


def _user(options: Options) -> str | None:
    return options.get("user") or None


def _write(simulator: Simulator, app_id: str, options: Options) -> None:
    simulator.write(
        app_id,
        options.get("text") or "Hi! Do you have time to chat?",
        user=_user(options),
        channel=options.get("channel", "ios"),
    )


def _business_message(
    simulator: Simulator, app_id: str, options: Options, default_channel: str = "messenger"
) -> tuple[str, str]:
    """A user on a channel, and a business text message to them: (user id, message id)."""
    user, _ = simulator.end_user(
        app_id, _user(options), channel=options.get("channel", default_channel)
    )
    message = simulator.store.post_message(
        app_id,
        user.id,
        _business_text(options.get("text") or "Your order has shipped."),
    )
    return user.id, message.id


def _business_text(text: str, *actions: JsonObject) -> MessageInput:
    content = Content(type="text", text=text, actions=list(actions) if actions else None)
    return MessageInput(AuthorInput(type="business"), content)


def _app_maker(simulator: Simulator, app_id: str, options: Options) -> None:
    _business_message(simulator, app_id, options, default_channel=options.get("channel", "web"))


def _postback(simulator: Simulator, app_id: str, options: Options) -> None:
    user, _ = simulator.end_user(
        app_id, _user(options), channel=options.get("channel", "messenger")
    )
    message = simulator.store.post_message(
        app_id,
        user.id,
        _business_text(
            "Would you like to know more?",
            {"type": "postback", "text": "Yes", "payload": options.get("payload") or "MORE_INFO"},
        ),
    )
    actions = message.content.actions or []
    simulator.tap_postback(app_id, user.id, actions[0]["_id"])


def _referral(options: Options) -> JsonObject:
    return {
        "code": options.get("referral") or "spring-sale",
        "details": {"source": "MESSENGER_CODE", "type": "OPEN_THREAD"},
    }


def _conversation_start(simulator: Simulator, app_id: str, options: Options) -> None:
    referral = _referral(options) if options.get("referral") else None
    simulator.start_conversation(
        app_id, _user(options), channel=options.get("channel", "messenger"), referral=referral
    )


def _conversation_read(simulator: Simulator, app_id: str, options: Options) -> None:
    user, _ = simulator.end_user(app_id, _user(options), channel=options.get("channel", "web"))
    simulator.read(app_id, user.id)


def _conversation_referral(simulator: Simulator, app_id: str, options: Options) -> None:
    user, _ = simulator.end_user(
        app_id, _user(options), channel=options.get("channel", "messenger")
    )
    simulator.follow_referral(
        app_id, user.id, _referral(options), channel=options.get("channel", "messenger")
    )


def _typing(simulator: Simulator, app_id: str, options: Options) -> None:
    user, _ = simulator.end_user(app_id, _user(options), channel=options.get("channel", "web"))
    simulator.type(app_id, user.id, typing=True)


def _merge(simulator: Simulator, app_id: str, options: Options) -> None:
    surviving, _ = simulator.end_user(app_id, _user(options), channel="web")
    discarded, _ = simulator.end_user(app_id, None, channel=options.get("channel", "messenger"))
    simulator.store.merge_users(app_id, surviving.id, discarded.id)


def _delivery(stage: str | None) -> Recipe:
    def recipe(simulator: Simulator, app_id: str, options: Options) -> None:
        # Posting to a third-party channel user is acknowledged by the channel at once.
        user_id, message_id = _business_message(simulator, app_id, options)
        if stage is not None:
            simulator.report_delivery(app_id, user_id, message_id, stage, _error(options))

    return recipe


def _error(options: Options) -> JsonObject | None:
    if not options.get("error"):
        return None
    return {"code": "uncategorized_error", "underlyingError": {"message": options["error"]}}


def _payment(simulator: Simulator, app_id: str, options: Options) -> None:
    user, _ = simulator.end_user(app_id, _user(options), channel=options.get("channel", "web"))
    amount = int(options.get("amount") or 1999)
    message = simulator.store.post_message(
        app_id,
        user.id,
        _business_text("Your order", {"type": "buy", "text": "Pay", "amount": amount}),
    )
    simulator.pay(app_id, user.id, (message.content.actions or [])[0]["_id"])


def _link(outcome: str) -> Recipe:
    def recipe(simulator: Simulator, app_id: str, options: Options) -> None:
        user, _ = simulator.end_user(app_id, _user(options), channel="web")
        channel = options.get("channel", "twilio")
        confirmation: JsonObject = {"type": "immediate"} if outcome == "success" else {
            "type": "userActivity", "message": {"type": "text", "text": "Reply YES to connect"}
        }  # fmt: skip
        simulator.channel_integration(app_id, channel)
        criteria = {
            "phoneNumber": simulator.phone_number(),
            "givenName": user.profile.given_name or "Sam",
        }
        simulator.store.link_channel(app_id, user.id, channel, str(confirmation["type"]), criteria)
        if outcome == "failure":
            simulator.answer_link(app_id, user.id, accept=False)

    return recipe


def _client_add(simulator: Simulator, app_id: str, options: Options) -> None:
    simulator.end_user(app_id, _user(options), channel=options.get("channel", "android"))


def _client_remove(simulator: Simulator, app_id: str, options: Options) -> None:
    channel = options.get("channel", "messenger")
    user, _ = simulator.end_user(app_id, _user(options), channel=channel)
    simulator.store.unlink_channel(app_id, user.id, channel)


def _app_user_delete(simulator: Simulator, app_id: str, options: Options) -> None:
    user, _ = simulator.end_user(app_id, _user(options), channel=options.get("channel", "web"))
    simulator.store.delete_user(app_id, user.id)


def _notification(stage: str) -> Recipe:
    def recipe(simulator: Simulator, app_id: str, options: Options) -> None:
        integration_id = simulator.channel_integration(app_id, "whatsapp")
        text = options.get("text") or "Your appointment is tomorrow at 10:00."
        notification = simulator.store.post_notification(
            app_id,
            {
                "destination": {
                    "integrationId": integration_id,
                    "destinationId": simulator.phone_number(),
                },
                "author": {"role": "appMaker"},
                "message": {"type": "text", "text": text},
            },
            _business_text(text),
        )
        if stage != "channel":
            simulator.report_notification(app_id, notification.id, stage, _error(options))

    return recipe


RECIPES_V1: dict[str, Recipe] = {
    "message:appUser": _write,
    "message:appMaker": _app_maker,
    "message": _write,
    "postback": _postback,
    "conversation:start": _conversation_start,
    "conversation:read": _conversation_read,
    "conversation:referral": _conversation_referral,
    "typing:appUser": _typing,
    "merge:appUser": _merge,
    "delivery:success": _delivery(None),
    "delivery:failure": _delivery("failure"),
    "message:delivery:channel": _delivery(None),
    "message:delivery:user": _delivery("user"),
    "message:delivery:failure": _delivery("failure"),
    "payment:success": _payment,
    "link:match": _link("match"),
    "link:success": _link("success"),
    "link:failure": _link("failure"),
    "client:add": _client_add,
    "client:remove": _client_remove,
    "appUser:delete": _app_user_delete,
    "notification:delivery:channel": _notification("channel"),
    "notification:delivery:user": _notification("user"),
    "notification:delivery:failure": _notification("failure"),
}
RECIPES: dict[str, Recipe] = {
    **RECIPES_V1,
    **{kind: RECIPES_V1[trigger] for kind, trigger in V2_AS_V1.items()},
    **V2_RECIPES,
}
"""Every v1/v1.1 trigger and v2 event type, and the recipe that makes it happen."""


def run_recipe(simulator: Simulator, app_id: str, trigger: str, options: Options) -> None:
    recipe = RECIPES.get(trigger)
    if recipe is None:
        raise InvalidSimulation(texts.UNKNOWN_RECIPE, trigger=trigger, known=", ".join(RECIPES))
    unknown = sorted(set(options) - set(OPTION_NAMES))
    if unknown:
        raise InvalidSimulation(
            texts.UNKNOWN_RECIPE_OPTION, option=unknown[0], known=", ".join(OPTION_NAMES)
        )
    with simulator.lock:
        recipe(simulator, app_id, options)
