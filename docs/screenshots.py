"""Make the dashboard screenshots in docs/ (needs Playwright and Debian's /usr/bin/chromium)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect, sync_playwright

from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread

DOCS = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
USERS = [("marie", "Marie", "Tremblay"), ("sam", "Sam", "Lee"), ("ana", "Ana", "Souza")]
RGB = tuple[int, int, int]


def png(width: int, height: int, top: RGB, bottom: RGB) -> bytes:
    """A vertical-gradient PNG, so the demo pictures need no network."""
    rows = []
    for y in range(height):
        t = y / max(height - 1, 1)
        pixel = bytes(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        rows.append(b"\x00" + pixel * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"".join(rows))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


class Shop:
    """The demo app, driven like a real integration: Smooch API with the app key, plus the
    control API to play the end users."""

    def __init__(self, fake: FakeSmooch, base_url: str) -> None:
        app, key = fake.create_app_with_key("Acme Shoes")
        self.app_id = app.id
        self.base_url = base_url
        self.auth = (key.id, key.secret)
        self.api = httpx.Client(base_url=f"{base_url}/v1.1/apps/{app.id}", auth=self.auth)
        self.v2 = httpx.Client(base_url=f"{base_url}/v2/apps/{app.id}", auth=self.auth)
        self.control = httpx.Client(base_url=f"{base_url}/_mock/apps/{app.id}")

    def webhook(self, version: str, body: dict[str, Any]) -> None:
        url = f"{self.base_url}/{version}/apps/{self.app_id}/webhooks"
        httpx.post(url, auth=self.auth, json=body).raise_for_status()

    def upload(self, name: str, data: bytes) -> str:
        files = {"source": (name, data, "image/png")}
        answer = self.api.post("/attachments", params={"access": "public"}, files=files)
        answer.raise_for_status()
        return str(answer.json()["mediaUrl"])

    def user_writes(self, user: str, channel: str, body: dict[str, Any]) -> str:
        answer = self.control.post(
            "/simulate/message", json={"user": user, "channel": channel, **body}
        )
        answer.raise_for_status()
        return str(answer.json()["appUser"]["_id"])

    def call_v2(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = self.v2.request(method, path, json=body)
        answer.raise_for_status()
        return answer.json()

    def business(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        message = {"role": "appMaker", "name": "Acme Shoes", **body}
        answer = self.api.post(f"/appusers/{user}/messages", json=message)
        answer.raise_for_status()
        return dict(answer.json()["message"])


def seed_v2(shop: Shop, good: str) -> str:
    """Two custom integrations in a switchboard and a group conversation: the group's id."""
    made = {}
    for name, path, triggers in (
        ("Order bot", "bot", ["conversation:message", "conversation:postback"]),
        ("Agent desk", "desk", ["switchboard:passControl", "switchboard:acceptControl"]),
    ):
        webhook = {"target": f"{good}/sunshine/{path}", "triggers": triggers}
        body = {"type": "custom", "displayName": name, "webhooks": [webhook]}
        made[name] = shop.call_v2("POST", "/integrations", body)["integration"]["id"]
    switchboard = shop.call_v2("POST", "/switchboards")["switchboard"]["id"]
    members = f"/switchboards/{switchboard}/switchboardIntegrations"
    bot = shop.call_v2("POST", members, {"name": "bot", "integrationId": made["Order bot"]})
    shop.call_v2("POST", members, {"name": "agent", "integrationId": made["Agent desk"]})
    default = {
        "enabled": True,
        "defaultSwitchboardIntegrationId": bot["switchboardIntegration"]["id"],
    }
    shop.call_v2("PATCH", f"/switchboards/{switchboard}", default)
    people = [{"userExternalId": u, "subscribeSDKClient": False} for u in ("marie", "sam")]
    body = {"type": "sdkGroup", "displayName": "Team order", "participants": people}
    group = str(shop.call_v2("POST", "/conversations", body)["conversation"]["id"])
    for user, text in (("marie", "Can we order 6 pairs for the club?"), ("sam", "Size 42 for me!")):
        answer = shop.control.post(
            "/simulate/message", json={"user": user, "conversationId": group, "text": text}
        )
        answer.raise_for_status()
    reply = {"type": "text", "text": "Sure! An agent will confirm the team discount."}
    shop.call_v2(
        "POST",
        f"/conversations/{group}/messages",
        {"author": {"type": "business", "displayName": "Order bot"}, "content": reply},
    )
    shop.call_v2("POST", f"/conversations/{group}/passControl", {"switchboardIntegration": "agent"})
    return group


