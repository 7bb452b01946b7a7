"""Messages and activity of any conversation: post, list backwards by message id, delete."""

from __future__ import annotations

from dataclasses import replace

from ....http.call import Call, created, ok
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
    return created({"messages": [messages_wire.message(m, conversation) for m in messages]})


def list_messages(call: Call) -> ApiResponse:
    """Newest page first, 100 a page whatever `page[size]` says; cursors are message ids."""
    app_id = access.app_id(call)
    conversation = call.store.conversation(app_id, call.params["conversationId"])
    request = replace(page_request(call.query), size=MESSAGE_PAGE_SIZE, size_given=False)
    page = paginate(
        conversation.messages,
        request,
        id_of=_message_id,
        position_of=lambda message_id: message_position(conversation, message_id),
        newest_first=True,
    )
    links = PageLinks.of(call.request.base_url, call.request.path, {}, request)
    shown = [messages_wire.message(m, conversation) for m in page.items]
    return ok(list_body("messages", shown, page, links))


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
