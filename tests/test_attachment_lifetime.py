"""Files uploaded `for=message` go with the message that shows them, and files uploaded for a
conversation (v2 `conversationId`, v1 `appUserId`) go with that conversation or its user."""

from __future__ import annotations

import httpx
import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import V2Clients, error_of, v2_clients

from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def hosted(media_url: str) -> bool:
    """Whether the fake still serves the file."""
    status = httpx.get(media_url).status_code
    assert status in (200, 404), status
    return status == 200


@pytest.fixture
def api(v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]) -> sunco.ApiClient:
    return v2_clients.client(app_and_key[1], "basic")


def upload(api: sunco.ApiClient, app: App, **options: str) -> str:
    uploaded = sunco.AttachmentsApi(api).upload_attachment(
        app.id, "public", ("photo.png", PNG), **options
    )
    return str(uploaded.attachment.media_url)


def make_user(api: sunco.ApiClient, app: App, external_id: str) -> sunco.User:
    return (
        sunco.UsersApi(api).create_user(app.id, sunco.UserCreateBody(external_id=external_id)).user
    )


def default_conversation_of(api: sunco.ApiClient, app: App, user: sunco.User) -> str:
    listed = sunco.ConversationsApi(api).list_conversations(
        app.id, sunco.ConversationListFilter(user_id=user.id)
    )
    return str(listed.conversations[0].id)


def post_image(api: sunco.ApiClient, app: App, conversation_id: str, media_url: str) -> str:
    body = sunco.MessagePost(
        author=sunco.Author(type="business"),
        content=sunco.Content(sunco.ImageMessage(type="image", media_url=media_url)),
    )
    posted = sunco.MessagesApi(api).post_message(app.id, conversation_id, body)
    return str(posted.messages[0].id)


def test_a_file_uploaded_for_a_conversation_goes_with_the_conversation(
    api: sunco.ApiClient, app_and_key: tuple[App, SecretKey]
) -> None:
    app = app_and_key[0]
    make_user(api, app, "ana")
    group = sunco.ConversationsApi(api).create_conversation(
        app.id, sunco.ConversationCreateBody(type="sdkGroup")
    )
    conversation_id = group.conversation.id
    linked = upload(api, app, var_for="message", conversation_id=conversation_id)
    unlinked = upload(api, app, var_for="message")
    assert hosted(linked) and hosted(unlinked)

    sunco.ConversationsApi(api).delete_conversation(app.id, conversation_id)

    assert not hosted(linked)
    assert hosted(unlinked)


def test_a_file_uploaded_for_messages_goes_with_the_message_that_shows_it(
    api: sunco.ApiClient, app_and_key: tuple[App, SecretKey]
) -> None:
    app = app_and_key[0]
    conversation_id = default_conversation_of(api, app, make_user(api, app, "ana"))
    for_message = upload(api, app, var_for="message")
    kept_apart = upload(api, app)  # not `for=message`: it outlives the messages showing it
    deleted_alone = upload(api, app, var_for="message")
    message_id = post_image(api, app, conversation_id, deleted_alone)
    post_image(api, app, conversation_id, for_message)
    post_image(api, app, conversation_id, kept_apart)
    messages = sunco.MessagesApi(api)

    messages.delete_message(app.id, conversation_id, message_id)
    assert not hosted(deleted_alone)
    assert hosted(for_message)

    messages.delete_all_messages(app.id, conversation_id)
    assert not hosted(for_message)
    assert hosted(kept_apart)


def test_a_users_files_go_with_the_user(
    api: sunco.ApiClient, app_and_key: tuple[App, SecretKey]
) -> None:
    app = app_and_key[0]
    ana = make_user(api, app, "ana")
    conversation_id = default_conversation_of(api, app, ana)
    linked = upload(api, app, var_for="message", conversation_id=conversation_id)
    shown = upload(api, app, var_for="message")
    post_image(api, app, conversation_id, shown)

    sunco.UsersApi(api).delete_user(app.id, ana.id)

    assert not hosted(linked) and not hosted(shown)


def test_an_upload_for_an_unknown_conversation_is_refused_and_keeps_no_file(
    api: sunco.ApiClient, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app = app_and_key[0]
    error = error_of(
        lambda: upload(api, app, var_for="message", conversation_id="c" * 24),
        errors.NotFoundException,
    )
    assert error["code"] == "conversation_not_found"
    assert fake.store.attachments == {}


def test_a_v1_upload_for_an_app_user_goes_with_their_messages_and_them(
    app_client: httpx.Client,
) -> None:
    app_client.post("/v1.1/appusers", json={"userId": "kim"}).raise_for_status()

    def v1_upload(query: str) -> str:
        answer = app_client.post(
            f"/v1.1/attachments?access=public{query}",
            files={"source": ("photo.png", PNG, "image/png")},
        )
        assert answer.status_code == 201, answer.text
        return str(answer.json()["mediaUrl"])

    shown = v1_upload("&for=message")
    linked = v1_upload("&for=message&appUserId=kim")
    image = {"role": "appMaker", "type": "image", "mediaUrl": shown}
    posted = app_client.post("/v1.1/appusers/kim/messages", json=image)
    assert posted.status_code == 201, posted.text

    app_client.delete("/v1.1/appusers/kim/messages").raise_for_status()
    assert not hosted(shown) and hosted(linked)

    app_client.delete("/v1.1/appusers/kim").raise_for_status()
    assert not hosted(linked)
