"""WhatsApp deployments (Managed Accounts, no `/apps` prefix)."""

from __future__ import annotations

from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from .. import wire


def create_deployment(call: Call) -> ApiResponse:
    return created({"deployment": wire.deployment(call.store.create_deployment(call.body))})


def list_deployments(call: Call) -> ApiResponse:
    return ok({"deployments": [wire.deployment(d) for d in call.store.deployments.values()]})


def get_deployment(call: Call) -> ApiResponse:
    return ok(
        {"deployment": wire.deployment(call.store.get_deployment(call.params["deploymentId"]))}
    )


def activate_phone_number(call: Call) -> ApiResponse:
    deployment = call.store.activate_phone_number(call.params["deploymentId"], call.body)
    return ok({"deployment": wire.deployment(deployment)})


def confirm_code(call: Call) -> ApiResponse:
    deployment = call.store.confirm_code(call.params["deploymentId"], call.body)
    return ok({"deployment": wire.deployment(deployment)})


def delete_deployment(call: Call) -> ApiResponse:
    call.store.delete_deployment(call.params["deploymentId"])
    return ok()
