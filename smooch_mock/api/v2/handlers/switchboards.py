"""The switchboard (one per app) and its switchboard integrations (at most 10)."""

from __future__ import annotations

from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.models import JsonObject
from ....store.switchboards import SwitchboardIntegrationInput
from .. import access
from .. import integrations_wire as wire

_NULLABLE = {
    "nextSwitchboardIntegrationId": "next_switchboard_integration_id",
    "messageHistoryCount": "message_history_count",
}


def create_switchboard(call: Call) -> ApiResponse:
    switchboard = call.store.create_switchboard(access.app_id(call))
    return created({"switchboard": wire.switchboard(switchboard)})


def list_switchboards(call: Call) -> ApiResponse:
    switchboards = call.store.list_switchboards(access.app_id(call))
    return ok({"switchboards": [wire.switchboard(s) for s in switchboards]})


def update_switchboard(call: Call) -> ApiResponse:
    switchboard = call.store.update_switchboard(
        access.app_id(call),
        call.params["switchboardId"],
        call.body.get("enabled"),
        call.body.get("defaultSwitchboardIntegrationId"),
    )
    return ok({"switchboard": wire.switchboard(switchboard)})


def delete_switchboard(call: Call) -> ApiResponse:
    call.store.delete_switchboard(access.app_id(call), call.params["switchboardId"])
    return ok()


def create_switchboard_integration(call: Call) -> ApiResponse:
    member = call.store.create_switchboard_integration(
        access.app_id(call), call.params["switchboardId"], _member_input(call.body)
    )
    return created({"switchboardIntegration": wire.switchboard_integration(member)})


def list_switchboard_integrations(call: Call) -> ApiResponse:
    members = call.store.list_switchboard_integrations(
        access.app_id(call), call.params["switchboardId"]
    )
    return ok({"switchboardIntegrations": [wire.switchboard_integration(m) for m in members]})


def update_switchboard_integration(call: Call) -> ApiResponse:
    member = call.store.update_switchboard_integration(
        access.app_id(call),
        call.params["switchboardId"],
        call.params["switchboardIntegrationId"],
        _member_input(call.body),
    )
    return ok({"switchboardIntegration": wire.switchboard_integration(member)})


def delete_switchboard_integration(call: Call) -> ApiResponse:
    call.store.delete_switchboard_integration(
        access.app_id(call), call.params["switchboardId"], call.params["switchboardIntegrationId"]
    )
    return ok()


def _member_input(body: JsonObject) -> SwitchboardIntegrationInput:
    return SwitchboardIntegrationInput(
        name=body.get("name"),
        integration_id=body.get("integrationId"),
        integration_type=body.get("integrationType"),
        deliver_standby_events=body.get("deliverStandbyEvents"),
        next_switchboard_integration_id=body.get("nextSwitchboardIntegrationId"),
        message_history_count=body.get("messageHistoryCount"),
        unset=frozenset(
            field for key, field in _NULLABLE.items() if key in body and body[key] is None
        ),
    )
