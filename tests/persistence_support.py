"""Helpers of the persistence tests: a varied workload over HTTP, touching every kind of state."""

from __future__ import annotations

import base64
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import httpx

from smooch_mock.http.auth import sign_jwt
from smooch_mock.store.models import SecretKey

TWILIO = {"type": "twilio", "accountSid": "a", "authToken": "b", "phoneNumberSid": "c"}
MESSENGER = {"type": "messenger", "pageAccessToken": "PAT", "appId": "123", "appSecret": "ASEC"}
CAROUSEL = {
    "role": "appMaker",
    "type": "carousel",
    "items": [
        {
            "title": "Tacos",
            "actions": [
                {"type": "postback", "text": "Order", "payload": "TACOS"},
                {"type": "buy", "text": "Buy", "amount": 800, "currency": "usd"},
            ],
        }
    ],
}
MENU = {"items": [{"type": "link", "text": "Web", "uri": "https://example.com"}]}
TEMPLATE = {"name": "hi", "message": {"role": "appMaker", "type": "text", "text": "Hello!"}}
TRIGGERS = [
    "message:appMaker",
    "merge:appUser",
    "link:match",
    "client:remove",
    "appUser:delete",
    "message:delivery:failure",
    "payment:success",
]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def expect(response: httpx.Response, status: int) -> httpx.Response:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return response


def run_workload(account: httpx.Client) -> None:
    """Apps, keys, users, messages (uploads too), webhooks, simulations, merges, deletes, reset."""
    expect(account.post("/v1.1/apps", json={"name": "Before the reset"}), 201)
    expect(account.post("/_mock/reset"), 200)
    app_id = expect(account.post("/v1.1/apps", json={"name": "Shop"}), 201).json()["app"]["_id"]
    base, control = f"/v1.1/apps/{app_id}", f"/_mock/apps/{app_id}"
    key = expect(account.post(f"{base}/keys", json={"name": "k"}), 201).json()["key"]
    expect(account.get(f"{base}/sdks"), 200)  # creates the SDK integrations: journaled
    twilio = expect(account.post(f"{base}/integrations", json=TWILIO), 201).json()["integration"]
    expect(account.post(f"{base}/integrations", json=MESSENGER), 201)
    expect(account.put(f"{base}/menu", json=MENU), 200)
    expect(account.post(f"{base}/templates", json=TEMPLATE), 201)
    hook = expect(account.post(f"{base}/webhooks", json={"target": "http://127.0.0.1:9/h"}), 201)
    triggers = {"triggers": ["message:appUser", "postback"]}
    expect(account.put(f"{base}/webhooks/{hook.json()['webhook']['_id']}", json=triggers), 200)
    expect(account.post(f"{base}/appusers", json={"userId": "ann", "givenName": "Ann"}), 201)
    expect(account.put(f"{base}/appusers/ann", json={"properties": {"plan": "pro"}}), 200)
    for n in range(3):
        body = {"role": "appUser", "type": "text", "text": f"hello {n}"}
        expect(account.post(f"{base}/appusers/ann/messages", json=body), 201)
    carousel = expect(account.post(f"{base}/appusers/ann/messages", json=CAROUSEL), 201)
    postback, buy = carousel.json()["message"]["items"][0]["actions"]
    files = {"source": ("dot.png", PNG, "image/png")}
    expect(account.post(f"{base}/attachments?access=public", files=files), 201)
    image = account.post(f"{base}/appusers/ann/images", data={"role": "appMaker"}, files=files)
    expect(image, 201)
    # As the user themselves: a replay must not need the token to be valid still.
    token = sign_jwt(SecretKey(key["_id"], key["secret"], "k", "app"), "appUser", "ann")
    mine = {"role": "appUser", "type": "text", "text": "me"}
    expect(account.post("/v1.1/appusers/ann/messages", auth=_bearer(token), json=mine), 201)
    for action, body in [
        ("message", {"user": "bob", "text": "hi", "channel": "messenger"}),
        ("postback", {"user": "ann", "actionId": postback["_id"]}),
        ("payment", {"user": "ann", "actionId": buy["_id"]}),
        ("read", {"user": "ann"}),
        ("typing", {"user": "ann"}),
        ("conversation-start", {"user": "cy"}),
        ("referral", {"user": "cy", "referral": {"code": "x"}}),
    ]:
        assert account.post(f"{control}/simulate/{action}", json=body).status_code in (200, 201)
    link = {"type": "twilio", "phoneNumber": "+15145550000", "confirmation": {"type": "prompt"}}
    expect(account.post(f"{base}/appusers/ann/channels", json=link), 200)
    expect(account.post(f"{control}/simulate/link", json={"user": "ann"}), 200)
    notification = {
        "destination": {"integrationId": twilio["_id"], "destinationId": "+15145550001"},
        "author": {"role": "appMaker"},
        "message": {"type": "text", "text": "Invoice"},
    }
    sent = expect(account.post(f"/v1/apps/{app_id}/notifications", json=notification), 201)
    report = {"notificationId": sent.json()["notification"]["_id"], "stage": "user"}
    expect(account.post(f"{control}/simulate/notification-delivery", json=report), 200)
    for trigger in TRIGGERS:
        expect(account.post(f"{control}/triggers/{trigger}", json={}), 201)
    users = expect(account.get(f"{control}/appusers"), 200).json()["appUsers"]
    anonymous = sorted(u["appUser"]["_id"] for u in users if "userId" not in u["appUser"])
    ann = expect(account.get(f"{base}/appusers/ann"), 200).json()["appUser"]["_id"]
    merge = {"surviving": {"_id": ann}, "discarded": {"_id": anonymous[0]}}
    expect(account.post(f"{base}/appusers/merge", json=merge), 200)
    expect(account.delete(f"{base}/appusers/bob/messages"), 200)
    expect(account.delete(f"{base}/appusers/{anonymous[1]}"), 200)
    to_nobody = {"role": "appMaker", "type": "text", "text": "x"}
    expect(account.post(f"{base}/appusers/nobody/messages", json=to_nobody), 404)
    ops = expect(account.post("/v1.1/serviceaccounts", json={"name": "ops"}), 201).json()
    path = f"/v1.1/serviceaccounts/{ops['serviceAccount']['_id']}/keys"
    expect(account.post(path, json={"name": "sk"}), 201)
    expect(account.post("/v1.1/whatsapp/deployments", json={"hosting": "smooch"}), 201)
    gone = expect(account.post("/v1.1/apps", json={"name": "Gone"}), 201).json()["app"]["_id"]
    expect(account.delete(f"/v1.1/apps/{gone}"), 200)


