"""The official Python client drives the OAuth endpoints: a code, its access token, revoking."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors
from v2_clients import Scheme, V2Clients, error_of, v2_clients

from smooch_mock import error_texts as texts
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.auth import sign_jwt
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App, SecretKey

__all__ = ["v2_clients"]  # the fixture, imported for pytest

HOOK = sunco.Webhook(target="https://example.com/hook", triggers=["conversation:message"])


class _Callback(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.visits.append(self.path)  # type: ignore[attr-defined]
        body = b"authorized"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Receiver:
    """An integration's redirect page on 127.0.0.1: records each path and query it is sent."""

    url: str
    visits: list[str]

    def query_of_last_visit(self) -> dict[str, list[str]]:
        assert self.visits, "the redirect was not followed"
        return parse_qs(urlsplit(self.visits[-1]).query)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Callback)
    httpd.visits = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Receiver(f"http://127.0.0.1:{httpd.server_address[1]}/callback", httpd.visits)  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@dataclass
class OAuthClient:
    """A custom integration as an OAuth client: its id and the secret of one of its API keys."""

    app: App
    integration_id: str
    api_key: SecretKey

    @property
    def client_id(self) -> str:
        return self.integration_id

    def token_request(self, code: str, **changes: str) -> sunco.GetTokenRequest:
        fields = {
            "code": code,
            "grant_type": "authorization_code",
            "client_id": self.integration_id,
            "client_secret": self.api_key.secret,
            **changes,
        }
        return sunco.GetTokenRequest(**fields)


def make_oauth_client(
    v2_clients: V2Clients, fake: FakeSmooch, app: App, key: SecretKey, name: str = "Bot"
) -> OAuthClient:
    api = v2_clients.client(key)
    custom = (
        sunco.IntegrationsApi(api)
        .create_integration(app.id, sunco.Custom(type="custom", display_name=name, webhooks=[HOOK]))
        .integration
    )
    made = sunco.CustomIntegrationApiKeysApi(api).create_custom_integration_key(
        app.id, custom.id, sunco.IntegrationApiKey(display_name="OAuth client")
    )
    return OAuthClient(app, custom.id, fake.store.keys[made.key.id])


@pytest.fixture
def oauth_client(
    v2_clients: V2Clients, fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> OAuthClient:
    app, key = app_and_key
    return make_oauth_client(v2_clients, fake, app, key)


def code_for(server: ServerThread, client: OAuthClient, redirect_uri: str) -> str:
    """The code an authorization redirects with (read off the Location, not followed)."""
    answer = httpx.get(
        f"{server.url}/oauth/authorize",
        params={
            "client_id": client.client_id,
            "response_type": "code",
            "redirect_uri": redirect_uri,
        },
    )
    assert answer.status_code == 302, answer.text
    return parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_official_client_authorizes_exchanges_the_code_and_reaches_the_app_with_the_token(
    v2_clients: V2Clients, oauth_client: OAuthClient, receiver: Receiver, fake: FakeSmooch
) -> None:
    oauth = sunco.OAuthEndpointsApi(v2_clients.client(None))
    # The client's urllib3 follows the 302 to the integration's page, as a browser would.
    oauth.authorize(oauth_client.client_id, "code", state="opaque-42", redirect_uri=receiver.url)
    query = receiver.query_of_last_visit()
    assert query["state"] == ["opaque-42"]
    (code,) = query["code"]

    answer = oauth.get_token(oauth_client.token_request(code))
    assert isinstance(answer, sunco.GetToken200Response)
    assert answer.token_type == "Bearer" and answer.access_token

    info = oauth.get_token_info(_headers=bearer(answer.access_token))
    assert info.app.id == oauth_client.app.id
    assert info.app.display_name == "Test app"
    as_token = v2_clients.client(None)
    as_token.configuration.access_token = answer.access_token
    hooks = sunco.WebhooksApi(as_token).list_webhooks(
        oauth_client.app.id, oauth_client.integration_id
    )
    assert [hook.target for hook in hooks.webhooks] == [HOOK.target]
    # An access token is no API key of the integration.
    listed = sunco.CustomIntegrationApiKeysApi(v2_clients.account()).list_custom_integration_keys(
        oauth_client.app.id, oauth_client.integration_id
    )
    assert [key.id for key in listed.keys] == [oauth_client.api_key.id]


def test_authorize_answers_302_found_with_the_code_and_state_added_to_the_redirect_uri(
    server: ServerThread, oauth_client: OAuthClient
) -> None:
    answer = httpx.get(
        f"{server.url}/OAuth/authorize",
        params={
            "client_id": oauth_client.client_id,
            "response_type": "code",
            "state": "a b&c",
            "redirect_uri": "https://partner.example/done?lang=en",
        },
    )
    assert answer.status_code == 302
    location = urlsplit(answer.headers["location"])
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "partner.example",
        "/done",
    )
    query = parse_qs(location.query)
    assert query["lang"] == ["en"] and query["state"] == ["a b&c"]
    assert len(query["code"]) == 1 and query["code"][0]
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.text == f"Found. Redirecting to {answer.headers['location']}"


