"""Apps, app keys, service accounts and their keys (Managed Accounts)."""

from __future__ import annotations

from ....http.auth import sign_jwt
from ....http.call import Call, created, ok, page
from ....http.messages import ApiResponse
from ....store import fields as f
from .. import wire

_APP_FIELDS = {"name", "settings", "metadata"}


def create_app(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, _APP_FIELDS, "")
    name = f.required_string(call.body, "name")
    settings = _settings(call)
    metadata = f.flat_object(call.body, "metadata")
    owner = call.principal.key.service_account_id if call.principal else None
    app = call.store.create_app(name, settings, metadata, service_account_id=owner)
    return created({"app": wire.app(app)})


def list_apps(call: Call) -> ApiResponse:
    apps = call.store.list_apps(call.query.get("serviceAccountId") or None)
    return page(call, "apps", [wire.app(a) for a in apps])


def get_app(call: Call) -> ApiResponse:
    return ok({"app": wire.app(call.store.get_app(call.app_id))})


def update_app(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, _APP_FIELDS, "")
    app = call.store.update_app(
        call.app_id,
        f.string(call.body, "name"),
        _settings(call),
        f.flat_object(call.body, "metadata"),
    )
    return ok({"app": wire.app(app)})


def delete_app(call: Call) -> ApiResponse:
    call.store.delete_app(call.app_id)
    return ok()


def get_sdk_ids(call: Call) -> ApiResponse:
    return ok(call.store.sdk_ids(call.app_id))


def _settings(call: Call) -> dict[str, object] | None:
    settings = call.body.get("settings")
    if settings is None:
        return None
    settings = f.require_object(settings, "settings")
    allowed = {
        "maskCreditCardNumbers",
        "useAnimalNames",
        "echoPostback",
        "ignoreAutoConversationStart",
        "conversationRetentionSeconds",
    }
    f.reject_unknown(settings, allowed, "settings")
    for name in allowed - {"conversationRetentionSeconds"}:
        f.boolean(settings, name, "settings")
    f.integer(settings, "conversationRetentionSeconds", "settings")
    return dict(settings)


# -- app keys ----------------------------------------------------------------------------------


def create_app_key(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"name"}, "")
    key = call.store.create_app_key(call.app_id, f.required_string(call.body, "name"))
    return created({"key": wire.key(key)})


def list_app_keys(call: Call) -> ApiResponse:
    return ok({"keys": [wire.key(k) for k in call.store.list_app_keys(call.app_id)]})


def get_app_key(call: Call) -> ApiResponse:
    return ok({"key": wire.key(call.store.get_app_key(call.app_id, call.params["keyId"]))})


def delete_app_key(call: Call) -> ApiResponse:
    call.store.delete_app_key(call.app_id, call.params["keyId"])
    return ok()


def get_app_jwt(call: Call) -> ApiResponse:
    key = call.store.get_app_key(call.app_id, call.params["keyId"])
    return ok({"jwt": sign_jwt(key, "app", issued_at=int(call.store.clock.now()))})


# -- service accounts --------------------------------------------------------------------------


def create_service_account(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"name"}, "")
    account = call.store.create_service_account(f.required_string(call.body, "name"))
    return created({"serviceAccount": wire.service_account(account)})


def list_service_accounts(call: Call) -> ApiResponse:
    accounts = call.store.list_service_accounts()
    return page(call, "serviceAccounts", [wire.service_account(a) for a in accounts])


def get_service_account(call: Call) -> ApiResponse:
    account = call.store.get_service_account(call.params["serviceAccountId"])
    return ok({"serviceAccount": wire.service_account(account)})


def update_service_account(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"name"}, "")
    account = call.store.update_service_account(
        call.params["serviceAccountId"], f.required_string(call.body, "name")
    )
    return ok({"serviceAccount": wire.service_account(account)})


def delete_service_account(call: Call) -> ApiResponse:
    call.store.delete_service_account(call.params["serviceAccountId"])
    return ok()


def create_service_account_key(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"name"}, "")
    key = call.store.create_service_account_key(
        call.params["serviceAccountId"], f.required_string(call.body, "name")
    )
    return created({"key": wire.key(key)})


def list_service_account_keys(call: Call) -> ApiResponse:
    keys = call.store.list_service_account_keys(call.params["serviceAccountId"])
    return ok({"keys": [wire.key(k) for k in keys]})


def get_service_account_key(call: Call) -> ApiResponse:
    key = call.store.get_service_account_key(call.params["serviceAccountId"], call.params["keyId"])
    return ok({"key": wire.key(key)})


def delete_service_account_key(call: Call) -> ApiResponse:
    call.store.delete_service_account_key(call.params["serviceAccountId"], call.params["keyId"])
    return ok()


def get_service_account_jwt(call: Call) -> ApiResponse:
    key = call.store.get_service_account_key(call.params["serviceAccountId"], call.params["keyId"])
    return ok({"jwt": sign_jwt(key, "account", issued_at=int(call.store.clock.now()))})
