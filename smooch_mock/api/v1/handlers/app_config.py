"""The app's persistent menu and its message templates."""

from __future__ import annotations

from ....http.call import Call, created, ok, page
from ....http.messages import ApiResponse
from ....store.models import JsonObject
from .. import wire
from ..message_input import message_input, template_document
from .parsing import menu_input


def get_menu(call: Call) -> ApiResponse:
    return ok({"menu": call.store.get_menu(call.app_id)})


def update_menu(call: Call) -> ApiResponse:
    return ok({"menu": call.store.update_menu(call.app_id, menu_input(call.body))})


def delete_menu(call: Call) -> ApiResponse:
    return ok({"menu": call.store.delete_menu(call.app_id)})


def create_template(call: Call) -> ApiResponse:
    message: JsonObject = call.body["message"]
    template = call.store.create_template(
        call.app_id,
        call.body["name"],
        template_document(message, call.store.media_size),
        message_input(message, role="appMaker"),
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
    message: JsonObject | None = call.body.get("message")
    template = call.store.update_template(
        call.app_id,
        call.params["templateId"],
        call.body.get("name"),
        None if message is None else template_document(message, call.store.media_size),
        None if message is None else message_input(message, role="appMaker"),
    )
    return ok({"template": wire.template(template)})


def delete_template(call: Call) -> ApiResponse:
    call.store.delete_template(call.app_id, call.params["templateId"])
    return ok()
