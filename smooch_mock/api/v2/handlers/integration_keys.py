"""API keys of a custom integration (`int_…`, at most 10): what authenticates integration scope."""

from __future__ import annotations

from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from .. import access, wire
from .integrations import visible_integration


def create_custom_integration_key(call: Call) -> ApiResponse:
    integration = visible_integration(call)
    key = call.store.create_integration_key(
        access.app_id(call), integration.id, call.body["displayName"]
    )
    return created({"key": wire.key(key)})


def list_custom_integration_keys(call: Call) -> ApiResponse:
    integration = visible_integration(call)
    keys = call.store.list_integration_keys(access.app_id(call), integration.id)
    return ok({"keys": [wire.key(key) for key in keys]})


def get_custom_integration_key(call: Call) -> ApiResponse:
    integration = visible_integration(call)
    key = call.store.get_integration_key(access.app_id(call), integration.id, call.params["keyId"])
    return ok({"key": wire.key(key)})


def delete_custom_integration_key(call: Call) -> ApiResponse:
    integration = visible_integration(call)
    call.store.delete_integration_key(access.app_id(call), integration.id, call.params["keyId"])
    return ok()
