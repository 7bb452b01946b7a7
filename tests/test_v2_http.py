"""The v2 edge over real HTTP: its error body on every refusal, auth and scopes, the query
encodings, dates, the 201-vs-200 rule, and v1 answering exactly as before beside it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from test_v2_coverage_doc import public_path

from smooch_mock import error_texts as texts
from smooch_mock.api.v2.routes import V2_ROUTES
from smooch_mock.api.v2.wire import iso_date
from smooch_mock.contract import mapping_v2
from smooch_mock.contract.mapping import RESPONSE_SCHEMAS
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.auth import sign_jwt
from smooch_mock.server import ServerThread
from smooch_mock.store.models import App, SecretKey

CREATES = {
    "CreateApp",
    "CreateAppKey",
    "UploadAttachment",
    "CreateConversation",
    "JoinConversation",
    "PostMessage",
    "CreateIntegration",
    "CreateCustomIntegrationKey",
    "CreateWebhook",
    "CreateSwitchboard",
    "CreateSwitchboardIntegration",
    "CreateUser",
    "CreateClient",
}
"""The 13 creates of the spec answer 201; every other v2 operation answers 200."""


def v2_error(response: httpx.Response, status: int, code: str) -> str:
    """The response is v2's error body with this status and code; returns its title."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"errors"} and len(body["errors"]) == 1, body
    (entry,) = body["errors"]
    assert set(entry) == {"code", "title"} and entry["code"] == code, body
    assert isinstance(entry["title"], str) and entry["title"]
    return str(entry["title"])


@pytest.fixture
def app(app_and_key: tuple[App, SecretKey]) -> App:
    return app_and_key[0]


# -- the error body on every refusal ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/v2/nothing", "/v2/apps/x/y/z", "/v2", "/V2/appusers/bob"])
def test_unknown_v2_paths_are_404_in_the_v2_body(account_client: httpx.Client, path: str) -> None:
    title = v2_error(account_client.get(path), 404, "not_found")
    assert title == texts.V2_RESOURCE_NOT_FOUND


def test_a_wrong_method_is_405_in_the_v2_body_with_allow(account_client: httpx.Client) -> None:
    response = account_client.put("/v2/apps")
    v2_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, POST"


def test_v1_paths_keep_the_v1_body(account_client: httpx.Client) -> None:
    body = account_client.get("/v1.1/nothing").json()
    assert set(body) == {"error"} and body["error"]["code"] == "not_found"
    body = account_client.put("/v1.1/apps/none").json()
    assert set(body) == {"error"}


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{broken", "application/json", 400, "bad_request"),
        (b"[1, 2]", "application/json", 400, "bad_request"),
        (b'{"displayName": NaN}', "application/json", 400, "bad_request"),
        (b"displayName=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b"{}", "application/json", 400, "bad_request"),
        (b'{"displayName": ""}', "application/json", 400, "bad_request"),
        (b'{"displayName": 7}', "application/json", 400, "bad_request"),
        (
            b'{"displayName": "x", "metadata": {"deep": {"a": 1}}}',
            "application/json",
            400,
            "bad_request",
        ),
    ],
)
def test_bad_bodies_are_4xx_in_the_v2_body(
    account_client: httpx.Client, content: bytes, content_type: str, status: int, code: str
) -> None:
    response = account_client.post(
        "/v2/apps", content=content, headers={"content-type": content_type}
    )
    v2_error(response, status, code)


def test_a_body_over_the_limit_is_413_in_the_v2_body(account_client: httpx.Client) -> None:
    huge = json.dumps({"displayName": "x", "metadata": {"k": "v" * 200_000}})
    response = account_client.post(
        "/v2/apps", content=huge, headers={"content-type": "application/json"}
    )
    v2_error(response, 413, "request_entity_too_large")


def test_a_missing_display_name_is_named(account_client: httpx.Client) -> None:
    title = v2_error(account_client.post("/v2/apps", json={"settings": {}}), 400, "bad_request")
    assert "displayName" in title


def test_a_foreign_host_is_refused_in_the_v2_body(server: ServerThread) -> None:
    response = httpx.get(server.url + "/v2/apps", headers={"Host": "rebound.evil.example"})
    v2_error(response, 403, "forbidden")


