"""smooch-core's per-channel extras: ping a channel, Viber/WeChat QR codes, Stripe payments."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from smooch_mock.api.v1.message_input import message_input
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.auth import sign_jwt
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput, WebhookInput
from smooch_mock.store.models import App, SecretKey


@pytest.fixture
def world() -> Iterator[tuple[FakeSmooch, App, SecretKey, httpx.Client]]:
    fake = FakeSmooch(seed=31)
    app, key = fake.create_app_with_key()
    with (
        ServerThread(fake) as server,
        httpx.Client(base_url=server.url, auth=(key.id, key.secret)) as client,
    ):
        yield fake, app, key, client
    assert not fake.internal_errors


def _offer(fake: FakeSmooch, app: App, user: str) -> str:
    """A business message offering a buy action to `user`; returns the action id."""
    message = fake.store.post_message(
        app.id,
        user,
        message_input(
            {
                "role": "appMaker",
                "type": "text",
                "text": "Socks",
                "actions": [{"type": "buy", "text": "Buy", "amount": 900}],
            }
        ),
    )
    return str((message.content.actions or [])[0]["_id"])


def test_ping_answers_for_a_linked_channel_and_404s_otherwise(
    world: tuple[FakeSmooch, App, SecretKey, httpx.Client],
) -> None:
    fake, app, _, client = world
    _, messenger = fake.simulate.end_user(app.id, "ana", channel="messenger")
    assert client.post("/v1.1/appusers/ana/integrations/messenger/ping").json() == {}
    assert (
        client.post(f"/v1.1/appusers/ana/integrations/{messenger.integration_id}/ping").status_code
        == 200
    )
    missing = client.post("/v1.1/appusers/ana/integrations/viber/ping")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("channel", "prefix"),
    [("viber", "viber://pa?chatURI="), ("wechat", "https://mp.weixin.qq.com/")],
)
def test_qr_codes_need_the_channel_integration(
    world: tuple[FakeSmooch, App, SecretKey, httpx.Client], channel: str, prefix: str
) -> None:
    fake, app, _, client = world
    fake.store.create_user(app.id, UserInput("bo"))
    assert client.get(f"/v1.1/appusers/bo/integrations/{channel}/qrcode").status_code == 404
    fake.simulate.channel_integration(app.id, channel)
    first = client.get(f"/v1.1/appusers/bo/integrations/{channel}/qrcode").json()["url"]
    second = client.get(f"/v1.1/appusers/bo/integrations/{channel}/qrcode").json()["url"]
    assert first.startswith(prefix) and first != second, "each QR code carries a fresh link code"


def test_stripe_transaction_pays_the_buy_action_and_fires_payment_success(
    world: tuple[FakeSmooch, App, SecretKey, httpx.Client],
) -> None:
    fake, app, _, client = world
    fake.simulate.end_user(app.id, "cy", channel="web")
    action_id = _offer(fake, app, "cy")
    with WebhookReceiver() as receiver:
        fake.store.create_webhook(
            app.id, WebhookInput(receiver.url, ["payment:success"]), version="v1.1"
        )
        without_card = client.post(
            "/v1.1/appusers/cy/stripe/transaction", json={"actionId": action_id}
        )
        assert (
            without_card.status_code == 400
            and "token" in without_card.json()["error"]["description"]
        )
        paid = client.post(
            "/v1.1/appusers/cy/stripe/transaction",
            json={"actionId": action_id, "token": "tok_visa"},
        )
        assert paid.status_code == 200
        payload = receiver.wait_for(1)[0]
    assert payload["payments"][0]["action"]["_id"] == action_id
    assert payload["payments"][0]["action"]["state"] == "paid"
    again = client.post(
        "/v1.1/appusers/cy/stripe/transaction", json={"actionId": action_id, "token": "tok_visa"}
    )
    assert again.status_code == 400, "an action is paid once"


def test_a_saved_card_pays_without_a_token(
    world: tuple[FakeSmooch, App, SecretKey, httpx.Client],
) -> None:
    fake, app, key, client = world
    fake.simulate.end_user(app.id, "di", channel="web")
    # The web SDK calls these with the user's own appUser token.
    user_token = sign_jwt(key, "appUser", user_id="di")
    as_user = {"Authorization": f"Bearer {user_token}"}
    assert (
        client.post(
            "/v1.1/appusers/di/stripe/customer", json={"token": "tok_card"}, headers=as_user
        ).status_code
        == 200
    )
    assert fake.store.user(app.id, "di").has_payment_info is True
    action_id = _offer(fake, app, "di")
    assert (
        client.post(
            "/v1.1/appusers/di/stripe/transaction", json={"actionId": action_id}, headers=as_user
        ).status_code
        == 200
    )
    assert (
        client.post("/v1.1/appusers/di/stripe/customer", json={}, headers=as_user).status_code
        == 400
    )


def test_stripe_account_of_the_app(world: tuple[FakeSmooch, App, SecretKey, httpx.Client]) -> None:
    _, app, _, client = world
    account = client.get("/v1.1/stripe/account").json()["account"]
    assert account["id"].startswith("acct_") and account["username"] == app.name
    assert client.get(f"/v1.1/apps/{app.id}/stripe/account").json()["account"] == account
