"""The Notification API's deliveries reach both generations: a notification to a known user
lands in their conversation, so v2 webhooks hear `conversation:create` (when it made the
conversation), `conversation:message` (author business) and the channel's reports as
`conversation:message:delivery:*`; v1.1 webhooks keep `message:appMaker` and
`notification:delivery:*`; the user's next message carries the notifications in between."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sunshine_conversations_client as sunco
from v2_clients import configured_client
from v2_webhook_support import assert_valid_v2_payload, v2_webhook
from webhook_support import WebhookWorld, checked_receiver, served_world

from smooch_mock.receiver import WebhookReceiver
from smooch_mock.store.models import App, Client

V1_1_TRIGGERS = [
    "message:appMaker",
    "notification:delivery:channel",
    "notification:delivery:user",
    "notification:delivery:failure",
]
V2_TYPES = [
    "conversation:create",
    "conversation:message",
    "conversation:message:delivery:channel",
    "conversation:message:delivery:user",
    "conversation:message:delivery:failure",
]
Event = dict[str, Any]


@pytest.fixture(scope="module")
def world() -> Iterator[WebhookWorld]:
    with served_world(seed=67) as world:
        yield world


@pytest.fixture
def receiver(world: WebhookWorld) -> Iterator[WebhookReceiver]:
    with checked_receiver(world) as target:
        yield target


@pytest.fixture
def app(world: WebhookWorld, receiver: WebhookReceiver) -> App:
    """An app with a v1.1 webhook (path `/v1.1`) and a v2 one (`/v2`) on the receiver."""
    app = world.new_app()
    world.create_webhook(app, receiver.url + "/v1.1", V1_1_TRIGGERS, "v1.1")
    v2_webhook(world.fake, app, receiver.url + "/v2", V2_TYPES, full_source=True)
    return app


def _whatsapp_user(world: WebhookWorld, app: App, user: str) -> Client:
    """A user known on WhatsApp (a client with a phone number), who has not written yet."""
    _, client = world.fake.simulate.end_user(app.id, user, channel="whatsapp")
    return client


def _notify(world: WebhookWorld, app: App, client_or_phone: Client | str, text: str) -> str:
    phone = client_or_phone if isinstance(client_or_phone, str) else client_or_phone.external_id
    integration = world.fake.simulate.channel_integration(app.id, "whatsapp")
    with world.account() as account:
        answer = account.post(
            f"/v1.1/apps/{app.id}/notifications",
            json={
                "destination": {"integrationId": integration, "destinationId": phone},
                "author": {"role": "appMaker", "name": "Clinic"},
                "message": {"type": "text", "text": text},
            },
        )
    assert answer.status_code == 201, answer.text
    notification_id: str = answer.json()["notification"]["_id"]
    return notification_id


def _report(world: WebhookWorld, app: App, notification_id: str, stage: str) -> None:
    answer = httpx.post(
        f"{world.server.url}/_mock/apps/{app.id}/simulate/notification-delivery",
        json={"notificationId": notification_id, "stage": stage},
        timeout=10,
    )
    assert answer.status_code in (200, 201), answer.text


def _v2_events(world: WebhookWorld, receiver: WebhookReceiver) -> list[Event]:
    assert world.fake.webhooks.engine.wait_idle(10), "deliveries still pending"
    found: list[Event] = []
    for request in receiver.requests:
        if request.path == "/v2":
            body = request.json()
            assert_valid_v2_payload(body, body["events"][0]["type"])
            found.extend(body["events"])
    return found


def _v1_1_payloads(receiver: WebhookReceiver) -> list[dict[str, Any]]:
    return [r.json() for r in receiver.requests if r.path == "/v1.1"]


def test_a_notification_to_a_known_user_reaches_v2_webhooks_as_the_conversation_it_creates(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    client = _whatsapp_user(world, app, "nadia")
    notification_id = _notify(world, app, client, "Your appointment is tomorrow at 10:00")

    events = _v2_events(world, receiver)
    assert [e["type"] for e in events] == [
        "conversation:create",
        "conversation:message",
        "conversation:message:delivery:channel",
    ]
    created, posted, accepted = (e["payload"] for e in events)
    with world.fake.lock:
        conversation_id = world.fake.store.user(app.id, "nadia").default_conversation.id
    assert created["creationReason"] == "notification"
    assert created["conversation"]["id"] == conversation_id
    assert created["source"]["type"] == "notification"
    assert created["source"]["client"]["id"] == client.id  # includeFullSource: the matched one
    message = posted["message"]
    assert message["author"]["type"] == "business"
    assert message["author"]["displayName"] == "Clinic"
    assert message["content"] == {"type": "text", "text": "Your appointment is tomorrow at 10:00"}
    assert message["source"]["type"] == "notification"
    assert accepted["message"] == {"id": message["id"]}
    assert accepted["destination"] == {
        "type": "notification",
        "integrationId": world.fake.simulate.channel_integration(app.id, "whatsapp"),
    }
    assert accepted["isFinalEvent"] is False
    assert accepted["conversation"]["id"] == conversation_id

    v1_1 = _v1_1_payloads(receiver)
    assert [p["trigger"] for p in v1_1] == ["message:appMaker", "notification:delivery:channel"]
    assert v1_1[0]["messages"][0]["_id"] == message["id"]
    assert v1_1[1]["notification"] == {"_id": notification_id}
    assert v1_1[1]["matchResult"]["conversation"] == {"_id": conversation_id}


def test_the_channels_later_reports_on_a_notification_reach_both_generations(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    client = _whatsapp_user(world, app, "omar")
    notification_id = _notify(world, app, client, "Your parcel is out for delivery")
    _report(world, app, notification_id, "user")
    _report(world, app, notification_id, "failure")

    events = _v2_events(world, receiver)
    reports = [e for e in events if e["type"].startswith("conversation:message:delivery:")]
    assert [r["type"].rsplit(":", 1)[1] for r in reports] == ["channel", "user", "failure"]
    assert [r["payload"]["isFinalEvent"] for r in reports] == [False, True, True]
    assert reports[2]["payload"]["error"]["code"] == "uncategorized_error"
    assert len({r["payload"]["message"]["id"] for r in reports}) == 1
    v1_1 = [p["trigger"] for p in _v1_1_payloads(receiver)]
    assert v1_1[1:] == [
        "notification:delivery:channel",
        "notification:delivery:user",
        "notification:delivery:failure",
    ]


def test_a_notification_into_a_conversation_that_exists_creates_nothing(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    client = _whatsapp_user(world, app, "pavel")
    world.fake.simulate.write(app.id, "Hello clinic", user="pavel", channel="whatsapp")
    _notify(world, app, client, "Reminder: bring your card")

    types = [e["type"] for e in _v2_events(world, receiver)]
    assert types.count("conversation:create") == 1
    assert types[-2:] == ["conversation:message", "conversation:message:delivery:channel"]


def test_the_users_next_message_carries_the_notifications_since_they_last_wrote(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    client = _whatsapp_user(world, app, "rhea")
    world.fake.simulate.write(app.id, "Book me in", user="rhea", channel="whatsapp")
    _notify(world, app, client, "Booked for Monday")
    _notify(world, app, client, "Monday is confirmed")
    world.fake.simulate.write(app.id, "Thanks", user="rhea", channel="whatsapp")
    world.fake.simulate.write(app.id, "See you", user="rhea", channel="whatsapp")

    by_user = [
        e["payload"]
        for e in _v2_events(world, receiver)
        if e["type"] == "conversation:message"
        and e["payload"]["message"]["author"]["type"] == "user"
    ]
    first, thanks, see_you = by_user
    assert "recentNotifications" not in first
    recent = thanks["recentNotifications"]
    assert [m["content"]["text"] for m in recent] == ["Booked for Monday", "Monday is confirmed"]
    assert all(m["author"]["type"] == "business" for m in recent)
    assert all(m["source"]["type"] == "notification" for m in recent)
    assert "recentNotifications" not in see_you


def test_a_notification_to_an_unknown_number_reaches_v1_1_only(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    notification_id = _notify(world, app, "+15145550199", "Your code is 1234")
    _report(world, app, notification_id, "user")

    assert _v2_events(world, receiver) == []
    v1_1 = _v1_1_payloads(receiver)
    assert [p["trigger"] for p in v1_1] == [
        "notification:delivery:channel",
        "notification:delivery:user",
    ]
    assert all("matchResult" not in p for p in v1_1)


def test_the_official_v2_client_lists_the_notification_in_the_users_conversation(
    world: WebhookWorld, receiver: WebhookReceiver, app: App
) -> None:
    client = _whatsapp_user(world, app, "sami")
    _notify(world, app, client, "Your prescription is ready")
    posted = next(e for e in _v2_events(world, receiver) if e["type"] == "conversation:message")
    conversation_id = posted["payload"]["conversation"]["id"]

    with configured_client(world.server.url, world.fake.account_key) as api:
        listed = sunco.MessagesApi(api).list_messages(app.id, conversation_id)
    (message,) = listed.messages
    assert message.id == posted["payload"]["message"]["id"]
    assert message.author.type == "business" and message.source.type == "notification"
