"""Control API behind the dashboard's Conversations section: every conversation of an app, of
any type, as v2 shows it (the v2 API lists conversations only per user)."""

from __future__ import annotations

from ....http.call import Call, ok
from ....http.messages import ApiResponse
from ....store.models import AppState, Conversation, JsonObject
from ...v2 import conversations_wire, integrations_wire, messages_wire, users_wire
from ...v2.wire import iso_date


def list_conversations(call: Call) -> ApiResponse:
    """Every conversation of the app, personal and sdkGroup, latest activity first."""
    state = call.store.app_state(call.app_id)
    conversations = call.store.list_conversations(call.app_id)
    conversations.sort(key=_last_activity, reverse=True)
    return ok({"conversations": [_summary(c, state) for c in conversations]})


def _summary(conversation: Conversation, state: AppState) -> JsonObject:
    """The v2 conversation (with its switchboard state), its participants with their users and
    the channels the simulate API can write from as them, its message count and last message."""
    refs = integrations_wire.switchboard_refs(state.switchboard, conversation)
    participants: list[JsonObject] = []
    for participant in conversation.participants:
        user = state.users.get(participant.user_id)
        if user is None:
            continue
        participants.append(
            {
                "participant": conversations_wire.participant(participant, state.users),
                "user": users_wire.user(user),
                "channels": list(dict.fromkeys(c.platform for c in user.clients)),
            }
        )
    summary: JsonObject = {
        "conversation": conversations_wire.conversation(conversation, refs),
        "participants": participants,
        "messageCount": len(conversation.messages),
        "lastActivity": iso_date(_last_activity(conversation)),
    }
    if conversation.messages:
        summary["lastMessage"] = messages_wire.message(conversation.messages[-1], conversation)
    return summary


def _last_activity(conversation: Conversation) -> float:
    return conversation.received[-1] if conversation.received else conversation.created_at
