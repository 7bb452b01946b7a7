"""Integrations (app and account scope): the 16 types v2 knows; v1 integrations and webhooks are
the same records (`apn` shown as `ios`, `fcm` as `android`, a v1 webhook as a `custom` one)."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import IntegrationNotFound, InvalidField, InvalidQuery
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.custom_integrations import ChannelIntegrationInput
from ....store.inputs import WebhookInput
from ....store.models import Integration, JsonObject
from .. import access
from .. import integration_fields as fields
from .. import integrations_wire as wire
from ..pagination import PageLinks, filter_query, index_positions, list_body, page_request, paginate

V2_WEBHOOK_VERSION = "v2"


def create_integration(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    body = call.body
    kind: str = body["type"]
    display_name = body.get("displayName")
    if kind == "custom":
        (hook,) = body["webhooks"]  # the schema asks for exactly one
        record = call.store.create_custom_integration(
            app_id, display_name, webhook_input(hook), version=V2_WEBHOOK_VERSION
        )
    else:
        reported = fields.REPORTED.get(kind, ())
        given = {k: v for k, v in body.items() if k not in reported}
        shown, kept = fields.split(kind, given)
        record = call.store.add_channel_integration(
            app_id,
            ChannelIntegrationInput(
                type=kind,
                public={**fields.DEFAULTS.get(kind, {}), **shown},
                secrets=kept,
                generated=reported,
                display_name=display_name,
            ),
        )
    return created({"integration": _shown(call, record)})


def list_integrations(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    request = page_request(call.query)
    filters = filter_query(call.query)
    wanted = _types(filters.get("types"))
    switchboard = call.store.app_state(app_id).switchboard
    records = [
        (record, shape)
        for record in call.store.list_integrations(app_id)
        if (shape := wire.integration(record, switchboard)) is not None
        and (wanted is None or shape["type"] in wanted)
    ]
    page = paginate(records, request, id_of=_id, position_of=index_positions(records, _id))
    links = PageLinks.of(call.request.base_url, call.request.path, filters, request)
    shapes = [shape for _, shape in page.items]
    return ok(list_body("integrations", shapes, page, links))


def get_integration(call: Call) -> ApiResponse:
    return ok({"integration": _shown(call, visible_integration(call))})


def update_integration(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    record = visible_integration(call)
    kind = wire.v2_type(record)
    assert kind is not None, "visible_integration shows only v2 types"
    allowed = fields.UPDATABLE.get(kind, frozenset())
    for name, value in call.body.items():
        if name in fields.ANY_UPDATABLE and name not in allowed and value is not None:
            raise InvalidField(texts.V2_FIELD_NOT_UPDATABLE, field=name, kind=kind)
    changes = {k: v for k, v in call.body.items() if k in allowed or k in fields.COMMON}
    shown, kept = fields.split(kind, changes)
    display_name = call.body.get("displayName")
    updated = call.store.change_integration(
        app_id,
        record.id,
        shown,
        secrets=kept,
        display_name=display_name,
        clear_display_name="displayName" in call.body and display_name is None,
    )
    return ok({"integration": _shown(call, updated)})


def delete_integration(call: Call) -> ApiResponse:
    record = visible_integration(call)
    call.store.delete_integration(access.app_id(call), record.id)
    return ok()


def visible_integration(call: Call) -> Integration:
    """The path's integration, if v2 can show it (404 `integration_not_found` otherwise)."""
    record = call.store.get_integration(access.app_id(call), call.params["integrationId"])
    if wire.integration(record) is None:
        raise IntegrationNotFound()
    return record


def webhook_input(body: JsonObject) -> WebhookInput:
    return WebhookInput(
        target=body.get("target"),
        triggers=body.get("triggers"),
        include_full_user=body.get("includeFullUser"),
        include_full_source=body.get("includeFullSource"),
    )


def _shown(call: Call, record: Integration) -> JsonObject:
    shape = wire.integration(record, call.store.app_state(access.app_id(call)).switchboard)
    assert shape is not None, "an integration made or changed through v2 is one v2 shows"
    return shape


def _types(raw: str | None) -> frozenset[str] | None:
    """`filter[types]=custom,web`: each must be one of v2's types."""
    if raw is None or raw == "":
        return None
    wanted = frozenset(t.strip() for t in raw.split(","))
    if not wanted <= frozenset(wire.V2_TYPES):
        raise InvalidQuery(texts.V2_INVALID_QUERY)
    return wanted


def _id(entry: tuple[Integration, JsonObject]) -> str:
    return entry[0].id
