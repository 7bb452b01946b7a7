"""The official Python v2 client (sunshine-conversations-client 17.0.1) drives every v2 operation
the fake serves so far, under Basic and JWT, account and app scope, against a real server."""

from __future__ import annotations

import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import CREDENTIALS, Scheme, V2Clients, error_of, v2_clients

from smooch_mock import error_texts as texts
from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_account_scope_drives_apps_from_create_to_delete(
    v2_clients: V2Clients, scheme: Scheme
) -> None:
    apps = sunco.AppsApi(v2_clients.account(scheme))
    created = apps.create_app(
        sunco.AppCreateBody(
            display_name="Support bot",
            settings=sunco.AppSettings(use_animal_names=True, multi_convo_enabled=True),
            metadata={"plan": "pro"},
        )
    )
    assert isinstance(created, sunco.AppResponse)
    app = created.app
    assert app.display_name == "Support bot" and len(app.id) == 24
    assert app.settings.use_animal_names is True and app.metadata == {"plan": "pro"}

    fetched = apps.get_app(app.id)
    assert isinstance(fetched, sunco.AppResponse) and fetched.app.id == app.id

    updated = apps.update_app(
        app.id,
        sunco.AppUpdateBody(display_name="Renamed", metadata={"plan": None, "tier": 2}),
    )
    assert isinstance(updated, sunco.AppResponse)
    assert updated.app.display_name == "Renamed" and updated.app.metadata == {"tier": 2}
    assert v2_clients.fake.store.get_app(app.id).name == "Renamed"  # one app, both generations

    assert apps.delete_app(app.id) == {}
    error = error_of(lambda: apps.get_app(app.id), errors.NotFoundException)
    assert error == {"code": "app_not_found", "title": texts.APP_NOT_FOUND}


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_list_apps_walks_every_page_with_the_clients_page_model(
    v2_clients: V2Clients, scheme: Scheme
) -> None:
    apps = sunco.AppsApi(v2_clients.account(scheme))
    made = [apps.create_app(sunco.AppCreateBody(display_name=f"App {n}")).app.id for n in range(7)]
    seen: list[str] = []
    page = apps.list_apps(page=sunco.Page(size=3))
    while True:
        assert isinstance(page, sunco.AppListResponse)
        assert len(page.apps) <= 3
        seen += [app.id for app in page.apps]
        if not page.meta.has_more:
            assert page.meta.after_cursor is None and page.links.next is None
            break
        assert page.links.next.endswith(f"page[after]={page.meta.after_cursor}")
        page = apps.list_apps(page=sunco.Page(after=page.meta.after_cursor, size=3))
    assert seen == made
    back = apps.list_apps(page=sunco.Page(before=made[-1], size=3))
    assert [app.id for app in back.apps] == made[3:6]
    assert back.meta.has_more and back.meta.before_cursor == made[3]


