"""Two seeded apps and every route's concrete paths and valid bodies, for the reliability suite."""

from __future__ import annotations

import base64
import copy
import re
from dataclasses import dataclass
from typing import Any

import httpx

from smooch_mock.api.routes import SMOOCH_ROUTES
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.contract.check import request_schema
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.router import Body, Placement, Route
from smooch_mock.schemas import get_schema
from smooch_mock.store import UserInput, WebhookInput
from smooch_mock.store.inputs import MessageTemplateInput
from smooch_mock.store.models import App, SecretKey, User

ERROR_STATUSES = frozenset({400, 401, 403, 404, 405, 409, 413, 415})
"""The documented 4xx answers (reference §7 and COVERAGE.md)."""

B_MARKERS = ("secret-of-app-B", "secret-app-name-of-B", "secret-text-of-B", "secret-hook-of-B")
"""Strings only app B's data contains: none may appear in an answer to app A's credentials."""

QUERIES: dict[str, dict[str, str]] = {"uploadAttachment": {"access": "public"}}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass(frozen=True, slots=True)
class RouteForm:
    """One way to call a route: its version and whether it uses the `/apps/{appId}` prefix."""

    route: Route
    version: str
    prefixed: bool

    @property
    def label(self) -> str:
        prefix = "/apps/{appId}" if self.prefixed else ""
        return f"{self.route.method} /{self.version}{prefix}{self.route.path}"

    @property
    def names_app(self) -> bool:
        """Whether the path carries an app id (so another app's key can be aimed at it)."""
        return self.prefixed or "{appId}" in self.route.path

    @property
    def names_user(self) -> bool:
        return "{userId}" in self.route.path


def route_forms() -> list[RouteForm]:
    """Every (route, version, prefix) form SMOOCH_ROUTES serves."""
    forms = []
    for route in SMOOCH_ROUTES:
        for version in route.versions:
            forms.append(RouteForm(route, version, prefixed=False))
            if route.placement is Placement.APP:
                forms.append(RouteForm(route, version, prefixed=True))
    return forms


@dataclass(slots=True)
class AppWorld:
    """One app with one of everything a route can name."""

    app: App
    key: SecretKey
    spare_key: SecretKey
    user: User
    other_user: User
    channel: str
    device_id: str
    message_id: str
    postback_action_id: str
    webhook_id: str
    template_id: str
    integration_id: str
    message_template_name: str
    media_url: str


@dataclass(slots=True)
class World:
    fake: FakeSmooch
    a: AppWorld
    b: AppWorld
    service_account_id: str
    service_account_key_id: str
    deployment_id: str

    def b_identifiers(self) -> list[str]:
        """App B's ids and secrets plus its markers: what must never reach app A's callers."""
        b = self.b
        return [
            b.app.id,
            b.key.id,
            b.key.secret,
            b.spare_key.id,
            b.user.id,
            b.other_user.id,
            b.message_id,
            b.webhook_id,
            b.template_id,
            b.integration_id,
            *B_MARKERS,
        ]


def _seed_app(fake: FakeSmooch, name: str, marker: str, webhook_target: str) -> AppWorld:
    store = fake.store
    app, key = fake.create_app_with_key(name)
    spare = store.create_app_key(app.id, "spare")
    user, client = fake.simulate.end_user(app.id, f"{marker}user", channel="telegram")
    other = store.create_user(app.id, UserInput(f"{marker}other", given_name=f"{marker}given"))
    _, first = fake.simulate.write(app.id, f"{marker}first words", user=user.external_id)
    offer = store.post_message(
        app.id,
        user.id,
        message_input(
            {
                "role": "appMaker",
                "type": "text",
                "text": f"{marker}offer",
                "actions": [{"type": "postback", "text": "Yes", "payload": "YES"}],
            }
        ),
    )
    action_id = (offer.content.actions or [])[0]["_id"]
    hook = store.create_webhook(
        app.id, WebhookInput(f"{webhook_target}/{marker}hook", ["message:appUser"]), version="v1.1"
    )
    template = store.create_template(
        app.id,
        f"{marker}template",
        {"role": "appMaker", "type": "text", "text": "Hours"},
        message_input({"role": "appMaker", "type": "text", "text": "Hours"}),
    )
    integration = store.create_integration(
        app.id,
        "twilio",
        {
            "type": "twilio",
            "accountSid": "AC" + "0" * 32,
            "authToken": "t" * 32,
            "phoneNumberSid": "PN" + "0" * 32,
        },
    )
    template_name = f"{marker}_order_ready".replace("-", "_")
    store.add_message_template(app.id, integration.id, MessageTemplateInput(template_name))
    attachment = store.upload_attachment(app.id, "taco.png", "image/png", PNG, access="public")
    for channel in ("viber", "wechat"):  # for the QR-code routes
        fake.simulate.channel_integration(app.id, channel)
    return AppWorld(
        app=app,
        key=key,
        spare_key=spare,
        user=user,
        other_user=other,
        channel=client.platform,
        device_id=client.id,
        message_id=first.id,
        postback_action_id=action_id,
        webhook_id=hook.id,
        template_id=template.id,
        integration_id=integration.id,
        message_template_name=template_name,
        media_url=fake.media_url("http://127.0.0.1", attachment),
    )


