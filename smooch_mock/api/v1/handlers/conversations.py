"""Messages and conversation: history, posting, deleting, uploads, activity, read, postbacks."""

from __future__ import annotations

from .... import encoding
from ....contract.check import check_request
from ....errors import MessageRoleForbidden
from ....http.call import Call, ok
from ....http.json_input import parse_json
from ....http.messages import ApiResponse
from ....store.conversations import BusinessActivity
from ....store.models import JsonObject, Message, User
from .. import wire
from ..message_input import message_input
from .parsing import seconds


def get_messages(call: Call) -> ApiResponse:
    user = call.user()
    before = seconds(call.query.get("before"), "before")
    after = seconds(call.query.get("after"), "after")
    conversation = user.default_conversation
    # The last page served is kept until the store notes a change (`Conversation.changes`); the
    # key holds all the page's URLs depend on. Only a valid query is ever kept.
    page_key = ("v1", call.prefix_url, call.params["userId"], before, after)
    kept = conversation.rendered_page
    if kept is not None and kept[0] == conversation.changes and kept[1] == page_key:
        return ApiResponse(200, raw=kept[2])
    history = call.store.list_messages(call.app_id, user.id, before=before, after=after)
    # The page is assembled from each message's bytes, rendered once (`wire.message_json`).
    members = [
        ("conversation", encoding.dumps(wire.conversation(conversation, user))),
        ("messages", wire.messages_json(history.messages)),
    ]
    messages_url = call.user_url(call.params["userId"]) + "/messages"
    if history.has_newer and history.messages:
        next_url = f"{messages_url}?after={history.messages[-1].received:.3f}"
        members.append(("next", encoding.dumps(next_url)))
    if history.has_older and history.messages:
        previous_url = f"{messages_url}?before={history.messages[0].received:.3f}"
        members.append(("previous", encoding.dumps(previous_url)))
    page = encoding.join_object(members)
    conversation.rendered_page = (conversation.changes, page_key, page)
    return ApiResponse(200, raw=page)


def post_message(call: Call) -> ApiResponse:
    user = call.user()
    _check_role_for_principal(call, call.body.get("role"))
    # v1 took an untyped body for text, as 2016 clients (smooch-core 2.x) posted; v1.1's schema
    # requires the type.
    messages = call.store.post_messages(call.app_id, user.id, message_input(call.body))
    return _message_response(call, user, *messages)


def delete_messages(call: Call) -> ApiResponse:
    call.store.delete_messages(call.app_id, call.user().id)
    return ok()


def delete_message(call: Call) -> ApiResponse:
    call.store.delete_message(call.app_id, call.user().id, call.params["messageId"])
    return ok()


def post_image(call: Call) -> ApiResponse:
    """Deprecated `/images` upload: store the file, then post an image message pointing at it."""
    user = call.user()
    source = call.uploaded_file()
    fields: JsonObject = {
        name: part.data.decode("utf-8", "replace")
        for name, part in call.form.items()
        if name != "source"
    }
    if "metadata" in call.form:
        fields["metadata"] = parse_json(call.form["metadata"].data, "metadata")
    _check_role_for_principal(call, fields.get("role"))
    attachment = call.store.upload_attachment(
        call.app_id, source.file_name or "image", source.content_type, source.data, access="public"
    )
    media_url = call.media_url(attachment)
    body: JsonObject = {
        **fields,
        "type": "image",
        "mediaUrl": media_url,
        "mediaType": attachment.media_type,
    }
    # The form is this route's body: it meets the same contract as a posted message.
    check_request("postMessage", body, call.version)
    message = call.store.post_message(call.app_id, user.id, message_input(body))
    return _message_response(call, user, message)


def conversation_activity(call: Call) -> ApiResponse:
    user = call.user()
    # The schema holds the rules: role appMaker, one of the three activity types.
    activity_type: BusinessActivity = call.body["type"]
    conversation = call.store.business_activity(call.app_id, user.id, activity_type)
    return ok({"conversation": wire.conversation(conversation, user)})


def reset_unread_count(call: Call) -> ApiResponse:
    call.store.reset_unread_count(call.app_id, call.user().id)
    return ok()


def post_postback(call: Call) -> ApiResponse:
    user = call.user()
    client = user.primary_client()
    call.store.tap_postback(call.app_id, user.id, call.body["actionId"], client)
    return ok()


def get_conversation(call: Call) -> ApiResponse:
    """Legacy 2016 shape: the whole conversation inline."""
    user = call.user()
    conversation = user.default_conversation
    body = wire.conversation(conversation, user)
    body["appMakers"] = sorted(
        {
            m.author.business_id
            for m in conversation.messages
            if m.author.type == "business" and m.author.business_id is not None
        }
    )
    body["appUsers"] = [user.id]
    body["messages"] = [wire.message(m, call.version) for m in conversation.messages]
    return ok({"conversation": body})


def post_legacy_message(call: Call) -> ApiResponse:
    """Legacy v1 `/conversation/messages`: untyped bodies are text messages."""
    user = call.user()
    _check_role_for_principal(call, call.body.get("role"))
    messages = call.store.post_messages(call.app_id, user.id, message_input(call.body))
    return _message_response(call, user, *messages)


def _message_response(
    call: Call, user: User, message: Message, *extra_messages: Message
) -> ApiResponse:
    """201 `{message, conversation}`, and `extraMessages` when the post made several (shorthand)."""
    members = [
        ("message", wire.message_json(message)),
        ("conversation", encoding.dumps(wire.conversation(user.default_conversation, user))),
    ]
    if extra_messages:
        members.append(("extraMessages", wire.messages_json(list(extra_messages))))
    return ApiResponse(201, raw=encoding.join_object(members))


def _check_role_for_principal(call: Call, role: object) -> None:
    # appUser credentials speak for the user; they cannot post as the business.
    if (
        call.principal is not None
        and call.principal.scope == "appUser"
        and role not in (None, "appUser")
    ):
        raise MessageRoleForbidden()
