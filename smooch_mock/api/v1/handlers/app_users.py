"""AppUsers: pre-create, get, update, delete, profile, channels, links, merge."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import InvalidField
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.inputs import UserInput
from .. import wire
from .parsing import iso_timestamp


def _user_input(call: Call, external_id: str | None) -> UserInput:
    """An appUser body (pre-create or update) as the store's user input."""
    body = call.body
    return UserInput(
        external_id=external_id,
        given_name=body.get("givenName"),
        surname=body.get("surname"),
        email=body.get("email"),
        signed_up_at=iso_timestamp(body, "signedUpAt"),
        metadata=body.get("properties"),
    )


def create_app_user(call: Call) -> ApiResponse:
    user = call.store.create_user(call.app_id, _user_input(call, call.body["userId"]))
    return created({"appUser": wire.app_user(user, call.version)})


def get_app_user(call: Call) -> ApiResponse:
    return ok({"appUser": wire.app_user(call.user(), call.version)})


def update_app_user(call: Call) -> ApiResponse:
    user = call.store.update_user(call.app_id, call.user().id, _user_input(call, None))
    return ok({"appUser": wire.app_user(user, call.version)})


def delete_app_user(call: Call) -> ApiResponse:
    call.store.delete_user(call.app_id, call.user().id)
    return ok()


def delete_app_user_profile(call: Call) -> ApiResponse:
    user = call.store.delete_user_profile(call.app_id, call.user().id)
    return ok({"appUser": wire.app_user(user, call.version)})


def get_channels(call: Call) -> ApiResponse:
    return ok({"channels": call.store.channel_entities(call.app_id, call.user().id)})


def link_channel(call: Call) -> ApiResponse:
    body = call.body
    channel_type: str = body["type"]
    confirmation_type: str = body["confirmation"]["type"]
    criteria = {
        k: body[k]
        for k in ("phoneNumber", "address", "givenName", "surname")
        if isinstance(body.get(k), str)
    }
    primary: bool | None = body.get("primary")
    user = call.store.link_channel(
        call.app_id,
        call.user().id,
        channel_type,
        confirmation_type,
        criteria,
        integration_id=body.get("integrationId"),
        primary=True if primary is None else primary,
    )
    return ok({"appUser": wire.app_user(user, call.version)})


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
        raise InvalidField(texts.FIELD_REQUIRED, field="integrationIds")
    return ok({"linkRequests": call.store.link_requests(call.app_id, call.user().id, ids)})


def merge_app_users(call: Call) -> ApiResponse:
    call.store.merge_users(
        call.app_id, call.body["surviving"]["_id"], call.body["discarded"]["_id"]
    )
    return ok()
