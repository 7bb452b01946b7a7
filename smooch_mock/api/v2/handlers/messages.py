"""Messages and activity of any conversation: post, list backwards by message id, delete."""

from __future__ import annotations

from dataclasses import replace

from .... import encoding
from ....http.call import Call, ok
from ....http.messages import ApiResponse
from ....store.conversations import BusinessActivity, message_position
from ....store.models import Message
from .. import access, messages_wire
from ..message_input import message_input
from ..pagination import MESSAGE_PAGE_SIZE, PageLinks, list_body, page_request, paginate


def post_message(call: Call) -> ApiResponse:
    app_id = access.app_id(call)
    conversation_id = call.params["conversationId"]
    messages = call.store.post_to_conversation(app_id, conversation_id, message_input(call.body))
    conversation = call.store.conversation(app_id, conversation_id)
    shown = messages_wire.messages_json(messages, conversation)
    return ApiResponse(201, raw=encoding.join_object([("messages", shown)]))


def list_messages(call: Call) -> ApiResponse:
    """Newest page first, 100 a page whatever `page[size]` says; cursors are message ids."""
    app_id = access.app_id(call)
    conversation = call.store.conversation(app_id, call.params["conversationId"])
    # The last page served is kept until the store notes a change (`Conversation.changes`), as
    # v1 keeps its own; the key holds all the page's links depend on. Only a page served is
    # kept, so its query was valid.
    page_key = ("v2", call.request.base_url, call.request.path, tuple(call.query.items()))
    kept = conversation.rendered_page
    if kept is not None and kept[0] == conversation.changes and kept[1] == page_key:
        return ApiResponse(200, raw=kept[2])
    request = replace(page_request(call.query), size=MESSAGE_PAGE_SIZE, size_given=False)
    page = paginate(
        conversation.messages,
        request,
        id_of=_message_id,
        position_of=lambda message_id: message_position(conversation, message_id),
        newest_first=True,
    )
    links = PageLinks.of(call.request.base_url, call.request.path, {}, request)
    # The page is assembled from each message's bytes, rendered once.
    body = list_body("messages", [], page, links)
    shown = encoding.join_object(
        [
            ("messages", messages_wire.messages_json(page.items, conversation)),
            ("meta", encoding.dumps(body["meta"])),
            ("links", encoding.dumps(body["links"])),
        ]
    )
    conversation.rendered_page = (conversation.changes, page_key, shown)
    return ApiResponse(200, raw=shown)


def delete_all_messages(call: Call) -> ApiResponse:
    call.store.delete_conversation_messages(access.app_id(call), call.params["conversationId"])
    return ok()


def delete_message(call: Call) -> ApiResponse:
    call.store.delete_conversation_message(
        access.app_id(call), call.params["conversationId"], call.params["messageId"]
    )
    return ok()


def post_activity(call: Call) -> ApiResponse:
    """The schema holds the combinations: a user author only reads."""
    author = call.body["author"]
    activity_type: BusinessActivity = call.body["type"]
    user_ref = None
    if author["type"] == "user":
        user_ref = author.get("userId") or author.get("userExternalId")
    call.store.conversation_activity(
        access.app_id(call), call.params["conversationId"], activity_type, user_ref
    )
    return ok()


def _message_id(message: Message) -> str:
    return message.id