def build_world(fake: FakeSmooch, webhook_target: str) -> World:
    """App A (`ann…`) and app B, whose every name carries `secret-…-of-B` markers."""
    with fake.lock:
        a = _seed_app(fake, "App A", "ann-", webhook_target)
        b = _seed_app(fake, "secret-app-name-of-B", "secret-of-app-B-", webhook_target)
        fake.store.post_message(
            b.app.id,
            b.user.id,
            message_input({"role": "appMaker", "type": "text", "text": "secret-text-of-B"}),
        )
        account = fake.store.create_service_account("ci")
        svc_key = fake.store.create_service_account_key(account.id, "deploy")
        deployment = fake.store.create_deployment(_example("requests/deployment-create"))
    return World(fake, a, b, account.id, svc_key.id, deployment.id)


def concrete_path(form: RouteForm, world: World, app: AppWorld | None = None) -> str:
    """The form's path with every parameter naming an existing object of `app` (default A)."""
    target = app or world.a
    values = {
        "appId": target.app.id,
        "userId": target.user.external_id or target.user.id,
        "keyId": target.spare_key.id,
        "serviceAccountId": world.service_account_id,
        "webhookId": target.webhook_id,
        "templateId": target.template_id,
        "integrationId": target.integration_id,
        "channel": target.channel,
        "deviceId": target.device_id,
        "messageId": target.message_id,
        "templateName": target.message_template_name,
        "deploymentId": world.deployment_id,
    }
    if form.route.path.startswith("/serviceaccounts"):
        values["keyId"] = world.service_account_key_id
    path = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], form.route.path)
    prefix = f"/apps/{target.app.id}" if form.prefixed else ""
    return f"/{form.version}{prefix}{path}"


def _buy_action(world: World) -> str:
    """A fresh buy action offered to app A's user."""
    body = {
        "role": "appMaker",
        "type": "text",
        "text": "Pay",
        "actions": [{"type": "buy", "text": "Pay", "amount": 500}],
    }
    with world.fake.lock:
        message = world.fake.store.post_message(
            world.a.app.id, world.a.user.id, message_input(body)
        )
    return str((message.content.actions or [])[0]["_id"])


def _example(schema: str) -> dict[str, Any]:
    return copy.deepcopy(get_schema(schema)["examples"][0])


