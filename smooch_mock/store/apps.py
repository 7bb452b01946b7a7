"""Apps, their secret keys, service accounts and the account keys (Managed Accounts API)."""

from __future__ import annotations

from ..errors import KeyNotFound, ServiceAccountNotFound
from .base import StoreBase
from .models import App, AppState, JsonObject, SecretKey, ServiceAccount

DEFAULT_APP_SETTINGS: JsonObject = {"maskCreditCardNumbers": True}
"""What a new app's `settings` show (live 2018 recordings); other settings appear once given and
count as off (`useAnimalNames`, `echoPostback`, ...) or 0 (`conversationRetentionSeconds`) until
then."""


class AppOperations(StoreBase):
    def create_app(
        self,
        name: str,
        settings: JsonObject | None = None,
        metadata: JsonObject | None = None,
        service_account_id: str | None = None,
    ) -> App:
        app = App(
            id=self.ids.object_id(),
            app_token=self.ids.app_token(),
            name=name,
            settings={**DEFAULT_APP_SETTINGS, **(settings or {})},
            metadata=metadata,
            business_author_id=self.ids.secret(20),
            service_account_id=service_account_id,
        )
        self.apps[app.id] = AppState(app=app)
        return app

    def list_apps(self, service_account_id: str | None = None) -> list[App]:
        apps = [state.app for state in self.apps.values()]
        if service_account_id is not None:
            apps = [a for a in apps if a.service_account_id == service_account_id]
        return apps

    def get_app(self, app_id: str) -> App:
        return self.app_state(app_id).app

    def update_app(
        self,
        app_id: str,
        name: str | None = None,
        settings: JsonObject | None = None,
        metadata: JsonObject | None = None,
    ) -> App:
        app = self.get_app(app_id)
        if name is not None:
            app.name = name
        if settings is not None:
            app.settings = {**app.settings, **settings}
        if metadata is not None:
            app.metadata = metadata
        return app

    def delete_app(self, app_id: str) -> None:
        self.app_state(app_id)
        del self.apps[app_id]
        for key_id in [k.id for k in self.keys.values() if k.app_id == app_id]:
            del self.keys[key_id]

    # -- secret keys ---------------------------------------------------------------------------

    def create_account_key(
        self, name: str, key_id: str | None = None, secret: str | None = None
    ) -> SecretKey:
        key = SecretKey(
            id=key_id or self.ids.key_id("act"),
            secret=secret or self.ids.secret(),
            name=name,
            scope="account",
        )
        self.keys[key.id] = key
        return key

    def create_app_key(self, app_id: str, name: str) -> SecretKey:
        self.app_state(app_id)
        key = SecretKey(
            id=self.ids.key_id("app"),
            secret=self.ids.secret(),
            name=name,
            scope="app",
            app_id=app_id,
        )
        self.keys[key.id] = key
        return key

    def list_app_keys(self, app_id: str) -> list[SecretKey]:
        self.app_state(app_id)
        return [k for k in self.keys.values() if k.app_id == app_id]

    def get_app_key(self, app_id: str, key_id: str) -> SecretKey:
        key = self.keys.get(key_id)
        if key is None or key.app_id != app_id:
            raise KeyNotFound()
        return key

    def delete_app_key(self, app_id: str, key_id: str) -> None:
        self.get_app_key(app_id, key_id)
        del self.keys[key_id]

    # -- service accounts ----------------------------------------------------------------------

    def create_service_account(self, name: str) -> ServiceAccount:
        account = ServiceAccount(id=self.ids.object_id(), name=name)
        self.service_accounts[account.id] = account
        return account

    def list_service_accounts(self) -> list[ServiceAccount]:
        return list(self.service_accounts.values())

    def get_service_account(self, account_id: str) -> ServiceAccount:
        account = self.service_accounts.get(account_id)
        if account is None:
            raise ServiceAccountNotFound()
        return account

    def update_service_account(self, account_id: str, name: str) -> ServiceAccount:
        account = self.get_service_account(account_id)
        account.name = name
        return account

    def delete_service_account(self, account_id: str) -> None:
        self.get_service_account(account_id)
        del self.service_accounts[account_id]
        for key_id in [k.id for k in self.keys.values() if k.service_account_id == account_id]:
            del self.keys[key_id]

    def create_service_account_key(self, account_id: str, name: str) -> SecretKey:
        self.get_service_account(account_id)
        key = SecretKey(
            id=self.ids.key_id("svc"),
            secret=self.ids.secret(),
            name=name,
            scope="account",
            service_account_id=account_id,
        )
        self.keys[key.id] = key
        return key

    def list_service_account_keys(self, account_id: str) -> list[SecretKey]:
        self.get_service_account(account_id)
        return [k for k in self.keys.values() if k.service_account_id == account_id]

    def get_service_account_key(self, account_id: str, key_id: str) -> SecretKey:
        key = self.keys.get(key_id)
        if key is None or key.service_account_id != account_id:
            raise KeyNotFound()
        return key

    def delete_service_account_key(self, account_id: str, key_id: str) -> None:
        self.get_service_account_key(account_id, key_id)
        del self.keys[key_id]
