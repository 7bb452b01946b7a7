"""The `smooch` fixture's helpers used directly: credentials, simulation, waits, marker options."""

from __future__ import annotations

import httpx
import pytest
import smooch as smooch_sdk
from aiohttp import web

from smooch_mock.receiver import WebhookReceiver
from smooch_mock.testing import IsolatedApp, SmoochHarness, SmoochSettings


def test_app_key_account_key_and_jwts_are_accepted(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    with httpx.Client(base_url=smooch.api_url, timeout=10) as client:
        assert client.get("/appusers/bob", auth=smooch.auth).status_code == 200
        by_account = client.get(f"/apps/{smooch.app_id}/appusers/bob", auth=smooch.account_auth)
        assert by_account.status_code == 200, by_account.text
        for scope, user_id in (("app", None), ("appUser", "bob")):
            headers = {"Authorization": f"Bearer {smooch.jwt(scope, user_id)}"}
            answer = client.get("/appusers/bob", headers=headers)
            assert answer.status_code == 200, (scope, answer.text)
        account = {"Authorization": f"Bearer {smooch.jwt('account')}"}
        assert client.get(f"/apps/{smooch.app_id}", headers=account).status_code == 200


def test_jwt_refuses_an_appuser_token_without_user() -> None:
    harness = SmoochHarness.in_process()
    try:
        app = harness.isolated_app()
        with pytest.raises(ValueError, match="user_id"):
            app.jwt("appUser")
        with pytest.raises(ValueError, match="scope"):
            app.jwt("admin")
    finally:
        harness.close()


def test_python_sdk_client_sends_the_apps_credentials(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    api = smooch_sdk.ConversationApi(smooch.python_sdk_api_client())
    api.post_message(
        smooch.app_id, "bob", smooch_sdk.MessagePost(role="appMaker", type="text", text="hello")
    )
    smooch.assert_message_sent("bob", text="hello")
    account_api = smooch_sdk.AppApi(smooch.python_sdk_api_client(scope="account"))
    assert account_api.get_app(smooch.app_id).app.id == smooch.app_id


def test_python_sdk_credentials_set_the_configuration_and_restore_it(smooch: IsolatedApp) -> None:
    configuration = smooch_sdk.configuration
    before = (configuration.username, configuration.password)
    with smooch.python_sdk_credentials():
        assert (configuration.username, configuration.password) == (smooch.key_id, smooch.secret)
        api = smooch_sdk.AppUserApi(smooch_sdk.ApiClient(host=smooch.base_url))
        body = smooch_sdk.AppUserPreCreate(user_id="carol")
        created = api.pre_create_app_user(smooch.app_id, body)
        assert created.app_user.user_id == "carol"
    assert (configuration.username, configuration.password) == before


def test_smooch_core_options_point_node_at_the_fake(smooch: IsolatedApp) -> None:
    assert smooch.smooch_core_options == {
        "keyId": smooch.key_id,
        "secret": smooch.secret,
        "scope": "app",
        "serviceUrl": smooch.base_url,
    }


def test_each_test_app_is_deleted_with_its_keys(smooch_server: SmoochHarness) -> None:
    app = smooch_server.isolated_app()
    app.user_writes("hi", user="bob")
    app.close()
    with httpx.Client(base_url=app.api_url, timeout=10) as client:
        assert client.get("/appusers/bob", auth=app.auth).status_code == 401
        assert client.get(f"/apps/{app.app_id}", auth=app.account_auth).status_code == 401
    assert app.app_id not in smooch_server.fake.store.apps
    assert app.service_account_id not in smooch_server.fake.store.service_accounts


def test_apps_on_the_shared_server_do_not_see_each_other(smooch_server: SmoochHarness) -> None:
    first, second = smooch_server.isolated_app(), smooch_server.isolated_app()
    try:
        first.user_writes("mine", user="bob")
        with httpx.Client(base_url=second.api_url, timeout=10) as client:
            assert client.get("/appusers/bob", auth=second.auth).status_code == 404
            assert (
                client.get(f"/apps/{first.app_id}/appusers/bob", auth=second.auth).status_code
                == 403
            )
    finally:
        first.close()
        second.close()


def test_user_writes_reaches_a_subscribed_webhook(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    webhook = smooch.create_webhook(smooch_webhook_receiver.url + "/hook", ["message:appUser"])
    sent = smooch.user_writes("hi", user="bob", channel="ios")
    [delivery] = smooch.wait_for_delivery(trigger="message:appUser")
    assert delivery.state == "delivered"
    assert delivery.webhook_id == webhook["_id"]
    assert delivery.payload["messages"][0]["_id"] == sent["_id"]
    assert smooch.payloads("message:appUser") == [delivery.payload]
    [received] = smooch_webhook_receiver.payloads("message:appUser")
    assert received["messages"][0]["text"] == "hi"
    assert received["messages"][0]["source"]["type"] == "ios"


def test_end_user_actions_fire_their_triggers(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    triggers = ["postback", "conversation:read", "typing:appUser", "conversation:start"]
    smooch.create_webhook(smooch_webhook_receiver.url, triggers)
    smooch.starts_conversation("dora")
    smooch.user_writes("hi", user="bob")
    with httpx.Client(base_url=smooch.api_url, auth=smooch.auth, timeout=10) as client:
        answer = client.post(
            "/appusers/bob/messages",
            json={
                "role": "appMaker",
                "type": "text",
                "text": "Pick one",
                "actions": [{"type": "postback", "text": "Yes", "payload": "YES"}],
            },
        )
    assert answer.status_code == 201, answer.text
    smooch.taps_postback("bob", answer.json()["message"]["actions"][0]["_id"])
    smooch.reads("bob")
    smooch.types("bob")
    finished = smooch.wait_for_delivery(count=4)
    assert sorted(d.trigger for d in finished) == sorted(triggers)


def test_messages_are_the_wire_history_oldest_first(smooch: IsolatedApp) -> None:
    smooch.user_writes("one", user="bob")
    smooch.user_writes({"type": "text", "text": "two"}, user="bob")
    history = smooch.messages("bob")
    assert [m["text"] for m in history] == ["one", "two"]
    assert all(m["role"] == "appUser" and "_id" in m for m in history)


def test_assert_message_sent_shows_the_nearest_messages_first(smooch: IsolatedApp) -> None:
    smooch.user_writes("What are your opening hours?", user="bob")
    with httpx.Client(base_url=smooch.api_url, auth=smooch.auth, timeout=10) as client:
        for text in ("Hello!", "We open at 9 am."):
            body = {"role": "appMaker", "type": "text", "text": text}
            assert client.post("/appusers/bob/messages", json=body).status_code == 201
    with pytest.raises(AssertionError) as failure:
        smooch.assert_message_sent("bob", text="We open at 10 am.")
    text = str(failure.value)
    assert "expected a message with role='appMaker', text='We open at 10 am.'" in text
    assert "it holds 3 message(s), nearest first" in text
    lines = text.splitlines()[1:]
    assert "'We open at 9 am.'" in lines[0]
    assert "'Hello!'" in lines[-1] or "'What are your opening hours?'" in lines[-1]


def test_an_unknown_user_is_reported_with_the_nearest_known_ones(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="robert")
    with pytest.raises(
        AssertionError, match="no appUser 'bob' in this app; nearest known: 'robert'"
    ):
        smooch.assert_message_sent("bob", text="hi")


def test_wait_for_delivery_times_out_with_the_delivery_log(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    smooch_webhook_receiver.hang_next(1)
    smooch.create_webhook(smooch_webhook_receiver.url, ["message:appUser"])
    smooch.user_writes("hi", user="bob")
    with pytest.raises(AssertionError) as failure:
        smooch.wait_for_delivery(trigger="message:appUser", timeout=0.2)
    assert "expected 1 finished 'message:appUser' deliveries within 0.2s" in str(failure.value)
    assert "message:appUser → " in str(failure.value)
    assert ": pending (attempts: not tried yet; sending now)" in str(failure.value)


def test_wait_for_delivery_without_webhook_says_the_log_is_empty(smooch: IsolatedApp) -> None:
    smooch.user_writes("hi", user="bob")
    with pytest.raises(AssertionError, match="the delivery log of this app is empty"):
        smooch.wait_for_delivery(timeout=0.05)


async def test_async_waits_leave_the_event_loop_free_for_a_bot_on_it(smooch: IsolatedApp) -> None:
    seen: list[str] = []

    async def bot(request: web.Request) -> web.Response:
        seen.append((await request.json())["messages"][0]["text"])
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", bot)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        smooch.create_webhook(f"http://127.0.0.1:{port}/hook", ["message:appUser"])
        smooch.user_writes("async hi", user="bob")
        [delivery] = await smooch.wait_for_delivery_async(trigger="message:appUser")
        assert delivery.state == "delivered"
        assert seen == ["async hi"]
        async with httpx.AsyncClient(base_url=smooch.api_url, auth=smooch.auth) as client:
            body = {"role": "appMaker", "type": "text", "text": "back"}
            assert (await client.post("/appusers/bob/messages", json=body)).status_code == 201
        await smooch.assert_message_sent_async("bob", text="back")
    finally:
        await runner.cleanup()


# -- marker options -----------------------------------------------------------------------------


def test_by_default_tests_share_the_session_server(
    smooch: IsolatedApp, smooch_server: SmoochHarness
) -> None:
    assert smooch.base_url == smooch_server.base_url
    assert smooch.base_url.startswith("http://127.0.0.1:")
    assert smooch.app_id in smooch_server.fake.store.apps


@pytest.mark.smooch(seed=7)
def test_seed_gives_a_server_of_its_own_with_reproducible_ids(
    smooch: IsolatedApp, smooch_server: SmoochHarness
) -> None:
    assert smooch.base_url != smooch_server.base_url
    with SmoochHarness.in_process(SmoochSettings(seed=7)) as again:
        assert again.isolated_app().app_id == smooch.app_id


@pytest.mark.smooch(version="v1")
def test_version_v1_shapes_webhooks_messages_and_api_url(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    assert smooch.api_url.endswith("/v1")
    assert smooch.create_webhook(smooch_webhook_receiver.url)["version"] == "v1"
    smooch.user_writes("hi", user="bob")
    [message] = smooch.messages("bob")
    assert "actions" not in message and "metadata" not in message  # /v1 as recorded in 2018
    [delivery] = smooch.wait_for_delivery(trigger="message")  # v1's default trigger
    assert delivery.version == "v1"
    [sent] = delivery.payload["messages"]
    assert sent["actions"] == [] and sent["metadata"] == {}  # the 2016 v1 webhook payload


@pytest.mark.smooch(fake_clock=True, webhook_retry_base=30)
def test_fake_clock_drives_webhook_retries(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    smooch_webhook_receiver.fail_next(1, status=503)
    smooch.create_webhook(smooch_webhook_receiver.url, ["message:appUser"])
    sent = smooch.user_writes("hi", user="bob")
    assert sent["received"] == pytest.approx(smooch.clock.now())
    smooch.wait_for_pending_retry()
    [pending] = smooch.deliveries(state="pending")
    assert [a.status for a in pending.attempts] == [503]
    smooch.advance(29)
    assert smooch.clock.pending_sleepers() == 1  # 30 s have not passed yet
    smooch.advance(1)
    [delivery] = smooch.wait_for_delivery(trigger="message:appUser")
    assert [a.status for a in delivery.attempts] == [503, 200]


def test_advance_without_the_fake_clock_says_how_to_get_it(smooch: IsolatedApp) -> None:
    with pytest.raises(RuntimeError, match=r"mark\.smooch\(fake_clock=True\)"):
        smooch.advance(1)


@pytest.mark.smooch(webhook_timeout=0.2, webhook_retry_base=0.01)
def test_webhook_timeout_and_retry_base_apply(
    smooch: IsolatedApp, smooch_webhook_receiver: WebhookReceiver
) -> None:
    smooch_webhook_receiver.hang_next(1)
    smooch.create_webhook(smooch_webhook_receiver.url, ["message:appUser"])
    smooch.user_writes("hi", user="bob")
    [delivery] = smooch.wait_for_delivery(trigger="message:appUser")
    assert [a.error for a in delivery.attempts] == ["timed out after 0.2 s", None]
    assert delivery.state == "delivered"


def test_settings_merge_and_reject_unknown_options() -> None:
    merged = SmoochSettings.from_options([{"version": "v1", "seed": 1}, {"seed": 2}])
    assert (merged.version, merged.seed, merged.needs_own_fake) == ("v1", 2, True)
    assert not SmoochSettings.from_options([{"version": "v1"}]).needs_own_fake
    with pytest.raises(ValueError, match="unknown option"):
        SmoochSettings.from_options([{"sead": 1}])
    with pytest.raises(ValueError, match="version must be one of"):
        SmoochSettings(version="v3")
    assert SmoochSettings.from_options([{"webhook_batch_window": 0.5}]).needs_own_fake
    for window in (-1, "0.5", True, 61):
        with pytest.raises(ValueError, match="webhook_batch_window takes seconds"):
            SmoochSettings(webhook_batch_window=window)  # type: ignore[arg-type]


def test_receiver_fixture_serves_on_loopback(smooch_webhook_receiver: WebhookReceiver) -> None:
    smooch_webhook_receiver.fail_next(1, status=500)
    assert smooch_webhook_receiver.url.startswith("http://127.0.0.1:")
    with httpx.Client(timeout=10) as client:
        assert client.post(smooch_webhook_receiver.url, json={"trigger": "x"}).status_code == 500
        assert client.post(smooch_webhook_receiver.url, json={"trigger": "x"}).status_code == 200
    assert smooch_webhook_receiver.wait_for(2, timeout=1) == [{"trigger": "x"}] * 2
