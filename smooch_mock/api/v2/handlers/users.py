"""Users: the v1 appUser seen from v2 (same id, `userId` as `externalId`)."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import InvalidQuery
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.models import User
from .. import access, inputs, users_wire
from ..pagination import filter_query

USER_REF = "userIdOrExternalId"


def path_user(call: Call) -> User:
    """The user the path names, by id first, then by external id."""
    return call.store.user(access.app_id(call), call.params[USER_REF])


def create_user(call: Call) -> ApiResponse:
    user = call.store.create_user(access.app_id(call), inputs.user_input(call.body))
    return created({"user": users_wire.user(user)})


def list_users(call: Call) -> ApiResponse:
    """Users with a verified email identity: `filter[identities.email]` is required."""
    email = filter_query(call.query).get("identities.email")
    if not email:
        raise InvalidQuery(texts.V2_EMAIL_FILTER_REQUIRED)
    users = call.store.users_with_email(access.app_id(call), email)
    return ok({"users": [users_wire.user(user) for user in users]})


def get_user(call: Call) -> ApiResponse:
    return ok({"user": users_wire.user(path_user(call))})


def update_user(call: Call) -> ApiResponse:
    user = call.store.patch_user(
        access.app_id(call), call.params[USER_REF], inputs.user_patch(call.body)
    )
    return ok({"user": users_wire.user(user)})


def delete_user(call: Call) -> ApiResponse:
    call.store.delete_user(access.app_id(call), call.params[USER_REF])
    return ok()


def delete_personal_information(call: Call) -> ApiResponse:
    user = call.store.delete_user_profile(access.app_id(call), call.params[USER_REF])
    return ok({"user": users_wire.user(user)})


def sync_user(call: Call) -> ApiResponse:
    """The fake has no Zendesk to resync from: the path's user (by id or external id) answers as
    it is; `survivingZendeskId` naming another user merges the path's user into that one."""
    app_id = access.app_id(call)
    user = call.store.user(app_id, call.params["zendeskId"])
    surviving_ref = call.body.get("survivingZendeskId")
    if surviving_ref is not None:
        surviving = call.store.user(app_id, surviving_ref)
        if surviving is not user:
            user = call.store.merge_users(app_id, surviving.id, user.id)
    return ok({"user": users_wire.user(user)})
