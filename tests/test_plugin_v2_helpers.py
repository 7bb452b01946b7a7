"""The `smooch` fixture's v2 side: the official v2 client's configuration, the end user writing
into v2 conversations, v2 deliveries and assertions, `version="v2"` as a test's default."""

from __future__ import annotations

import httpx
import pytest
import sunshine_conversations_client as sunco
from v2_webhook_support import assert_valid_v2_payload

from smooch_mock.receiver import WebhookReceiver
from smooch_mock.testing import IsolatedApp
from smooch_mock.testing.app import InProcessOnly


def business_says(smooch: IsolatedApp, conversation_id: str, text: str) -> sunco.Message:
    """A business text through the official v2 client, configured by the fixture."""
    api = sunco.MessagesApi(smooch.sunshine_api_client())
    body = {"author": {"type": "business"}, "content": {"type": "text", "text": text}}
    answer = api.post_message(smooch.app_id, conversation_id, sunco.MessagePost.from_dict(body))
    [message] = answer.messages
    return message


@pytest.mark.parametrize(("scope", "jwt"), [("app", False), ("app", True), ("account", False)])
def test_sunshine_configuration_points_the_official_client_at_this_app(
    smooch: IsolatedApp, scope: str, jwt: bool
) -> None:
    configuration = smooch.sunshine_configuration(scope, jwt=jwt)
    assert isinstance(configuration, sunco.Configuration)
    assert configuration.host == smooch.base_url
    if jwt:
        assert configuration.access_token and configuration.username is None
    else:
        expected = smooch.account_auth if scope == "account" else smooch.auth
        assert (configuration.username, configuration.password) == expected
    app = sunco.AppsApi(sunco.ApiClient(configuration)).get_app(smooch.app_id).app
    assert app.id == smooch.app_id


def test_sunshine_configuration_needs_the_served_fixture(smooch_mock: IsolatedApp) -> None:
    with pytest.raises(InProcessOnly, match="sunshine-conversations-client"):
        smooch_mock.sunshine_configuration()


