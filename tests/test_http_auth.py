"""HTTP auth over a real socket: JWT (HS256 + kid) and Basic, scopes, 401/403 as Smooch answers."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import replace

import httpx
import jwt
import pytest
from support import assert_error, token

from smooch_mock import error_texts as texts
from smooch_mock.errors import InvalidAuth
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.auth import VerifiedTokens, authenticate
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput
from smooch_mock.store.models import App, SecretKey

Clients = Callable[..., httpx.Client]


@pytest.fixture
def bob(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> str:
    app, _ = app_and_key
    return fake.store.create_user(app.id, UserInput("bob")).id


def _raw(
    server: ServerThread, authorization: str | None, path: str = "/v1.1/appusers/bob"
) -> httpx.Response:
    headers = {} if authorization is None else {"Authorization": authorization}
    return httpx.get(server.url + path, headers=headers)


def test_basic_app_key_reaches_its_app(app_client: httpx.Client, bob: str) -> None:
    response = app_client.get("/v1.1/appusers/bob")
    assert response.status_code == 200
    assert response.json()["appUser"]["_id"] == bob


def test_app_scope_jwt_reaches_its_app(
    client_for: Clients, app_and_key: tuple[App, SecretKey], bob: str
) -> None:
    _, key = app_and_key
    assert client_for(token=token(key, "app")).get("/v1.1/appusers/bob").status_code == 200


def test_account_jwt_and_service_account_key_have_account_scope(
    client_for: Clients, fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    app, _ = app_and_key
    assert client_for(token=token(fake.account_key, "account")).get("/v1.1/apps").status_code == 200
    account = fake.store.create_service_account("ci")
    svc = fake.store.create_service_account_key(account.id, "deploy")
    response = client_for(auth=(svc.id, svc.secret)).get(f"/v1.1/apps/{app.id}")
    assert response.status_code == 200 and response.json()["app"]["_id"] == app.id


def test_jwt_from_the_keys_jwt_endpoint_authenticates(
    app_client: httpx.Client, client_for: Clients, app_and_key: tuple[App, SecretKey], bob: str
) -> None:
    _, key = app_and_key
    issued = app_client.get(f"/v1.1/keys/{key.id}/jwt").json()["jwt"]
    assert jwt.get_unverified_header(issued)["kid"] == key.id
    assert jwt.decode(issued, key.secret, algorithms=["HS256"])["scope"] == "app"
    assert client_for(token=issued).get("/v1.1/appusers/bob").status_code == 200


def test_bare_jwt_without_bearer_prefix_is_accepted(
    server: ServerThread, app_and_key: tuple[App, SecretKey], bob: str
) -> None:
    _, key = app_and_key
    assert _raw(server, token(key, "app")).status_code == 200


@pytest.mark.parametrize("authorization", [None, "", "Basic Og==", "Bearer"])
def test_missing_credentials_are_401_unauthorized(
    server: ServerThread, authorization: str | None
) -> None:
    error = assert_error(_raw(server, authorization), 401, "unauthorized")
    assert error["description"] == texts.AUTH_REQUIRED


def _unsigned(payload: dict[str, object], kid: str) -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{part(payload)}."


@pytest.mark.parametrize(
    "case",
    [
        "no kid", "unknown kid", "bad signature", "alg none", "HS512", "missing scope",
        "appUser without userId", "numeric userId", "app key signs account",
        "account key signs app", "garbage", "wrong basic secret", "basic not base64",
        "unknown scheme",
    ],
)  # fmt: skip
def test_bad_credentials_are_401_invalid_auth(
    server: ServerThread, fake: FakeSmooch, app_and_key: tuple[App, SecretKey], case: str
) -> None:
    _, key = app_and_key
    tokens = {
        "no kid": "Bearer " + jwt.encode({"scope": "app"}, key.secret, algorithm="HS256"),
        "unknown kid": "Bearer "
        + jwt.encode({"scope": "app"}, key.secret, algorithm="HS256", headers={"kid": "app_nope"}),
        "bad signature": "Bearer "
        + jwt.encode(
            {"scope": "app"},
            "not-the-secret-of-this-key-at-all-0123456789",
            algorithm="HS256",
            headers={"kid": key.id},
        ),
        "alg none": "Bearer " + _unsigned({"scope": "app"}, key.id),
        "HS512": "Bearer "
        + jwt.encode({"scope": "app"}, key.secret * 2, algorithm="HS512", headers={"kid": key.id}),
        "missing scope": "Bearer "
        + jwt.encode({"a": 1}, key.secret, algorithm="HS256", headers={"kid": key.id}),
        "appUser without userId": "Bearer " + token(key, "appUser"),
        "numeric userId": "Bearer " + token(key, "appUser", userId=42),
        "app key signs account": "Bearer " + token(key, "account"),
        "account key signs app": "Bearer " + token(fake.account_key, "app"),
        "garbage": "Bearer not.a.jwt",
        "wrong basic secret": "Basic " + base64.b64encode(f"{key.id}:wrong".encode()).decode(),
        "basic not base64": "Basic %%%",
        "unknown scheme": "Digest abc",
    }
    assert_error(_raw(server, tokens[case]), 401, "invalid_auth")


def test_missing_kid_has_smooch_description(
    server: ServerThread, app_and_key: tuple[App, SecretKey]
) -> None:
    _, key = app_and_key
    bearer = "Bearer " + jwt.encode({"scope": "app"}, key.secret, algorithm="HS256")
    error = assert_error(_raw(server, bearer), 401, "invalid_auth")
    assert error["description"] == texts.MISSING_KID


def test_deleted_key_stops_authenticating(
    app_client: httpx.Client,
    fake: FakeSmooch,
    app_and_key: tuple[App, SecretKey],
    client_for: Clients,
) -> None:
    app, _ = app_and_key
    spare = fake.store.create_app_key(app.id, "spare")
    spare_client = client_for(token=token(spare, "app"))
    assert spare_client.get("/v1.1/webhooks").status_code == 200
    assert app_client.delete(f"/v1.1/keys/{spare.id}").status_code == 200
    assert_error(spare_client.get("/v1.1/webhooks"), 401, "invalid_auth")


def test_app_key_on_another_apps_path_is_403(app_client: httpx.Client, fake: FakeSmooch) -> None:
    other = fake.store.create_app("Other")
    fake.store.create_user(other.id, UserInput("carol"))
    assert_error(app_client.get(f"/v1.1/apps/{other.id}/appusers/carol"), 403, "forbidden")
    assert_error(app_client.get(f"/v1.1/apps/{other.id}/webhooks"), 403, "forbidden")
    assert_error(
        app_client.post(f"/v1.1/apps/{other.id}/integrations", json={"type": "web"}),
        403,
        "forbidden",
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1.1/apps"),
        ("POST", "/v1.1/apps"),
        ("GET", "/v1.1/serviceaccounts"),
        ("POST", "/v1.1/serviceaccounts"),
        ("GET", "/v1.1/apps/{appId}"),
        ("GET", "/v1.1/apps/{appId}/sdks"),
    ],
)
def test_app_key_on_managed_account_routes_is_403(
    app_client: httpx.Client, app_and_key: tuple[App, SecretKey], method: str, path: str
) -> None:
    app, _ = app_and_key
    response = app_client.request(method, path.format(appId=app.id), json={"name": "x"})
    assert_error(response, 403, "forbidden")


def test_app_user_token_reaches_only_its_own_user(
    client_for: Clients, fake: FakeSmooch, app_and_key: tuple[App, SecretKey], bob: str
) -> None:
    app, key = app_and_key
    fake.store.create_user(app.id, UserInput("carol"))
    client = client_for(token=token(key, "appUser", user_id="bob"))
    assert client.get("/v1.1/appusers/bob").status_code == 200
    assert client.get(f"/v1.1/appusers/{bob}/messages").status_code == 200
    assert_error(client.get("/v1.1/appusers/carol"), 403, "forbidden")
    assert_error(client.get("/v1.1/appusers/carol/messages"), 403, "forbidden")


def test_app_user_token_may_post_only_as_the_user(
    client_for: Clients, app_and_key: tuple[App, SecretKey], bob: str
) -> None:
    _, key = app_and_key
    client = client_for(token=token(key, "appUser", user_id="bob"))
    mine = client.post(
        "/v1.1/appusers/bob/messages", json={"role": "appUser", "type": "text", "text": "hi"}
    )
    assert mine.status_code == 201
    business = {"role": "appMaker", "type": "text", "text": "spoof"}
    assert_error(client.post("/v1.1/appusers/bob/messages", json=business), 403, "forbidden")


@pytest.mark.parametrize("path", ["/v1.1/webhooks", "/v1.1/menu", "/v1.1/templates", "/v1.1/keys"])
def test_app_user_token_cannot_reach_business_resources(
    client_for: Clients, app_and_key: tuple[App, SecretKey], path: str
) -> None:
    _, key = app_and_key
    assert_error(client_for(token=token(key, "appUser", user_id="bob")).get(path), 403, "forbidden")


def test_account_scope_without_apps_prefix_is_400(account_client: httpx.Client) -> None:
    error = assert_error(account_client.get("/v1.1/appusers/bob"), 400, "bad_request")
    assert "/apps/{appId}" in error["description"]


def test_account_scope_on_unknown_app_is_404(account_client: httpx.Client) -> None:
    assert_error(account_client.get("/v1.1/apps/" + "0" * 24 + "/webhooks"), 404, "not_found")


def test_a_verified_token_is_kept_only_while_its_key_is_the_same(
    fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    _, key = app_and_key
    tokens = VerifiedTokens()
    signed = token(key, "app")
    principal = authenticate(f"Bearer {signed}", fake.store, tokens)
    assert tokens.get(signed, fake.store) is principal
    fake.store.keys[key.id] = replace(key, secret="rotated-" + key.secret)
    assert tokens.get(signed, fake.store) is None
    assert_raises_invalid_auth(lambda: authenticate(f"Bearer {signed}", fake.store, tokens))


def test_tokens_with_time_claims_are_verified_on_every_request(
    fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    _, key = app_and_key
    tokens = VerifiedTokens()
    for claim in ("exp", "nbf", "iat"):
        moment = int(time.time()) + (3600 if claim == "exp" else 0)
        signed = jwt.encode(
            {"scope": "app", claim: moment}, key.secret, algorithm="HS256", headers={"kid": key.id}
        )
        authenticate(f"Bearer {signed}", fake.store, tokens)
        assert tokens.get(signed, fake.store) is None, claim


def assert_raises_invalid_auth(call: Callable[[], object]) -> None:
    with pytest.raises(InvalidAuth):
        call()


def test_basic_credentials_are_kept_only_while_their_key_is_the_same(
    fake: FakeSmooch, app_and_key: tuple[App, SecretKey]
) -> None:
    _, key = app_and_key
    tokens = VerifiedTokens()
    credentials = base64.b64encode(f"{key.id}:{key.secret}".encode()).decode()
    principal = authenticate(f"Basic {credentials}", fake.store, tokens)
    assert authenticate(f"Basic {credentials}", fake.store, tokens) is principal
    fake.store.keys[key.id] = replace(key, secret="rotated-" + key.secret)
    assert tokens.get(credentials, fake.store) is None
    assert_raises_invalid_auth(lambda: authenticate(f"Basic {credentials}", fake.store, tokens))


def test_a_deleted_keys_basic_credentials_stop_authenticating(
    app_client: httpx.Client,
    fake: FakeSmooch,
    app_and_key: tuple[App, SecretKey],
    client_for: Clients,
) -> None:
    app, _ = app_and_key
    spare = fake.store.create_app_key(app.id, "spare")
    spare_client = client_for(auth=(spare.id, spare.secret))
    assert spare_client.get("/v1.1/webhooks").status_code == 200
    assert app_client.delete(f"/v1.1/keys/{spare.id}").status_code == 200
    assert_error(spare_client.get("/v1.1/webhooks"), 401, "invalid_auth")
