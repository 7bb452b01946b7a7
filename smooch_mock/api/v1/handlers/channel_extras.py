"""Per-channel extras of smooch-core: pinging a channel, Viber/WeChat QR codes, Stripe payments."""

from __future__ import annotations

from ....http.call import Call, ok
from ....http.messages import ApiResponse
from ....store import fields as f


def ping_channel(call: Call) -> ApiResponse:
    call.store.ping_channel(call.app_id, call.user().id, call.params["channel"])
    return ok()


def viber_qr_code(call: Call) -> ApiResponse:
    return ok({"url": call.store.qr_code_url(call.app_id, call.user().id, "viber")})


def wechat_qr_code(call: Call) -> ApiResponse:
    return ok({"url": call.store.qr_code_url(call.app_id, call.user().id, "wechat")})


def get_stripe_account(call: Call) -> ApiResponse:
    return ok({"account": call.store.stripe_account(call.app_id)})


def update_stripe_customer(call: Call) -> ApiResponse:
    token = f.required_string(call.body, "token")
    call.store.update_stripe_customer(call.app_id, call.user().id, token)
    return ok()


def create_stripe_transaction(call: Call) -> ApiResponse:
    action_id = f.required_string(call.body, "actionId")
    call.store.create_stripe_transaction(
        call.app_id, call.user().id, action_id, f.string(call.body, "token")
    )
    return ok()