def seed(fake: FakeSmooch, base_url: str, good: str, broken: str) -> tuple[str, str, str]:
    """Webhooks, three users, a conversation with every message type and a v2 group:
    (app id, user id, group conversation id)."""
    shop = Shop(fake, base_url)
    shop.webhook("v1.1", {
        "target": f"{good}/smooch/webhook", "includeClient": True,
        "triggers": ["message:appUser", "message:appMaker", "postback", "conversation:start"],
    })  # fmt: skip
    shop.webhook("v1", {"target": f"{broken}/legacy/hook", "triggers": ["message:appUser"]})
    for user, given, surname in USERS:
        body = {"userId": user, "givenName": given, "surname": surname}
        shop.api.post("/appusers", json=body).raise_for_status()
    shoe = shop.upload("runner.png", png(240, 150, (91, 63, 209), (236, 232, 251)))
    boot = shop.upload("boot.png", png(240, 150, (23, 128, 74), (227, 245, 235)))
    sandal = shop.upload("sandal.png", png(240, 150, (200, 120, 30), (255, 244, 214)))
    details = [{"type": "postback", "text": "Details", "payload": "DETAILS"}]

    def product(title: str, description: str, picture: str) -> dict[str, Any]:
        return {"title": title, "description": description, "mediaUrl": picture, "actions": details}

    shop.user_writes("sam", "web", {"text": "Do you ship to Canada?"})
    marie = shop.user_writes("marie", "messenger", {"text": "Hi! I'm looking for running shoes 👟"})
    shop.business(marie, {
        "type": "text", "text": "Hello Marie! Happy to help. What are you training for?",
        "actions": [{"type": "reply", "text": "Marathon", "payload": "MARATHON"},
                    {"type": "reply", "text": "Trail", "payload": "TRAIL"}],
    })  # fmt: skip
    shop.user_writes(
        marie, "messenger", {"message": {"type": "text", "text": "Trail", "payload": "TRAIL"}}
    )
    shop.business(marie, {"type": "carousel", "items": [
        product("Trail Runner 3", "$129 · grippy outsole", shoe),
        product("Summit Boot", "$189 · waterproof", boot),
        product("River Sandal", "$59 · quick-dry", sandal),
    ]})  # fmt: skip
    shop.business(marie, {"type": "image", "mediaUrl": shoe, "altText": "Trail Runner 3"})
    shop.business(marie, {
        "type": "location", "coordinates": {"lat": 45.5017, "long": -73.5673},
        "location": {"name": "Acme Shoes Montréal", "address": "123 Rue Sainte-Catherine"},
    })  # fmt: skip
    sizes = [{"name": "41", "label": "41"}, {"name": "42", "label": "42"}]
    form = shop.business(marie, {"type": "form", "fields": [
        {"type": "text", "name": "name", "label": "Your name"},
        {"type": "select", "name": "size", "label": "Shoe size", "options": sizes},
    ]})  # fmt: skip
    shop.user_writes(marie, "messenger", {"message": {
        "type": "formResponse", "quotedMessage": {"type": "message", "content": form},
        "fields": [{"type": "text", "name": "name", "label": "Your name", "text": "Marie"},
                   {"type": "select", "name": "size", "label": "Shoe size", "select": sizes[1:]}],
    }})  # fmt: skip
    shop.business(marie, {
        "type": "text", "text": "Thanks Marie! Your size 42 pair is reserved.",
        "actions": [{"type": "buy", "text": "Pay now", "amount": 12900},
                    {"type": "link", "text": "Order page", "uri": "https://example.com/orders/42"}],
    })  # fmt: skip
    shop.user_writes("ana", "whatsapp", {"text": "Is the Summit Boot true to size?"})
    group = seed_v2(shop, good)
    fake.webhooks.engine.wait_idle(30)
    return shop.app_id, marie, group


def save(page: Page, name: str, *, full_page: bool = False) -> None:
    page.screenshot(path=str(DOCS / name), full_page=full_page)
    print("wrote", DOCS / name)


def shoot(page: Page, base: str, marie: str, group: str) -> None:
    page.goto(f"{base}/webhooks")
    page.get_by_role("button", name="Add webhook").click()
    page.get_by_label("Target URL").fill("https://my-app.example.com/smooch")
    page.get_by_role("checkbox", name="message:appUser", exact=True).check()
    page.get_by_role("checkbox", name="postback", exact=True).check()
    save(page, "dashboard-webhooks.png", full_page=True)

    page.goto(f"{base}/conversations/{marie}")
    expect(page.locator("body")).to_have_attribute("data-live", "live")
    page.locator(".bubble.type-carousel").scroll_into_view_if_needed()
    save(page, "dashboard-conversation.png")

    page.goto(f"{base}/integrations")
    expect(page.locator(".switchboard-member")).to_have_count(2)
    save(page, "dashboard-integrations.png", full_page=True)

    page.goto(f"{base}/conversations/{group}")
    expect(page.locator(".active-integration")).to_have_text("agent (custom)")
    save(page, "dashboard-group.png")

    page.goto(f"{base}/deliveries")
    page.get_by_label("State").select_option("failed")
    failed = page.locator(".delivery-row-item.state-failed .delivery-row").first
    expect(failed).to_contain_text("6 attempts")
    failed.click()
    expect(page.locator(".delivery-detail tr.attempt")).to_have_count(6)
    save(page, "dashboard-deliveries.png")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/conversations/{marie}")
    expect(page.locator("body")).to_have_attribute("data-live", "live")
    save(page, "dashboard-mobile.png")


def main() -> None:
    fake = FakeSmooch(seed=7, webhook_retry_base=0.01)
    with WebhookReceiver() as good, WebhookReceiver() as broken, ServerThread(fake) as server:
        broken.respond_with(500)
        app_id, marie, group = seed(fake, server.url, good.url, broken.url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            shoot(page, f"{server.url}/#/apps/{app_id}", marie, group)
            browser.close()


if __name__ == "__main__":
    main()
