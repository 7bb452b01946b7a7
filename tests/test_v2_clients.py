"""v2 clients and devices through the official Python client (17.0.1) on a real server: channel
links (CreateClient), the user's clients paged, removal, and v1 web/iOS/Android clients seen as one
`sdk` client with a device each."""

from __future__ import annotations

import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import Scheme, V2Clients, error_of, v2_clients
from v2_scopes import EVERY_CREDENTIAL, client_as

from smooch_mock import error_texts as texts
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.auth import sign_jwt
from smooch_mock.store.models import App, Client, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest

PHONE = "+15145550100"


def twilio_link(integration_id: str, conversation_id: str, confirmation: str) -> sunco.ClientCreate:
    return sunco.ClientCreate(
        match_criteria=sunco.MatchCriteria(
            sunco.MatchCriteriaTwilio(
                type="twilio", integration_id=integration_id, phone_number=PHONE
            )
        ),
        confirmation=sunco.Confirmation(type=confirmation),
        target=sunco.Target(conversation_id=conversation_id),
    )


@pytest.mark.parametrize(("scheme", "scope"), EVERY_CREDENTIAL)
def test_a_channel_link_is_created_pending_listed_and_removed(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    api = client_as(v2_clients, app, key, scheme, scope)
    user = sunco.UsersApi(api).create_user(app.id, sunco.UserCreateBody(external_id="ana")).user
    default = fake.store.user(app.id, user.id).default_conversation.id
    twilio = fake.simulate.channel_integration(app.id, "twilio")
    clients = sunco.ClientsApi(api)

    created = clients.create_client(app.id, "ana", twilio_link(twilio, default, "prompt"))
    assert isinstance(created, sunco.ClientResponse)  # 201
    client = created.client
    assert (client.type, client.status, client.integration_id) == ("twilio", "pending", twilio)
    assert client.external_id == PHONE and len(client.id) == 24
    [listed] = clients.list_clients(app.id, user.id).clients
    assert (listed.id, listed.status) == (client.id, "pending")

    fake.simulate.answer_link(app.id, user.id)  # the user says yes on the phone
    [linked] = clients.list_clients(app.id, user.id).clients
    assert (linked.id, linked.status) == (client.id, "active") and linked.linked_at

    assert clients.remove_client(app.id, user.id, client.id) == {}
    assert clients.list_clients(app.id, user.id).clients == []
    error = error_of(
        lambda: clients.remove_client(app.id, user.id, client.id), errors.NotFoundException
    )
    assert error == {"code": "client_not_found", "title": texts.V2_CLIENT_NOT_FOUND}


def test_an_immediate_link_answers_pending_then_is_active(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key, "jwt")
    user = sunco.UsersApi(api).create_user(app.id, sunco.UserCreateBody(external_id="ana")).user
    default = fake.store.user(app.id, user.id).default_conversation.id
    twilio = fake.simulate.channel_integration(app.id, "twilio")
    clients = sunco.ClientsApi(api)
    created = clients.create_client(app.id, "ana", twilio_link(twilio, default, "immediate"))
    assert created.client.status == "pending"
    [linked] = clients.list_clients(app.id, "ana").clients
    assert (linked.id, linked.status) == (created.client.id, "active")
    [participant] = sunco.ParticipantsApi(api).list_participants(app.id, default).participants
    assert [(a.type, a.client_id) for a in participant.client_associations] == [
        ("twilio", created.client.id)
    ]


def test_create_client_refuses_a_wrong_integration_or_a_foreign_conversation(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    users = sunco.UsersApi(api)
    users.create_user(app.id, sunco.UserCreateBody(external_id="ana"))
    bob = users.create_user(app.id, sunco.UserCreateBody(external_id="bob")).user
    own = fake.store.user(app.id, "ana").default_conversation.id
    bobs = fake.store.user(app.id, bob.id).default_conversation.id
    twilio = fake.simulate.channel_integration(app.id, "twilio")
    messagebird = fake.simulate.channel_integration(app.id, "messagebird")
    clients = sunco.ClientsApi(api)

    error = error_of(
        lambda: clients.create_client(app.id, "ana", twilio_link("f" * 24, own, "prompt")),
        errors.NotFoundException,
    )
    assert error["code"] == "integration_not_found"
    error = error_of(
        lambda: clients.create_client(app.id, "ana", twilio_link(messagebird, own, "prompt")),
        errors.BadRequestException,
    )
    assert error["title"] == texts.V2_CLIENT_INTEGRATION_TYPE.format(
        found="messagebird", wanted="twilio"
    )
    error = error_of(
        lambda: clients.create_client(app.id, "ana", twilio_link(twilio, bobs, "prompt")),
        errors.BadRequestException,
    )
    assert error["title"] == texts.V2_CLIENT_TARGET_NOT_THE_USERS
    error = error_of(
        lambda: clients.create_client(app.id, "ana", twilio_link(twilio, "0" * 24, "prompt")),
        errors.NotFoundException,
    )
    assert error["code"] == "conversation_not_found"
    assert fake.store.user(app.id, "ana").pending_clients == []


@pytest.mark.parametrize(("scheme", "scope"), EVERY_CREDENTIAL)
def test_v1_sdk_clients_are_one_sdk_client_with_a_device_each(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    fake.simulate.write(app.id, "from the web", user="ana", channel="web")
    fake.simulate.write(app.id, "from the phone", user="ana", channel="ios")
    fake.simulate.write(app.id, "from messenger", user="ana", channel="messenger")
    with fake.lock:
        fake.store.add_client(
            app.id, fake.store.user(app.id, "ana"), Client(id="front-1", platform="frontendEmail")
        )
    v1_clients = {c.platform: c for c in fake.store.user(app.id, "ana").clients}
    api = client_as(v2_clients, app, key, scheme, scope)

    listed = sunco.ClientsApi(api).list_clients(app.id, "ana")
    assert isinstance(listed, sunco.ClientListResponse)
    sdk, messenger = listed.clients  # frontendEmail has no v2 client type: left out
    assert (sdk.type, sdk.status) == ("sdk", "active") and len(sdk.id) == 24
    assert (messenger.type, messenger.id) == ("messenger", v1_clients["messenger"].id)
    assert listed.meta.has_more is False

    devices = sunco.DevicesApi(api)
    found = devices.list_devices(app.id, "ana")
    assert isinstance(found, sunco.DeviceListResponse)
    assert [(d.type, d.guid) for d in found.devices] == [
        ("ios", v1_clients["ios"].id),  # most recently seen first
        ("web", v1_clients["web"].id),
    ]
    assert {d.client_id for d in found.devices} == {sdk.id}
    assert all(d.status == "active" for d in found.devices)
    web = found.devices[1]
    assert devices.get_device(app.id, "ana", web.id).device == web
    assert devices.get_device(app.id, "ana", web.guid).device.id == web.id

    error = error_of(
        lambda: sunco.ClientsApi(api).remove_client(app.id, "ana", sdk.id),
        errors.BadRequestException,
    )
    assert error == {"code": "bad_request", "title": "Cannot remove a client of type 'sdk'"}
    error = error_of(lambda: devices.get_device(app.id, "ana", "0" * 24), errors.NotFoundException)
    assert error["code"] == "device_not_found"


def test_list_clients_walks_pages_of_the_clients_size(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, key = app_and_key
    for channel in ("web", "messenger", "telegram", "line", "viber"):
        fake.simulate.write(app.id, "hi", user="ana", channel=channel)
    clients = sunco.ClientsApi(v2_clients.client(key, "jwt"))
    seen: list[str] = []
    page = clients.list_clients(app.id, "ana", page=sunco.Page(size=2))
    while True:
        assert len(page.clients) <= 2
        seen += [c.type for c in page.clients]
        if not page.meta.has_more:
            break
        page = clients.list_clients(
            app.id, "ana", page=sunco.Page(after=page.meta.after_cursor, size=2)
        )
    assert seen == ["sdk", "messenger", "telegram", "line", "viber"]


def test_clients_of_an_unknown_user_are_404_user_not_found(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    for call in (
        lambda: sunco.ClientsApi(api).list_clients(app.id, "nobody"),
        lambda: sunco.DevicesApi(api).list_devices(app.id, "nobody"),
    ):
        assert error_of(call, errors.NotFoundException)["code"] == "user_not_found"


def test_an_app_user_jwt_reaches_no_v2_user(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, key = app_and_key
    fake.simulate.write(app.id, "hi", user="ana")
    config = sunco.Configuration(host=v2_clients.url, access_token=sign_jwt(key, "appUser", "ana"))
    users = sunco.UsersApi(sunco.ApiClient(config))
    assert error_of(lambda: users.get_user(app.id, "ana"), errors.ForbiddenException)["code"] == (
        "forbidden"
    )
