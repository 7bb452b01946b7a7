"""OAuth for custom integrations: codes, access tokens (integration-scope keys), revocation."""

from __future__ import annotations

import hmac

from ..errors import InvalidOAuthClient, InvalidOAuthCode
from .custom_integrations import CustomIntegrationOperations
from .models import Integration, OAuthCode, SecretKey
from .webhooks import CUSTOM

OAUTH_CODE_LENGTH = 24
OAUTH_TOKEN_NAME = "OAuth access token"


class OAuthOperations(CustomIntegrationOperations):
    def oauth_client(self, client_id: str) -> tuple[str, Integration]:
        """The app and custom integration an OAuth client id names (the integration's id)."""
        for app_id, state in self.apps.items():
            integration = state.integrations.get(client_id)
            if integration is not None and integration.type == CUSTOM:
                return app_id, integration
        raise InvalidOAuthClient()

    def issue_oauth_code(self, client_id: str) -> str:
        app_id, integration = self.oauth_client(client_id)
        code = self.ids.secret(OAUTH_CODE_LENGTH)
        self.oauth_codes[code] = OAuthCode(app_id, integration.id)
        return code

    def exchange_oauth_code(self, code: str, client_id: str, client_secret: str) -> SecretKey:
        """Trade a code, once, for a new access key; the client proves itself with the secret of
        one of the integration's API keys."""
        app_id, integration = self.oauth_client(client_id)
        if not any(
            hmac.compare_digest(key.secret.encode(), client_secret.encode())
            for key in self.keys.values()
            if key.integration_id == integration.id and not key.oauth_grant
        ):
            raise InvalidOAuthClient()
        granted = self.oauth_codes.get(code)
        if granted is None or granted.integration_id != integration.id:
            raise InvalidOAuthCode()
        del self.oauth_codes[code]
        key = SecretKey(
            id=self.ids.key_id("int"),
            secret=self.ids.secret(),
            name=OAUTH_TOKEN_NAME,
            scope="integration",
            app_id=app_id,
            integration_id=integration.id,
            oauth_grant=True,
        )
        self.keys[key.id] = key
        return key

    def revoke_oauth_access(self, app_id: str, integration_id: str) -> None:
        """As if the app's owner removed the integration: it goes with its webhooks, its API keys,
        its access tokens, its codes not yet exchanged and its places in the switchboard."""
        self._custom(app_id, integration_id)
        self.forget_integration(app_id, integration_id)
        for code in [
            c for c, grant in self.oauth_codes.items() if grant.integration_id == integration_id
        ]:
            del self.oauth_codes[code]