@pytest.mark.smooch(version="v2")
def test_version_v2_shapes_webhooks_users_messages_and_api_url(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    assert smooch.api_url == f"{smooch.base_url}/v2"
    webhook = smooch.create_webhook(smooch_webhook_receiver.url)
    assert webhook["version"] == "v2" and webhook["triggers"] == ["conversation:message"]
    sent = smooch.user_writes("hi", user="bob", channel="ios")
    assert sent["author"]["type"] == "user" and sent["content"] == {"type": "text", "text": "hi"}
    [delivery] = smooch.wait_for_delivery(type="conversation:message")
    assert delivery.state == "delivered" and delivery.webhook_id == webhook["id"]
    [event] = smooch.events("conversation:message")
    assert event["payload"]["message"]["id"] == sent["id"]
    [received] = smooch_webhook_receiver.payloads("conversation:message")
    assert received == delivery.payload
    assert smooch_webhook_receiver.requests[0].headers["X-API-Key"] == webhook["secret"]
    assert_valid_v2_payload(received, "conversation:message")
    user = smooch.app_user("bob")
    assert user["externalId"] == "bob" and "_id" not in user
    assert [m["content"]["text"] for m in smooch.messages("bob")] == ["hi"]


@pytest.mark.smooch(version="v2")
def test_assertions_on_v2_messages_match_author_type_text_and_content_type(
    smooch: IsolatedApp,
) -> None:
    smooch.user_writes("hours?", user="bob")
    with smooch.fake.lock:
        default = smooch.fake.store.user(smooch.app_id, "bob").default_conversation.id
    posted = business_says(smooch, default, "We open at 9")
    found = smooch.assert_message_sent("bob", text="We open at 9")
    assert found["id"] == posted.id and found["source"]["type"] == "api:conversations"
    assert smooch.assert_message_sent("bob", text="We open at 9", role="appMaker") == found
    assert smooch.assert_message_sent("bob", "hours?", role="user", type="text")["id"]
    with pytest.raises(AssertionError) as failure:
        smooch.assert_message_sent("bob", text="We open at 10")
    assert str(failure.value).splitlines() == [
        "expected a message with role='business', text='We open at 10' in the conversation of"
        " 'bob'; it holds 2 message(s), nearest first:",
        "  - role='business' type='text' text='We open at 9' (similarity 0.88)",
        "  - role='user' type='text' text='hours?' (similarity 0.11)",
    ]
    with pytest.raises(ValueError, match="role must be one of"):
        smooch.assert_message_sent("bob", role="agent")


@pytest.mark.smooch(version="v2")
def test_the_end_user_writes_into_a_group_conversation(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    smooch.create_webhook(smooch_webhook_receiver.url, ["conversation:message"])
    group = smooch.create_group("ana", "bob", display_name="Team")
    assert group["type"] == "sdkGroup" and group["displayName"] == "Team"
    sent = smooch.user_writes("hello all", user="ana", conversation=group["id"])
    [delivery] = smooch.wait_for_delivery(type="conversation:message")
    payload = delivery.payload["events"][0]["payload"]
    assert payload["conversation"] == {"id": group["id"], "type": "sdkGroup"}
    assert payload["message"]["id"] == sent["id"]
    business_says(smooch, group["id"], "Welcome, Ana")
    history = smooch.messages(conversation=group["id"])
    assert [m["content"]["text"] for m in history] == ["hello all", "Welcome, Ana"]
    smooch.assert_message_sent(text="Welcome, Ana", conversation=group["id"])
    assert smooch.messages("ana") == [], "the group is not ana's default conversation"
    with pytest.raises(AssertionError, match="no conversation 'nope' in this app; nearest known"):
        smooch.messages(conversation="nope")


def test_wait_for_delivery_takes_v2_type_or_v1_trigger_but_not_two_different(
    smooch: IsolatedApp,
) -> None:
    with pytest.raises(ValueError, match="give trigger or type, not both"):
        smooch.wait_for_delivery("message:appUser", type="conversation:message")
    with pytest.raises(AssertionError, match="expected 1 finished 'conversation:message'"):
        smooch.wait_for_delivery(type="conversation:message", timeout=0.01)


def test_a_v11_test_can_subscribe_a_custom_integration_too(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    """Both generations see one change: the v1.1 helpers and a v2 webhook side by side."""
    v1_hook = smooch.create_webhook(smooch_webhook_receiver.url, ["message:appUser"])
    integration = smooch.create_custom_integration(
        smooch_webhook_receiver.url, ["conversation:message"], include_full_user=True
    )
    assert v1_hook["version"] == "v1.1"
    assert integration["type"] == "custom" and integration["webhooks"][0]["includeFullUser"]
    sent = smooch.user_writes("hi", user="bob")
    assert sent["role"] == "appUser", "a v1.1 test keeps v1.1 shapes"
    finished = smooch.wait_for_delivery(count=2)
    assert sorted(d.trigger for d in finished) == ["conversation:message", "message:appUser"]
    [event] = smooch.events("conversation:message")
    assert event["payload"]["message"]["id"] == sent["_id"]
    with pytest.raises(ValueError, match="not v2 event types: message:appUser"):
        smooch.create_custom_integration(smooch_webhook_receiver.url, ["message:appUser"])


@pytest.mark.smooch(version="v2")
def test_the_in_process_fixture_serves_v2_to_httpx(smooch_mock: IsolatedApp) -> None:
    assert smooch_mock.api_url == "https://api.smooch.io/v2"
    smooch_mock.user_writes("hi", user="bob")
    with smooch_mock.fake.lock:
        conversation = smooch_mock.fake.store.user(smooch_mock.app_id, "bob").default_conversation
    messages = f"/apps/{smooch_mock.app_id}/conversations/{conversation.id}/messages"
    body = {"author": {"type": "business"}, "content": {"type": "text", "text": "hello"}}
    with httpx.Client(base_url=smooch_mock.api_url, auth=smooch_mock.auth) as client:
        answer = client.post(messages, json=body)
        assert answer.status_code == 201, answer.text
        listed = client.get(messages).json()["messages"]
        missing = client.get(f"/apps/{smooch_mock.app_id}/users/nobody")
    assert [m["content"]["text"] for m in listed] == ["hi", "hello"]
    assert missing.status_code == 404
    assert missing.json() == {"errors": [{"code": "user_not_found", "title": "User not found"}]}
    smooch_mock.assert_message_sent("bob", text="hello")
    assert smooch_mock.respx.calls.call_count == 3


@pytest.mark.smooch(version="v2")
async def test_the_async_httpx_client_reaches_v2_in_process(smooch_mock: IsolatedApp) -> None:
    async with httpx.AsyncClient(base_url=smooch_mock.api_url) as client:
        headers = {"Authorization": f"Bearer {smooch_mock.jwt()}"}
        answer = await client.post(
            f"/apps/{smooch_mock.app_id}/users", json={"externalId": "ann"}, headers=headers
        )
    assert answer.status_code == 201, answer.text
    assert smooch_mock.app_user("ann")["id"] == answer.json()["user"]["id"]