def test_a_code_is_exchanged_only_once(
    v2_clients: V2Clients, server: ServerThread, oauth_client: OAuthClient
) -> None:
    oauth = sunco.OAuthEndpointsApi(v2_clients.client(None))
    code = code_for(server, oauth_client, "https://partner.example/done")
    oauth.get_token(oauth_client.token_request(code))
    error = error_of(
        lambda: oauth.get_token(oauth_client.token_request(code)), errors.BadRequestException
    )
    assert error == {"code": "invalid_grant", "title": texts.V2_OAUTH_BAD_CODE}


@pytest.mark.parametrize(
    ("query", "code", "title"),
    [
        (
            {"response_type": "token"},
            "unsupported_response_type",
            texts.V2_OAUTH_RESPONSE_TYPE.format(value="token"),
        ),
        ({"redirect_uri": None}, "invalid_request", "redirect_uri is required"),
        ({"client_id": None}, "invalid_request", "client_id is required"),
        (
            {"redirect_uri": "ftp://partner.example/"},
            "invalid_request",
            texts.V2_OAUTH_REDIRECT_URI,
        ),
        ({"redirect_uri": "/relative"}, "invalid_request", texts.V2_OAUTH_REDIRECT_URI),
    ],
)
def test_authorize_refuses_a_bad_request_with_400_and_no_redirect(
    server: ServerThread,
    oauth_client: OAuthClient,
    query: dict[str, str | None],
    code: str,
    title: str,
) -> None:
    params = {
        "client_id": oauth_client.client_id,
        "response_type": "code",
        "redirect_uri": "https://partner.example/done",
        **query,
    }
    answer = httpx.get(
        f"{server.url}/oauth/authorize", params={k: v for k, v in params.items() if v is not None}
    )
    assert answer.status_code == 400
    assert "location" not in answer.headers
    assert answer.json() == {"errors": [{"code": code, "title": title}]}


def test_authorize_for_an_unknown_client_is_401_invalid_client(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey], fake: FakeSmooch
) -> None:
    app, key = app_and_key
    web = sunco.IntegrationsApi(v2_clients.client(key)).create_integration(
        app.id, sunco.Web(type="web", display_name="Site")
    )
    oauth = sunco.OAuthEndpointsApi(v2_clients.client(None))
    for client_id in ("5e4af71a81966cfff3ef6550", web.integration.id, app.id):
        error = error_of(
            partial(oauth.authorize, client_id, "code", redirect_uri="https://partner.example/"),
            errors.UnauthorizedException,
        )
        assert error == {"code": "invalid_client", "title": texts.V2_OAUTH_UNKNOWN_CLIENT}


def test_get_token_refuses_a_wrong_client_secret_or_another_clients_code(
    v2_clients: V2Clients,
    server: ServerThread,
    fake: FakeSmooch,
    app_and_key: tuple[App, SecretKey],
    oauth_client: OAuthClient,
) -> None:
    app, key = app_and_key
    other = make_oauth_client(v2_clients, fake, app, key, name="Other bot")
    oauth = sunco.OAuthEndpointsApi(v2_clients.client(None))
    code = code_for(server, oauth_client, "https://partner.example/done")
    invalid_client = {"code": "invalid_client", "title": texts.V2_OAUTH_UNKNOWN_CLIENT}
    for secret in ("not-the-secret", key.secret, other.api_key.secret):
        error = error_of(
            partial(oauth.get_token, oauth_client.token_request(code, client_secret=secret)),
            errors.UnauthorizedException,
        )
        assert error == invalid_client
    error = error_of(lambda: oauth.get_token(other.token_request(code)), errors.BadRequestException)
    assert error == {"code": "invalid_grant", "title": texts.V2_OAUTH_BAD_CODE}
    unknown = other.token_request("no-such-code")
    assert error_of(lambda: oauth.get_token(unknown), errors.BadRequestException)["code"] == (
        "invalid_grant"
    )
    # None of the refusals used the code up.
    assert oauth.get_token(oauth_client.token_request(code)).token_type == "Bearer"


