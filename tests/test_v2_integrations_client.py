"""The official Python v2 client drives integrations, custom-integration API keys and the webhooks
of an integration, under Basic and JWT, account and app scope, and with `int_` keys."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import CREDENTIALS, Scheme, V2Clients, error_of, v2_clients
from v2_scopes import client_as

from smooch_mock import error_texts as texts
from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest

HOOK = sunco.Webhook(target="https://example.com/hook", triggers=["conversation:message"])
FORBIDDEN = {"code": "forbidden", "title": texts.V2_FORBIDDEN}
ONE_OF_EACH: list[Any] = [
    sunco.Custom(type="custom", display_name="Order bot", webhooks=[HOOK]),
    sunco.Web(type="web", display_name="Site", brand_color="112233"),
    sunco.Ios(type="ios", certificate="cert", password="pw"),
    sunco.Android(type="android", project_id="p", client_email="c@x.io", private_key="k"),
    sunco.Unity(type="unity"),
    sunco.Messenger(type="messenger", page_access_token="t", app_id="fb-app", app_secret="s"),
    sunco.Instagram(type="instagram", page_access_token="t", app_id="ig-app", app_secret="s"),
    sunco.Twilio(type="twilio", account_sid="AC1", auth_token="t", phone_number_sid="PN1"),
    sunco.Messagebird(type="messagebird", access_key="a", signing_key="s", originator="+1555"),
    sunco.Mailgun(type="mailgun", api_key="k", domain="mg.example.com", incoming_address="a@x"),
    sunco.Telegram(type="telegram", token="t"),
    sunco.Viber(type="viber", token="t"),
    sunco.Line(type="line", channel_access_token="t", channel_secret="s"),
    sunco.Whatsapp(type="whatsapp", account_id="acc"),
    sunco.Twitter(
        type="twitter",
        tier="enterprise",
        consumer_key="ck",
        consumer_secret="cs",
        access_token_key="atk",
        access_token_secret="ats",
    ),
    sunco.Apple(type="apple", business_id="b", api_secret="secret", msp_id="m"),
]


def custom_integration(api: sunco.ApiClient, app_id: str, name: str = "Bot") -> Any:
    made = sunco.IntegrationsApi(api).create_integration(
        app_id, sunco.Custom(type="custom", display_name=name, webhooks=[HOOK])
    )
    return made.integration


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_every_type_is_created_fetched_listed_and_deleted(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], scheme: Scheme, scope: str
) -> None:
    app, key = app_and_key
    integrations = sunco.IntegrationsApi(client_as(v2_clients, app, key, scheme, scope))
    made = {}
    for wanted in ONE_OF_EACH:
        created = integrations.create_integration(app.id, wanted)
        assert isinstance(created, sunco.IntegrationResponse)
        assert created.integration.type == wanted.type and len(created.integration.id) == 24
        assert created.integration.status == "active"
        made[wanted.type] = created.integration
    assert len(made) == 16

    custom = made["custom"]
    assert custom.display_name == "Order bot"
    (hook,) = custom.webhooks
    assert hook.version == "v2" and hook.target == HOOK.target and hook.secret
    assert hook.include_full_user is False and hook.include_full_source is False
    assert made["messenger"].page_id > 0 and made["messenger"].app_id == "fb-app"
    assert made["messenger"].app_secret is None  # write-only secrets are kept, not shown
    assert made["twitter"].consumer_key == "ck" and made["twitter"].consumer_secret is None
    assert made["apple"].api_secret == "secret"
    assert made["web"].brand_color == "112233" and made["web"].button_width == "58"

    fetched = integrations.get_integration(app.id, made["twilio"].id)
    assert isinstance(fetched, sunco.IntegrationResponse)
    assert fetched.integration.account_sid == "AC1"

    listed = integrations.list_integrations(app.id)
    assert isinstance(listed, sunco.IntegrationListResponse)
    assert [i.id for i in listed.integrations] == [i.id for i in made.values()]

    assert integrations.delete_integration(app.id, made["viber"].id) == {}
    error = error_of(
        lambda: integrations.get_integration(app.id, made["viber"].id), errors.NotFoundException
    )
    assert error == {"code": "integration_not_found", "title": texts.INTEGRATION_NOT_FOUND}


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_update_changes_what_the_type_allows_and_unsets_the_display_name(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], scheme: Scheme, scope: str
) -> None:
    app, key = app_and_key
    integrations = sunco.IntegrationsApi(client_as(v2_clients, app, key, scheme, scope))
    web = integrations.create_integration(app.id, sunco.Web(type="web")).integration
    body = sunco.IntegrationUpdate(
        sunco.WebUpdate(display_name="Help", business_name="Taco Shop", display_style="tab")
    )
    updated = integrations.update_integration(app.id, web.id, body)
    assert isinstance(updated, sunco.IntegrationResponse)
    assert updated.integration.display_name == "Help"
    assert updated.integration.business_name == "Taco Shop"
    assert updated.integration.display_style == "tab"

    cleared = integrations.update_integration(
        app.id, web.id, sunco.IntegrationUpdate(sunco.WebUpdate(display_name=None))
    )
    assert cleared.integration.display_name is None
    assert cleared.integration.business_name == "Taco Shop"

    custom = custom_integration(integrations.api_client, app.id)
    renamed = integrations.update_integration(
        app.id, custom.id, sunco.IntegrationUpdate(sunco.CustomUpdate(display_name="Renamed"))
    )
    assert renamed.integration.display_name == "Renamed"
    assert len(renamed.integration.webhooks) == 1


def test_update_refuses_a_field_another_type_owns(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    web = sunco.IntegrationsApi(api).create_integration(app.id, sunco.Web(type="web")).integration
    response = httpx.patch(
        f"{v2_clients.url}/v2/apps/{app.id}/integrations/{web.id}",
        json={"pageAccessToken": "t"},
        auth=(key.id, key.secret),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "code": "bad_request",
            "title": texts.V2_FIELD_NOT_UPDATABLE.format(field="pageAccessToken", kind="web"),
        }
    ]


def test_list_filters_by_types_and_pages_with_the_clients_models(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    integrations = sunco.IntegrationsApi(v2_clients.client(key, "jwt"))
    customs = [custom_integration(integrations.api_client, app.id, f"Bot {n}").id for n in range(5)]
    integrations.create_integration(app.id, sunco.Web(type="web"))
    seen: list[str] = []
    only_custom = sunco.IntegrationListFilter(types="custom")
    page = integrations.list_integrations(app.id, page=sunco.Page(size=2), filter=only_custom)
    while True:
        assert all(i.type == "custom" for i in page.integrations)
        seen += [i.id for i in page.integrations]
        if not page.meta.has_more:
            break
        assert "filter[types]=custom" in page.links.next
        page = integrations.list_integrations(
            app.id, page=sunco.Page(after=page.meta.after_cursor, size=2), filter=only_custom
        )
    assert seen == customs
    both = integrations.list_integrations(
        app.id, filter=sunco.IntegrationListFilter(types="custom,web")
    )
    assert len(both.integrations) == 6

    error = error_of(
        lambda: integrations.list_integrations(
            app.id, filter=sunco.IntegrationListFilter(types="wechat")
        ),
        errors.BadRequestException,
    )
    assert error == {"code": "bad_request", "title": texts.V2_INVALID_QUERY}


def test_v1_integrations_and_a_v1_1_webhook_are_shown_in_v2_terms(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], server: ServerThread
) -> None:
    app, key = app_and_key
    auth = (key.id, key.secret)
    v1 = f"{server.url}/v1.1/apps/{app.id}"
    for body in (
        {"type": "apn", "certificate": "cert"},
        {"type": "fcm", "serverKey": "k", "senderId": "1"},
        {"type": "wechat", "appId": "w", "appSecret": "s"},
        {"type": "messenger", "pageAccessToken": "t", "appId": "a", "appSecret": "s"},
    ):
        assert httpx.post(f"{v1}/integrations", json=body, auth=auth).status_code == 201
    old_hook = httpx.post(
        f"{v1}/webhooks",
        json={"target": "https://example.com/v1", "triggers": ["message:appUser", "postback"]},
        auth=auth,
    ).json()["webhook"]

    integrations = sunco.IntegrationsApi(v2_clients.client(key))
    listed = integrations.list_integrations(app.id)
    assert sorted(i.type for i in listed.integrations) == ["android", "custom", "ios", "messenger"]

    customs = integrations.list_integrations(
        app.id, filter=sunco.IntegrationListFilter(types="custom")
    )
    (custom,) = customs.integrations
    (hook,) = custom.webhooks
    assert hook.id == old_hook["_id"] and hook.version == "v1.1"
    assert hook.triggers == ["message:appUser", "postback"] and hook.secret == old_hook["secret"]
    fetched = sunco.WebhooksApi(integrations.api_client).get_webhook(app.id, custom.id, hook.id)
    assert fetched.webhook.version == "v1.1"

    # v2 webhooks are not v1's to see: /v1.1 keeps listing its own generation only.
    sunco.WebhooksApi(integrations.api_client).create_webhook(
        app.id, custom.id, sunco.WebhookCreateBody(target=HOOK.target, triggers=HOOK.triggers)
    )
    v1_listed = httpx.get(f"{v1}/webhooks", auth=auth).json()["webhooks"]
    assert [w["_id"] for w in v1_listed] == [old_hook["_id"]]


def test_create_refuses_what_v2_does_not_know(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    url = f"{v2_clients.url}/v2/apps/{app.id}/integrations"
    for body in (
        {"type": "wechat", "appId": "a", "appSecret": "s"},
        {"type": "custom", "webhooks": []},
        {"type": "custom", "webhooks": [{"target": "https://x.io", "triggers": ["message"]}]},
        {"type": "messenger", "appId": "a"},
    ):
        response = httpx.post(url, json=body, auth=(key.id, key.secret))
        assert response.status_code == 400, body
        assert response.json()["errors"][0]["code"] == "bad_request"


@pytest.mark.parametrize(("scheme", "scope"), CREDENTIALS)
def test_custom_integration_keys_are_created_listed_fetched_and_deleted(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], scheme: Scheme, scope: str
) -> None:
    app, key = app_and_key
    api = client_as(v2_clients, app, key, scheme, scope)
    keys = sunco.CustomIntegrationApiKeysApi(api)
    custom = custom_integration(api, app.id)
    created = keys.create_custom_integration_key(
        app.id, custom.id, sunco.IntegrationApiKey(display_name="Bot key")
    )
    assert isinstance(created, sunco.IntegrationApiKeyResponse)
    assert created.key.id.startswith("int_") and len(created.key.id) == 28
    assert created.key.display_name == "Bot key" and created.key.secret

    listed = keys.list_custom_integration_keys(app.id, custom.id)
    assert isinstance(listed, sunco.IntegrationApiKeyListResponse)
    assert [k.id for k in listed.keys] == [created.key.id]
    fetched = keys.get_custom_integration_key(app.id, custom.id, created.key.id)
    assert fetched.key.secret == created.key.secret

    assert keys.delete_custom_integration_key(app.id, custom.id, created.key.id) == {}
    error = error_of(
        lambda: keys.get_custom_integration_key(app.id, custom.id, created.key.id),
        errors.NotFoundException,
    )
    assert error == {"code": "not_found", "title": texts.V2_RESOURCE_NOT_FOUND}


def test_keys_are_for_custom_integrations_only_and_ten_at_most(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    keys = sunco.CustomIntegrationApiKeysApi(api)
    web = sunco.IntegrationsApi(api).create_integration(app.id, sunco.Web(type="web")).integration
    error = error_of(
        lambda: keys.list_custom_integration_keys(app.id, web.id), errors.BadRequestException
    )
    assert error == {"code": "bad_request", "title": texts.V2_KEYS_ONLY_FOR_CUSTOM}

    custom = custom_integration(api, app.id)
    body = sunco.IntegrationApiKey(display_name="k")
    for _ in range(10):
        keys.create_custom_integration_key(app.id, custom.id, body)
    error = error_of(
        lambda: keys.create_custom_integration_key(app.id, custom.id, body),
        errors.BadRequestException,
    )
    assert error["title"] == texts.V2_TOO_MANY_INTEGRATION_KEYS.format(limit=10)


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_an_integration_key_has_integration_scope_on_its_own_app(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch, scheme: Scheme
) -> None:
    app, key = app_and_key
    custom = custom_integration(v2_clients.client(key), app.id)
    made = sunco.CustomIntegrationApiKeysApi(v2_clients.client(key)).create_custom_integration_key(
        app.id, custom.id, sunco.IntegrationApiKey(display_name="Bot key")
    )
    int_key = fake.store.keys[made.key.id]
    api = v2_clients.client(int_key, scheme)

    info = sunco.OAuthEndpointsApi(api).get_token_info(
        _headers={"Authorization": api.configuration.auth_settings()[scheme_name(scheme)]["value"]}
    )
    assert info.app.id == app.id
    refused = [
        lambda: sunco.IntegrationsApi(api).list_integrations(app.id),
        lambda: sunco.IntegrationsApi(api).get_integration(app.id, custom.id),
        lambda: sunco.CustomIntegrationApiKeysApi(api).list_custom_integration_keys(
            app.id, custom.id
        ),
        lambda: sunco.SwitchboardsApi(api).list_switchboards(app.id),
        lambda: sunco.AppsApi(api).get_app(app.id),
    ]
    for call in refused:
        assert error_of(call, errors.ForbiddenException) == FORBIDDEN
    other, _ = fake.create_app_with_key("Another app")
    error = error_of(
        lambda: sunco.WebhooksApi(api).list_webhooks(other.id, "me"), errors.ForbiddenException
    )
    assert error == FORBIDDEN


def scheme_name(scheme: Scheme) -> str:
    return "basicAuth" if scheme == "basic" else "bearerAuth"


@pytest.mark.parametrize(
    ("scheme", "scope"), [*CREDENTIALS, ("basic", "integration"), ("jwt", "integration")]
)
def test_webhooks_of_an_integration_from_create_to_delete(
    v2_clients: V2Clients,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
    scope: str,
) -> None:
    app, key = app_and_key
    custom = custom_integration(v2_clients.client(key), app.id)
    if scope == "integration":
        int_key = fake.store.create_integration_key(app.id, custom.id, "Bot key")
        api, integration_id = v2_clients.client(int_key, scheme), "me"
    else:
        api, integration_id = client_as(v2_clients, app, key, scheme, scope), custom.id
    webhooks = sunco.WebhooksApi(api)
    created = webhooks.create_webhook(
        app.id,
        integration_id,
        sunco.WebhookCreateBody(
            target="https://example.com/second",
            triggers=["conversation:message", "switchboard:passControl"],
            include_full_user=True,
        ),
    )
    assert isinstance(created, sunco.WebhookResponse)
    hook = created.webhook
    assert hook.version == "v2" and hook.include_full_user is True and len(hook.secret) == 32
    assert hook.include_full_source is False

    listed = webhooks.list_webhooks(app.id, integration_id)
    assert isinstance(listed, sunco.WebhookListResponse)
    assert [w.id for w in listed.webhooks] == [custom.webhooks[0].id, hook.id]
    assert webhooks.get_webhook(app.id, integration_id, hook.id).webhook.target == hook.target

    updated = webhooks.update_webhook(
        app.id,
        integration_id,
        hook.id,
        sunco.WebhookBody(triggers=["conversation:postback"], include_full_source=True),
    )
    assert isinstance(updated, sunco.WebhookResponse)
    assert updated.webhook.triggers == ["conversation:postback"]
    assert updated.webhook.include_full_source is True
    assert updated.webhook.target == hook.target and updated.webhook.secret == hook.secret

    assert webhooks.delete_webhook(app.id, integration_id, custom.webhooks[0].id) == {}
    error = error_of(
        lambda: webhooks.delete_webhook(app.id, integration_id, hook.id),
        errors.BadRequestException,
    )
    assert error == {"code": "bad_request", "title": texts.V2_LAST_WEBHOOK}
    error = error_of(
        lambda: webhooks.get_webhook(app.id, integration_id, custom.webhooks[0].id),
        errors.NotFoundException,
    )
    assert error == {"code": "not_found", "title": texts.WEBHOOK_NOT_FOUND}
    # The integration keeps showing its one webhook, as the clients need.
    shown = fake.store.get_integration(app.id, custom.id).webhooks
    assert [w.id for w in shown] == [hook.id]


def test_an_integration_key_reaches_only_its_own_integrations_webhooks(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, key = app_and_key
    mine = custom_integration(v2_clients.client(key), app.id, "Mine")
    other = custom_integration(v2_clients.client(key), app.id, "Other")
    int_key = fake.store.create_integration_key(app.id, mine.id, "k")
    webhooks = sunco.WebhooksApi(v2_clients.client(int_key, "jwt"))
    assert [w.id for w in webhooks.list_webhooks(app.id, mine.id).webhooks] == [mine.webhooks[0].id]
    assert [w.id for w in webhooks.list_webhooks(app.id, "me").webhooks] == [mine.webhooks[0].id]
    for call in (
        lambda: webhooks.list_webhooks(app.id, other.id),
        lambda: webhooks.get_webhook(app.id, other.id, other.webhooks[0].id),
        lambda: webhooks.delete_webhook(app.id, other.id, other.webhooks[0].id),
    ):
        assert error_of(call, errors.ForbiddenException) == FORBIDDEN
    error = error_of(
        lambda: sunco.WebhooksApi(v2_clients.client(key)).list_webhooks(app.id, "me"),
        errors.NotFoundException,
    )
    assert error["code"] == "integration_not_found"


def test_webhooks_are_ten_per_app_across_versions(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], server: ServerThread
) -> None:
    app, key = app_and_key
    auth = (key.id, key.secret)
    for _ in range(4):
        response = httpx.post(
            f"{server.url}/v1.1/apps/{app.id}/webhooks",
            json={"target": "https://example.com/v1"},
            auth=auth,
        )
        assert response.status_code == 201
    api = v2_clients.client(key)
    custom = custom_integration(api, app.id)
    webhooks = sunco.WebhooksApi(api)
    body = sunco.WebhookCreateBody(target=HOOK.target, triggers=HOOK.triggers)
    for _ in range(5):
        webhooks.create_webhook(app.id, custom.id, body)
    error = error_of(
        lambda: webhooks.create_webhook(app.id, custom.id, body), errors.BadRequestException
    )
    assert error == {"code": "bad_request", "title": texts.TOO_MANY_WEBHOOKS.format(limit=10)}
    error = error_of(
        lambda: sunco.IntegrationsApi(api).create_integration(
            app.id, sunco.Custom(type="custom", webhooks=[HOOK])
        ),
        errors.BadRequestException,
    )
    assert error["title"] == texts.TOO_MANY_WEBHOOKS.format(limit=10)


def test_webhooks_only_live_in_custom_integrations(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    api = v2_clients.client(key)
    web = sunco.IntegrationsApi(api).create_integration(app.id, sunco.Web(type="web")).integration
    error = error_of(
        lambda: sunco.WebhooksApi(api).create_webhook(
            app.id, web.id, sunco.WebhookCreateBody(target=HOOK.target, triggers=HOOK.triggers)
        ),
        errors.BadRequestException,
    )
    assert error == {"code": "bad_request", "title": texts.V2_WEBHOOKS_ONLY_FOR_CUSTOM}
    error = error_of(
        lambda: sunco.WebhooksApi(api).list_webhooks(app.id, "0" * 24), errors.NotFoundException
    )
    assert error == {"code": "integration_not_found", "title": texts.INTEGRATION_NOT_FOUND}


def test_deleting_a_v1_1_webhook_takes_its_integrations_keys_along(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], server: ServerThread
) -> None:
    app, key = app_and_key
    auth = (key.id, key.secret)
    v1 = f"{server.url}/v1.1/apps/{app.id}/webhooks"
    old_hook = httpx.post(v1, json={"target": "https://example.com/v1"}, auth=auth).json()
    integrations = sunco.IntegrationsApi(v2_clients.client(key))
    (custom,) = integrations.list_integrations(app.id).integrations
    made = sunco.CustomIntegrationApiKeysApi(integrations.api_client).create_custom_integration_key(
        app.id, custom.id, sunco.IntegrationApiKey(display_name="Bot key")
    )
    assert httpx.delete(f"{v1}/{old_hook['webhook']['_id']}", auth=auth).status_code == 200
    assert made.key.id not in v2_clients.fake.store.keys
    assert integrations.list_integrations(app.id).integrations == []
