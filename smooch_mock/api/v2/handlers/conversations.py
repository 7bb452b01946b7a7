"""Conversations: each user's default personal one (the v1 conversation), and the ones v2 adds."""

from __future__ import annotations

from .... import error_texts as texts
from ....errors import InvalidField, InvalidQuery
from ....http.call import Call, created, ok
from ....http.messages import ApiResponse
from ....ids import derived_id
from ....store.inputs import ConversationInput
from ....store.models import Conversation, JsonObject, User
from .. import access, conversations_wire, inputs, integrations_wire
from ..pagination import (
    PageLinks,
    filter_query,
    index_positions,
    list_body,
    page_request,
    paginate,
)

CONVERSION_CHANNELS = ("messenger", "instagram", "whatsapp")
DATASET_DIGITS = 16


def path_conversation(call: Call) -> Conversation:
    return call.store.conversation(access.app_id(call), call.params["conversationId"])


def shown(call: Call, conversation: Conversation) -> JsonObject:
    """The conversation as v2 answers it, with the switchboard integrations in (or offered)
    control, as the webhooks show them."""
    switchboard = call.store.app_state(access.app_id(call)).switchboard
    refs = integrations_wire.switchboard_refs(switchboard, conversation)
    return conversations_wire.conversation(conversation, refs)


def named_user(call: Call, body: JsonObject) -> User:
    """The user a body names by `userId` (an id) or `userExternalId` (an external id)."""
    app_id = access.app_id(call)
    if "userId" in body:
        return call.store.user(app_id, body["userId"])
    return call.store.user_by_external_id(app_id, body["userExternalId"])


def create_conversation(call: Call) -> ApiResponse:
    """A `personal` conversation beyond the default one (with `settings.multiConvoEnabled`) or
    an `sdkGroup`; `conversation:create`, then a join per participant."""
    app_id = access.app_id(call)
    body = call.body
    users: list[User] = []
    for entry in body.get("participants", []):
        user = named_user(call, entry)
        if user not in users:
            users.append(user)
    settings = call.store.get_app(app_id).settings
    if body["type"] == "personal" and not settings.get("multiConvoEnabled"):
        raise InvalidField(texts.V2_MULTI_CONVO_DISABLED)
    labels = inputs.conversation_patch(body).labels
    conversation = call.store.create_conversation(
        app_id,
        ConversationInput(
            type=body["type"],
            participant_user_ids=[user.id for user in users],
            display_name=labels.get("display_name"),
            description=labels.get("description"),
            icon_url=labels.get("icon_url"),
            metadata=body.get("metadata"),
        ),
    )
    return created({"conversation": shown(call, conversation)})


def list_conversations(call: Call) -> ApiResponse:
    """The conversations of the user `filter[userId]` or `filter[userExternalId]` names, the
    default one first."""
    app_id = access.app_id(call)
    request = page_request(call.query)
    filters = filter_query(call.query)
    if "userId" in filters:
        user = call.store.user(app_id, filters["userId"])
    elif "userExternalId" in filters:
        user = call.store.user_by_external_id(app_id, filters["userExternalId"])
    else:
        raise InvalidQuery(texts.V2_CONVERSATION_FILTER_REQUIRED)
    found = call.store.conversations_of(app_id, user.id)
    page = paginate(found, request, id_of=_id, position_of=index_positions(found, _id))
    links = PageLinks.of(call.request.base_url, call.request.path, filters, request)
    listed = [shown(call, c) for c in page.items]
    return ok(list_body("conversations", listed, page, links))


def get_conversation(call: Call) -> ApiResponse:
    return ok({"conversation": shown(call, path_conversation(call))})


def update_conversation(call: Call) -> ApiResponse:
    conversation = call.store.update_conversation(
        access.app_id(call), call.params["conversationId"], inputs.conversation_patch(call.body)
    )
    return ok({"conversation": shown(call, conversation)})


def delete_conversation(call: Call) -> ApiResponse:
    call.store.delete_conversation(access.app_id(call), call.params["conversationId"])
    return ok()


def download_message_ref(call: Call) -> ApiResponse:
    """The fake holds no Apple interactive data: a known conversation and user answer `{}`."""
    path_conversation(call)
    call.store.user(access.app_id(call), call.body["userId"])
    return ok()


def post_conversion_events(call: Call) -> ApiResponse:
    """Meta is not called: the events are counted into a dataset id fixed by app and channel."""
    app_id = access.app_id(call)
    path_conversation(call)
    channel = next(name for name in CONVERSION_CHANNELS if name in call.body)
    received = len(call.body[channel]["payload"]["data"])
    dataset_id = str(int(derived_id("dataset", app_id, channel), 16))[:DATASET_DIGITS]
    return ok({"conversionEvents": {"datasetId": dataset_id, "eventsReceived": received}})


def _id(conversation: Conversation) -> str:
    return conversation.id
