"""v2 users through the official Python client (17.0.1) on a real server, under Basic and JWT
with account, app and integration keys: create, get, update, delete, personal information, sync;
ListUsers (which the client lacks) over plain HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import Scheme, V2Clients, error_of, v2_clients
from v2_scopes import EVERY_CREDENTIAL, client_as

from smooch_mock import error_texts as texts
from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest

USER_NOT_FOUND = {"code": "user_not_found", "title": texts.V2_USER_NOT_FOUND}


@pytest.mark.parametrize(("scheme", "scope"), EVERY_CREDENTIAL)
def test_a_user_is_created_fetched_updated_and_deleted_under_every_credential(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], scheme: Scheme, scope: str
) -> None:
    app, key = app_and_key
    users = sunco.UsersApi(client_as(v2_clients, app, key, scheme, scope))
    created = users.create_user(
        app.id,
        sunco.UserCreateBody(
            external_id="customer-42",
            signed_up_at="2024-03-01T10:00:00.000Z",
            to_be_retained=True,
            profile=sunco.Profile(given_name="Ana", surname="Lima", email="ana@example.com"),
            metadata={"tier": "gold", "visits": 3},
        ),
    )
    assert isinstance(created, sunco.UserResponse)  # 201 is the only status the client parses
    user = created.user
    assert len(user.id) == 24 and user.external_id == "customer-42"
    assert user.signed_up_at == "2024-03-01T10:00:00.000Z" and user.to_be_retained is True
    assert (user.profile.given_name, user.profile.surname) == ("Ana", "Lima")
    assert user.metadata == {"tier": "gold", "visits": 3}
    assert user.authenticated is False and user.identities == []

    assert users.get_user(app.id, user.id).user.external_id == "customer-42"
    assert users.get_user(app.id, "customer-42").user.id == user.id

    updated = users.update_user(
        app.id,
        "customer-42",
        sunco.UserUpdateBody(
            profile=sunco.Profile(given_name=None, locale="pt-BR"),
            metadata={"tier": None, "plan": "pro"},
        ),
    ).user
    assert updated.profile.given_name is None  # null clears a field
    assert (updated.profile.surname, updated.profile.locale) == ("Lima", "pt-BR")  # kept, added
    assert updated.metadata == {"visits": 3, "plan": "pro"}
    assert updated.to_be_retained is True

    assert users.delete_user(app.id, user.id) == {}
    assert error_of(lambda: users.get_user(app.id, user.id), errors.NotFoundException) == (
        USER_NOT_FOUND
    )
    assert error_of(lambda: users.delete_user(app.id, user.id), errors.NotFoundException) == (
        USER_NOT_FOUND
    )


def test_a_taken_external_id_is_409_user_already_exists(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    users = sunco.UsersApi(v2_clients.client(key))
    users.create_user(app.id, sunco.UserCreateBody(external_id="taken"))
    error = error_of(
        lambda: users.create_user(app.id, sunco.UserCreateBody(external_id="taken")),
        errors.ConflictException,
    )
    assert error == {"code": "conflict", "title": "User already exists"}


def test_an_empty_profile_field_is_refused_and_a_bad_date_names_the_field(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    users = sunco.UsersApi(v2_clients.client(key))
    bad_date = sunco.UserCreateBody(external_id="x", signed_up_at="yesterday")
    error = error_of(lambda: users.create_user(app.id, bad_date), errors.BadRequestException)
    assert error["code"] == "bad_request" and "signedUpAt" in error["title"]
    empty = sunco.UserCreateBody.model_construct(external_id="")
    error = error_of(lambda: users.create_user(app.id, empty), errors.BadRequestException)
    assert "externalId" in error["title"]


def test_another_apps_user_is_403_for_an_app_key(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    _, key = app_and_key
    other, other_key = fake.create_app_with_key("Other")
    theirs = sunco.UsersApi(v2_clients.client(other_key)).create_user(
        other.id, sunco.UserCreateBody(external_id="theirs")
    )
    users = sunco.UsersApi(v2_clients.client(key, "jwt"))
    error = error_of(lambda: users.get_user(other.id, theirs.user.id), errors.ForbiddenException)
    assert error == {"code": "forbidden", "title": "Forbidden"}


@pytest.mark.parametrize(("scheme", "scope"), EVERY_CREDENTIAL)
def test_deleting_personal_information_clears_profile_metadata_and_client_details(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    users = sunco.UsersApi(client_as(v2_clients, app, key, scheme, scope))
    user = users.create_user(
        app.id,
        sunco.UserCreateBody(
            external_id="private",
            profile=sunco.Profile(given_name="Ana", email="ana@example.com"),
            metadata={"phone": "+15145550100"},
        ),
    ).user
    fake.simulate.write(app.id, "hello", user="private", channel="messenger")

    cleared = users.delete_user_personal_information(app.id, "private")
    assert isinstance(cleared, sunco.UserResponse)
    assert cleared.user.id == user.id and cleared.user.external_id == "private"
    assert cleared.user.profile.given_name is None and cleared.user.profile.email is None
    assert cleared.user.metadata == {}
    [messenger] = sunco.ClientsApi(users.api_client).list_clients(app.id, user.id).clients
    assert messenger.display_name is None and messenger.info is None and messenger.raw is None
    assert len(fake.store.user(app.id, user.id).default_conversation.messages) == 1  # kept


@pytest.mark.parametrize(("scheme", "scope"), EVERY_CREDENTIAL)
def test_sync_user_answers_the_user_and_merges_into_a_surviving_one(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    users = sunco.UsersApi(client_as(v2_clients, app, key, scheme, scope))
    kept = users.create_user(app.id, sunco.UserCreateBody(external_id="kept")).user
    merged = users.create_user(app.id, sunco.UserCreateBody(external_id="merged")).user
    fake.simulate.write(app.id, "from the merged one", user="merged", channel="web")

    synced = users.sync_user(app.id, "kept")  # the client sends no body
    assert isinstance(synced, sunco.UserResponse) and synced.user.id == kept.id

    into = users.sync_user(app.id, merged.id, sunco.SyncUserBody(surviving_zendesk_id="kept"))
    assert into.user.id == kept.id
    error_of(lambda: users.get_user(app.id, merged.id), errors.NotFoundException)
    history = fake.store.user(app.id, kept.id).default_conversation.messages
    assert [m.content.text for m in history] == ["from the merged one"]
    error = error_of(lambda: users.sync_user(app.id, "nobody"), errors.NotFoundException)
    assert error == USER_NOT_FOUND


# -- ListUsers: not in either official client; the documented query over plain HTTP ----------------


@pytest.fixture
def app_http(
    client_for: Callable[..., httpx.Client], app_and_key: tuple[App, SecretKey]
) -> httpx.Client:
    _, key = app_and_key
    return client_for(auth=(key.id, key.secret))


def test_list_users_matches_verified_email_identities_not_profile_emails(
    app_http: httpx.Client, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, _ = app_and_key
    for external_id in ("verified", "profile-only"):
        created = app_http.post(
            f"/v2/apps/{app.id}/users",
            json={"externalId": external_id, "profile": {"email": "Ana@Example.com"}},
        )
        assert created.status_code == 201, created.text
    with fake.lock:
        fake.store.add_identity(app.id, "verified", "ana@example.com")

    path = f"/v2/apps/{app.id}/users"
    brackets = app_http.get(path, params={"filter[identities.email]": "ANA@example.com"})
    as_json = app_http.get(
        path, params={"filter": json.dumps({"identities.email": "ana@example.com"})}
    )
    for answer in (brackets, as_json):
        assert answer.status_code == 200, answer.text
        [user] = answer.json()["users"]
        assert user["externalId"] == "verified"
        assert user["identities"] == [
            {"type": "email", "value": "ana@example.com", "verification": "sso"}
        ]
    nobody = app_http.get(path, params={"filter[identities.email]": "bob@example.com"})
    assert nobody.json() == {"users": []}


def test_list_users_without_the_email_filter_is_400(
    app_http: httpx.Client, app_and_key: tuple[App, SecretKey]
) -> None:
    app, _ = app_and_key
    answer = app_http.get(f"/v2/apps/{app.id}/users")
    assert answer.status_code == 400
    assert answer.json() == {
        "errors": [{"code": "bad_request", "title": texts.V2_EMAIL_FILTER_REQUIRED}]
    }
