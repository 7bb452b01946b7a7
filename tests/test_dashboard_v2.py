"""The dashboard speaks v2 (real Chromium, real server, real receiver): custom integrations and
their webhooks made through the v2 API, conversations of every type with the author of each
message, the switchboard state with its buttons, and v2 deliveries in the delivery log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sunshine_conversations_client as sunco
from browser_support import Console, browser, console, expect, needs_chromium, page
from v2_clients import configured_client

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.fake import FakeSmooch
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.schemas import validate, webhook_schema_name
from smooch_mock.server import ServerThread
from smooch_mock.store import WebhookInput
from smooch_mock.store.models import App

__all__ = ["browser", "console", "page"]  # fixtures, imported for this module's tests


@dataclass
class Site:
    """A fake on a real port, one app, a real receiver and the official v2 client for the app."""

    fake: FakeSmooch
    server: ServerThread
    app: App
    receiver: WebhookReceiver
    api: sunco.ApiClient

    def url(self, section: str = "") -> str:
        return f"{self.server.url}/#/apps/{self.app.id}/{section}"

    def user(self, external_id: str, given_name: str) -> Any:
        body = sunco.UserCreateBody(
            external_id=external_id, profile=sunco.Profile(given_name=given_name, surname="Lee")
        )
        return sunco.UsersApi(self.api).create_user(self.app.id, body).user

    def group(self, name: str, *user_ids: str) -> Any:
        participants = [
            sunco.ParticipantSubSchema(
                sunco.ParticipantWithUserId(user_id=user_id, subscribe_sdk_client=False)
            )
            for user_id in user_ids
        ]
        body = sunco.ConversationCreateBody(
            type="sdkGroup", display_name=name, participants=participants
        )
        return sunco.ConversationsApi(self.api).create_conversation(self.app.id, body).conversation

    def custom_integration(self, name: str, target: str, triggers: list[str]) -> Any:
        webhook = sunco.Webhook(target=target, triggers=triggers)
        body = sunco.Custom(type="custom", display_name=name, webhooks=[webhook])
        return sunco.IntegrationsApi(self.api).create_integration(self.app.id, body).integration


@pytest.fixture
def site() -> Iterator[Site]:
    fake = FakeSmooch(seed=11, webhook_retry_base=0.01, webhook_timeout=5)
    app, _ = fake.create_app_with_key("Sunshine app")
    with WebhookReceiver() as receiver, ServerThread(fake) as server:
        # The account key, as the page itself calls v2: Basic auth is all the client is given.
        yield Site(fake, server, app, receiver, configured_client(server.url, fake.account_key))
    fake.close()
    assert not fake.internal_errors, [e.traceback for e in fake.internal_errors]


def v2_payloads(receiver: WebhookReceiver, webhook_id: str, event_type: str) -> list[Any]:
    return [
        p for p in receiver.payloads(event_type) if p.get("webhook", {}).get("id") == webhook_id
    ]


@needs_chromium
def test_a_custom_integration_made_on_the_page_hears_a_group_message_and_the_hand_off(
    page: Any, console: Console, site: Site
) -> None:
    fake, app, receiver = site.fake, site.app, site.receiver
    ann, bob = site.user("ann-1", "Ann"), site.user("bob-2", "Bob")
    group = site.group("Support group", ann.id, bob.id)
    site.custom_integration("Agent desk", f"{receiver.url}/agent", ["conversation:read"])

    page.goto(site.url("integrations"))
    page.get_by_role("button", name="Add custom integration").click()
    page.get_by_label("Display name").fill("Order bot")
    page.get_by_label("Webhook target URL").fill(f"{receiver.url}/bot")
    expect(page.get_by_role("checkbox", name="conversation:message", exact=True)).to_be_checked()
    page.get_by_role("checkbox", name="switchboard:passControl", exact=True).check()
    page.get_by_role("button", name="Create integration").click()
    card = page.locator("article.integration", has_text="Order bot")
    expect(card.locator(".integration-webhook .badge")).to_have_text("v2")
    expect(card.locator(".integration-webhook .chip")).to_have_text(
        ["conversation:message", "switchboard:passControl"]
    )
    bot_integration = next(
        i for i in fake.store.list_integrations(app.id) if i.display_name == "Order bot"
    )
    (hook,) = bot_integration.webhooks
    assert (hook.version, hook.target) == ("v2", f"{receiver.url}/bot")

    switchboard = page.get_by_role("region", name="Switchboard")
    switchboard.get_by_role("button", name="Create a switchboard").click()
    for name, integration in (("bot", "Order bot"), ("agent", "Agent desk")):
        switchboard.get_by_label("Name", exact=True).fill(name)
        switchboard.get_by_label("Integration", exact=True).select_option(label=integration)
        switchboard.get_by_role("button", name="Add to the switchboard").click()
        expect(switchboard.locator(".member-name", has_text=name)).to_be_visible()
    bot_row = switchboard.locator(".switchboard-member", has_text="bot")
    bot_row.get_by_role("button", name="Make default").click()
    expect(bot_row.locator(".badge")).to_have_text("default")
    switchboard.get_by_role("button", name="Turn on").click()
    expect(switchboard.get_by_role("button", name="Turn off")).to_be_visible()

    page.get_by_role("link", name="Conversations").click()
    page.locator("a.conversation", has_text="Support group").click()
    page.get_by_label("Write as", exact=True).select_option(label="Bob Lee")
    page.get_by_label("Message", exact=True).fill("Where is my order?")
    page.get_by_role("button", name="Send", exact=True).click()
    log = page.get_by_role("log", name="Messages")
    written = log.locator(".msg.from-user", has_text="Where is my order?")
    expect(written.locator(".author")).to_have_text("Bob Lee · bob-2")

    receiver.wait_for(1, timeout=10, trigger="conversation:message")
    (envelope,) = v2_payloads(receiver, hook.id, "conversation:message")
    validate(envelope, webhook_schema_name("conversation:message", "v2"))
    (event,) = envelope["events"]
    assert event["payload"]["conversation"]["id"] == group.id
    assert event["payload"]["message"]["author"]["userId"] == bob.id
    assert event["payload"]["message"]["content"] == {
        "type": "text",
        "text": "Where is my order?",
    }

    panel = page.get_by_role("region", name="Switchboard")
    expect(panel.locator(".active-integration")).to_have_text("bot (custom)")
    panel.get_by_label("Switchboard integration").select_option(label="agent (custom)")
    panel.get_by_role("button", name="Pass control").click()
    expect(panel.locator(".active-integration")).to_have_text("agent (custom)")
    agent = next(
        m
        for m in fake.store.list_switchboard_integrations(app.id, fake_switchboard(fake, app))
        if m.name == "agent"
    )
    assert fake.store.conversation(app.id, group.id).active_switchboard_integration_id == agent.id
    receiver.wait_for(1, timeout=10, trigger="switchboard:passControl")
    (passed,) = v2_payloads(receiver, hook.id, "switchboard:passControl")
    validate(passed, webhook_schema_name("switchboard:passControl", "v2"))
    (pass_event,) = passed["events"]
    assert pass_event["payload"]["conversation"]["activeSwitchboardIntegration"]["name"] == "agent"

    page.get_by_role("link", name="Delivery log").click()
    row = page.locator(".delivery-row", has_text="switchboard:passControl")
    expect(row.locator(".badge.state")).to_have_text("delivered")
    expect(row.locator(".row-version")).to_have_text("v2")
    row.click()
    detail = page.get_by_role("region", name="Delivery detail")
    batch = detail.locator("tr.batch-event")
    expect(batch).to_have_count(1)
    expect(batch).to_contain_text("switchboard:passControl")
    expect(batch).to_contain_text(pass_event["id"])
    console.assert_clean()


def fake_switchboard(fake: FakeSmooch, app: App) -> str:
    (switchboard,) = fake.store.list_switchboards(app.id)
    return switchboard.id


@needs_chromium
def test_the_conversation_list_shows_every_type_and_a_group_shows_who_wrote_what(
    page: Any, console: Console, site: Site
) -> None:
    fake, app = site.fake, site.app
    with fake.lock:
        fake.store.create_webhook(
            app.id, WebhookInput(site.receiver.url, ["conversation:postback"]), version="v2"
        )
    ann, bob = site.user("ann-1", "Ann"), site.user("bob-2", "Bob")
    group = site.group("Support group", ann.id, bob.id)
    fake.simulate.write(app.id, "Hello from Ann", user=ann.id, conversation=group.id)
    messages = sunco.MessagesApi(site.api)
    for content in (
        {"type": "text", "text": "How can we help?"},
        {
            "type": "carousel",
            "items": [
                {
                    "title": "Blue shoes",
                    "actions": [{"type": "postback", "text": "Buy these", "payload": "SHOES"}],
                }
            ],
        },
        {"type": "location", "coordinates": {"lat": 45.5, "long": -73.56}},
    ):
        body = {"author": {"type": "business", "displayName": "Helper"}, "content": content}
        messages.post_message(app.id, group.id, sunco.MessagePost.from_dict(body))
    fake.simulate.write(app.id, "Just me", user="cy-3", name=("Cy", "Lee"))

    page.goto(site.url("conversations"))
    items = page.locator("a.conversation")
    expect(items).to_have_count(4)  # the group, and Ann's, Bob's and Cy's own conversations
    in_group = items.filter(has_text="Support group")
    expect(in_group.locator(".type-chip")).to_have_text("sdkGroup")
    expect(in_group.locator(".conversation-people")).to_have_text(
        "2 participants: Ann Lee, Bob Lee"
    )
    expect(in_group.locator(".conversation-meta")).to_contain_text("4 messages")
    expect(in_group.locator(".conversation-last")).to_contain_text("↩ Helper: Location shared")
    cy = items.filter(has_text="Cy Lee")
    expect(cy.locator(".type-chip")).to_have_text("personal")
    expect(cy.locator(".user-id")).to_have_text(" · cy-3")
    expect(cy.locator(".conversation-last")).to_have_text("Just me")

    in_group.click()
    people = page.get_by_role("list", name="Participants")
    expect(people.locator(".participant-name")).to_have_text(["Ann Lee", "Bob Lee"])
    log = page.get_by_role("log", name="Messages")
    expect(log.locator(".msg")).to_have_count(4)
    expect(log.locator(".msg.from-user .author")).to_have_text("Ann Lee · ann-1")
    expect(log.locator(".msg.from-business .author").first).to_have_text("Helper · business")
    expect(log.locator(".bubble.type-carousel")).to_contain_text("Blue shoes")
    expect(log.locator(".bubble.type-location")).to_contain_text("45.5, -73.56")

    fake.simulate.write(app.id, "Bob here, live", user=bob.id, conversation=group.id)
    live = log.locator(".msg", has_text="Bob here, live")
    expect(live.locator(".author")).to_have_text("Bob Lee · bob-2")
    expect(in_group.locator(".conversation-meta")).to_contain_text("5 messages")

    page.get_by_label("Write as", exact=True).select_option(label="Bob Lee")
    log.get_by_role("button", name="Buy these").click()  # a postback, tapped as Bob
    (postback,) = site.receiver.wait_for(1, timeout=10, trigger="conversation:postback")
    validate(postback, webhook_schema_name("conversation:postback", "v2"))
    tapped = postback["events"][0]["payload"]
    assert (tapped["user"]["id"], tapped["postback"]["payload"]) == (bob.id, "SHOES")
    assert tapped["conversation"]["id"] == group.id
    console.assert_clean()


@needs_chromium
def test_webhooks_of_a_custom_integration_are_added_edited_and_deleted_through_v2(
    page: Any, console: Console, site: Site
) -> None:
    fake, app, receiver = site.fake, site.app, site.receiver
    with fake.lock:
        legacy = fake.store.create_webhook(
            app.id, WebhookInput(f"{receiver.url}/legacy", ["message:appUser"]), version="v1.1"
        )
    page.goto(site.url("integrations"))
    old = page.locator("article.integration", has=page.locator(f'[data-webhook-id="{legacy.id}"]'))
    expect(old.locator(".integration-webhook .badge")).to_have_text("v1.1")
    expect(old.locator(".integration-webhook .chip")).to_have_text(["message:appUser"])
    expect(
        old.get_by_role("link", name="A v1.1 webhook: edit it on the Webhooks page")
    ).to_be_visible()
    expect(old.get_by_role("button", name="Edit webhook")).to_have_count(0)

    page.get_by_role("button", name="Add custom integration").click()
    page.get_by_label("Display name").fill("Order bot")
    page.get_by_label("Webhook target URL").fill("http://[::1/hook")  # only the server refuses it
    page.get_by_role("button", name="Create integration").click()
    refused = page.locator(".integration-form > .form-error")
    expect(refused).to_contain_text("target")
    assert [i.display_name for i in fake.store.list_integrations(app.id)] == [None]
    page.get_by_label("Webhook target URL").fill(f"{receiver.url}/first")
    page.get_by_role("button", name="Create integration").click()
    card = page.locator("article.integration", has_text="Order bot")
    expect(card.locator(".integration-webhook")).to_have_count(1)

    card.get_by_role("button", name="Add webhook").click()
    card.get_by_label("Webhook target URL").fill(f"{receiver.url}/second")
    card.get_by_role("checkbox", name="conversation:message", exact=True).uncheck()
    card.get_by_role("checkbox", name="conversation:postback", exact=True).check()
    card.get_by_role("button", name="Create webhook").click()
    webhooks = card.locator(".integration-webhook")
    expect(webhooks).to_have_count(2)
    second = webhooks.filter(has_text="/second")
    expect(second.locator(".chip")).to_have_text(["conversation:postback"])

    second.get_by_role("button", name="Edit webhook").click()
    card.get_by_role("checkbox", name="includeFullUser").check()
    card.get_by_role("checkbox", name="user:remove", exact=True).check()
    card.get_by_role("button", name="Save webhook").click()
    expect(second.locator(".chip")).to_have_text(["conversation:postback", "user:remove"])
    expect(second).to_contain_text("full user · truncated source")
    integration = next(i for i in fake.store.list_integrations(app.id) if i.display_name)
    saved = integration.webhooks[1]
    assert (saved.triggers, saved.include_full_user, saved.version) == (
        ["conversation:postback", "user:remove"],
        True,
        "v2",
    )

    second.get_by_role("button", name="Delete webhook").click()
    card.get_by_role("button", name="Yes, delete the webhook").click()
    expect(webhooks).to_have_count(1)
    assert [w.target for w in integration.webhooks] == [f"{receiver.url}/first"]

    card.get_by_role("button", name="Delete integration").click()
    card.get_by_role("button", name="Yes, delete it").click()
    expect(page.locator("article.integration", has_text="Order bot")).to_have_count(0)
    assert [i.webhooks[0].id for i in fake.store.list_integrations(app.id)] == [legacy.id]
    console.errors = [e for e in console.errors if "400 (Bad Request)" not in e]
    console.assert_clean()


@needs_chromium
def test_control_is_offered_accepted_and_released_from_the_page_and_errors_are_shown(
    page: Any, console: Console, site: Site
) -> None:
    fake, app = site.fake, site.app
    bot = site.custom_integration("Bot", f"{site.receiver.url}/bot", ["conversation:read"])
    desk = site.custom_integration("Desk", f"{site.receiver.url}/desk", ["conversation:read"])
    boards = sunco.SwitchboardsApi(site.api)
    switchboard = boards.create_switchboard(app.id).switchboard
    members = sunco.SwitchboardIntegrationsApi(site.api)
    for name, integration in (("bot", bot), ("agent", desk)):
        members.create_switchboard_integration(
            app.id,
            switchboard.id,
            sunco.SwitchboardIntegrationCreateBody(name=name, integration_id=integration.id),
        )
    boards.update_switchboard(app.id, switchboard.id, sunco.SwitchboardUpdateBody(enabled=True))
    user, _ = fake.simulate.write(app.id, "Hi", user="dee-4", name=("Dee", "Lee"))

    page.goto(site.url(f"conversations/{user.id}"))  # a user's id opens their own conversation
    panel = page.get_by_role("region", name="Switchboard")
    active, pending = panel.locator(".active-integration"), panel.locator(".pending-integration")
    expect(active).to_have_text("nobody")  # no default member: nobody was handed it
    expect(panel.get_by_role("button", name="Accept control")).to_be_disabled()
    expect(panel.get_by_role("button", name="Release control")).to_be_disabled()

    target = panel.get_by_label("Switchboard integration")
    target.select_option(label="agent (custom)")
    panel.get_by_role("button", name="Offer control").click()
    expect(pending).to_have_text("agent (custom)")
    panel.get_by_role("button", name="Accept control").click()
    expect(active).to_have_text("agent (custom)")
    expect(pending).to_have_text("nobody")
    panel.get_by_role("button", name="Release control").click()
    expect(active).to_have_text("nobody")
    conversation = user.default_conversation
    assert conversation.active_switchboard_integration_id is None

    (gone,) = [
        m
        for m in members.list_switchboard_integrations(
            app.id, switchboard.id
        ).switchboard_integrations
        if m.name == "bot"
    ]
    members.delete_switchboard_integration(app.id, switchboard.id, gone.id)
    target.select_option(label="bot (custom)")  # the page still offers it
    panel.get_by_role("button", name="Pass control").click()
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text("passControl failed")
    expect(alert).to_contain_text("not found")
    expect(active).to_have_text("nobody")
    console.errors = [e for e in console.errors if "404 (Not Found)" not in e]
    console.assert_clean()


@needs_chromium
def test_a_buy_action_is_paid_and_a_form_answered_as_the_user(
    page: Any, console: Console, site: Site
) -> None:
    fake, app, receiver = site.fake, site.app, site.receiver
    with fake.lock:
        fake.store.create_webhook(
            app.id,
            WebhookInput(receiver.url, ["payment:success", "message:appUser"]),
            version="v1.1",
        )
    user, _ = fake.simulate.write(app.id, "I want shoes", user="eve-5")
    for message in (
        {
            "type": "text",
            "text": "Pay here",
            "actions": [{"type": "buy", "text": "Pay", "amount": 1500}],
        },
        {"type": "form", "fields": [{"type": "text", "name": "size", "label": "Your size"}]},
    ):
        with fake.lock:
            fake.store.post_message(app.id, user.id, message_input({"role": "appMaker", **message}))
    ann = site.user("ann-1", "Ann")
    group = site.group("Shop group", ann.id)
    sunco.MessagesApi(site.api).post_message(
        app.id,
        group.id,
        sunco.MessagePost.from_dict(
            {
                "author": {"type": "business"},
                "content": {
                    "type": "text",
                    "text": "Pay here too",
                    "actions": [{"type": "buy", "text": "Pay", "amount": 900}],
                },
            }
        ),
    )

    page.goto(site.url(f"conversations/{user.id}"))
    log = page.get_by_role("log", name="Messages")
    log.get_by_role("button", name=re.compile(r"^Pay · ")).click()
    expect(log.get_by_role("button", name=re.compile(r"^Pay \(paid "))).to_be_disabled()
    (paid,) = receiver.wait_for(1, timeout=10, trigger="payment:success")
    assert paid["appUser"]["_id"] == user.id

    log.get_by_label("Your size").fill("42")
    log.get_by_role("button", name="Submit as the user").click()
    expect(log.locator(".bubble.type-formResponse")).to_contain_text("42")
    expect(log.locator(".bubble.type-form")).to_contain_text("Submitted")
    answers = receiver.wait_for(2, timeout=10, trigger="message:appUser")
    assert answers[-1]["messages"][0]["type"] == "formResponse"

    page.goto(site.url(f"conversations/{group.id}"))
    buy = page.get_by_role("log", name="Messages").get_by_role(
        "button", name=re.compile(r"^Pay · ")
    )
    expect(buy).to_be_disabled()  # payments are simulated in a user's own conversation only
    console.assert_clean()
