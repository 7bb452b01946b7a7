"""Every v2 event type fires from the state change that causes it and reaches a real receiver
on 127.0.0.1 in the v2 envelope, valid against the project's and the official event schema."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from v2_webhook_support import assert_valid_v2_payload, v2_webhook
from webhook_support import WebhookWorld, checked_receiver, served_world

from smooch_mock.receiver import WebhookReceiver
from smooch_mock.schemas import v2_event_types
from smooch_mock.store.inputs import ConversationInput
from smooch_mock.store.models import App, Conversation, Webhook
from smooch_mock.store.switchboards import SwitchboardIntegrationInput

Payload = dict[str, Any]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
TRUNCATED_USER_KEYS = {"id", "externalId", "authenticated", "zendeskId", "brandId"}


@pytest.fixture(scope="module")
def world() -> Iterator[WebhookWorld]:
    with served_world(seed=23) as world:
        yield world


@pytest.fixture
def receiver(world: WebhookWorld) -> Iterator[WebhookReceiver]:
    with checked_receiver(world) as target:
        yield target


@dataclass
class Scene:
    """What a cause needs: the world, the app and its v2 webhook."""

    world: WebhookWorld
    app: App
    webhook: Webhook

    def simulate(self, trigger: str, **options: str) -> None:
        """A state change through the simulate API (the v1 trigger recipes, over HTTP)."""
        self.world.trigger(self.app, trigger, **options)

    def conversation_of(self, user: str) -> Conversation:
        with self.world.fake.lock:
            return self.world.fake.store.user(self.app.id, user).default_conversation

    def group(self, *users: str) -> Conversation:
        for user in users:
            self.simulate("client:add", user=user)
        with self.world.fake.lock:
            store = self.world.fake.store
            ids = [store.user(self.app.id, u).id for u in users]
            return store.create_conversation(
                self.app.id, ConversationInput(type="sdkGroup", participant_user_ids=ids)
            )

    def switchboard(self, *, bot_standby: bool = True) -> tuple[str, str]:
        """An enabled switchboard of two: `bot` (this webhook's integration, the default) and
        `agent` (another custom integration); their member ids."""
        store, app_id = self.world.fake.store, self.app.id
        other = v2_webhook(self.world.fake, self.app, "http://127.0.0.1:9/unused", ["user:remove"])
        with self.world.fake.lock:
            board = store.create_switchboard(app_id)
            bot = store.create_switchboard_integration(
                app_id,
                board.id,
                SwitchboardIntegrationInput(
                    name="bot",
                    integration_id=store.webhook_integration(app_id, self.webhook.id).id,
                    deliver_standby_events=bot_standby,
                ),
            )
            agent = store.create_switchboard_integration(
                app_id,
                board.id,
                SwitchboardIntegrationInput(
                    name="agent", integration_id=store.webhook_integration(app_id, other.id).id
                ),
            )
            store.update_switchboard(app_id, board.id, True, bot.id)
        return bot.id, agent.id

    def store_call(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.world.fake.lock:
            return call(*args, **kwargs)


def _start(scene: Scene) -> None:
    scene.simulate("conversation:start", user="cora")


def _join(scene: Scene) -> None:
    scene.group("gil", "hal")


def _leave(scene: Scene) -> None:
    group = scene.group("ivy", "jon")
    scene.store_call(scene.world.fake.store.remove_participant, scene.app.id, group.id, "jon")


def _remove(scene: Scene) -> None:
    group = scene.group("kim")
    scene.store_call(scene.world.fake.store.delete_conversation, scene.app.id, group.id)


def _user_update(scene: Scene) -> None:
    scene.simulate("client:add", user="lea")
    store = scene.world.fake.store
    user = scene.store_call(store.user, scene.app.id, "lea")
    scene.store_call(store.detect_locale, scene.app.id, user, user.primary_client(), "fr-CA")


def _switchboard(action: str, *, fails: bool = False) -> Callable[[Scene], None]:
    """A switchboard action on a conversation the default `bot` controls since its first
    message; failing: pass to `next` where there is none, offer to the one in control, accept
    with nothing offered."""

    def cause(scene: Scene) -> None:
        scene.switchboard()
        scene.simulate("message:appUser", user="max")
        store, app_id = scene.world.fake.store, scene.app.id
        conversation = scene.conversation_of("max")
        calls: dict[str, Callable[[], Any]] = {
            "passControl": lambda: store.pass_control(
                app_id, conversation.id, "next" if fails else "agent", {"why": "handoff"}
            ),
            "offerControl": lambda: store.offer_control(
                app_id, conversation.id, "bot" if fails else "agent", None
            ),
            "acceptControl": lambda: store.accept_control(app_id, conversation.id, None),
            "releaseControl": lambda: store.release_control(
                app_id, conversation.id, {"ticket": "closed"}
            ),
        }
        if action == "acceptControl" and not fails:
            scene.store_call(store.offer_control, app_id, conversation.id, "agent", None)
        scene.store_call(calls[action])

    return cause


CAUSES: dict[str, Callable[[Scene], None]] = {
    "conversation:message": lambda s: s.simulate("message:appUser", user="ana"),
    "conversation:create": _start,
    "conversation:postback": lambda s: s.simulate("postback", user="bea", payload="MORE"),
    "conversation:read": lambda s: s.simulate("conversation:read", user="cal"),
    "conversation:typing": lambda s: s.simulate("typing:appUser", user="dee"),
    "conversation:referral": lambda s: s.simulate("conversation:referral", user="eve"),
    "conversation:join": _join,
    "conversation:leave": _leave,
    "conversation:remove": _remove,
    "conversation:message:delivery:channel": lambda s: s.simulate("message:delivery:channel"),
    "conversation:message:delivery:user": lambda s: s.simulate("message:delivery:user"),
    "conversation:message:delivery:failure": lambda s: s.simulate(
        "message:delivery:failure", error="Number unreachable"
    ),
    "client:add": lambda s: s.simulate("client:add", user="fay", channel="telegram"),
    "client:update": lambda s: s.simulate("link:match", user="gus"),
    "client:remove": lambda s: s.simulate("client:remove", user="hugo"),
    "user:merge": lambda s: s.simulate("merge:appUser", user="ida"),
    "user:remove": lambda s: s.simulate("appUser:delete", user="joe"),
    "user:update": _user_update,
    "switchboard:passControl": _switchboard("passControl"),
    "switchboard:passControl:failure": _switchboard("passControl", fails=True),
    "switchboard:offerControl": _switchboard("offerControl"),
    "switchboard:offerControl:failure": _switchboard("offerControl", fails=True),
    "switchboard:acceptControl": _switchboard("acceptControl"),
    "switchboard:acceptControl:failure": _switchboard("acceptControl", fails=True),
    "switchboard:releaseControl": _switchboard("releaseControl"),
}

SEMANTICS: dict[str, Callable[[Payload], bool]] = {
    "conversation:message": lambda p: p["message"]["author"]["type"] == "user",
    "conversation:create": lambda p: p["creationReason"] == "startConversation",
    "conversation:postback": lambda p: p["postback"]["payload"] == "MORE",
    "conversation:read": lambda p: p["activity"]["type"] == "conversation:read",
    "conversation:typing": lambda p: p["activity"]["type"] == "typing:start",
    "conversation:join": lambda p: p["conversation"]["type"] == "sdkGroup",
    "conversation:leave": lambda p: p["conversation"]["type"] == "sdkGroup",
    "conversation:message:delivery:channel": lambda p: not p["isFinalEvent"],
    "conversation:message:delivery:failure": lambda p: (
        p["error"] == {"code": "uncategorized_error", "message": "Number unreachable"}
    ),
    "client:add": lambda p: p["client"]["type"] == "telegram",
    "client:update": lambda p: p["reason"] == "matched" and p["client"]["status"] == "pending",
    "client:remove": lambda p: p["reason"] == "api",
    "user:merge": lambda p: (
        p["mergedUsers"]["surviving"]["id"] != p["mergedUsers"]["discarded"]["id"]
    ),
    "user:update": lambda p: p["reason"] == "localeDetection",
    "switchboard:passControl": lambda p: (
        p["conversation"]["activeSwitchboardIntegration"]["name"] == "agent"
        and p["metadata"] == {"why": "handoff"}
    ),
    "switchboard:offerControl": lambda p: (
        p["conversation"]["activeSwitchboardIntegration"]["name"] == "bot"
        and p["conversation"]["pendingSwitchboardIntegration"]["name"] == "agent"
    ),
    "switchboard:acceptControl": lambda p: (
        p["conversation"]["activeSwitchboardIntegration"]["name"] == "agent"
        and "pendingSwitchboardIntegration" not in p["conversation"]
    ),
    "switchboard:releaseControl": lambda p: (
        "activeSwitchboardIntegration" not in p["conversation"]
        and p["metadata"] == {"ticket": "closed"}
    ),
    "switchboard:passControl:failure": lambda p: bool(p["error"]["code"]),
    "switchboard:offerControl:failure": lambda p: bool(p["error"]["code"]),
    "switchboard:acceptControl:failure": lambda p: bool(p["error"]["code"]),
}


def test_every_v2_event_type_has_a_cause() -> None:
    assert sorted(CAUSES) == v2_event_types()


def _users_in(payload: Payload) -> list[Payload]:
    """Every user object the event payload carries (top level, author, merged users)."""
    found = [payload[key] for key in ("user",) if isinstance(payload.get(key), dict)]
    message = payload.get("message", {})
    if isinstance(message.get("author", {}).get("user"), dict):
        found.append(message["author"]["user"])
    activity = payload.get("activity", {})
    if isinstance(activity.get("author", {}).get("user"), dict):
        found.append(activity["author"]["user"])
    merged = payload.get("mergedUsers", {})
    found += [merged[k] for k in ("surviving", "discarded") if k in merged]
    return found


@pytest.mark.parametrize("full", [False, True], ids=["truncated", "full"])
@pytest.mark.parametrize("event_type", sorted(CAUSES))
def test_event_reaches_a_real_receiver_in_the_v2_envelope(
    world: WebhookWorld, receiver: WebhookReceiver, event_type: str, full: bool
) -> None:
    app = world.new_app()
    webhook = v2_webhook(
        world.fake, app, receiver.url + "/v2hook", [event_type], full_user=full, full_source=full
    )
    CAUSES[event_type](Scene(world, app, webhook))

    body = receiver.wait_for(1, trigger=event_type)[0]
    request = next(r for r in receiver.requests if r.json() == body)
    assert request.method == "POST" and request.path == "/v2hook"
    assert request.headers["X-API-Key"] == webhook.secret
    assert request.headers["Content-Type"] == "application/json"
    assert "X-Smooch-Signature" not in request.headers
    assert_valid_v2_payload(body, event_type)
    assert body["app"] == {"id": app.id}
    assert body["webhook"] == {"id": webhook.id, "version": "v2"}
    [event] = body["events"]
    assert event["type"] == event_type
    assert ISO.match(event["createdAt"]), event["createdAt"]
    assert re.fullmatch(r"[0-9a-f]{24}", event["id"])
    payload = event["payload"]
    check = SEMANTICS.get(event_type)
    assert check is None or check(payload), f"{event_type} does not describe its event: {payload}"
    for user in _users_in(payload):
        # A removed user is named truncated whatever the flag (the official userTruncated).
        if full and event_type != "user:remove":
            assert {"id", "profile", "metadata", "identities", "signedUpAt"} <= user.keys(), user
        else:
            assert set(user) <= TRUNCATED_USER_KEYS, user
    source = payload.get("source") or payload.get("message", {}).get("source") or {}
    if not full:
        assert "client" not in source and "device" not in source


def test_business_messages_fire_conversation_message_too(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    v2_webhook(world.fake, app, receiver.url, ["conversation:message"])
    world.trigger(app, "message:appMaker", user="kai", text="Your order has shipped.")
    payload = receiver.wait_for(1, trigger="conversation:message")[0]["events"][0]["payload"]
    assert_valid_v2_payload(receiver.payloads()[0], "conversation:message")
    author = payload["message"]["author"]
    assert author["type"] == "business" and "user" not in author and author["avatarUrl"]
    assert payload["message"]["content"] == {"type": "text", "text": "Your order has shipped."}


def test_a_first_message_creates_the_default_conversation_with_reason_message(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    v2_webhook(world.fake, app, receiver.url, ["conversation:create", "conversation:message"])
    world.trigger(app, "message:appUser", user="lou", text="first")
    world.trigger(app, "message:appUser", user="lou", text="second")
    receiver.wait_for(2, trigger="conversation:message")
    created = receiver.payloads("conversation:create")
    assert len(created) == 1, "only the first message creates the conversation"
    payload = created[0]["events"][0]["payload"]
    assert payload["creationReason"] == "message"
    assert payload["user"]["externalId"] == "lou"
    order = [p["events"][0]["type"] for p in receiver.payloads()]
    assert order[0] == "conversation:create", order


def test_a_channel_link_announces_its_pending_client_then_confirms_it(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    v2_webhook(world.fake, app, receiver.url, ["client:add", "client:update"])
    world.trigger(app, "link:success", user="nia", channel="twilio")
    receiver.wait_for(2, trigger="client:update")  # matched, then confirmed (one per POST)
    twilio = [
        (event["type"], event["payload"]["reason"], event["payload"]["client"]["status"])
        for body in receiver.payloads()
        for event in body["events"]
        if event["payload"]["client"]["type"] == "twilio"
    ]
    assert twilio == [
        ("client:add", "channelLinking", "pending"),
        ("client:update", "matched", "pending"),
        ("client:update", "confirmed", "active"),
    ]
    for body in receiver.payloads():
        assert_valid_v2_payload(body, body["events"][0]["type"])


def test_full_source_names_the_sdk_client_and_its_device(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    v2_webhook(world.fake, app, receiver.url, ["conversation:message"], full_source=True)
    world.trigger(app, "message:appUser", user="mia", channel="ios")
    body = receiver.wait_for(1, trigger="conversation:message")[0]
    assert_valid_v2_payload(body, "conversation:message")
    source = body["events"][0]["payload"]["message"]["source"]
    user = world.fake.store.user(app.id, "mia")
    device = user.clients[0]
    assert source["type"] == "ios"
    assert source["client"]["type"] == "sdk"
    assert source["device"]["guid"] == device.id
    assert source["device"]["clientId"] == source["client"]["id"]


def test_a_webhook_gets_only_the_event_types_it_subscribed_to(
    world: WebhookWorld, receiver: WebhookReceiver
) -> None:
    app = world.new_app()
    v2_webhook(world.fake, app, receiver.url, ["conversation:read"])
    world.trigger(app, "message:appUser", user="ned")
    world.trigger(app, "conversation:read", user="ned")
    receiver.wait_for(1, trigger="conversation:read")
    assert world.fake.webhooks.engine.wait_idle(5)
    assert [p["events"][0]["type"] for p in receiver.payloads()] == ["conversation:read"]