def test_list_apps_filters_by_service_account_and_refuses_anothers(
    v2_clients: V2Clients, fake: FakeSmooch
) -> None:
    store = fake.store
    own = store.create_service_account("own")
    other = store.create_service_account("other")
    own_key = store.create_service_account_key(own.id, "svc key")
    apps = sunco.AppsApi(v2_clients.client(own_key))
    mine = apps.create_app(sunco.AppCreateBody(display_name="Mine")).app
    sunco.AppsApi(v2_clients.account()).create_app(sunco.AppCreateBody(display_name="Not mine"))

    listed = apps.list_apps(filter=sunco.AppListFilter(service_account_id=own.id))
    assert [app.id for app in listed.apps] == [mine.id]
    assert [app.id for app in apps.list_apps().apps] == [mine.id]
    everything = sunco.AppsApi(v2_clients.account()).list_apps()
    assert len(everything.apps) == 2

    error = error_of(
        lambda: apps.list_apps(filter=sunco.AppListFilter(service_account_id=other.id)),
        errors.ForbiddenException,
    )
    assert error == {"code": "forbidden", "title": texts.V2_SERVICE_ACCOUNT_MISMATCH}


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_app_keys_are_created_listed_fetched_and_deleted(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], scheme: Scheme
) -> None:
    app, v1_key = app_and_key
    keys = sunco.AppKeysApi(v2_clients.account(scheme))
    created = keys.create_app_key(app.id, sunco.AppKeyCreateBody(display_name="Ops key"))
    assert isinstance(created, sunco.AppKeyResponse)
    key = created.key
    assert key.id.startswith("app_") and key.display_name == "Ops key" and key.secret

    listed = keys.list_app_keys(app.id)
    assert isinstance(listed, sunco.AppKeyListResponse)
    assert {k.id for k in listed.keys} == {v1_key.id, key.id}  # the v1 key is the v2 key
    assert keys.get_app_key(app.id, key.id).key.secret == key.secret

    # The new key works at once, in v2 and in v1.1 alike.
    new_key = v2_clients.fake.store.keys[key.id]
    assert sunco.AppsApi(v2_clients.client(new_key, scheme)).get_app(app.id).app.id == app.id

    assert keys.delete_app_key(app.id, key.id) == {}
    error = error_of(lambda: keys.get_app_key(app.id, key.id), errors.NotFoundException)
    assert error == {"code": "not_found", "title": texts.V2_RESOURCE_NOT_FOUND}


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_attachments_upload_and_remove_under_every_credential(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], scheme: Scheme, scope: str
) -> None:
    app, key = app_and_key
    api = v2_clients.account(scheme) if scope == "account" else v2_clients.client(key, scheme)
    attachments = sunco.AttachmentsApi(api)
    uploaded = attachments.upload_attachment(app.id, "public", ("logo.png", PNG), var_for="message")
    assert isinstance(uploaded, sunco.AttachmentResponse)
    media_url = uploaded.attachment.media_url
    assert media_url.startswith(v2_clients.url + "/_mock/media/")
    assert uploaded.attachment.media_type == "image/png"

    body = sunco.AttachmentDeleteBody(media_url=media_url)
    assert attachments.delete_attachment(app.id, body) == {}
    error = error_of(lambda: attachments.delete_attachment(app.id, body), errors.NotFoundException)
    assert error == {"code": "not_found", "title": texts.ATTACHMENT_NOT_FOUND}
    foreign = sunco.AttachmentDeleteBody(media_url="https://badhost.example/image.png")
    error = error_of(
        lambda: attachments.delete_attachment(app.id, foreign), errors.BadRequestException
    )
    assert error["title"] == texts.V2_UNSUPPORTED_MEDIA_URL.format(url=foreign.media_url)


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_app_scope_gets_and_updates_its_own_app_only(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch, scheme: Scheme
) -> None:
    app, key = app_and_key
    apps = sunco.AppsApi(v2_clients.client(key, scheme))
    assert apps.get_app(app.id).app.display_name == "Test app"
    updated = apps.update_app(app.id, sunco.AppUpdateBody(display_name="Mine now"))
    assert updated.app.display_name == "Mine now"

    other, _ = fake.create_app_with_key("Someone else's")
    forbidden = {"code": "forbidden", "title": texts.V2_FORBIDDEN}
    assert error_of(lambda: apps.get_app(other.id), errors.ForbiddenException) == forbidden
    assert (
        error_of(
            lambda: sunco.AttachmentsApi(apps.api_client).upload_attachment(
                other.id, "public", ("a.png", PNG)
            ),
            errors.ForbiddenException,
        )
        == forbidden
    )


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_app_scope_cannot_provision_apps_or_keys(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], scheme: Scheme
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key, scheme)
    apps, keys = sunco.AppsApi(api), sunco.AppKeysApi(api)
    refused = [
        lambda: apps.create_app(sunco.AppCreateBody(display_name="x")),
        lambda: apps.list_apps(),
        lambda: apps.delete_app(app.id),
        lambda: keys.create_app_key(app.id, sunco.AppKeyCreateBody(display_name="x")),
        lambda: keys.list_app_keys(app.id),
        lambda: keys.get_app_key(app.id, key.id),
        lambda: keys.delete_app_key(app.id, key.id),
    ]
    for call in refused:
        assert error_of(call, errors.ForbiddenException)["code"] == "forbidden"


def test_token_info_names_the_app_of_an_app_credential(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    # GetTokenInfo has no security in the spec: the client sends no credentials by itself.
    oauth = sunco.OAuthEndpointsApi(v2_clients.client(None))
    error = error_of(oauth.get_token_info, errors.UnauthorizedException)
    assert error == {"code": "unauthorized", "title": texts.AUTH_REQUIRED}
    token = v2_clients.client(key, "jwt").configuration.access_token
    info = oauth.get_token_info(_headers={"Authorization": f"Bearer {token}"})
    assert isinstance(info, sunco.AppResponse)
    assert info.app.id == app.id and info.app.display_name == "Test app"


def test_no_credentials_is_401_authorization_is_required(v2_clients: V2Clients) -> None:
    apps = sunco.AppsApi(v2_clients.client(None))
    error = error_of(apps.list_apps, errors.UnauthorizedException)
    assert error == {"code": "unauthorized", "title": "Authorization is required"}


def test_a_wrong_secret_is_401_unauthorized(v2_clients: V2Clients, fake: FakeSmooch) -> None:
    forged = SecretKey(fake.account_key.id, "not-the-secret-" + "x" * 32, "forged", "account")
    for scheme in ("basic", "jwt"):
        apps = sunco.AppsApi(v2_clients.client(forged, scheme))
        assert error_of(apps.list_apps, errors.UnauthorizedException)["code"] == "unauthorized"


def test_both_cursors_are_400_invalid_page_query_parameters(v2_clients: V2Clients) -> None:
    apps = sunco.AppsApi(v2_clients.account())
    page = sunco.Page(after="a" * 24, before="b" * 24)
    error = error_of(lambda: apps.list_apps(page=page), errors.BadRequestException)
    assert error == {"code": "bad_request", "title": "Invalid page query parameters"}


def test_a_cursor_naming_no_app_is_400(v2_clients: V2Clients) -> None:
    apps = sunco.AppsApi(v2_clients.account())
    error = error_of(
        lambda: apps.list_apps(page=sunco.Page(after="f" * 24)), errors.BadRequestException
    )
    assert error["title"] == "Invalid page query parameters"


def test_create_app_without_display_name_is_400_naming_it(v2_clients: V2Clients) -> None:
    apps = sunco.AppsApi(v2_clients.account())
    # The client's model requires displayName; built unchecked, it sends the body without it.
    body = sunco.AppCreateBody.model_construct(metadata={"plan": "pro"})
    error = error_of(lambda: apps.create_app(body), errors.BadRequestException)
    assert error["code"] == "bad_request" and "displayName" in error["title"]
