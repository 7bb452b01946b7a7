"""Integrations (channels), their menus, WhatsApp profile and message templates.

v1 sees channel integrations only: the custom integrations that hold webhooks are `/webhooks`."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import IntegrationNotFound, InvalidQuery
from ....http.call import Call, created, ok, page
from ....http.messages import ApiResponse
from ....store.integrations import INTEGRATION_TYPES
from ....store.models import Integration
from ....store.webhooks import CUSTOM
from .. import wire
from .parsing import menu_input, message_template_input


def create_integration(call: Call) -> ApiResponse:
    integration_type: str = call.body["type"]
    integration = call.store.create_integration(call.app_id, integration_type, call.body)
    return created({"integration": wire.integration(integration)})


def list_integrations(call: Call) -> ApiResponse:
    raw_types = call.query.get("types", "")
    types = [t for t in raw_types.split(",") if t]
    unknown = [t for t in types if t not in INTEGRATION_TYPES]
    if unknown:
        raise InvalidQuery(texts.UNKNOWN_INTEGRATION_TYPE, kind=unknown[0])
    integrations = [i for i in call.store.list_integrations(call.app_id, types) if i.type != CUSTOM]
    answer = page(call, "integrations", [wire.integration(i) for i in integrations])
    if call.version == "v1":
        # The /v1 list had no paging fields (2017 docs, live 2018 recording); v1.1 added them.
        answer.body = {"integrations": answer.body["integrations"]}
    return answer


def get_integration(call: Call) -> ApiResponse:
    return ok({"integration": wire.integration(_integration(call))})


def update_integration(call: Call) -> ApiResponse:
    _integration(call)
    integration = call.store.update_integration(
        call.app_id, call.params["integrationId"], call.body
    )
    return ok({"integration": wire.integration(integration)})


def delete_integration(call: Call) -> ApiResponse:
    _integration(call)
    call.store.delete_integration(call.app_id, call.params["integrationId"])
    return ok()


def get_integration_menu(call: Call) -> ApiResponse:
    return ok({"menu": _integration(call).menu or {"items": []}})


def create_integration_menu(call: Call) -> ApiResponse:
    _integration(call)
    menu = menu_input(call.body)
    return created(
        {"menu": call.store.set_integration_menu(call.app_id, call.params["integrationId"], menu)}
    )


def update_integration_menu(call: Call) -> ApiResponse:
    _integration(call)
    menu = menu_input(call.body)
    return ok(
        {"menu": call.store.set_integration_menu(call.app_id, call.params["integrationId"], menu)}
    )


def delete_integration_menu(call: Call) -> ApiResponse:
    _integration(call)
    call.store.set_integration_menu(call.app_id, call.params["integrationId"], None)
    return ok()


def get_integration_profile(call: Call) -> ApiResponse:
    return ok({"profile": dict(_integration(call).profile)})


def update_integration_profile(call: Call) -> ApiResponse:
    _integration(call)
    call.store.update_integration_profile(call.app_id, call.params["integrationId"], call.body)
    return ok()


def upload_integration_profile_photo(call: Call) -> ApiResponse:
    _integration(call)
    source = call.uploaded_file()
    attachment = call.store.upload_attachment(
        call.app_id, source.file_name or "photo", source.content_type, source.data, access="public"
    )
    photo_url = call.media_url(attachment)
    call.store.update_integration_profile(
        call.app_id, call.params["integrationId"], {"photoUrl": photo_url}
    )
    return ok({"photoUrl": photo_url})


def create_message_template(call: Call) -> ApiResponse:
    _integration(call)
    template = call.store.add_message_template(
        call.app_id, call.params["integrationId"], message_template_input(call.body)
    )
    return created({"messageTemplate": template})


def list_message_templates(call: Call) -> ApiResponse:
    return ok({"messageTemplates": list(_integration(call).message_templates)})


def delete_message_template(call: Call) -> ApiResponse:
    _integration(call)
    call.store.delete_message_template(
        call.app_id, call.params["integrationId"], call.params["templateName"]
    )
    return ok()


def _integration(call: Call) -> Integration:
    """The path's channel integration; a custom one (a webhook's) is not found on v1 paths."""
    integration = call.store.get_integration(call.app_id, call.params["integrationId"])
    if integration.type == CUSTOM:
        raise IntegrationNotFound()
    return integration
