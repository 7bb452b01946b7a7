"""Stripe payments of buy actions: the app's Stripe account, saved cards, one-off transactions."""

from __future__ import annotations

from ..errors import PaymentTokenRequired
from .conversations import ConversationOperations
from .models import JsonObject


class PaymentOperations(ConversationOperations):
    def stripe_account(self, app_id: str) -> JsonObject:
        """The Stripe account connected to the app (the fake's stands in for a test account)."""
        app = self.app_state(app_id).app
        return {
            "id": f"acct_{app.id[:16]}",
            "username": app.name,
            "publishableKey": f"pk_test_{app.business_author_id}",
        }

    def update_stripe_customer(self, app_id: str, user_ref: str, token: str) -> None:
        """Save a card (a Stripe token) for the user: later transactions need no token."""
        self.user(app_id, user_ref).has_payment_info = True

    def create_stripe_transaction(
        self, app_id: str, user_ref: str, action_id: str, token: str | None
    ) -> JsonObject:
        """Charge a buy action (`payment:success` fires) with a token or the saved card."""
        user = self.user(app_id, user_ref)
        if token is None and not user.has_payment_info:
            raise PaymentTokenRequired()
        _, action = self.pay_buy_action(app_id, user.id, action_id, user.primary_client())
        return action
