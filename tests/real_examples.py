"""Smooch's own published examples (`../shared/real-docs-examples/`): loading them, replaying each
documented call on a fresh app, and comparing the fake's answer with the example's structure."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest

from smooch_mock.store.integrations import INTEGRATION_SPECS
from smooch_mock.testing import IsolatedApp

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "real-docs-examples"
SKIP_REASON = (
    f"{EXAMPLES} is absent: Smooch's published examples live beside the project, not in it "
    "(a fresh clone has no ../shared)"
)

# Ids Smooch shows as 24-hex ObjectIds that the example's author shortened or lengthened by hand
# (e.g. `5b4931c01ef97225eb402`), or typed over (`5cd09442d70f413fp1w2d0f4`): 16-28 lowercase
# letters and digits, in an `_id` that is a 24-hex ObjectId everywhere else, but not one.
_HAND_EDITED_ID = re.compile(r"^[0-9a-z]{16,28}$")
_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
_PADDED_ID = "0" * 24


@dataclass(frozen=True, slots=True)
class Example:
    """One entry of `index.json` and its JSON body."""

    entry: dict[str, Any]
    body: Any

    @property
    def id(self) -> str:
        return str(self.entry["id"])

    @property
    def recorded(self) -> bool:
        """A response recorded from the live API (not copied from the docs)."""
        return self.entry.get("recorded") is True

    @property
    def kind(self) -> str:
        return str(self.entry["kind"])

    @property
    def version(self) -> str:
        return str(self.entry["version"])

    @property
    def is_call(self) -> bool:
        return self.kind == "response" and bool(self.entry.get("method"))


def examples_available() -> bool:
    return (EXAMPLES / "index.json").is_file()


@cache
def load_examples() -> tuple[Example, ...]:
    index = json.loads((EXAMPLES / "index.json").read_text("utf-8"))
    return tuple(
        Example(entry, json.loads((EXAMPLES / entry["file"]).read_text("utf-8")))
        for entry in index["examples"]
    )


def example_ids(predicate: Any = None) -> list[str]:
    """Ids for `pytest.mark.parametrize`; empty when the examples are absent (the test skips)."""
    if not examples_available():
        return ["examples-absent"]
    return [e.id for e in load_examples() if predicate is None or predicate(e)]


def example(example_id: str) -> Example:
    if not examples_available():
        pytest.skip(SKIP_REASON)
    return next(e for e in load_examples() if e.id == example_id)


def without_hand_edited_ids(value: Any) -> tuple[Any, list[str]]:
    """`value` with hand-shortened `_id`s padded back to 24 hex digits, and the ids it padded."""
    padded: list[str] = []

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            result = {}
            for key, item in node.items():
                if (
                    key == "_id"
                    and isinstance(item, str)
                    and _HAND_EDITED_ID.match(item)
                    and not _OBJECT_ID.match(item)
                ):
                    padded.append(item)
                    item = _PADDED_ID
                result[key] = walk(item)
            return result
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(value), padded


# -- structure comparison -----------------------------------------------------------------------


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def structure_differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Where `actual` departs from `expected`'s structure: a key missing, a key `expected` does not
    have (the example contradicts it), or another JSON type. Arrays compare item by item over the
    example's items; further items in `actual` are state, not structure."""
    if json_type(expected) != json_type(actual):
        return [f"{path}: {json_type(actual)} where the example has {json_type(expected)}"]
    if isinstance(expected, dict):
        differences = [f"{path}.{key}: missing" for key in expected if key not in actual]
        differences += [
            f"{path}.{key}: not in the example" for key in actual if key not in expected
        ]
        for key in expected:
            if key in actual:
                differences += structure_differences(expected[key], actual[key], f"{path}.{key}")
        return differences
    if isinstance(expected, list):
        if len(actual) < len(expected):
            return [f"{path}: {len(actual)} items where the example has {len(expected)}"]
        differences = []
        for index, item in enumerate(expected):
            differences += structure_differences(item, actual[index], f"{path}[{index}]")
        return differences
    return []


# -- replaying a documented call -----------------------------------------------------------------