def valid_json_body(form: RouteForm, world: World, scope: str = "app") -> dict[str, Any] | None:
    """A body the route accepts with 2xx in a fresh world (None: the route takes no JSON body)."""
    if form.route.body is not Body.JSON:
        return None
    a = world.a
    v1 = form.version == "v1"
    role = "appUser" if scope == "appUser" else "appMaker"
    bodies: dict[str, Any] = {
        "createApp": lambda: _example("requests/app-create"),
        "updateApp": lambda: _example("requests/app-update"),
        "createSecretKey": lambda: {"name": "new key"},
        "createServiceAccount": lambda: {"name": "new account"},
        "updateServiceAccount": lambda: {"name": "renamed"},
        "createServiceAccountKey": lambda: {"name": "new key"},
        "mergeUsers": lambda: {
            "surviving": {"_id": a.user.id},
            "discarded": {"_id": a.other_user.id},
        },
        "preCreateAppUser": lambda: {"userId": "carol", "givenName": "Carol"},
        "updateAppUser": lambda: _example("requests/app-user-update"),
        "linkAppUser": lambda: {
            "type": "twilio",
            "phoneNumber": "+15145555555",
            "confirmation": {"type": "immediate"},
        },
        "postMessage": lambda: {"role": role, "type": "text", "text": "hello"},
        "conversationActivity": lambda: {"role": "appMaker", "type": "typing:start"},
        "resetUnreadCount": dict,
        "postPostback": lambda: {"actionId": a.postback_action_id},
        "createWebhook": lambda: {
            "target": "http://127.0.0.1:9/hook",
            "triggers": ["message:appUser"],
        },
        "updateWebhook": lambda: _example("requests/webhook-update"),
        "updateMenu": lambda: _example("requests/menu"),
        "createTemplate": lambda: _example("requests/template-create"),
        "updateTemplate": lambda: _example("requests/template-update"),
        "createIntegration": lambda: {"type": "telegram", "token": "123:abc"},
        "updateIntegration": lambda: {"displayName": "Support"},
        "createIntegrationMenu": lambda: _example("requests/menu"),
        "updateIntegrationMenu": lambda: _example("requests/menu"),
        "updateIntegrationProfile": lambda: _example("requests/integration-profile-update"),
        "createMessageTemplate": lambda: _example("requests/whatsapp-message-template-create"),
        "removeAttachment": lambda: {"mediaUrl": a.media_url},
        "postNotification": lambda: {
            "destination": {"integrationId": a.integration_id, "destinationId": "+15145550000"},
            "author": {"role": "appMaker"},
            "message": {"type": "text", "text": "Your order is ready"},
        },
        "legacyInit": lambda: (
            # An appUser token starts only its own user.
            {**_example("requests/legacy-init"), "userId": a.user.external_id}
            if scope == "appUser"
            else _example("requests/legacy-init")
        ),
        "legacyPostMessage": lambda: {"role": role, "text": "hello"},
        "legacyTrackEvent": lambda: {"name": "completed_purchase"},
        # Each transaction pays a buy action of its own: an action is paid once.
        "createStripeTransaction": lambda: {"actionId": _buy_action(world), "token": "tok_visa"},
    }
    make = bodies.get(form.route.operation)
    if make is None:  # a route added since: its request schema's example
        spec = request_schema(form.route.operation, form.version)
        return _example(spec) if isinstance(spec, str) else {}
    body: dict[str, Any] = make()
    if form.route.operation == "preCreateAppUser" and v1:
        body = {"userId": "carol", "givenName": "Carol"}
    return body


def multipart_files(form: RouteForm, scope: str = "app") -> dict[str, Any] | None:
    """httpx `files`/`data` for a multipart route (None for other routes)."""
    if form.route.body is not Body.MULTIPART:
        return None
    if form.route.operation == "postImageMessage":
        role = "appUser" if scope == "appUser" else "appMaker"
        return {"files": {"source": ("taco.png", PNG, "image/png")}, "data": {"role": role}}
    return {"files": {"source": ("taco.png", PNG, "image/png")}, "data": {}}


def valid_request(
    form: RouteForm,
    world: World,
    base_url: str,
    *,
    scope: str = "app",
    app: AppWorld | None = None,
    authorization: str | None = None,
) -> httpx.Request:
    """A complete, valid request for `form` (without credentials), built by httpx."""
    path = concrete_path(form, world, app)
    params = QUERIES.get(form.route.operation, {}).copy()
    if form.route.operation == "getLinkRequests":
        params["integrationIds"] = (app or world.a).integration_id
    headers = {} if authorization is None else {"Authorization": authorization}
    url = base_url + path
    files = multipart_files(form, scope)
    if files is not None:
        return httpx.Request(form.route.method, url, params=params, headers=headers, **files)
    body = valid_json_body(form, world, scope)
    return httpx.Request(form.route.method, url, params=params, headers=headers, json=body)


def basic(key: SecretKey, secret: str | None = None) -> str:
    """A Basic `Authorization` value for `key` (or for its id with another secret)."""
    raw = f"{key.id}:{key.secret if secret is None else secret}".encode()
    return "Basic " + base64.b64encode(raw).decode()