def test_app_metadata_over_4096_bytes_is_refused_with_the_spec_title(
    account_client: httpx.Client, app: App
) -> None:
    metadata = {f"k{n}": "v" * 90 for n in range(50)}
    title = v2_error(
        account_client.post("/v2/apps", json={"displayName": "x", "metadata": metadata}),
        400,
        "bad_request",
    )
    assert title == "App metadata is limited to 4096 bytes in size."
    response = account_client.patch(f"/v2/apps/{app.id}", json={"metadata": metadata})
    assert v2_error(response, 400, "bad_request") == title


def test_multi_convo_cannot_be_turned_off(account_client: httpx.Client, app: App) -> None:
    on = account_client.patch(f"/v2/apps/{app.id}", json={"settings": {"multiConvoEnabled": True}})
    assert on.status_code == 200 and on.json()["app"]["settings"]["multiConvoEnabled"] is True
    off = account_client.patch(
        f"/v2/apps/{app.id}", json={"settings": {"multiConvoEnabled": False}}
    )
    assert v2_error(off, 400, "bad_request") == texts.V2_MULTI_CONVO_IRREVERSIBLE


# -- authentication and scopes --------------------------------------------------------------------


def test_no_authorization_header_is_401_authorization_is_required(server: ServerThread) -> None:
    title = v2_error(httpx.get(server.url + "/v2/apps"), 401, "unauthorized")
    assert title == "Authorization is required"


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic " + "bm9ib2R5Om5vdGhpbmc=",  # nobody:nothing
        "Bearer not.a.jwt",
        "Bearer " + "eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6ImFwcCJ9.c2ln",  # no kid
        "Digest whatever",
        "Basic ✓",
    ],
)
def test_bad_credentials_are_401_unauthorized_never_invalid_auth(
    server: ServerThread, authorization: str
) -> None:
    response = httpx.get(
        server.url + "/v2/apps", headers={b"Authorization": authorization.encode()}
    )
    v2_error(response, 401, "unauthorized")


def test_a_jwt_whose_scope_is_not_its_keys_is_401(server: ServerThread, fake: FakeSmooch) -> None:
    token = sign_jwt(fake.account_key, "app")
    response = httpx.get(server.url + "/v2/apps", headers={"Authorization": f"Bearer {token}"})
    v2_error(response, 401, "unauthorized")


def test_an_expired_jwt_is_401(server: ServerThread, fake: FakeSmooch) -> None:
    import jwt

    token = jwt.encode(
        {"scope": "account", "exp": 1},
        fake.account_key.secret,
        headers={"kid": fake.account_key.id},
    )
    response = httpx.get(server.url + "/v2/apps", headers={"Authorization": f"Bearer {token}"})
    v2_error(response, 401, "unauthorized")


def test_an_app_user_token_reaches_no_v2_operation(
    client_for: Callable[..., httpx.Client], app_and_key: tuple[App, SecretKey]
) -> None:
    app, key = app_and_key
    client = client_for(token=sign_jwt(key, "appUser", "bob"))
    v2_error(client.get(f"/v2/apps/{app.id}"), 403, "forbidden")
    upload = client.post(
        f"/v2/apps/{app.id}/attachments",
        params={"access": "public"},
        files={"source": ("a.txt", b"hi", "text/plain")},
    )
    v2_error(upload, 403, "forbidden")


def test_an_account_key_on_an_unknown_app_is_404_app_not_found(
    account_client: httpx.Client,
) -> None:
    assert (
        v2_error(account_client.get("/v2/apps/" + "0" * 24), 404, "app_not_found")
        == "App not found"
    )


def test_token_info_is_for_app_bound_credentials(
    account_client: httpx.Client, app_client: httpx.Client, app: App
) -> None:
    v2_error(account_client.get("/v2/tokenInfo"), 403, "forbidden")
    info = app_client.get("/v2/tokenInfo")
    assert info.status_code == 200
    assert info.json()["app"]["id"] == app.id and info.json()["app"]["subdomain"]


def test_a_service_account_key_reaches_only_its_own_apps(
    fake: FakeSmooch, server: ServerThread
) -> None:
    account = fake.store.create_service_account("partner")
    key = fake.store.create_service_account_key(account.id, "partner key")
    other, _ = fake.create_app_with_key("Not the partner's")
    with httpx.Client(base_url=server.url, auth=(key.id, key.secret)) as partner:
        own = partner.post("/v2/apps", json={"displayName": "Partner app"})
        assert own.status_code == 201
        assert partner.get(f"/v2/apps/{own.json()['app']['id']}").status_code == 200
        v2_error(partner.get(f"/v2/apps/{other.id}"), 403, "forbidden")
        v2_error(partner.delete(f"/v2/apps/{other.id}"), 403, "forbidden")
        assert fake.store.get_app(own.json()["app"]["id"]).service_account_id == account.id


