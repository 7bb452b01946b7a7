"""The dashboard where the eye is (real Chromium): a compact delivery log, visible form errors,
every tab on a phone, and the app's credentials to copy."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from browser_support import Console, browser, console, expect, needs_chromium, page
from webhook_support import wait_until

from smooch_mock.clock import FakeClock
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import WebhookInput
from smooch_mock.store.inputs import ConversationInput
from smooch_mock.store.models import App
from smooch_mock.store.switchboards import SwitchboardIntegrationInput

__all__ = ["browser", "console", "page"]  # fixtures, imported for this module's tests

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
DASH = "\u2013"  # the en dash the page writes in "1-50 of 200"


@dataclass
class Site:
    fake: FakeSmooch
    server: ServerThread
    app: App
    receiver: WebhookReceiver

    def url(self, section: str = "") -> str:
        return f"{self.server.url}/#/apps/{self.app.id}/{section}"


def _site(fake: FakeSmooch) -> Iterator[Site]:
    app, _ = fake.create_app_with_key("Layout app")
    with WebhookReceiver() as receiver, ServerThread(fake) as server:
        yield Site(fake, server, app, receiver)
    fake.close()
    assert not fake.internal_errors, [e.traceback for e in fake.internal_errors]


@pytest.fixture
def site() -> Iterator[Site]:
    yield from _site(FakeSmooch(seed=7, webhook_retry_base=0.0, webhook_timeout=5))


@pytest.fixture
def stuck_site() -> Iterator[Site]:
    """Retries wait on a fake clock that never moves: a failing delivery stays retrying."""
    yield from _site(FakeSmooch(seed=7, clock=FakeClock()))


def refused_url() -> str:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    return f"http://127.0.0.1:{port}/refused"


def in_viewport(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(
        box
        and box["height"] > 0
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


# -- the delivery log ------------------------------------------------------------------------------


@needs_chromium
def test_delivery_log_of_200_stays_under_two_viewports_and_opens_a_delivery(
    page: Any, console: Console, site: Site
) -> None:
    fake, app = site.fake, site.app
    with fake.lock:
        fake.store.create_webhook(
            app.id, WebhookInput(site.receiver.url + "/hook", ["message:appUser"]), version="v1.1"
        )
        fake.store.create_webhook(
            app.id, WebhookInput(refused_url(), ["message:appUser"]), version="v1.1"
        )
    for number in range(100):
        fake.simulate.write(app.id, f"message {number}", user=f"user-{number % 5}")
    assert fake.webhooks.engine.wait_idle(60)
    assert len(fake.webhooks.log.list(app.id)) == 200

    page.goto(site.url("deliveries"))
    rows = page.locator(".delivery-row")
    expect(rows).to_have_count(50)
    expect(page.locator(".page-range")).to_have_text(f"1{DASH}50 of 200")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2 * DESKTOP["height"], f"the log page is {height} px high"

    page.get_by_role("button", name="Older →").click()
    expect(page.locator(".page-range")).to_have_text(f"51{DASH}100 of 200")
    page.get_by_label("State").select_option("failed")
    expect(page.locator(".page-range")).to_have_text(f"1{DASH}50 of 100")

    failed = rows.first
    expect(failed).to_contain_text("connection refused · 6 attempts")
    failed.click()
    detail = page.get_by_role("region", name="Delivery detail")
    expect(detail.locator("tr.attempt")).to_have_count(6)
    expect(detail.locator("tr.attempt").first).to_contain_text("connection refused")
    expect(detail).not_to_contain_text("ClientConnectorError")
    expect(detail.locator("pre.payload").last).to_contain_text('"trigger": "message:appUser"')
    expect(failed).to_have_attribute("aria-current", "true")

    page.get_by_label("State").select_option("delivered")
    expect(rows.first.locator(".badge.state")).to_have_text("delivered")
    rows.first.click()
    expect(detail.locator(".answer pre")).to_have_text('{"received": true}')
    assert page.evaluate("document.documentElement.scrollHeight") < 2 * DESKTOP["height"]
    console.assert_clean()


@needs_chromium
def test_a_queued_delivery_says_what_it_waits_behind(
    page: Any, console: Console, stuck_site: Site
) -> None:
    fake, app, receiver = stuck_site.fake, stuck_site.app, stuck_site.receiver
    receiver.respond_with(500)
    with fake.lock:
        fake.store.create_webhook(
            app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
        )
    fake.simulate.write(app.id, "first", user="bob")
    wait_until(lambda: bool(fake.webhooks.log.list(app.id)[0].attempts), what="a first attempt")
    fake.simulate.write(app.id, "second", user="bob")

    page.goto(stuck_site.url("deliveries"))
    newest = page.locator(".delivery-row").first
    expect(newest).to_contain_text("queued behind 1")
    newest.click()
    expect(page.locator(".waiting")).to_have_text(
        "queued behind 1 to this webhook; the first is retrying after 1 failed attempt"
        " (last: HTTP 500)"
    )
    console.assert_clean()


# -- the webhook form ------------------------------------------------------------------------------


@needs_chromium
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_webhook_form_errors_are_inside_the_viewport_after_create(
    browser: Any, console: Console, site: Site, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    console.watch(page)
    page.goto(site.url("webhooks"))
    create = page.get_by_role("button", name="Create webhook")

    page.get_by_label("Target URL").fill("https://example.com/hook")
    page.get_by_label("Target URL").press("Enter")  # Create from the keyboard, no event picked
    error = page.get_by_text("Pick at least one event.")
    expect(error).to_be_visible()
    assert in_viewport(page, error), (viewport, error.bounding_box())
    page.evaluate("window.scrollTo(0, 0)")
    create.click()  # the button, far below on a phone
    assert in_viewport(page, error), (viewport, error.bounding_box())

    page.get_by_label("Target URL").fill("ftp://example.com/hook")
    page.get_by_role("checkbox", name="postback", exact=True).check()
    create.click()
    error = page.get_by_text("The target must be an http:// or https:// URL.")
    assert in_viewport(page, error), (viewport, error.bounding_box())
    expect(page.get_by_label("Target URL")).to_be_focused()
    expect(page.get_by_text("Pick at least one event.")).to_have_count(0)

    page.get_by_label("Target URL").fill("http://[::1/hook")  # a URL only the server refuses
    create.click()
    error = page.locator(".webhook-form > .form-error")
    expect(error).to_contain_text("target")
    assert in_viewport(page, error), (viewport, error.bounding_box())
    assert site.fake.store.list_webhooks(site.app.id) == []
    context.close()
    console.errors = [e for e in console.errors if "400 (Bad Request)" not in e]
    console.assert_clean()


# -- navigation on a phone -------------------------------------------------------------------------


@needs_chromium
def test_every_tab_is_reachable_on_a_phone(browser: Any, console: Console, site: Site) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    console.watch(page)
    page.goto(site.url("overview"))
    tabs = page.get_by_role("navigation", name="App sections").get_by_role("link")
    expect(tabs).to_have_count(6)
    for index, heading in enumerate(
        ["Layout app", "Webhooks", "Integrations", "Conversations", "Delivery log", "Trigger"]
    ):
        tab = tabs.nth(index)
        assert in_viewport(page, tab), (tab.inner_text(), tab.bounding_box())
        tab.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(tab).to_have_attribute("aria-current", "page")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
    console.assert_clean()


# -- credentials -----------------------------------------------------------------------------------


@needs_chromium
def test_overview_shows_the_apps_credentials_with_copy_buttons(
    browser: Any, console: Console, site: Site
) -> None:
    fake, app = site.fake, site.app
    (key,) = fake.store.list_app_keys(app.id)
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.server.url)
    page = context.new_page()
    console.watch(page)
    page.goto(site.url("overview"))
    credentials = page.get_by_role("region", name="Credentials")
    for value in (app.id, key.id, fake.account_key.id):
        expect(credentials).to_contain_text(value)
    expect(credentials).not_to_contain_text(key.secret)  # masked until revealed

    copied = {}
    for label, value in [
        ("app id", app.id),
        ("app key id", key.id),
        ("app key secret", key.secret),
        ("account key id", fake.account_key.id),
        ("account key secret", fake.account_key.secret),
    ]:
        credentials.get_by_role("button", name=f"Copy {label}", exact=True).click()
        expect(page.locator("#status")).to_contain_text("copied to the clipboard")
        copied[label] = page.evaluate("navigator.clipboard.readText()")
        assert copied[label] == value, label
    credentials.get_by_role("button", name="Reveal app key secret").click()
    expect(credentials).to_contain_text(key.secret)
    context.close()
    console.assert_clean()


@needs_chromium
def test_an_app_without_a_key_gets_one_from_the_overview(
    page: Any, console: Console, site: Site
) -> None:
    fake = site.fake
    with fake.lock:
        bare = fake.store.create_app("Keyless app")
    page.goto(f"{site.server.url}/#/apps/{bare.id}/overview")
    page.get_by_role("button", name="Create an app key").click()
    credentials = page.get_by_role("region", name="Credentials")
    expect(credentials.get_by_role("button", name="Copy app key id")).to_be_visible()
    (key,) = fake.store.list_app_keys(bare.id)
    expect(credentials).to_contain_text(key.id)
    console.assert_clean()


# -- the v2 views on a phone -----------------------------------------------------------------------


@needs_chromium
def test_the_v2_views_fit_a_phone_without_sideways_scrolling(
    browser: Any, console: Console, site: Site
) -> None:
    fake, app, receiver = site.fake, site.app, site.receiver
    long_target = (
        f"{receiver.url}/a/rather/long/path/to/the/sunshine/conversations/webhook/receiver"
    )
    with fake.lock:
        store = fake.store
        webhook = store.create_webhook(
            app.id,
            WebhookInput(long_target, ["conversation:message", "switchboard:passControl"]),
            version="v2",
        )
        store.create_webhook(
            app.id, WebhookInput(receiver.url, ["message:appUser"]), version="v1.1"
        )
        integration = store.webhook_integration(app.id, webhook.id)
        switchboard = store.create_switchboard(app.id)
        bot = store.create_switchboard_integration(
            app.id,
            switchboard.id,
            SwitchboardIntegrationInput(name="order-bot", integration_id=integration.id),
        )
        store.create_switchboard_integration(
            app.id,
            switchboard.id,
            SwitchboardIntegrationInput(name="agent", integration_type="zd:agentWorkspace"),
        )
        store.update_switchboard(app.id, switchboard.id, True, bot.id)
    ann, _ = fake.simulate.end_user(
        app.id, "ann-with-a-long-external-id-1234567890", name=("Ann", "Lee")
    )
    bob, _ = fake.simulate.end_user(app.id, "bob-2", channel="messenger")
    with fake.lock:
        group = fake.store.create_conversation(
            app.id,
            ConversationInput(
                type="sdkGroup",
                participant_user_ids=[ann.id, bob.id],
                display_name="A support group with a long display name for phones",
            ),
        )
    fake.simulate.write(app.id, "Where is my order? " * 8, user=ann.id, conversation=group.id)
    with fake.lock:
        fake.store.pass_control(app.id, group.id, "agent", None)
    assert fake.webhooks.engine.wait_idle(30)

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    console.watch(page)
    for section, ready in [
        ("integrations", ".switchboard-member"),
        ("conversations", "a.conversation"),
        (f"conversations/{group.id}", ".control-panel .active-integration"),
        ("deliveries", ".delivery-row"),
    ]:
        page.goto(site.url(section))
        expect(page.locator(ready).first).to_be_visible()
        if section == "deliveries":
            page.locator(".delivery-row", has_text="switchboard:passControl").click()
            expect(page.locator("tr.batch-event")).to_have_count(1)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (section, width)
        if section.startswith("conversations/"):
            send = page.get_by_role("button", name="Send", exact=True)
            send.scroll_into_view_if_needed()
            assert in_viewport(page, send), send.bounding_box()
            expect(page.locator(".active-integration")).to_have_text("agent (zd:agentWorkspace)")
    context.close()
    console.assert_clean()
