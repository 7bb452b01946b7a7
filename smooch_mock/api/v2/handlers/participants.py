"""Participants: users joining, listed in and leaving `sdkGroup` conversations."""

from __future__ import annotations

from ....errors import NotAMember, TooManyParticipants
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....store.models import Participant
from .. import access, conversations_wire
from ..pagination import PageLinks, index_positions, list_body, page_request, paginate
from .conversations import named_user, path_conversation

MAX_PARTICIPANTS = 10
"""The spec's limit on participants at creation, kept for joins too ("Too many participants")."""


def join_conversation(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    conversation = path_conversation(call)
    user = named_user(call, call.body)
    already = conversation.participant(user.id) is not None
    if not already and len(conversation.participants) >= MAX_PARTICIPANTS:
        raise TooManyParticipants()
    participant = call.store.add_participant(app_id, conversation.id, user.id)
    users = call.store.app_state(app_id).users
    return created({"participant": conversations_wire.participant(participant, users)})


def list_participants(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    request = page_request(call.query)
    members = path_conversation(call).participants
    page = paginate(members, request, id_of=_id, position_of=index_positions(members, _id))
    links = PageLinks.of(call.request.base_url, call.request.path, {}, request)
    users = call.store.app_state(app_id).users
    shown = [conversations_wire.participant(p, users) for p in page.items]
    return ok(list_body("participants", shown, page, links))


def leave_conversation(call: Call) -> ApiResponse:
    """Exactly one of `userId`, `userExternalId`, `participantId` names who leaves."""
    app_id = access.app_id(call)
    conversation = path_conversation(call)
    if "participantId" in call.body:
        wanted = call.body["participantId"]
        member = next((p for p in conversation.participants if p.id == wanted), None)
        if member is None:
            raise NotAMember()
        user_id = member.user_id
    else:
        user_id = named_user(call, call.body).id
        if conversation.participant(user_id) is None and conversation.type == "sdkGroup":
            raise NotAMember()
    call.store.remove_participant(app_id, conversation.id, user_id)
    return ok()


def _id(participant: Participant) -> str:
    return participant.id