def _bearer(token: str) -> Callable[[httpx.Request], httpx.Request]:
    def sign(request: httpx.Request) -> httpx.Request:
        request.headers["authorization"] = f"Bearer {token}"
        return request

    return sign


class ServeProcess:
    """`smooch-mock serve` in a child process, on a free port."""

    def __init__(self, state: Path, interval: float = 5.0, *options: str) -> None:
        command = [sys.executable, "-m", "smooch_mock", "serve", "--port", "0", "--quiet"]
        command += ["--state", str(state), "--state-interval", str(interval), *options]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        first_line = self.process.stdout.readline()
        assert " at http://" in first_line, first_line + self.process.stderr.read()
        self.url = first_line.split(" at ", 1)[1].strip()
        self.lines = [first_line] + [self.process.stdout.readline() for _ in range(6)]
        self.errors: list[str] = []
        """What the server wrote to stderr so far."""
        threading.Thread(target=self.process.stdout.read, daemon=True).start()
        threading.Thread(
            target=lambda stream: self.errors.extend(stream),
            args=(self.process.stderr,),
            daemon=True,
        ).start()

    def app_auth(self) -> tuple[str, str]:
        """The app key id and secret from the banner."""
        return banner_value(self.lines, "App key id"), banner_value(self.lines, "App secret")

    def state(self) -> dict[str, object]:
        result: dict[str, object] = httpx.get(self.url + "/_mock/state").json()
        return result

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=20)


def banner_value(lines: list[str], label: str) -> str:
    return next(line.split(label, 1)[1].strip() for line in lines if line.strip().startswith(label))