@dataclass(slots=True)
class Replay:
    """The call an example documents, made on `app` after the state it implies was set up."""

    example: Example
    app: IsolatedApp
    http: httpx.Client
    params: dict[str, str] = field(default_factory=dict)

    @property
    def recorded(self) -> Any:
        return self.example.body

    @property
    def version(self) -> str:
        return self.example.version

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """A setup call on this app (account credentials); must succeed."""
        url = f"/{self.version}/apps/{self.app.app_id}{path}"
        response = self.http.request(method, url, **kwargs)
        assert response.status_code < 300, f"setup {method} {path}: {response.text}"
        return response.json()

    def run(self) -> httpx.Response:
        entry = self.example.entry
        template = str(entry["path_template"])
        path_only, _, query_in_path = template.partition("?")
        for name in re.findall(r"\{(\w+)\}", path_only):
            if name not in self.params:
                self.params[name] = self._prepare(name)
        path = path_only
        for name, value in self.params.items():
            path = path.replace("{" + name + "}", value)
        query = entry.get("query") or query_in_path or None
        if query:
            query = query.replace("{{appUserId}}", self.params.get("userId", ""))
        url = path + (f"?{query}" if query else "")
        method = str(entry["method"])
        if method == "GET":
            self._listed_items(path_only)
        body = self._body()
        auth = self._credentials(path_only)
        if self._multipart():
            return self.http.request(
                method, url, files=self._upload(), data=self._form(), auth=auth
            )
        if method in ("GET", "DELETE") or body is None:
            return self.http.request(method, url, auth=auth)
        return self.http.request(method, url, json=body, auth=auth)

    def _credentials(self, path: str) -> Any:
        """None for the documented 401; the app key on the legacy paths without `/apps/{appId}`
        (app scope); else the account key the client was made with."""
        if self.example.entry.get("status") == 401:
            return _NO_AUTH
        if "{appId}" not in path and not path.startswith(
            ("/{version}/", "/v1/apps", "/v1/service")
        ):
            return self.app.auth
        return httpx.USE_CLIENT_DEFAULT

    def _listed_items(self, path: str) -> None:
        """For a listing, items like the ones the example lists."""
        body = self.recorded if isinstance(self.recorded, dict) else {}
        user = self.params.get("userId")
        if path.endswith("/keys") and "{serviceAccountId}" in path:
            account = self.params["serviceAccountId"]
            for _ in body.get("keys", []):
                url = f"/{self.version}/serviceaccounts/{account}/keys"
                assert self.http.post(url, json={"name": "key"}).status_code == 201
        elif path.endswith("/keys"):
            for _ in body.get("keys", [])[1:]:  # the app comes with one key
                self.api("POST", "/keys", json={"name": "key"})
        elif path.endswith("/webhooks"):
            for _ in body.get("webhooks", []):
                self._webhook()
        elif path.endswith("/templates"):
            for template in body.get("templates", []):
                message = _without_server_fields(template["message"])
                self.api("POST", "/templates", json={"name": template["name"], "message": message})
        elif path.endswith("/integrations"):
            for integration in body.get("integrations", []):
                self._listed_integration(integration)
        elif path.endswith("/menu") and "{integrationId}" not in path:
            items = body.get("menu", {}).get("items", [])
            if items:
                self.api("PUT", "/menu", json={"items": _without_server_fields(items)})
        elif path.endswith("/channels") and user is not None:
            for channel in body.get("channels", []):
                self.app.fake.simulate.end_user(self.app.app_id, user, channel=channel["type"])
        elif path.endswith("/businesssystems") and user is not None:
            # No API adds business systems (Slack, Zendesk... link them in Smooch's dashboard).
            with self.app.fake.lock:
                found = self.app.fake.store.user(self.app.app_id, user)
                found.business_systems = list(body.get("businessSystems", []))

    def _listed_integration(self, shown: dict[str, Any]) -> None:
        if shown["type"] != "web":
            self.app.fake.simulate.channel_integration(self.app.app_id, shown["type"])
            return
        created = self.api("POST", "/integrations", json={"type": "web"})["integration"]
        settings = {k: v for k, v in shown.items() if k == "businessName" or k.endswith("Color")}
        if settings:
            self.api("PUT", f"/integrations/{created['_id']}", json=settings)

    # -- path parameters ------------------------------------------------------------------------

    def _prepare(self, name: str) -> str:
        preparers = {
            "version": lambda: self.version,
            "appId": lambda: self.app.app_id,
            "userId": self._user,
            "keyId": self._app_key,
            "serviceAccountId": self._service_account,
            "serviceKeyId": self._service_account_key,
            "webhookId": self._webhook,
            "templateId": self._template,
            "integrationId": self._integration,
            "messageId": self._message,
            "templateName": self._whatsapp_template,
            "deviceId": self._device,
        }
        return preparers[name]()

    def _user(self) -> str:
        profile = self.recorded.get("appUser") if isinstance(self.recorded, dict) else None
        path = str(self.example.entry["path_template"])
        if isinstance(profile, dict) and profile.get("userId"):
            body = {
                k: v
                for k, v in profile.items()
                if k in ("userId", "givenName", "surname", "email", "properties")
            }
            user = self.api("POST", "/appusers", json=body)["appUser"]
        else:
            # No userId in the example: an anonymous user of the Web Messenger.
            user, _ = self.app.fake.simulate.end_user(self.app.app_id, None, channel="web")
            user = {"_id": user.id}
        user_id = str(user["_id"])
        if isinstance(profile, dict):
            self._user_clients(user_id, profile)
        if "/messages" in path or "/conversation" in path:
            self._conversation_history(user_id)
        return user_id

    def _user_clients(self, user_id: str, profile: dict[str, Any]) -> None:
        for client in profile.get("clients", []):
            self.app.fake.simulate.end_user(self.app.app_id, user_id, channel=client["platform"])

    def _conversation_history(self, user_id: str) -> None:
        """The history the example's conversation implies: replayed when it lists messages,
        else one message each way (so both `...LastRead` times exist)."""
        self._business_identity()
        messages = self.recorded.get("messages") if isinstance(self.recorded, dict) else None
        if isinstance(messages, list):
            for message in messages:
                self._replay_message(user_id, message)
            return
        self.app.fake.simulate.write(self.app.app_id, "Hello", user=user_id)
        self.api("POST", f"/appusers/{user_id}/messages", json=_text("appMaker", "Hi there"))

    def _business_identity(self) -> None:
        """A business name and icon when the example's business messages show one."""
        shown = _business_message(self.recorded)
        if shown is None or "name" not in shown:
            return
        body = {"type": "web", "businessName": shown["name"]}
        if "avatarUrl" in shown:
            body["businessIconUrl"] = shown["avatarUrl"]
        self.api("POST", "/integrations", json=body)

    def _replay_message(self, user_id: str, message: dict[str, Any]) -> None:
        body = {
            key: value
            for key, value in message.items()
            if key in ("role", "type", "text", "mediaUrl", "mediaType", "payload", "items")
        }
        body.setdefault("type", "text")
        if "actions" in message:
            body["actions"] = [_without_server_fields(a) for a in message["actions"]]
        if message.get("source", {}).get("type") == "web":
            self.app.fake.simulate.write(self.app.app_id, body, user=user_id)
        else:
            self.api("POST", f"/appusers/{user_id}/messages", json=body)

    def _app_key(self) -> str:
        name = _first(self.recorded, "key", "name") or "key1"
        return str(self.api("POST", "/keys", json={"name": name})["key"]["_id"])

    def _service_account(self) -> str:
        name = _first(self.recorded, "serviceAccount", "name") or "Account"
        response = self.http.post(f"/{self.version}/serviceaccounts", json={"name": name})
        assert response.status_code == 201, response.text
        return str(response.json()["serviceAccount"]["_id"])

    def _service_account_key(self) -> str:
        account = self.params.setdefault("serviceAccountId", self._service_account())
        url = f"/{self.version}/serviceaccounts/{account}/keys"
        response = self.http.post(url, json={"name": "key1"})
        assert response.status_code == 201, response.text
        return str(response.json()["key"]["_id"])

    def _webhook(self) -> str:
        shown = _first(self.recorded, "webhook") or {}
        body = {"target": "https://example.com/webhook", "triggers": ["message:appUser"]}
        if isinstance(shown, dict) and shown.get("triggers"):
            body["triggers"] = shown["triggers"]
        return str(self.api("POST", "/webhooks", json=body)["webhook"]["_id"])

    def _template(self) -> str:
        shown = _first(self.recorded, "template") or {}
        body = {
            "name": shown.get("name", "my_template"),
            "message": _without_server_fields(
                shown.get("message", _text("appMaker", "Just put some vinegar on it"))
            ),
        }
        return str(self.api("POST", "/templates", json=body)["template"]["_id"])

    def _integration(self) -> str:
        path = str(self.example.entry["path_template"])
        shown = _first(self.recorded, "integration") or {}
        if "messageTemplates" in path or "/profile" in path:
            kind = "whatsapp"
        elif isinstance(shown, dict) and shown.get("type"):
            kind = shown["type"]
        else:
            kind = "messenger"
        integration_id = self.app.fake.simulate.channel_integration(self.app.app_id, kind)
        if path.endswith("/menu") and self.example.entry["method"] in ("GET", "DELETE"):
            items = (_first(self.recorded, "menu") or {}).get("items") or [_LINK_ITEM]
            self.api(
                "PUT",
                f"/integrations/{integration_id}/menu",
                json={"items": [_without_server_fields(i) for i in items]},
            )
        return integration_id

    def _message(self) -> str:
        user_id = self.params["userId"]
        posted = self.api(
            "POST", f"/appusers/{user_id}/messages", json=_text("appMaker", "Which do you prefer?")
        )
        return str(posted["message"]["_id"])

    def _whatsapp_template(self) -> str:
        integration = self.params.setdefault("integrationId", self._integration())
        name = "shipping_notification_1234"
        body = {
            "name": name,
            "category": "ALERT_UPDATE",
            "language": "en_US",
            "components": [{"type": "BODY", "text": "We've shipped your order!"}],
        }
        self.api("POST", f"/integrations/{integration}/messageTemplates", json=body)
        return name

    def _device(self) -> str:
        user_id = self.params["userId"]
        _, client = self.app.fake.simulate.end_user(self.app.app_id, user_id, channel="ios")
        return client.id

    # -- bodies ---------------------------------------------------------------------------------

    def _body(self) -> Any:
        body = self.example.entry.get("request")
        method = self.example.entry["method"]
        if body is None and method in ("PUT", "POST") and not self._multipart():
            body = self._body_from_answer()
        if body is None:
            return None
        body = _filled_placeholders(body)
        return self._with_state(body)

    def _body_from_answer(self) -> Any:
        """PUT examples without a recorded body: send what the answer shows was set."""
        if "integration" in self.recorded:
            shown = self.recorded["integration"]
            # A create names its type; an update may not change it. Neither sends what the
            # server generates.
            spec = INTEGRATION_SPECS.get(shown["type"])
            generated = {"_id", "status", *(spec.generated if spec else ())}
            if self.example.entry["method"] == "PUT":
                generated.add("type")
            return {k: v for k, v in shown.items() if k not in generated and v is not None}
        if "menu" in self.recorded:
            items = self.recorded["menu"].get("items") or [_LINK_ITEM]
            return {"items": [_without_server_fields(i) for i in items]}
        return None

    def _with_state(self, body: Any) -> Any:
        """Ids and URLs in the documented body replaced by this app's own."""
        path = str(self.example.entry["path_template"])
        if path.endswith("/merge"):
            survivor = self._user()
            discarded = self._user()
            return {"surviving": {"_id": survivor}, "discarded": {"_id": discarded}}
        if path.endswith("/attachments/remove"):
            return {"mediaUrl": self._attachment_url()}
        if path.endswith("/channels") and isinstance(body, dict) and "type" in body:
            self.app.fake.simulate.channel_integration(self.app.app_id, body["type"])
        if isinstance(body, dict) and _TEMPLATE_SHORTHAND.search(str(body.get("text", ""))):
            self._template_shown_in_answer(body["text"])
        return body

    def _template_shown_in_answer(self, text: str) -> None:
        """The template a `%{{template: name}}%` post names, holding what the answer shows."""
        found = _TEMPLATE_SHORTHAND.search(text)
        assert found is not None
        shown = self.recorded["message"]
        message = {
            k: v
            for k, v in shown.items()
            if k in ("role", "type", "text", "mediaUrl", "mediaType", "items", "actions")
        }
        if message.get("type") in ("carousel", "list"):
            message.pop("text", None)
        self.api(
            "POST",
            "/templates",
            json={"name": found.group(1).strip(), "message": _without_server_fields(message)},
        )

    def _attachment_url(self) -> str:
        files = {"source": ("emailreceipt.pdf", b"%PDF-1.4 receipt", "application/pdf")}
        url = f"/{self.version}/apps/{self.app.app_id}/attachments?access=public"
        response = self.http.post(url, files=files)
        assert response.status_code == 201, response.text
        return str(response.json()["mediaUrl"])

    def _multipart(self) -> bool:
        path = str(self.example.entry["path_template"]).partition("?")[0]
        return path.endswith(("/attachments", "/images", "/profile/photo"))

    def _upload(self) -> dict[str, tuple[str, bytes, str]]:
        if str(self.example.entry["path_template"]).partition("?")[0].endswith("/attachments"):
            return {
                "source": ("emailreceipt_20180822R3924416589.pdf", b"%PDF-1.4", "application/pdf")
            }
        return {"source": ("photo.png", _PNG, "image/png")}

    def _form(self) -> dict[str, str]:
        if str(self.example.entry["path_template"]).endswith("/images"):
            return {"role": "appUser"}
        return {}