# -- query encodings, dates, statuses -------------------------------------------------------------


def test_apps_page_in_the_three_encodings(account_client: httpx.Client) -> None:
    made = [
        account_client.post("/v2/apps", json={"displayName": f"a{n}"}).json()["app"]["id"]
        for n in range(5)
    ]
    brackets = account_client.get(
        "/v2/apps", params={"page[after]": made[0], "page[size]": "2"}
    ).json()
    python = account_client.get(
        "/v2/apps", params={"page": json.dumps({"after": made[0], "size": 2})}
    ).json()
    js = account_client.get("/v2/apps", params={"page[after]": made[0]}).json()
    assert [a["id"] for a in brackets["apps"]] == made[1:3] == [a["id"] for a in python["apps"]]
    assert [a["id"] for a in js["apps"]] == made[1:]  # the JS client drops the size: 25
    assert brackets["meta"] == {"hasMore": True, "afterCursor": made[2], "beforeCursor": made[1]}
    assert js["meta"] == {"hasMore": False, "beforeCursor": made[1]}
    next_page = account_client.get(brackets["links"]["next"]).json()
    assert [a["id"] for a in next_page["apps"]] == made[3:5]


def test_links_are_absolute_on_the_host_the_client_called(
    account_client: httpx.Client, server: ServerThread
) -> None:
    for n in range(3):
        account_client.post("/v2/apps", json={"displayName": f"a{n}"})
    body = account_client.get("/v2/apps", params={"page[size]": "1"}).json()
    assert body["links"]["next"].startswith(server.url + "/v2/apps?page[size]=1&page[after]=")


@pytest.mark.parametrize("query", [{"page[size]": "0"}, {"page[before]": "short"}, {"page": "{"}])
def test_bad_page_queries_are_400_invalid_page_query_parameters(
    account_client: httpx.Client, query: dict[str, str]
) -> None:
    title = v2_error(account_client.get("/v2/apps", params=query), 400, "bad_request")
    assert title == "Invalid page query parameters"


def test_a_filter_that_is_not_json_is_400_invalid_query_parameters(
    account_client: httpx.Client,
) -> None:
    title = v2_error(account_client.get("/v2/apps", params={"filter": "{nope"}), 400, "bad_request")
    assert title == "Invalid query parameters"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1529675979.541, "2018-06-22T13:59:39.541Z"),
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1700000000.9996, "2023-11-14T22:13:21.000Z"),
        (1700000000, "2023-11-14T22:13:20.000Z"),
    ],
)
def test_dates_are_iso_with_milliseconds_and_z(seconds: float, text: str) -> None:
    assert iso_date(seconds) == text


def test_creates_answer_201_and_everything_else_200() -> None:
    for route in V2_ROUTES:
        expected = 201 if route.operation in CREATES else 200
        if route.operation == "Authorize":
            expected = 302  # a redirect, the spec's only answer
        assert list(RESPONSE_SCHEMAS[route.operation]) == [expected], route.operation


def test_the_contract_maps_exactly_the_served_operations() -> None:
    assert set(mapping_v2.SERVED) == {route.operation for route in V2_ROUTES}
    assert len(mapping_v2.SERVED) == len(V2_ROUTES)


def test_the_v2_route_table_uses_the_spec_operation_ids_and_paths() -> None:
    spec = _official_operations()
    for route in V2_ROUTES:
        assert route.operation in spec, route.operation
        method, path = spec[route.operation]
        assert (route.method, public_path(route)) == (method, path), route.operation


def test_deletes_answer_an_empty_object(account_client: httpx.Client, app: App) -> None:
    key = account_client.post(f"/v2/apps/{app.id}/keys", json={"displayName": "k"}).json()["key"]
    deleted = account_client.delete(f"/v2/apps/{app.id}/keys/{key['id']}")
    assert (deleted.status_code, deleted.json()) == (200, {})
    deleted = account_client.delete(f"/v2/apps/{app.id}")
    assert (deleted.status_code, deleted.json()) == (200, {})


# -- one app, two renderings -----------------------------------------------------------------------


