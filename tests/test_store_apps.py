"""Store: apps, app keys, account keys and service accounts (Managed Accounts), without HTTP."""

from __future__ import annotations

import re

import pytest

from smooch_mock.errors import NotFound
from smooch_mock.store import Store

HEX24 = re.compile(r"^[0-9a-f]{24}$")


def test_new_app_has_object_id_app_token_and_default_settings(store: Store) -> None:
    app = store.create_app("Shop", settings={"echoPostback": True}, metadata={"tier": "gold"})
    assert HEX24.match(app.id)
    assert re.fullmatch(r"[a-z0-9]{25}", app.app_token)
    # Only the default Smooch showed (live 2018 recordings) and the settings given.
    assert app.settings == {"maskCreditCardNumbers": True, "echoPostback": True}
    assert app.metadata == {"tier": "gold"}
    assert store.get_app(app.id) is app


def test_update_app_merges_settings_and_keeps_the_rest(store: Store) -> None:
    app = store.create_app("Shop", settings={"echoPostback": True})
    store.update_app(app.id, name="Renamed", settings={"useAnimalNames": True})
    assert app.name == "Renamed"
    assert app.settings["echoPostback"] is True
    assert app.settings["useAnimalNames"] is True


def test_deleting_an_app_deletes_its_keys(store: Store) -> None:
    app = store.create_app("Shop")
    key = store.create_app_key(app.id, "k")
    store.delete_app(app.id)
    assert key.id not in store.keys
    with pytest.raises(NotFound):
        store.get_app(app.id)


def test_app_keys_are_prefixed_and_scoped_to_their_app(store: Store) -> None:
    app = store.create_app("A")
    other = store.create_app("B")
    key = store.create_app_key(app.id, "server")
    assert key.id.startswith("app_") and key.scope == "app" and key.app_id == app.id
    assert store.list_app_keys(app.id) == [key]
    assert store.list_app_keys(other.id) == []
    with pytest.raises(NotFound):
        store.get_app_key(other.id, key.id)
    store.delete_app_key(app.id, key.id)
    assert store.list_app_keys(app.id) == []


def test_account_key_has_account_scope(store: Store) -> None:
    key = store.create_account_key("acct", key_id="act_fixed", secret="s3cret")
    assert (key.id, key.secret, key.scope) == ("act_fixed", "s3cret", "account")


def test_service_account_crud_and_svc_keys(store: Store) -> None:
    account = store.create_service_account("ci")
    key = store.create_service_account_key(account.id, "deploy")
    assert key.id.startswith("svc_") and key.scope == "account"
    assert store.list_service_account_keys(account.id) == [key]
    store.update_service_account(account.id, "ci-2")
    assert store.get_service_account(account.id).name == "ci-2"
    store.delete_service_account(account.id)
    assert key.id not in store.keys
    with pytest.raises(NotFound):
        store.get_service_account(account.id)


def test_list_apps_filters_by_service_account(store: Store) -> None:
    account = store.create_service_account("ci")
    owned = store.create_app("owned", service_account_id=account.id)
    store.create_app("other")
    assert store.list_apps(account.id) == [owned]
    assert len(store.list_apps()) == 2


def test_sdk_ids_create_the_three_sdk_integrations_once(store: Store) -> None:
    app = store.create_app("A")
    first = store.sdk_ids(app.id)
    assert set(first) == {"androidIntegrationId", "iosIntegrationId", "webIntegrationId"}
    assert store.sdk_ids(app.id) == first


def test_same_seed_gives_the_same_ids() -> None:
    one, two = Store(seed=5), Store(seed=5)
    assert one.create_app("x").id == two.create_app("x").id
