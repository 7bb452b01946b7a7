"""HTTP: Managed Accounts — apps, app keys and service accounts with their keys."""

from __future__ import annotations

import httpx
import jwt
from support import assert_error

from smooch_mock.fake import FakeSmooch


def test_app_crud(account_client: httpx.Client) -> None:
    response = account_client.post(
        "/v1.1/apps", json={"name": "Shop", "settings": {"echoPostback": True}}
    )
    assert response.status_code == 201
    app = response.json()["app"]
    assert (
        app["name"] == "Shop"
        and app["settings"]["echoPostback"] is True
        and len(app["appToken"]) == 25
    )
    assert account_client.get(f"/v1.1/apps/{app['_id']}").json()["app"] == app
    renamed = account_client.put(f"/v1.1/apps/{app['_id']}", json={"name": "Store"}).json()["app"]
    assert renamed["name"] == "Store" and renamed["settings"]["echoPostback"] is True
    assert account_client.delete(f"/v1.1/apps/{app['_id']}").json() == {}
    assert_error(account_client.get(f"/v1.1/apps/{app['_id']}"), 404, "not_found")


def test_list_apps_pages_with_limit_offset_and_has_more(account_client: httpx.Client) -> None:
    for number in range(30):
        account_client.post("/v1.1/apps", json={"name": f"app {number}"})
    first = account_client.get("/v1.1/apps").json()
    assert (len(first["apps"]), first["hasMore"], first["offset"]) == (25, True, 0)
    rest = account_client.get("/v1.1/apps", params={"limit": 10, "offset": 25}).json()
    assert (len(rest["apps"]), rest["hasMore"], rest["offset"]) == (5, False, 25)
    assert_error(account_client.get("/v1.1/apps", params={"limit": 101}), 400, "bad_request")
    assert_error(account_client.get("/v1.1/apps", params={"offset": "x"}), 400, "bad_request")


def test_invalid_app_body_is_400(account_client: httpx.Client) -> None:
    assert_error(account_client.post("/v1.1/apps", json={}), 400, "bad_request")
    assert_error(account_client.post("/v1.1/apps", json={"name": 3}), 400, "bad_request")
    assert_error(
        account_client.post("/v1.1/apps", json={"name": "x", "settings": {"x": 1}}),
        400,
        "bad_request",
    )


def test_sdk_ids(account_client: httpx.Client) -> None:
    app = account_client.post("/v1.1/apps", json={"name": "Shop"}).json()["app"]
    ids = account_client.get(f"/v1.1/apps/{app['_id']}/sdks").json()
    assert set(ids) == {"androidIntegrationId", "iosIntegrationId", "webIntegrationId"}


def test_app_keys_and_their_jwt(account_client: httpx.Client) -> None:
    app = account_client.post("/v1.1/apps", json={"name": "Shop"}).json()["app"]
    base = f"/v1.1/apps/{app['_id']}/keys"
    response = account_client.post(base, json={"name": "server"})
    assert response.status_code == 201
    key = response.json()["key"]
    assert key["_id"].startswith("app_") and key["secret"] and key["name"] == "server"
    assert account_client.get(base).json()["keys"] == [key]
    assert account_client.get(f"{base}/{key['_id']}").json()["key"] == key
    token = account_client.get(f"{base}/{key['_id']}/jwt").json()["jwt"]
    assert jwt.decode(token, key["secret"], algorithms=["HS256"])["scope"] == "app"
    assert account_client.delete(f"{base}/{key['_id']}").json() == {}
    assert_error(account_client.get(f"{base}/{key['_id']}"), 404, "not_found")


def test_app_scope_manages_its_own_keys_without_prefix(app_client: httpx.Client) -> None:
    created = app_client.post("/v1.1/keys", json={"name": "extra"}).json()["key"]
    assert created["_id"] in [k["_id"] for k in app_client.get("/v1.1/keys").json()["keys"]]


def test_service_accounts_and_their_keys(account_client: httpx.Client, fake: FakeSmooch) -> None:
    response = account_client.post("/v1.1/serviceaccounts", json={"name": "ci"})
    assert response.status_code == 201
    account = response.json()["serviceAccount"]
    base = f"/v1.1/serviceaccounts/{account['_id']}"
    assert account_client.get(base).json()["serviceAccount"] == account
    assert (
        account_client.put(base, json={"name": "ci-2"}).json()["serviceAccount"]["name"] == "ci-2"
    )
    listed = account_client.get("/v1.1/serviceaccounts").json()
    assert (
        listed["serviceAccounts"] == [{"_id": account["_id"], "name": "ci-2"}]
        and listed["hasMore"] is False
    )
    key = account_client.post(f"{base}/keys", json={"name": "deploy"}).json()["key"]
    assert key["_id"].startswith("svc_")
    assert account_client.get(f"{base}/keys").json()["keys"] == [key]
    assert account_client.get(f"{base}/keys/{key['_id']}").json()["key"] == key
    token = account_client.get(f"{base}/keys/{key['_id']}/jwt").json()["jwt"]
    assert jwt.decode(token, key["secret"], algorithms=["HS256"])["scope"] == "account"
    assert account_client.delete(f"{base}/keys/{key['_id']}").json() == {}
    assert account_client.delete(base).json() == {}
    assert_error(account_client.get(base), 404, "not_found")


def test_whatsapp_deployment_lifecycle(account_client: httpx.Client) -> None:
    response = account_client.post("/v1.1/whatsapp/deployments", json={"hosting": "smooch"})
    assert response.status_code == 201
    deployment = response.json()["deployment"]
    path = f"/v1.1/whatsapp/deployments/{deployment['_id']}"
    assert account_client.get("/v1.1/whatsapp/deployments").json()["deployments"] == [deployment]
    assert_error(
        account_client.post(f"{path}/code/confirm", json={"code": "123456"}), 400, "bad_request"
    )
    activation = {"verifiedNameCertificate": "cert", "phoneNumber": "+15145550000", "method": "sms"}
    assert (
        account_client.post(f"{path}/activate", json=activation).json()["deployment"]["status"]
        == "pending"
    )
    assert_error(
        account_client.post(f"{path}/code/confirm", json={"code": "000000"}), 400, "bad_request"
    )
    confirmed = account_client.post(f"{path}/code/confirm", json={"code": "123456"}).json()
    assert confirmed["deployment"]["status"] == "registered"
    assert account_client.delete(path).json() == {}
    assert_error(account_client.get(path), 404, "not_found")


def test_app_key_cannot_manage_deployments(app_client: httpx.Client) -> None:
    assert_error(app_client.get("/v1.1/whatsapp/deployments"), 403, "forbidden")
