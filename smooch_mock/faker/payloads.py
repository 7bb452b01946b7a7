"""Webhook payloads for every trigger of v1 and v1.1, about one coherent app, user and client."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..api.v1 import wire
from ..store.conversations import client_source
from ..store.message_rules import fill_action
from ..store.models import App, Client, JsonObject, User
from .core import ERA_END_MS, TRIGGERS
from .messages import MessageProvider

# v1 sent the full appUser only on these; its other events carried `{_id, userId?}` (§5.3).
V1_FULL_APP_USER = frozenset({"message", "message:appUser", "message:appMaker", "postback",
                              "conversation:start"})  # fmt: skip
# v1.1 events tied to the user's conversation carry `conversation: {_id}` (§5.2).
CONVERSATION_BOUND = frozenset({
    "message:appUser", "message:appMaker", "postback", "conversation:start", "conversation:read",
    "conversation:referral", "typing:appUser", "message:delivery:channel", "message:delivery:user",
    "message:delivery:failure", "payment:success",
})  # fmt: skip
# Events that imply the user has messages, hence `conversationStarted: true`.
STARTS_CONVERSATION = CONVERSATION_BOUND | {"message", "delivery:success", "delivery:failure"}
# Events about something other than one appUser: no appUser key, hence no client either.
WITHOUT_APP_USER = frozenset(
    {"merge:appUser", "notification:delivery:channel", "notification:delivery:user",
     "notification:delivery:failure"}
)  # fmt: skip

CHANNELS = ("messenger", "whatsapp", "twilio", "telegram", "line", "viber", "wechat", "mailgun",
            "messagebird")  # fmt: skip
LINKABLE = ("twilio", "messagebird", "whatsapp", "messenger", "mailgun")
# Channels with an opt-in the user performs (Get Started, follow, subscribe).
OPT_IN = ("messenger", "wechat", "viber", "telegram", "line")
# Which of the user's channels the event happens on; None means any platform.
_SCENE_PLATFORMS: dict[str, tuple[str, ...]] = {
    "conversation:start": OPT_IN,
    "conversation:referral": ("messenger", "wechat"),
    "typing:appUser": ("web", "ios", "android", "messenger", "whatsapp", "telegram"),
    "delivery:success": CHANNELS,
    "delivery:failure": CHANNELS,
    "message:delivery:channel": CHANNELS,
    "message:delivery:user": ("messenger", "whatsapp", "line", "viber", "telegram"),
    "message:delivery:failure": CHANNELS,
    "payment:success": ("web", "ios", "android", "messenger"),
    "notification:delivery:channel": ("whatsapp", "twilio", "messagebird", "messenger"),
    "notification:delivery:user": ("whatsapp", "messenger"),
    "notification:delivery:failure": ("whatsapp", "twilio", "messagebird", "messenger"),
}
_ERROR_CODES = ("uncategorized_error", "uncategorized_error", "unauthorized", "bad_request")


@dataclass(slots=True)
class Scene:
    """Who and where an event happens: an app, its user, the client involved and the time."""

    app: App
    user: User
    client: Client
    at_ms: int
    version: str


class PayloadProvider(MessageProvider):
    """`smooch_webhook_payload`: the JSON Smooch POSTs to a webhook, per trigger and version."""

    def smooch_webhook_payload(
        self,
        trigger: str | None = None,
        version: str = "v1.1",
        include_client: bool = False,
        include_full_app_user: bool = False,
    ) -> JsonObject:
        """A webhook payload (v1 ignores the include flags), e.g. ``{'trigger': 'postback', …}``."""
        if version not in TRIGGERS:
            raise ValueError(f"version must be v1 or v1.1, not {version!r}")
        known = TRIGGERS[version]
        trigger = trigger or str(self._pick(known))
        if trigger not in known:
            raise ValueError(
                f"unknown trigger {trigger!r} for {version} webhooks; known: {', '.join(known)}"
            )
        scene = self._scene(trigger, version)
        payload: JsonObject = {"trigger": trigger, "app": {"_id": scene.app.id}}
        if version == "v1.1":
            payload["version"] = "v1.1"
        payload.update(_EVENT_BODIES[trigger](self, scene, trigger))
        if trigger not in WITHOUT_APP_USER and "appUser" not in payload:
            payload["appUser"] = self._payload_app_user(scene, trigger, include_full_app_user)
        if version == "v1.1" and trigger in CONVERSATION_BOUND:
            payload["conversation"] = {"_id": scene.user.default_conversation.id}
        with_client = "appUser" in payload and trigger != "appUser:delete"
        if version == "v1.1" and include_client and with_client and "client" not in payload:
            payload["client"] = wire.client(scene.client)
        return payload

    # --- scene and envelope ---

    def _scene(self, trigger: str, version: str) -> Scene:
        app = self._app_model()
        platforms = _SCENE_PLATFORMS.get(trigger)
        first = str(self._pick(platforms)) if platforms else self._pick_platforms(1)[0]
        others = [p for p in self._pick_platforms(self._rng.randint(0, 2)) if p != first]
        user = self._app_user_model([first, *others])
        client = user.clients[0]
        at_ms = self._ms(int(user.signed_up_at * 1000) + 60_000, ERA_END_MS)
        if trigger == "client:remove":
            user.clients.remove(client)
        if trigger.startswith("link:"):
            # Linking adds a pending client of a linkable channel the user does not have yet.
            platform = str(self._pick([p for p in LINKABLE if p not in (first, *others)]))
            client = self._client_model(platform, int(user.signed_up_at * 1000), primary=False)
            client.status, client.last_seen, client.linked_at = "pending", None, None
            if trigger == "link:success":
                client.status, client.linked_at = "active", at_ms / 1000
            if trigger == "link:match" or trigger == "link:failure":
                user.pending_clients = [client]
            else:
                user.clients.append(client)
        if trigger in STARTS_CONVERSATION:
            user.conversation_started = True
        return Scene(app, user, client, at_ms, version)

    def _payload_app_user(self, scene: Scene, trigger: str, full: bool) -> JsonObject:
        if scene.version == "v1":
            if trigger in V1_FULL_APP_USER:
                return wire.app_user(scene.user, "v1")
            return _id_and_user_id(scene.user)
        if full:
            return wire.app_user(scene.user, "v1.1")
        return wire.truncated_app_user(scene.user)

    def _earlier_ms(self, scene: Scene, within_ms: int = 5_000) -> int:
        return max(
            int(scene.user.signed_up_at * 1000), scene.at_ms - self._rng.randint(1, within_ms)
        )

    # --- event bodies, one per trigger family ---

    def _messages_event(self, scene: Scene, trigger: str) -> JsonObject:
        role = {"message:appUser": "appUser", "message:appMaker": "appMaker"}.get(trigger)
        role = role or str(self._pick(("appUser", "appMaker")))
        # Channels batch quick bursts of user messages into one call.
        count = self._rng.choices((1, 2, 3), weights=(85, 10, 5))[0] if role == "appUser" else 1
        messages: list[JsonObject] = []
        at = scene.at_ms - 1_000 * count
        for _ in range(count):
            at += self._rng.randint(1, 1_000)
            message = self._message_model(scene.app, scene.user, scene.client, at, role=role)
            messages.append(wire.message(message, scene.version))
        return {"messages": messages}

    def _postback_event(self, scene: Scene, trigger: str) -> JsonObject:
        postback = fill_action(self._action_body("postback"), self._ids)
        if self._chance(0.2):
            # A persistent-menu postback: no message, the menu item stands in for the action.
            return {"postbacks": [{"action": postback}]}
        sent_ms = self._earlier_ms(scene, 600_000)
        message = self._message_model(
            scene.app, scene.user, scene.client, sent_ms, "text", "appMaker"
        )
        others = [fill_action(self._action_body(str(self._pick(("link", "postback", "webview")))),
                              self._ids)
                  for _ in range(self._rng.randint(0, 2))]  # fmt: skip
        actions = [*others, postback]
        self._rng.shuffle(actions)
        message.content.actions = actions
        return {
            "postbacks": [{"message": wire.message(message, scene.version), "action": postback}]
        }

    def _conversation_event(self, scene: Scene, trigger: str) -> JsonObject:
        body: JsonObject = {
            "source": wire.source(client_source(scene.client)),
            "timestamp": scene.at_ms / 1000,
        }
        if trigger == "conversation:referral" or (
            trigger == "conversation:start" and self._chance(0.3)
        ):
            body["referral"] = self._referral(scene.client.platform)
        return body

    def _referral(self, platform: str) -> JsonObject:
        if platform == "wechat":
            return {
                "code": f"qrscene_{self._rng.randint(1, 99_999)}",
                "details": {"type": "QR_CODE"},
            }
        kind = str(self._pick(("MESSENGER_CODE", "ADS", "SHORTLINK")))
        details: JsonObject = {"source": kind, "type": "OPEN_THREAD"}
        if kind == "ADS":
            details["adId"] = self._digits(17)
        return {"code": str(self._pick(("summer-sale", "welcome", "promo_2019", "store-42"))),
                "details": details}  # fmt: skip

    def _typing_event(self, scene: Scene, trigger: str) -> JsonObject:
        return {
            "activity": {"type": self._pick(("typing:start", "typing:stop"))},
            "source": wire.source(client_source(scene.client)),
            "timestamp": scene.at_ms / 1000,
        }

    def _merge_event(self, scene: Scene, trigger: str) -> JsonObject:
        discarded = self._app_user_model([])
        discarded.external_id = None  # the anonymous side of a login or link is the one discarded
        scene.user.conversation_started = (
            scene.user.conversation_started or discarded.conversation_started
        )
        return {
            "surviving": wire.truncated_app_user(scene.user),
            "discarded": [wire.truncated_app_user(discarded)],
        }

    def _delivery_event(self, scene: Scene, trigger: str) -> JsonObject:
        sent_ms = self._earlier_ms(scene)
        message = self._message_model(scene.app, scene.user, scene.client, sent_ms, role="appMaker")
        destination: JsonObject = {"type": scene.client.platform}
        if scene.client.integration_id and self._chance(0.8):
            destination["integrationId"] = scene.client.integration_id
        body: JsonObject = {"destination": destination, "timestamp": scene.at_ms / 1000}
        if scene.version == "v1":
            body["appUser"] = _id_and_user_id(scene.user)
            body["messages"] = [wire.message(message, "v1")]
        else:
            body["message"] = {"_id": message.id}
            if self._chance(0.5):
                body["isFinalEvent"] = trigger != "message:delivery:channel"
            if self._chance(0.5):
                body["externalMessages"] = [
                    {"id": self._external_message_id(scene.client.platform)}
                ]
        if trigger.endswith("failure"):
            body["error"] = self._delivery_error(scene.client.platform)
        return body

    def _external_message_id(self, platform: str) -> str:
        if platform == "whatsapp":
            return "gBEGkXZ" + self._ids.secret(22).replace("-", "A").replace("_", "B")
        if platform == "twilio":
            return "SM" + self._hex(32)
        return f"mid.${self._ids.secret(30)}"

    def _delivery_error(self, platform: str) -> JsonObject:
        code = str(self._pick(_ERROR_CODES))
        if platform == "whatsapp":
            title = (
                "Message failed to send because more than 24 hours have passed since the customer "
                "last replied to this number"
            )
            underlying: JsonObject = {"errors": [{"code": 470, "title": title}]}
        elif platform == "messenger":
            underlying = {"message": "(#10) This message is sent outside of allowed window.",
                          "type": "OAuthException", "code": 10, "error_subcode": 2018278,
                          "fbtrace_id": self._ids.secret(11)}  # fmt: skip
        elif platform in ("twilio", "messagebird"):
            underlying = {"code": 21610, "message": "Attempt to send to unsubscribed recipient",
                          "status": 400}  # fmt: skip
        else:
            underlying = {"message": "The channel rejected the message", "status": 400}
        return {"code": code, "underlyingError": underlying}

    def _payment_event(self, scene: Scene, trigger: str) -> JsonObject:
        sent_ms = self._earlier_ms(scene, 900_000)
        message = self._message_model(
            scene.app, scene.user, scene.client, sent_ms, "text", "appMaker"
        )
        action = fill_action(self._action_body("buy"), self._ids)
        action["state"] = "paid"
        message.content.actions = [action]
        payment = {
            "source": wire.source(client_source(scene.client)),
            "message": wire.message(message, scene.version),
            "action": action,
            "charge": {"id": f"ch_{self._ids.secret(24)}"},
        }
        scene.user.has_payment_info = True
        return {"payments": [payment], "timestamp": scene.at_ms / 1000}

    def _link_event(self, scene: Scene, trigger: str) -> JsonObject:
        criteria: JsonObject = {}
        if scene.client.platform == "mailgun":
            criteria["address"] = scene.client.external_id
        else:
            criteria["phoneNumber"] = (
                scene.client.external_id if scene.client.platform != "messenger" else self._phone()
            )  # Messenger is linked by the phone number Facebook knows
        if scene.user.profile.given_name:
            criteria["givenName"] = scene.user.profile.given_name
        if scene.user.profile.surname:
            criteria["surname"] = scene.user.profile.surname
        body: JsonObject = {"channel": scene.client.platform, "criteria": criteria}
        if trigger == "link:failure":
            body["error"] = {
                "code": str(self._pick(("bad_request", "unauthorized", "uncategorized_error"))),
                "message": str(self._pick(("The user did not confirm the link in time.",
                                           "The phone number is not on WhatsApp.",
                                           "The channel refused the confirmation message."))),
            }  # fmt: skip
        return body

    def _client_event(self, scene: Scene, trigger: str) -> JsonObject:
        body: JsonObject = {"client": wire.client(scene.client), "timestamp": scene.at_ms / 1000}
        if trigger == "client:add":
            body["reason"] = self._pick(("api", "link", "sdk"))
        else:
            reason = str(self._pick(("api", "linkCancelled", "linkFailed", "sdk", "theft")))
            body["reason"] = reason
            if reason == "linkFailed":
                body["error"] = {"code": "bad_request", "message": "The channel refused the link."}
        return body

    def _delete_event(self, scene: Scene, trigger: str) -> JsonObject:
        # The user is gone: only who they were, whatever includeFullAppUser says.
        return {"appUser": _id_and_user_id(scene.user), "timestamp": scene.at_ms / 1000}

    def _notification_event(self, scene: Scene, trigger: str) -> JsonObject:
        destination: JsonObject = {"type": scene.client.platform}
        if scene.client.integration_id:
            destination["integrationId"] = scene.client.integration_id
        body: JsonObject = {
            "notification": {"_id": self._ids.uuid()},
            "destination": destination,
            "timestamp": scene.at_ms / 1000,
        }
        if self._chance(0.7):
            body["matchResult"] = {
                "appUser": wire.truncated_app_user(scene.user),
                "conversation": {"_id": scene.user.default_conversation.id},
            }
        if trigger.endswith("failure"):
            body["error"] = self._delivery_error(scene.client.platform)
        return body


def _id_and_user_id(user: User) -> JsonObject:
    body: JsonObject = {"_id": user.id}
    if user.external_id is not None:
        body["userId"] = user.external_id
    return body


_EventBody = Callable[[PayloadProvider, Scene, str], JsonObject]
_EVENT_BODIES: dict[str, _EventBody] = {
    "message": PayloadProvider._messages_event,
    "message:appUser": PayloadProvider._messages_event,
    "message:appMaker": PayloadProvider._messages_event,
    "postback": PayloadProvider._postback_event,
    "conversation:start": PayloadProvider._conversation_event,
    "conversation:read": PayloadProvider._conversation_event,
    "conversation:referral": PayloadProvider._conversation_event,
    "typing:appUser": PayloadProvider._typing_event,
    "merge:appUser": PayloadProvider._merge_event,
    "delivery:success": PayloadProvider._delivery_event,
    "delivery:failure": PayloadProvider._delivery_event,
    "message:delivery:channel": PayloadProvider._delivery_event,
    "message:delivery:user": PayloadProvider._delivery_event,
    "message:delivery:failure": PayloadProvider._delivery_event,
    "payment:success": PayloadProvider._payment_event,
    "link:match": PayloadProvider._link_event,
    "link:success": PayloadProvider._link_event,
    "link:failure": PayloadProvider._link_event,
    "client:add": PayloadProvider._client_event,
    "client:remove": PayloadProvider._client_event,
    "appUser:delete": PayloadProvider._delete_event,
    "notification:delivery:channel": PayloadProvider._notification_event,
    "notification:delivery:user": PayloadProvider._notification_event,
    "notification:delivery:failure": PayloadProvider._notification_event,
}
