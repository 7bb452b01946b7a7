"""The dashboard in a real browser (Debian's Chromium): webhooks, chat, live replies, deliveries."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import smooch
from browser_support import Console, browser, console, expect, needs_chromium, page

from smooch_mock.api.v1 import wire
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import WebhookInput
from smooch_mock.store.models import App, SecretKey

__all__ = ["browser", "console", "page"]  # fixtures, imported for this module's tests

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f"
    "0005000201a5f3a9d20000000049454e44ae426082"
)


@dataclass
class Dashboard:
    """A fake on a real port, one app and its key, and a real webhook target."""

    fake: FakeSmooch
    server: ServerThread
    app: App
    key: SecretKey
    receiver: WebhookReceiver

    def url(self, page: str = "") -> str:
        return f"{self.server.url}/#/apps/{self.app.id}/{page}"


@pytest.fixture
def dashboard() -> Iterator[Dashboard]:
    fake = FakeSmooch(seed=42, webhook_retry_base=0.01, webhook_timeout=5)
    app, key = fake.create_app_with_key("Dashboard app")
    with WebhookReceiver() as receiver:
        server = ServerThread(fake).start()
        yield Dashboard(fake, server, app, key, receiver)
        server.stop()
    fake.close()  # its delivery engine's loop, or it is collected with tasks pending
    assert not fake.internal_errors, [e.traceback for e in fake.internal_errors]


@needs_chromium
def test_webhook_made_on_the_page_receives_what_the_user_writes_in_the_chat(
    page: Any, console: Console, dashboard: Dashboard
) -> None:
    receiver = dashboard.receiver
    page.goto(dashboard.url("webhooks"))
    target = page.get_by_label("Target URL")
    expect(target).to_be_focused()  # no webhook yet: the form is open, keyboard-first
    page.keyboard.type(f"{receiver.url}/smooch")
    for _ in range(3):  # version radios, the `*` wildcard, then the first message trigger
        page.keyboard.press("Tab")
    message_app_user = page.get_by_role("checkbox", name="message:appUser", exact=True)
    expect(message_app_user).to_be_focused()
    page.keyboard.press("Space")
    expect(message_app_user).to_be_checked()
    target.press("Enter")

    card = page.locator("article.webhook")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading")).to_have_text(f"{receiver.url}/smooch")
    (webhook,) = dashboard.fake.store.list_webhooks(dashboard.app.id)
    assert (webhook.triggers, webhook.version) == (["message:appUser"], "v1.1")
    card.get_by_role("button", name="Reveal secret").click()
    expect(card.locator(".secret")).to_have_text(webhook.secret)

    page.get_by_role("link", name="Conversations").click()
    page.get_by_label("First message").fill("Hello from the browser")
    page.get_by_role("button", name="Start as a new user").click()
    messages = page.get_by_role("log", name="Messages")
    expect(messages).to_contain_text("Hello from the browser")
    page.get_by_label("Message", exact=True).fill("And a second one from the composer")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(messages.locator(".msg.from-user")).to_have_count(2)

    payloads = receiver.wait_for(2, timeout=10, trigger="message:appUser")
    assert [p["messages"][0]["text"] for p in payloads] == [
        "Hello from the browser",
        "And a second one from the composer",
    ]
    assert receiver.requests[0].headers["X-API-Key"] == webhook.secret
    console.assert_clean()


@needs_chromium
def test_v1_webhook_is_created_edited_and_deleted_through_the_v1_api(
    page: Any, console: Console, dashboard: Dashboard
) -> None:
    store, app_id = dashboard.fake.store, dashboard.app.id
    page.goto(dashboard.url("webhooks"))
    page.get_by_label("Target URL").fill("https://example.com/legacy")
    page.get_by_label("v1 (legacy payloads)").check()
    page.get_by_role("checkbox", name="message", exact=True).check()  # a v1-only trigger
    page.get_by_role("button", name="Create webhook").click()
    card = page.locator("article.webhook")
    expect(card.locator(".badge")).to_have_text("v1")
    (webhook,) = store.list_webhooks(app_id)
    assert (webhook.version, webhook.triggers) == ("v1", ["message"])

    card.get_by_role("button", name="Edit").click()
    page.get_by_role("checkbox", name="postback", exact=True).check()
    page.get_by_label("includeFullAppUser").check()
    page.get_by_role("button", name="Save changes").click()
    expect(card.locator(".chip")).to_have_text(["message", "postback"])
    assert (webhook.triggers, webhook.include_full_user) == (["message", "postback"], True)

    card.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("No webhook yet")).to_be_visible()
    assert store.list_webhooks(app_id) == []
    console.assert_clean()


@needs_chromium
def test_business_reply_through_the_python_sdk_appears_live_and_its_postback_works(
    page: Any, console: Console, dashboard: Dashboard
) -> None:
    app_id, fake = dashboard.app.id, dashboard.fake
    with fake.lock:
        fake.store.create_webhook(
            app_id, WebhookInput(dashboard.receiver.url, ["postback"]), version="v1.1"
        )
    user, _ = fake.simulate.write(app_id, "Is anyone there?", user="sam", channel="messenger")
    page.goto(dashboard.url(f"conversations/{user.id}"))
    messages = page.get_by_role("log", name="Messages")
    expect(messages).to_contain_text("Is anyone there?")
    expect(page.locator("body")).to_have_attribute("data-live", "live")
    page.evaluate("window.notReloaded = true")

    config = smooch.configuration
    saved = (config.username, config.password)
    try:
        config.username, config.password = dashboard.key.id, dashboard.key.secret
        api = smooch.ConversationApi(smooch.ApiClient(host=dashboard.server.url))
        api.post_message(
            app_id,
            user.id,
            smooch.MessagePost(
                role="appMaker",
                type="text",
                text="Yes! How can we help?",
                actions=[
                    smooch.Action(type="postback", text="Track my order", payload="TRACK_ORDER")
                ],
            ),
        )
    finally:
        config.username, config.password = saved

    reply = messages.locator(".msg.from-business")
    expect(reply).to_contain_text("Yes! How can we help?")
    assert page.evaluate("window.notReloaded") is True
    reply.get_by_role("button", name="Track my order").click()
    (postback,) = dashboard.receiver.wait_for(1, timeout=10, trigger="postback")
    assert postback["postbacks"][0]["action"]["payload"] == "TRACK_ORDER"
    console.assert_clean()


@needs_chromium
def test_delivery_log_shows_every_attempt_to_a_failing_target_and_redelivers(
    page: Any, console: Console, dashboard: Dashboard
) -> None:
    app_id, fake, receiver = dashboard.app.id, dashboard.fake, dashboard.receiver
    receiver.respond_with(500)
    with fake.lock:
        fake.store.create_webhook(
            app_id, WebhookInput(f"{receiver.url}/broken", ["message:appUser"]), version="v1.1"
        )
    page.goto(dashboard.url("deliveries"))
    expect(page.locator("body")).to_have_attribute("data-live", "live")

    fake.simulate.write(app_id, "Hello?", user="ana", channel="web")
    entry = page.locator(".delivery-row").first
    expect(entry.locator(".badge.state")).to_have_text("failed")
    expect(entry).to_contain_text("HTTP 500 · 6 attempts")
    expect(entry).to_contain_text(f"{receiver.url.removeprefix('http://')}/broken")
    entry.click()
    detail = page.get_by_role("region", name="Delivery detail")
    attempts = detail.locator("tr.attempt")
    expect(attempts).to_have_count(6)  # the first attempt and 5 retries
    expect(attempts.nth(0)).to_contain_text("HTTP 500")
    expect(attempts.nth(5)).to_contain_text("HTTP 500")
    expect(detail.locator(".answer")).to_have_count(6)  # what the target answered, each time
    expect(detail).to_contain_text(f"{receiver.url}/broken")
    expect(detail.locator("pre.payload").last).to_contain_text('"trigger": "message:appUser"')

    receiver.respond_with(200)
    detail.get_by_role("button", name="Redeliver").click()
    redelivered = page.locator(".delivery-row-item.state-delivered")
    expect(redelivered).to_have_count(1)
    expect(redelivered).to_contain_text("HTTP 200 · 1 attempt")
    expect(detail.locator("tr.attempt")).to_have_count(1)
    expect(detail).to_contain_text("Redelivery of")
    console.assert_clean()


@needs_chromium
def test_every_page_and_message_type_renders_without_console_errors(
    page: Any, console: Console, dashboard: Dashboard
) -> None:
    app_id, fake = dashboard.app.id, dashboard.fake
    with fake.lock:
        fake.store.create_webhook(
            app_id, WebhookInput(dashboard.receiver.url, ["*"]), version="v1.1"
        )
    user = _conversation_with_every_message_type(dashboard)

    page.goto(f"{dashboard.server.url}/")
    expect(page.get_by_role("heading", name="Dashboard app")).to_be_visible()
    for section, heading in [
        ("overview", "Dashboard app"), ("webhooks", "Webhooks"), ("deliveries", "Delivery log"),
        ("conversations", "Conversations"), ("trigger", "Trigger"),
    ]:  # fmt: skip
        page.goto(dashboard.url(section))
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()

    page.get_by_label("Trigger", exact=True).select_option("conversation:start")
    page.get_by_label("text", exact=True).fill("unused by this trigger")
    page.get_by_role("button", name="Make it happen").click()
    expect(page.locator(".trigger-results .badge.state")).to_have_text("delivered")
    expect(page.locator(".trigger-results pre.payload")).to_contain_text('"conversation:start"')

    page.goto(dashboard.url(f"conversations/{user}"))
    log = page.get_by_role("log", name="Messages")
    for kind in ("text", "image", "file", "carousel", "list", "location", "form", "formResponse"):
        expect(log.locator(f".bubble.type-{kind}")).to_have_count(1)
    expect(log.get_by_role("img", name="A tiny picture")).to_be_visible()
    expect(log.get_by_role("button", name="More")).to_have_count(2)

    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("link", name="← All conversations")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    console.assert_clean()


def test_event_stream_forwards_store_events_and_forgets_a_closed_browser(
    dashboard: Dashboard,
) -> None:
    hub = dashboard.fake.live
    url = f"{dashboard.server.url}/_mock/apps/{dashboard.app.id}/events"
    with httpx.stream("GET", url, timeout=10) as response:
        assert response.headers["content-type"] == "text/event-stream"
        lines = (line for line in response.iter_lines() if line.startswith("data:"))
        assert next(lines) == 'data: {"kind":"ready"}'
        assert hub.subscriber_count == 1
        dashboard.fake.simulate.write(dashboard.app.id, "live!", user="lee")
        frames = [next(lines)]
        while '"kind":"message"' not in frames[-1] and len(frames) < 5:
            frames.append(next(lines))
        assert '"text":"live!"' in frames[-1], frames
    deadline = time.monotonic() + 5
    while hub.subscriber_count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert hub.subscriber_count == 0, "the stream of a closed connection is still subscribed"


def test_dashboard_is_served_at_the_root_with_its_assets(dashboard: Dashboard) -> None:
    with httpx.Client(base_url=dashboard.server.url) as client:
        index = client.get("/")
        assert (
            index.status_code == 200 and index.headers["content-type"] == "text/html; charset=utf-8"
        )
        assert "/_mock/dashboard/static/app.js" in index.text
        script = client.get("/_mock/dashboard/static/app.js")
        assert script.headers["content-type"] == "text/javascript; charset=utf-8"
        assert (
            client.get("/_mock/dashboard/static/style.css")
            .headers["content-type"]
            .startswith("text/css")
        )
        assert client.get("/_mock/dashboard/static/..%2Fassets.py").status_code == 404
        config = client.get("/_mock/dashboard/config").json()
        assert config["accountKeyId"] == dashboard.fake.account_key.id
        users = client.get(f"/_mock/apps/{dashboard.app.id}/appusers").json()
        assert users == {"appUsers": []}
        assert client.get("/_mock/health").json() == {"status": "ok"}


def _conversation_with_every_message_type(dashboard: Dashboard) -> str:
    """A user whose conversation holds one message of each of the 8 types; returns its `_id`."""
    fake, app_id = dashboard.fake, dashboard.app.id
    with fake.lock:
        picture = fake.store.upload_attachment(
            app_id, "tiny.png", "image/png", PNG_1X1, access="public"
        )
    media = fake.media_url(dashboard.server.url, picture)
    user, _ = fake.simulate.end_user(app_id, "eve", channel="web")
    more = {"type": "postback", "text": "More", "payload": "MORE"}
    item = {"title": "Blue shoes", "description": "Size 42", "mediaUrl": media, "actions": [more]}
    messages: list[dict[str, Any]] = [
        {
            "type": "text",
            "text": "Pick one",
            "actions": [{"type": "reply", "text": "Yes", "payload": "YES"}],
        },
        {"type": "image", "mediaUrl": media, "altText": "A tiny picture"},
        {"type": "file", "mediaUrl": media, "text": "The receipt"},
        {"type": "carousel", "items": [item]},
        {"type": "list", "items": [item]},
        {
            "type": "location",
            "coordinates": {"lat": 45.5, "long": -73.56},
            "location": {"name": "Shop"},
        },
        {"type": "form", "fields": [{"type": "text", "name": "name", "label": "Your name"}]},
    ]
    for message in messages:
        with fake.lock:
            posted = fake.store.post_message(
                app_id, user.id, message_input({"role": "appMaker", **message})
            )
    fake.simulate.write(
        app_id,
        {
            "type": "formResponse",
            "fields": [{"type": "text", "name": "name", "label": "Your name", "text": "Eve"}],
            "quotedMessage": {"type": "message", "content": wire.message(posted)},  # the form
        },
        user=user.id,
    )
    return user.id


@needs_chromium
def test_the_user_list_shows_the_user_id_beside_the_name(
    page: Any, console: Console, dashboard: Dashboard
) -> None:
    app_id, fake = dashboard.app.id, dashboard.fake
    fake.simulate.write(app_id, "hi", user="sam-42", name=("Sam", "Lee"))
    fake.simulate.write(app_id, "hello", user="anon-7")
    page.goto(dashboard.url("conversations"))
    named = page.locator("a.conversation", has_text="Sam Lee")
    expect(named.locator(".user-id")).to_have_text(" · sam-42")
    anonymous = page.locator("a.conversation", has_text="anon-7")
    expect(anonymous.locator(".user-name")).to_have_text("anon-7")
    expect(anonymous.locator(".user-id")).to_have_count(0)
    console.assert_clean()