_NO_AUTH = httpx.Auth()  # sends no Authorization header
_LINK_ITEM = {"type": "link", "text": "Smooch", "uri": "http://smooch.io"}
_TEMPLATE_SHORTHAND = re.compile(r"%\{\{\s*template:([^}]*)\}\}%")
_SERVER_FIELDS = ("_id", "uri", "state", "mediaSize", "currency")
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000185d114090000000049454e44ae426082"
)


def _text(role: str, text: str) -> dict[str, str]:
    return {"role": role, "type": "text", "text": text}


def _without_server_fields(node: Any) -> Any:
    """A body the API accepts, from an answer: the fields Smooch fills in removed."""
    if isinstance(node, list):
        return [_without_server_fields(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key in _SERVER_FIELDS and not (key == "uri" and node.get("type") in ("link", "webview")):
            continue
        result[key] = _without_server_fields(value)
    return result


def _first(body: Any, key: str, inner: str | None = None) -> Any:
    """`body[key]` (or the first item of `body[key + 's']`), and its `inner` field if given."""
    if not isinstance(body, dict):
        return None
    found = body.get(key)
    if found is None and isinstance(body.get(key + "s"), list) and body[key + "s"]:
        found = body[key + "s"][0]
    if inner is not None and isinstance(found, dict):
        return found.get(inner)
    return found


def _business_message(body: Any) -> dict[str, Any] | None:
    messages = []
    if isinstance(body, dict):
        if isinstance(body.get("message"), dict):
            messages.append(body["message"])
        messages += [m for m in body.get("messages", []) if isinstance(m, dict)]
    return next((m for m in messages if m.get("role") == "appMaker"), None)


def _filled_placeholders(node: Any) -> Any:
    """Postman's `{{variables}}` and the docs' `<placeholders>` become plausible values."""
    if isinstance(node, dict):
        return {key: _filled_placeholders(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_filled_placeholders(item) for item in node]
    if isinstance(node, str):
        if node == "<whatsappDeploymentId>":
            return "5f0c8b7e2a1d3c4b5a697887"
        return re.sub(r"\{\{(\w+)\}\}", lambda m: _placeholder_value(m.group(1)), node)
    return node


def _placeholder_value(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(("target", "url")):
        return "https://example.com/webhook"
    if lowered.endswith("address"):
        return "support@example.com"
    if lowered.endswith("tier"):
        return "sandbox"
    return f"example-{name}"
