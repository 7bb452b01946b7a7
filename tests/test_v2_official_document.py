"""Every v2 answer of a session over all served operations validates against the official
OpenAPI document too (`../shared/sunshine-openapi.yaml`; skipped with a reason when absent)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from test_v2_coverage_doc import official_document, official_operations
from v2_integrations_session import run_integrations_session

from smooch_mock.api.v2.routes import V2_ROUTES
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.router import Router
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput
from smooch_mock.store.models import App, SecretKey


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 as JSON Schema: `nullable: true` also allows `null`, and a `oneOf` with a
    `discriminator` picks its variant by the discriminating property, as the official clients
    do (plain `oneOf` would refuse a postback action, which a reply's schema also fits)."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    discriminator = node.get("discriminator")
    if discriminator is not None and "oneOf" in node:
        del converted["oneOf"], converted["discriminator"]
        converted = {**converted, **_by_discriminator(discriminator, node["oneOf"])}
    if node.get("nullable") is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def _by_discriminator(discriminator: dict[str, Any], variants: list[Any]) -> dict[str, Any]:
    name = discriminator["propertyName"]
    mapping = discriminator.get("mapping") or {
        variant["$ref"].rsplit("/", 1)[-1]: variant["$ref"] for variant in variants
    }
    return {
        "required": [name],
        "properties": {name: {"enum": list(mapping)}},
        "allOf": [
            {"if": {"properties": {name: {"const": value}}}, "then": {"$ref": ref}}
            for value, ref in mapping.items()
        ],
    }


ERROR_RESPONSE = {"$ref": "#/components/schemas/errorResponse"}


@cache
def official_components() -> Any:
    return as_json_schema(official_document()["components"])


@cache
def official_validator(operation: str, status: int) -> Draft202012Validator:
    method, path = official_operations()[operation]
    responses = official_document()["paths"][path][method.lower()]["responses"]
    answer = responses.get(str(status)) or responses.get("default")
    if answer is None and status >= 400:
        # The document lists few errors per operation; its "Errors" section gives every error
        # (a 400 for a bad body, a 404 for an unknown conversation) the one `errorResponse`.
        answer = {"content": {"application/json": {"schema": ERROR_RESPONSE}}}
    assert answer is not None, f"{operation} has no {status} in the official document"
    (content,) = answer["content"].values()  # one media type per answer (a redirect's text/plain)
    schema = as_json_schema(content["schema"])
    return Draft202012Validator({**schema, "components": official_components()})


def check_against_official(operation: str, response: httpx.Response) -> None:
    validator = official_validator(operation, response.status_code)
    is_json = response.headers["content-type"].startswith("application/json")
    error = next(iter(validator.iter_errors(response.json() if is_json else response.text)), None)
    assert error is None, f"{operation} {response.status_code}: {error.message}\n{response.text}"


@pytest.fixture
def recorded(
    server: ServerThread,
) -> tuple[list[tuple[str, httpx.Response]], Callable[..., httpx.Client]]:
    """Clients on `server` that record each v2 answer with its operation."""
    router = Router(V2_ROUTES)
    answers: list[tuple[str, httpx.Response]] = []

    def record(response: httpx.Response) -> None:
        response.read()
        operation = router.match(
            response.request.method, response.request.url.raw_path.decode().split("?")[0]
        )
        answers.append((operation.route.operation, response))

    def make(auth: tuple[str, str]) -> httpx.Client:
        return httpx.Client(base_url=server.url, auth=auth, event_hooks={"response": [record]})

    return answers, make


def test_every_served_operation_answers_as_the_official_document_says(
    recorded: tuple[list[tuple[str, httpx.Response]], Callable[..., httpx.Client]],
    fake: FakeSmooch,
    app_and_key: tuple[App, SecretKey],
) -> None:
    answers, client_for = recorded
    app, key = app_and_key
    account = client_for((fake.account_key.id, fake.account_key.secret))
    own = client_for((key.id, key.secret))
    made = account.post("/v2/apps", json={"displayName": "Doc app", "metadata": {"a": 1}}).json()
    account.post("/v2/apps", json={"displayName": "Second"})
    account.get("/v2/apps", params={"page[size]": "1"})
    account.get("/v2/apps", params={"page[size]": "0"})
    account.post("/v2/apps", json={})
    account.get(f"/v2/apps/{made['app']['id']}")
    account.get("/v2/apps/" + "0" * 24)
    account.patch(
        f"/v2/apps/{app.id}", json={"displayName": "Renamed", "settings": {"echoPostback": True}}
    )
    new_key = account.post(f"/v2/apps/{app.id}/keys", json={"displayName": "k"}).json()["key"]
    account.get(f"/v2/apps/{app.id}/keys")
    account.get(f"/v2/apps/{app.id}/keys/{new_key['id']}")
    account.delete(f"/v2/apps/{app.id}/keys/{new_key['id']}")
    account.get(f"/v2/apps/{app.id}/keys/{new_key['id']}")
    uploaded = own.post(
        f"/v2/apps/{app.id}/attachments",
        params={"access": "public"},
        files={"source": ("a.png", b"\x89PNG", "image/png")},
    ).json()
    own.post(
        f"/v2/apps/{app.id}/attachments/remove",
        json={"mediaUrl": uploaded["attachment"]["mediaUrl"]},
    )
    own.post(
        f"/v2/apps/{app.id}/attachments/remove", json={"mediaUrl": "https://badhost.example/x.png"}
    )
    own.get("/v2/tokenInfo")
    _messages_and_activity(own, fake, app)
    users_and_conversations(own, app, fake.simulate.channel_integration(app.id, "twilio"))
    run_integrations_session(fake, app, account, own)
    _oauth(fake, app, own, client_for)
    account.delete(f"/v2/apps/{made['app']['id']}")

    served = {route.operation for route in V2_ROUTES}
    assert {operation for operation, _ in answers} == served
    for operation, response in answers:
        check_against_official(operation, response)


def _oauth(
    fake: FakeSmooch, app: App, own: httpx.Client, client_for: Callable[..., httpx.Client]
) -> None:
    """A custom integration as the OAuth client: authorize, exchange the code, revoke."""
    hook = {"target": "https://example.com/oauth-hook", "triggers": ["conversation:message"]}
    custom = own.post(
        f"/v2/apps/{app.id}/integrations",
        json={"type": "custom", "displayName": "OAuth bot", "webhooks": [hook]},
    ).json()["integration"]
    api_key = own.post(
        f"/v2/apps/{app.id}/integrations/{custom['id']}/keys", json={"displayName": "client"}
    ).json()["key"]
    query = {"client_id": custom["id"], "response_type": "code", "redirect_uri": "https://x.io/"}
    location = own.get("/oauth/authorize", params=query).headers["location"]
    own.get("/oauth/authorize", params={**query, "response_type": "token"})
    exchange = {
        "code": httpx.URL(location).params["code"],
        "grant_type": "authorization_code",
        "client_id": custom["id"],
        "client_secret": api_key["secret"],
    }
    assert own.post("/oauth/token", json=exchange).status_code == 200
    own.post("/oauth/token", json=exchange)
    own.delete("/oauth/authorization")
    (token_key,) = [key for key in fake.store.keys.values() if key.oauth_grant]
    client_for((token_key.id, token_key.secret)).delete("/oauth/authorization")


def _messages_and_activity(own: httpx.Client, fake: FakeSmooch, app: App) -> None:
    user = fake.store.create_user(app.id, UserInput("doc-user", given_name="Doc"))
    messages = f"/v2/apps/{app.id}/conversations/{user.default_conversation.id}/messages"
    postback = {"type": "postback", "text": "Yes", "payload": "YES"}
    link = {"type": "link", "text": "Open", "uri": "https://example.com"}
    item = {"title": "Tea", "description": "Green", "actions": [postback, link]}
    field = {
        "type": "select",
        "name": "size",
        "label": "Size",
        "options": [{"name": "s", "label": "S"}],
    }
    for content in (
        {
            "type": "text",
            "text": "Hi",
            "actions": [postback, {"type": "buy", "text": "Pay", "amount": 100}],
        },
        {"type": "image", "mediaUrl": "https://example.com/cat.png", "altText": "cat"},
        {"type": "file", "mediaUrl": "https://example.com/doc.pdf"},
        {"type": "carousel", "items": [item, item]},
        {"type": "list", "items": [item]},
        {"type": "location", "coordinates": {"lat": 45.5, "long": -73.6}},
        {"type": "form", "fields": [field]},
    ):
        own.post(messages, json={"author": {"type": "business"}, "content": content})
    said = {
        "author": {"type": "user", "userId": user.id},
        "content": {"type": "text", "text": "hey"},
    }
    posted = own.post(messages, json=said).json()["messages"][0]
    own.post(messages, json={"author": {"type": "user"}, "content": {"type": "text", "text": "x"}})
    own.get(messages)
    own.get(messages, params={"page[before]": posted["id"]})
    own.get(messages, params={"page[after]": "f" * 24})
    activity = messages.removesuffix("/messages") + "/activity"
    own.post(activity, json={"author": {"type": "business"}, "type": "conversation:read"})
    own.post(
        activity, json={"author": {"type": "user", "userId": user.id}, "type": "conversation:read"}
    )
    own.delete(f"{messages}/{posted['id']}")
    own.delete(f"{messages}/{posted['id']}")
    own.delete(messages)
    own.get(f"/v2/apps/{app.id}/conversations/{'0' * 24}/messages")


def users_and_conversations(own: httpx.Client, app: App, twilio: str) -> None:
    """Each users, clients, devices, conversations and participants operation, with the errors
    the official document lists for it."""
    users = f"/v2/apps/{app.id}/users"
    user = own.post(users, json={"externalId": "doc", "profile": {"givenName": "Doc"}}).json()
    user_id = user["user"]["id"]
    own.post(users, json={"externalId": "doc"})
    own.get(users, params={"filter[identities.email]": "doc@example.com"})
    own.get(f"{users}/doc")
    own.get(f"{users}/nobody")
    own.patch(f"{users}/doc", json={"profile": {"givenName": None}, "metadata": {"a": 1}})
    own.post(f"{users}/doc/sync", json={})
    conversations = f"/v2/apps/{app.id}/conversations"
    [default] = own.get(conversations, params={"filter[userId]": user_id}).json()["conversations"]
    own.get(conversations)
    group = own.post(
        conversations,
        json={
            "type": "sdkGroup",
            "participants": [{"userId": user_id, "subscribeSDKClient": True}],
        },
    ).json()["conversation"]["id"]
    own.post(
        conversations,
        json={
            "type": "sdkGroup",
            "participants": [{"userId": "nobody", "subscribeSDKClient": True}],
        },
    )
    own.get(f"{conversations}/{group}")
    own.patch(f"{conversations}/{group}", json={"displayName": "Doc group"})
    other = own.post(users, json={"externalId": "doc-2"}).json()["user"]["id"]
    own.post(f"{conversations}/{group}/join", json={"userId": other})
    own.get(f"{conversations}/{group}/participants", params={"page[size]": "1"})
    own.post(f"{conversations}/{group}/leave", json={"userId": other})
    own.post(f"{conversations}/{group}/leave", json={"userId": other})
    own.post(f"{conversations}/{default['id']}/download", json={"userId": user_id})
    own.post(
        f"{conversations}/{default['id']}/conversionEvents",
        json={"whatsapp": {"payload": {"data": [{"event_name": "Lead"}]}}},
    )
    own.delete(f"{conversations}/{default['id']}")
    own.delete(f"{conversations}/{group}")
    own.get(f"{users}/doc/clients")
    own.delete(f"{users}/doc/clients/{'0' * 24}")
    own.get(f"{users}/doc/devices")
    own.get(f"{users}/doc/devices/{'0' * 24}")
    own.post(
        f"{users}/doc/clients",
        json={
            "matchCriteria": {
                "type": "twilio",
                "integrationId": twilio,
                "phoneNumber": "+15145550100",
            },
            "confirmation": {"type": "immediate"},
            "target": {"conversationId": default["id"]},
        },
    )
    own.delete(f"{users}/doc/personalinformation")
    own.delete(f"{users}/doc")


def test_the_official_check_refuses_what_the_document_refuses() -> None:
    assert not official_validator("GetApp", 200).is_valid({"app": {"displayName": 5}})
    assert not official_validator("ListApps", 400).is_valid({"errors": [{"code": 400}]})
    assert official_validator("UpdateApp", 200).is_valid({"app": {"metadata": None}})