@pytest.mark.parametrize(
    "body",
    [
        {"code": "c", "grant_type": "password", "client_id": "i", "client_secret": "s"},
        {"grant_type": "authorization_code", "client_id": "i", "client_secret": "s"},
        {"code": "", "grant_type": "authorization_code", "client_id": "i", "client_secret": "s"},
    ],
)
def test_get_token_refuses_a_body_against_the_schema_with_400(
    server: ServerThread, body: dict[str, str]
) -> None:
    answer = httpx.post(f"{server.url}/oauth/token", json=body)
    assert answer.status_code == 400
    (entry,) = answer.json()["errors"]
    assert entry["code"] == "bad_request" and entry["title"]


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_revoking_with_the_access_token_removes_the_integration_its_webhooks_and_credentials(
    v2_clients: V2Clients,
    server: ServerThread,
    oauth_client: OAuthClient,
    app_and_key: tuple[App, SecretKey],
    fake: FakeSmooch,
    scheme: Scheme,
) -> None:
    _, app_key = app_and_key
    oauth = sunco.OAuthEndpointsApi(v2_clients.client(None))
    code = code_for(server, oauth_client, "https://partner.example/done")
    token = oauth.get_token(oauth_client.token_request(code)).access_token
    pending = code_for(server, oauth_client, "https://partner.example/done")
    (token_key,) = [k for k in fake.store.keys.values() if k.oauth_grant]
    as_token = v2_clients.client(None)
    if scheme == "basic":
        as_token.configuration.username = token_key.id
        as_token.configuration.password = token_key.secret
    else:
        as_token.configuration.access_token = token

    assert sunco.OAuthEndpointsApi(as_token).revoke_access() == {}

    app_id, integration_id = oauth_client.app.id, oauth_client.integration_id
    integrations = sunco.IntegrationsApi(v2_clients.client(app_key))
    error = error_of(
        lambda: integrations.get_integration(app_id, integration_id), errors.NotFoundException
    )
    assert error["code"] == "integration_not_found"
    with httpx.Client(base_url=server.url, auth=(app_key.id, app_key.secret)) as v1:
        assert v1.get("/v1.1/webhooks").json()["webhooks"] == []
    for credential in (token, sign_jwt(oauth_client.api_key, "integration")):
        error = error_of(
            partial(oauth.get_token_info, _headers=bearer(credential)),
            errors.UnauthorizedException,
        )
        assert error["code"] == "unauthorized"
    error = error_of(
        lambda: oauth.get_token(oauth_client.token_request(pending)), errors.UnauthorizedException
    )
    assert error["code"] == "invalid_client"
    assert fake.store.oauth_codes == {}


def test_revoking_with_an_integration_api_key_removes_only_that_integration(
    v2_clients: V2Clients,
    fake: FakeSmooch,
    oauth_client: OAuthClient,
    app_and_key: tuple[App, SecretKey],
) -> None:
    app, app_key = app_and_key
    other = make_oauth_client(v2_clients, fake, app, app_key, name="Other bot")
    api = v2_clients.client(oauth_client.api_key, "jwt")
    assert sunco.OAuthEndpointsApi(api).revoke_access() == {}
    listed = sunco.IntegrationsApi(v2_clients.client(app_key)).list_integrations(app.id)
    assert [integration.id for integration in listed.integrations] == [other.integration_id]
    hooks = sunco.WebhooksApi(v2_clients.client(other.api_key)).list_webhooks(
        app.id, other.integration_id
    )
    assert [hook.target for hook in hooks.webhooks] == [HOOK.target]


def test_revoking_needs_integration_scope(
    v2_clients: V2Clients, app_and_key: tuple[App, SecretKey]
) -> None:
    _, key = app_and_key
    no_credentials = sunco.OAuthEndpointsApi(v2_clients.client(None)).revoke_access
    error = error_of(no_credentials, errors.UnauthorizedException)
    assert error == {"code": "unauthorized", "title": texts.AUTH_REQUIRED}
    for api in (v2_clients.client(key), v2_clients.client(key, "jwt"), v2_clients.account()):
        error = error_of(sunco.OAuthEndpointsApi(api).revoke_access, errors.ForbiddenException)
        assert error == {"code": "forbidden", "title": texts.V2_FORBIDDEN}


def test_unknown_oauth_paths_and_methods_answer_in_the_v2_error_body(server: ServerThread) -> None:
    missing = httpx.get(f"{server.url}/oauth/nothing")
    assert missing.status_code == 404
    assert set(missing.json()) == {"errors"}
    wrong_method = httpx.put(f"{server.url}/oauth/token", json={})
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert set(wrong_method.json()) == {"errors"}
