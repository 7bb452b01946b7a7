"""The app's persistent menu and its message templates."""

from __future__ import annotations

from ....http.call import Call, created, ok, page
from ....http.messages import ApiResponse
from ....store import fields as f
from .. import wire


def get_menu(call: Call) -> ApiResponse:
    return ok({"menu": call.store.get_menu(call.app_id)})


def update_menu(call: Call) -> ApiResponse:
    return ok({"menu": call.store.update_menu(call.app_id, call.body)})


def delete_menu(call: Call) -> ApiResponse:
    return ok({"menu": call.store.delete_menu(call.app_id)})


def create_template(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"name", "message"}, "")
    template = call.store.create_template(
        call.app_id,
        f.required_string(call.body, "name"),
        f.require_object(call.body.get("message"), "message"),
    )
    return created({"template": wire.template(template)})


def list_templates(call: Call) -> ApiResponse:
    return page(
        call, "templates", [wire.template(t) for t in call.store.list_templates(call.app_id)]
    )


def get_template(call: Call) -> ApiResponse:
    return ok(
        {"template": wire.template(call.store.get_template(call.app_id, call.params["templateId"]))}
    )


def update_template(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"name", "message"}, "")
    message = call.body.get("message")
    if message is not None:
        f.require_object(message, "message")
    template = call.store.update_template(
        call.app_id, call.params["templateId"], f.string(call.body, "name"), message
    )
    return ok({"template": wire.template(template)})


def delete_template(call: Call) -> ApiResponse:
    call.store.delete_template(call.app_id, call.params["templateId"])
    return ok()
