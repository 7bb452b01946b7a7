"""Apps (Account Provisioning): a v1 app is the v2 app, `name` shown as `displayName`."""

from __future__ import annotations

import json

from .... import error_texts as texts
from ....errors import AppMetadataTooLarge, InvalidField, ServiceAccountMismatch
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.models import App, JsonObject
from .. import access, wire
from ..pagination import PageLinks, filter_query, index_positions, list_body, page_request, paginate

APP_METADATA_LIMIT = 4096
"""Bytes of an app's `metadata` as compact UTF-8 JSON ("App metadata is limited to 4096 bytes in
size.")."""


def create_app(call: Call) -> ApiResponse:
    metadata = call.body.get("metadata")
    _check_metadata_size(metadata)
    app = call.store.create_app(
        call.body["displayName"],
        call.body.get("settings"),
        metadata,
        service_account_id=access.service_account_of(call),
    )
    return created({"app": wire.app(app)})


def list_apps(call: Call) -> ApiResponse:
    request = page_request(call.query)
    filters = filter_query(call.query)
    wanted = filters.get("serviceAccountId")
    own = access.service_account_of(call)
    if own is not None and wanted is not None and wanted != own:
        raise ServiceAccountMismatch()
    apps = call.store.list_apps(wanted or own)
    page = paginate(apps, request, id_of=_app_id, position_of=index_positions(apps, _app_id))
    links = PageLinks.of(call.request.base_url, call.request.path, filters, request)
    return ok(list_body("apps", [wire.app(app) for app in page.items], page, links))


def get_app(call: Call) -> ApiResponse:
    return ok({"app": wire.app_with_subdomain(call.store.get_app(access.app_id(call)))})


def update_app(call: Call) -> ApiResponse:
    app = call.store.get_app(access.app_id(call))
    metadata = None
    if "metadata" in call.body:
        metadata = _patched(app.metadata or {}, call.body["metadata"])
        _check_metadata_size(metadata)
    settings = call.body.get("settings")
    if (
        settings
        and app.settings.get("multiConvoEnabled")
        and not settings.get("multiConvoEnabled", True)
    ):
        raise InvalidField(texts.V2_MULTI_CONVO_IRREVERSIBLE)
    updated = call.store.update_app(app.id, call.body.get("displayName"), settings, metadata)
    return ok({"app": wire.app(updated)})


def delete_app(call: Call) -> ApiResponse:
    call.store.delete_app(access.app_id(call))
    return ok()


def _patched(current: JsonObject, changes: JsonObject | None) -> JsonObject:
    """v2 updates `metadata` key by key: a key set to null goes, `metadata: null` clears all."""
    if changes is None:
        return {}
    merged = {**current, **changes}
    return {key: value for key, value in merged.items() if value is not None}


def _check_metadata_size(metadata: JsonObject | None) -> None:
    if metadata is None:
        return
    size = len(json.dumps(metadata, separators=(",", ":"), ensure_ascii=False).encode())
    if size > APP_METADATA_LIMIT:
        raise AppMetadataTooLarge(limit=APP_METADATA_LIMIT)


def _app_id(app: App) -> str:
    return app.id
