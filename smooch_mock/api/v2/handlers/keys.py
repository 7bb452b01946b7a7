"""App keys (account scope only): a v1 app key is the v2 app key, `name` as `displayName`."""

from __future__ import annotations

from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from .. import access, wire


def create_app_key(call: Call) -> ApiResponse:
    key = call.store.create_app_key(access.app_id(call), call.body["displayName"])
    return created({"key": wire.key(key)})


def list_app_keys(call: Call) -> ApiResponse:
    keys = call.store.list_app_keys(access.app_id(call))
    return ok({"keys": [wire.key(key) for key in keys]})


def get_app_key(call: Call) -> ApiResponse:
    key = call.store.get_app_key(access.app_id(call), call.params["keyId"])
    return ok({"key": wire.key(key)})


def delete_app_key(call: Call) -> ApiResponse:
    call.store.delete_app_key(access.app_id(call), call.params["keyId"])
    return ok()