def test_a_v1_app_is_the_v2_app_with_its_name_as_display_name(
    account_client: httpx.Client,
) -> None:
    v1 = account_client.post("/v1.1/apps", json={"name": "From v1", "metadata": {"a": 1}}).json()[
        "app"
    ]
    v2 = account_client.get(f"/v2/apps/{v1['_id']}").json()["app"]
    assert (v2["id"], v2["displayName"], v2["metadata"]) == (v1["_id"], "From v1", {"a": 1})
    account_client.patch(f"/v2/apps/{v1['_id']}", json={"displayName": "Renamed in v2"})
    assert account_client.get(f"/v1.1/apps/{v1['_id']}").json()["app"]["name"] == "Renamed in v2"


def test_a_v1_key_is_a_v2_key_and_works_both_ways(
    account_client: httpx.Client, client_for: Callable[..., httpx.Client], app: App
) -> None:
    v1_key = account_client.post(f"/v1.1/apps/{app.id}/keys", json={"name": "v1 key"}).json()["key"]
    listed = account_client.get(f"/v2/apps/{app.id}/keys").json()["keys"]
    assert {"id": v1_key["_id"], "displayName": "v1 key", "secret": v1_key["secret"]} in listed
    v2_key = account_client.post(f"/v2/apps/{app.id}/keys", json={"displayName": "v2 key"}).json()[
        "key"
    ]
    as_v2_key = client_for(auth=(v2_key["id"], v2_key["secret"]))
    assert as_v2_key.get("/v1.1/appusers/nobody").json()["error"]["code"] == "not_found"
    assert as_v2_key.get(f"/v2/apps/{app.id}").status_code == 200


def _official_operations() -> dict[str, tuple[str, str]]:
    from test_v2_coverage_doc import official_operations

    operations: dict[str, Any] = official_operations()
    return operations


# -- the integration scope (int_ keys arrive with custom integrations; the hook is here) ---------


@pytest.fixture
def integration_key(fake: FakeSmooch, app: App) -> SecretKey:
    """An `int_` key as custom integrations will hold them, put straight into the store."""
    key = SecretKey(
        id="int_" + "1" * 24,
        secret="s" * 32,
        name="Integration key",
        scope="integration",
        app_id=app.id,
        integration_id="2" * 24,
    )
    fake.store.keys[key.id] = key
    return key


@pytest.mark.parametrize("scheme", ["basic", "jwt"])
def test_an_integration_key_reaches_attachments_and_token_info_of_its_app(
    client_for: Callable[..., httpx.Client], integration_key: SecretKey, app: App, scheme: str
) -> None:
    client = (
        client_for(auth=(integration_key.id, integration_key.secret))
        if scheme == "basic"
        else client_for(token=sign_jwt(integration_key, "integration"))
    )
    info = client.get("/v2/tokenInfo")
    assert info.status_code == 200 and info.json()["app"]["id"] == app.id
    upload = client.post(
        f"/v2/apps/{app.id}/attachments",
        params={"access": "public"},
        files={"source": ("a.txt", b"hi", "text/plain")},
    )
    assert upload.status_code == 201, upload.text


def test_an_integration_key_is_refused_outside_its_scope(
    client_for: Callable[..., httpx.Client], integration_key: SecretKey, app: App, fake: FakeSmooch
) -> None:
    client = client_for(auth=(integration_key.id, integration_key.secret))
    v2_error(client.get(f"/v2/apps/{app.id}"), 403, "forbidden")
    v2_error(client.get(f"/v2/apps/{app.id}/keys"), 403, "forbidden")
    other, _ = fake.create_app_with_key("Other")
    upload = client.post(
        f"/v2/apps/{other.id}/attachments",
        params={"access": "public"},
        files={"source": ("a.txt", b"hi", "text/plain")},
    )
    v2_error(upload, 403, "forbidden")
    assert client.get("/v1.1/appusers/bob").json()["error"]["code"] == "forbidden"


def test_an_integration_key_signs_only_integration_tokens(
    client_for: Callable[..., httpx.Client], integration_key: SecretKey
) -> None:
    for scope in ("app", "account", "appUser"):
        client = client_for(token=sign_jwt(integration_key, scope, "bob"))
        v2_error(client.get("/v2/tokenInfo"), 401, "unauthorized")


def test_app_metadata_of_exactly_4096_bytes_is_taken(account_client: httpx.Client) -> None:
    filler = 4096 - len('{"k":""}')
    response = account_client.post(
        "/v2/apps", json={"displayName": "x", "metadata": {"k": "v" * filler}}
    )
    assert response.status_code == 201, response.text
    over = account_client.post(
        "/v2/apps", json={"displayName": "x", "metadata": {"k": "v" * (filler + 1)}}
    )
    v2_error(over, 400, "bad_request")
