"""Switchboard actions on a conversation: pass, offer, accept and release control. Under
integration scope only the member offered control may accept it, only the one in control may
release it."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import Forbidden
from ....http.call import Call, ok
from ....http.messages import ApiResponse
from ....store.models import Conversation
from .. import access


def pass_control(call: Call) -> ApiResponse:
    call.store.pass_control(
        access.app_id(call),
        call.params["conversationId"],
        call.body["switchboardIntegration"],
        call.body.get("metadata"),
    )
    return ok()


def offer_control(call: Call) -> ApiResponse:
    call.store.offer_control(
        access.app_id(call),
        call.params["conversationId"],
        call.body["switchboardIntegration"],
        call.body.get("metadata"),
    )
    return ok()


def accept_control(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    conversation = call.store.conversation(app_id, call.params["conversationId"])
    _caller_must_be(call, conversation.pending_switchboard_integration_id)
    call.store.accept_control(app_id, conversation.id, call.body.get("metadata"))
    return ok()


def release_control(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    conversation: Conversation = call.store.conversation(app_id, call.params["conversationId"])
    _caller_must_be(call, conversation.active_switchboard_integration_id)
    call.store.release_control(app_id, conversation.id, call.body.get("metadata"))
    return ok()


def _caller_must_be(call: Call, member_id: str | None) -> None:
    """An integration key acts only for its own integration's switchboard member (403)."""
    own = call.principal.integration_id if call.principal else None
    if own is None:
        return
    member = (
        None if member_id is None else call.store.switchboard_integration(call.app_id, member_id)
    )
    if member is None or member.integration_id != own:
        raise Forbidden(texts.FORBIDDEN)
