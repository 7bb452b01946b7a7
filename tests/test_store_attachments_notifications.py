"""Store: attachments kept in memory, and notifications to users not yet known."""

from __future__ import annotations

from typing import Any

import pytest

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.errors import BadRequest, NotFound, PayloadTooLarge
from smooch_mock.store import Store, UserInput
from smooch_mock.store import events as ev
from smooch_mock.store.attachments import MAX_ATTACHMENT_BYTES, media_path
from smooch_mock.store.models import App, Client, Notification, Source


@pytest.fixture
def app(store: Store) -> App:
    return store.create_app("Shop")


def test_uploaded_attachment_is_found_by_its_media_url(store: Store, app: App) -> None:
    attachment = store.upload_attachment(
        app.id, "cat.png", "image/png", b"\x89PNG", access="public"
    )
    url = "http://127.0.0.1:9/" + media_path(attachment).lstrip("/")
    assert store.attachment_for_url(url) is attachment
    assert store.media_size(url) == 4
    # Media elsewhere: a stable positive stand-in (Smooch downloaded it; the fake cannot).
    elsewhere = store.media_size("https://elsewhere.io/cat.png")
    assert elsewhere == store.media_size("https://elsewhere.io/cat.png") and elsewhere > 0
    assert elsewhere != store.media_size("https://elsewhere.io/dog.png")


def test_file_names_with_slashes_stay_in_one_path_segment(store: Store, app: App) -> None:
    attachment = store.upload_attachment(app.id, "dir/a b.txt", "text/plain", b"x", access="public")
    assert media_path(attachment).endswith("/dir%2Fa%20b.txt")


def test_access_must_be_public(store: Store, app: App) -> None:
    with pytest.raises(BadRequest, match="public"):
        store.upload_attachment(app.id, "a", "text/plain", b"x", access="private")


def test_attachment_over_10_mb_is_413(store: Store, app: App) -> None:
    store.upload_attachment(
        app.id, "max", "application/octet-stream", b"0" * MAX_ATTACHMENT_BYTES, access="public"
    )
    with pytest.raises(PayloadTooLarge):
        store.upload_attachment(
            app.id,
            "big",
            "application/octet-stream",
            b"0" * (MAX_ATTACHMENT_BYTES + 1),
            access="public",
        )


def test_remove_attachment_only_in_its_own_app(store: Store, app: App) -> None:
    attachment = store.upload_attachment(app.id, "a", "text/plain", b"x", access="public")
    url = "http://h" + media_path(attachment)
    other = store.create_app("Other")
    with pytest.raises(NotFound):
        store.remove_attachment(other.id, url)
    store.remove_attachment(app.id, url)
    assert store.attachment_for_url(url) is None


def _notification(integration_id: str, destination_id: str = "+15145550000") -> dict[str, Any]:
    return {
        "destination": {"integrationId": integration_id, "destinationId": destination_id},
        "author": {"role": "appMaker", "name": "Billing"},
        "message": {"type": "text", "text": "Your invoice is ready"},
    }


def _post(store: Store, app_id: str, body: dict[str, Any]) -> Notification:
    """What POST /notifications hands the store: the body, and its message as a typed input."""
    named = {"name": body["author"]["name"]} if "name" in body["author"] else {}
    given = message_input({**body["message"], **named}, role="appMaker")
    return store.post_notification(app_id, body, given)


def test_notification_gets_a_uuid_and_reports_channel_delivery(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    twilio = store.create_integration(
        app.id, "twilio", {"accountSid": "a", "authToken": "b", "phoneNumberSid": "c"}
    )
    notification = _post(store, app.id, _notification(twilio.id))
    assert len(notification.id) == 36 and notification.id.count("-") == 4
    [delivery] = events
    assert isinstance(delivery, ev.NotificationDelivery)
    assert (delivery.notification_id, delivery.stage, delivery.match) == (
        notification.id,
        "channel",
        None,
    )
    assert delivery.destination == {"type": "twilio", "integrationId": twilio.id}


def test_notification_to_a_known_client_lands_in_that_users_conversation(
    store: Store, app: App, events: list[ev.Event]
) -> None:
    twilio = store.create_integration(
        app.id, "twilio", {"accountSid": "a", "authToken": "b", "phoneNumberSid": "c"}
    )
    user = store.create_user(app.id, UserInput("bob"))
    store.add_client(
        app.id,
        user,
        Client(id="c1", platform="twilio", integration_id=twilio.id, external_id="+15145550000"),
    )
    _post(store, app.id, _notification(twilio.id))
    [message] = store.list_messages(app.id, "bob").messages
    assert (message.author.type, message.author.display_name, message.content.text) == (
        "business",
        "Billing",
        "Your invoice is ready",
    )
    assert message.source == Source(type="notification", integration_id=twilio.id)
    delivery = events[-1]
    assert isinstance(delivery, ev.NotificationDelivery) and delivery.match is user


@pytest.mark.parametrize(
    "change",
    [
        {"destination": {"integrationId": "nope", "destinationId": "x"}},
    ],
)
# The body's shape (destination, author role, message, messageSchema) is the schema's, checked at
# the edge: tests/test_validate_once.py. The store keeps the state rule, a known integration.
def test_invalid_notification_is_400(store: Store, app: App, change: dict[str, object]) -> None:
    twilio = store.create_integration(
        app.id, "twilio", {"accountSid": "a", "authToken": "b", "phoneNumberSid": "c"}
    )
    with pytest.raises(BadRequest):
        _post(store, app.id, {**_notification(twilio.id), **change})
