"""Store: conversation counters and start, activity, read, deletes, postbacks, payments."""

from __future__ import annotations

import itertools

import pytest

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.clock import FakeClock
from smooch_mock.errors import BadRequest, NotFound
from smooch_mock.store import Store, UserInput
from smooch_mock.store import events as ev
from smooch_mock.store.models import App, Content

USER_TEXT = {"role": "appUser", "type": "text", "text": "hi"}
MAKER_TEXT = {"role": "appMaker", "type": "text", "text": "hello"}


@pytest.fixture
def app(store: Store) -> App:
    app = store.create_app("Shop")
    store.create_user(app.id, UserInput("bob"))
    return app


def test_app_maker_posts_count_as_unread_and_set_app_maker_last_read(
    store: Store, app: App, clock: FakeClock
) -> None:
    first = store.post_message(app.id, "bob", message_input(MAKER_TEXT))
    clock.advance(2)
    second = store.post_message(app.id, "bob", message_input(MAKER_TEXT))
    user = store.user(app.id, "bob")
    conversation = user.default_conversation
    [participant] = conversation.participants
    assert participant.user_id == user.id and participant.unread_count == 2
    assert conversation.business_last_read == second.received > first.received
    assert participant.last_read is None


def test_app_user_post_resets_unread_and_sets_app_user_last_read(store: Store, app: App) -> None:
    store.post_message(app.id, "bob", message_input(MAKER_TEXT))
    reply = store.post_message(app.id, "bob", message_input(USER_TEXT))
    [participant] = store.user(app.id, "bob").default_conversation.participants
    assert participant.unread_count == 0
    assert participant.last_read == reply.received


def test_first_message_starts_the_conversation(store: Store, app: App) -> None:
    user = store.user(app.id, "bob")
    assert user.conversation_started is False
    store.post_message(app.id, "bob", message_input(MAKER_TEXT))
    assert user.conversation_started is True


def test_received_is_strictly_increasing_even_when_the_clock_stands_still(
    store: Store, app: App
) -> None:
    times = [store.post_message(app.id, "bob", message_input(USER_TEXT)).received for _ in range(5)]
    assert times == sorted(set(times))
    assert all(round(b - a, 3) == 0.001 for a, b in itertools.pairwise(times))


def test_received_has_millisecond_precision(store: Store, app: App, clock: FakeClock) -> None:
    clock.advance(0.98765)
    assert store.post_message(app.id, "bob", message_input(USER_TEXT)).received == 1_700_000_000.988


def test_reset_unread_count(store: Store, app: App) -> None:
    store.post_message(app.id, "bob", message_input(MAKER_TEXT))
    [participant] = store.reset_unread_count(app.id, "bob").participants
    assert participant.unread_count == 0


def test_conversation_read_activity_sets_app_maker_last_read(
    store: Store, app: App, clock: FakeClock, events: list[ev.Event]
) -> None:
    clock.advance(5)
    conversation = store.business_activity(app.id, "bob", "conversation:read")
    assert conversation.business_last_read == clock.now()
    store.business_activity(app.id, "bob", "typing:start")
    assert events == []  # business activity goes to the user's channel, not to webhooks


def test_delete_messages_clears_history_but_keeps_the_user(store: Store, app: App) -> None:
    store.post_message(app.id, "bob", message_input(MAKER_TEXT))
    store.delete_messages(app.id, "bob")
    page = store.list_messages(app.id, "bob")
    assert page.messages == [] and page.conversation.participants[0].unread_count == 0
    assert store.user(app.id, "bob").external_id == "bob"


def test_delete_one_message(store: Store, app: App) -> None:
    keep = store.post_message(app.id, "bob", message_input(MAKER_TEXT))
    gone = store.post_message(app.id, "bob", message_input(USER_TEXT))
    store.delete_message(app.id, "bob", gone.id)
    assert [m.id for m in store.list_messages(app.id, "bob").messages] == [keep.id]
    with pytest.raises(NotFound):
        store.delete_message(app.id, "bob", gone.id)


def test_message_created_event_carries_the_message_and_user(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    message = store.post_message(app.id, "bob", message_input(USER_TEXT))
    created, event = events  # the first message is what creates the default conversation
    assert isinstance(created, ev.ConversationCreated) and created.reason == "message"
    assert isinstance(event, ev.MessageCreated)
    assert created.conversation is event.conversation
    assert event.user is not None and event.author is event.user
    assert (event.app_id, event.message, event.user.external_id) == (app.id, message, "bob")
    assert event.conversation is event.user.default_conversation
    assert event.timestamp == message.received


def test_postback_tap_emits_postback_with_the_action_and_message(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    body = {**MAKER_TEXT, "actions": [{"type": "postback", "text": "Yes", "payload": "YES"}]}
    message = store.post_message(app.id, "bob", message_input(body))
    action_id = (message.content.actions or [])[0]["_id"]
    store.tap_postback(app.id, "bob", action_id)
    postback = events[-1]
    assert isinstance(postback, ev.PostbackTapped)
    assert postback.action["payload"] == "YES" and postback.message is message


def test_echo_postback_adds_the_tap_to_history(store: Store) -> None:
    app = store.create_app("Echo", settings={"echoPostback": True})
    store.create_user(app.id, UserInput("bob"))
    body = {**MAKER_TEXT, "actions": [{"type": "postback", "text": "Yes", "payload": "YES"}]}
    message = store.post_message(app.id, "bob", message_input(body))
    store.tap_postback(app.id, "bob", (message.content.actions or [])[0]["_id"])
    echo = store.list_messages(app.id, "bob").messages[-1]
    assert (echo.author.type, echo.content) == (
        "user",
        Content(type="text", text="Yes", payload="YES"),
    )


def test_postback_on_unknown_or_non_postback_action_fails(store: Store, app: App) -> None:
    link = {"type": "link", "text": "Go", "uri": "https://x.io"}
    message = store.post_message(app.id, "bob", message_input({**MAKER_TEXT, "actions": [link]}))
    with pytest.raises(NotFound):
        store.tap_postback(app.id, "bob", "0" * 24)
    with pytest.raises(BadRequest):
        store.tap_postback(app.id, "bob", (message.content.actions or [])[0]["_id"])


def test_paying_a_buy_action_marks_it_paid_once(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    buy = {"type": "buy", "text": "Pay", "amount": 500}
    message = store.post_message(app.id, "bob", message_input({**MAKER_TEXT, "actions": [buy]}))
    action_id = (message.content.actions or [])[0]["_id"]
    _, action = store.pay_buy_action(app.id, "bob", action_id)
    assert action["state"] == "paid"
    assert store.user(app.id, "bob").has_payment_info is True
    payment = events[-1]
    assert isinstance(payment, ev.PaymentSucceeded) and payment.charge_id.startswith("ch_")
    with pytest.raises(BadRequest, match="already paid"):
        store.pay_buy_action(app.id, "bob", action_id)


def test_history_of_unknown_user_is_404(store: Store, app: App) -> None:
    with pytest.raises(NotFound):
        store.list_messages(app.id, "ghost")
