"""Clients and devices of a user: channel links, the one `sdk` client and its devices."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import (
    ClientNotFound,
    DeviceNotFound,
    IntegrationNotFound,
    InvalidField,
    SdkClientNotRemovable,
)
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.models import JsonObject
from .. import access, users_wire
from ..pagination import PageLinks, index_positions, list_body, page_request, paginate
from .users import path_user

CRITERIA_KEYS = ("phoneNumber", "address", "subject")
"""What a link carries on to the channel, beside its type and integration."""


def create_client(call: Call) -> ApiResponse:
    """Start linking a channel: the client answers `pending`; with `immediate` confirmation the
    link then completes at once (`client:add` follows)."""
    app_id = access.app_id(call)
    store = call.store
    user = path_user(call)
    criteria: JsonObject = call.body["matchCriteria"]
    integration = store.app_state(app_id).integrations.get(criteria["integrationId"])
    if integration is None:
        raise IntegrationNotFound()
    if integration.type != criteria["type"]:
        raise InvalidField(
            texts.V2_CLIENT_INTEGRATION_TYPE, found=integration.type, wanted=criteria["type"]
        )
    target = store.conversation(app_id, call.body["target"]["conversationId"])
    if target.participant(user.id) is None:
        raise InvalidField(texts.V2_CLIENT_TARGET_NOT_THE_USERS)
    store.link_channel(
        app_id,
        user.id,
        criteria["type"],
        "prompt",
        {key: criteria[key] for key in CRITERIA_KEYS if key in criteria},
        integration_id=integration.id,
        primary=criteria.get("primary", True),
    )
    client = user.pending_clients[-1]
    shape = users_wire.channel_client(client)
    if call.body["confirmation"]["type"] == "immediate":
        store.complete_link(app_id, user.id, client.id, succeeded=True)
    return created({"client": shape})


def list_clients(call: Call) -> ApiResponse:
    request = page_request(call.query)
    shown = users_wire.clients(path_user(call))
    page = paginate(shown, request, id_of=_id, position_of=index_positions(shown, _id))
    links = PageLinks.of(call.request.base_url, call.request.path, {}, request)
    return ok(list_body("clients", page.items, page, links))


def remove_client(call: Call) -> ApiResponse:
    user = path_user(call)
    client_id = call.params["clientId"]
    if client_id == users_wire.sdk_client_id(user):
        raise SdkClientNotRemovable()
    found = next(
        (c for c in user.clients + user.pending_clients if c.id == client_id),
        None,
    )
    if found is None or users_wire.is_sdk(found) or not users_wire.has_v2_view(found):
        raise ClientNotFound()
    call.store.remove_client(access.app_id(call), user.id, client_id)
    return ok()


def list_devices(call: Call) -> ApiResponse:
    return ok({"devices": users_wire.devices(path_user(call))})


def get_device(call: Call) -> ApiResponse:
    """A device by its id (or by its `guid`, the v1 client id)."""
    user = path_user(call)
    wanted = call.params["deviceId"]
    for client in user.clients:
        if users_wire.is_sdk(client) and wanted in (users_wire.device_id(client), client.id):
            return ok({"device": users_wire.device(user, client)})
    raise DeviceNotFound()


def _id(shape: JsonObject) -> str:
    return str(shape["id"])
