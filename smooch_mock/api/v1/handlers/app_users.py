"""AppUsers: pre-create, get, update, delete, profile, channels, links, merge."""

from __future__ import annotations

from ....errors import BadRequest
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store import fields as f
from ....store.app_users import CONFIRMATION_TYPES, LINKABLE_CHANNELS
from .. import wire
from .parsing import iso_timestamp

_PROFILE_FIELDS = {"givenName", "surname", "email", "signedUpAt", "properties"}


def create_app_user(call: Call) -> ApiResponse:
    allowed = (
        _PROFILE_FIELDS | {"userId"} | ({"credentialRequired"} if call.version == "v1" else set())
    )
    f.reject_unknown(call.body, allowed, "")
    f.boolean(call.body, "credentialRequired")
    user = call.store.create_app_user(
        call.app_id,
        f.required_string(call.body, "userId"),
        given_name=f.string(call.body, "givenName"),
        surname=f.string(call.body, "surname"),
        email=f.string(call.body, "email"),
        signed_up_at=iso_timestamp(call.body, "signedUpAt"),
        properties=f.flat_object(call.body, "properties"),
    )
    return created({"appUser": wire.app_user(user, call.version)})


def get_app_user(call: Call) -> ApiResponse:
    return ok({"appUser": wire.app_user(call.user(), call.version)})


def update_app_user(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, _PROFILE_FIELDS, "")
    user = call.store.update_app_user(
        call.app_id,
        call.user().id,
        given_name=f.string(call.body, "givenName"),
        surname=f.string(call.body, "surname"),
        email=f.string(call.body, "email"),
        signed_up_at=iso_timestamp(call.body, "signedUpAt"),
        properties=f.flat_object(call.body, "properties"),
    )
    return ok({"appUser": wire.app_user(user, call.version)})


def delete_app_user(call: Call) -> ApiResponse:
    call.store.delete_app_user(call.app_id, call.user().id)
    return ok()


def delete_app_user_profile(call: Call) -> ApiResponse:
    user = call.store.delete_app_user_profile(call.app_id, call.user().id)
    return ok({"appUser": wire.app_user(user, call.version)})


def get_channels(call: Call) -> ApiResponse:
    return ok({"channels": call.store.channel_entities(call.app_id, call.user().id)})


def link_channel(call: Call) -> ApiResponse:
    body = call.body
    allowed = {
        "type",
        "confirmation",
        "phoneNumber",
        "address",
        "integrationId",
        "givenName",
        "surname",
        "subject",
        "primary",
    }
    if call.version == "v1":
        allowed.add("skipConfirmation")
    f.reject_unknown(body, allowed, "")
    channel_type = f.one_of(body, "type", LINKABLE_CHANNELS, required=True)
    confirmation = f.require_object(body.get("confirmation"), "confirmation")
    confirmation_type = f.one_of(
        confirmation, "type", CONFIRMATION_TYPES, "confirmation", required=True
    )
    _check_confirmation_message(confirmation, confirmation_type)
    for name in ("phoneNumber", "address", "givenName", "surname"):
        f.string(body, name)
    criteria = {
        k: body[k]
        for k in ("phoneNumber", "address", "givenName", "surname")
        if isinstance(body.get(k), str)
    }
    primary = f.boolean(body, "primary")
    assert channel_type is not None and confirmation_type is not None
    user = call.store.link_channel(
        call.app_id,
        call.user().id,
        channel_type,
        confirmation_type,
        criteria,
        integration_id=f.string(body, "integrationId"),
        primary=True if primary is None else primary,
    )
    return ok({"appUser": wire.app_user(user, call.version)})


def _check_confirmation_message(
    confirmation: dict[str, object], confirmation_type: str | None
) -> None:
    message = confirmation.get("message")
    if confirmation_type == "userActivity" and message is None:
        raise BadRequest("confirmation.message is required for userActivity confirmation")
    if message is None:
        return
    message = f.require_object(message, "confirmation.message")
    f.one_of(message, "type", ("text", "image"), "confirmation.message")
    for action in f.array(message, "actions", "confirmation.message") or []:
        if not isinstance(action, dict) or action.get("type") != "link":
            raise BadRequest("confirmation.message.actions may only be link actions")


def unlink_channel(call: Call) -> ApiResponse:
    call.store.unlink_channel(call.app_id, call.user().id, call.params["channel"])
    return ok()


def get_business_systems(call: Call) -> ApiResponse:
    return ok({"businessSystems": call.store.business_systems(call.app_id, call.user().id)})


def get_auth_code(call: Call) -> ApiResponse:
    return ok({"authCode": call.store.auth_code(call.app_id, call.user().id)})


def get_link_requests(call: Call) -> ApiResponse:
    raw = call.query.get("integrationIds", "")
    ids = [i for i in raw.split(",") if i]
    if not ids:
        raise BadRequest("integrationIds is required")
    return ok({"linkRequests": call.store.link_requests(call.app_id, call.user().id, ids)})


def merge_app_users(call: Call) -> ApiResponse:
    f.reject_unknown(call.body, {"surviving", "discarded"}, "")
    surviving = f.require_object(call.body.get("surviving"), "surviving")
    discarded = f.require_object(call.body.get("discarded"), "discarded")
    call.store.merge_app_users(
        call.app_id,
        f.required_string(surviving, "_id", "surviving"),
        f.required_string(discarded, "_id", "discarded"),
    )
    return ok()
