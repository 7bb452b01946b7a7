"""The store: the single owner of the fake's state, its rules and its domain events."""

from __future__ import annotations

from .app_config import AppConfigOperations
from .apps import AppOperations
from .attachments import AttachmentOperations
from .conversation_lifecycle import ConversationLifecycleOperations
from .conversations import ConversationOperations, HistoryPage
from .deployments import DeploymentOperations
from .end_user import EndUserOperations
from .inputs import ConversationInput, UserInput, WebhookInput
from .integrations import IntegrationOperations
from .notifications import NotificationOperations
from .oauth import OAuthOperations
from .payments import PaymentOperations
from .switchboards import SwitchboardOperations
from .user_changes import UserChangeOperations
from .users import UserOperations
from .webhooks import WebhookOperations


class Store(
    SwitchboardOperations,
    OAuthOperations,
    AppOperations,
    UserOperations,
    UserChangeOperations,
    ConversationLifecycleOperations,
    NotificationOperations,
    PaymentOperations,
    ConversationOperations,
    WebhookOperations,
    AppConfigOperations,
    AttachmentOperations,
    IntegrationOperations,
    EndUserOperations,
    DeploymentOperations,
):
    """All of Smooch's state for one fake, with operations named after the API."""

    def reset(self, *, keep_account_keys: bool = True) -> None:
        """Forget everything but the account keys."""
        self.apps.clear()
        self.service_accounts.clear()
        self.attachments.clear()
        self.deployments.clear()
        self.oauth_codes.clear()
        self.authors.clear()
        self.keys = {
            k: v for k, v in self.keys.items() if keep_account_keys and v.id.startswith("act_")
        }


__all__ = ["ConversationInput", "HistoryPage", "Store", "UserInput", "WebhookInput"]
