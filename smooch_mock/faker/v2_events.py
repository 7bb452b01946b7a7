"""v2 webhook events of the 25 types and the v2 envelope, about one coherent app and room."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..api.v2 import event_wire
from ..schemas import v2_event_types
from ..store.models import App, Client, JsonObject, Source, User
from .core import ERA_END_MS, iso_ms
from .payloads import CHANNELS, LINKABLE
from .v2_integrations import V2IntegrationProvider
from .v2_objects import DEVICE_TYPES, Room, append_message, with_extras

# Which of the user's channels an event happens on; None means any (reference §6.2 causes).
_SCENE_PLATFORMS: dict[str, tuple[str, ...]] = {
    "conversation:join": DEVICE_TYPES,
    "conversation:leave": DEVICE_TYPES,
    "conversation:referral": ("messenger", "whatsapp", "web"),
    "conversation:typing": ("web", "ios", "android", "messenger", "whatsapp", "telegram"),
    "conversation:message:delivery:channel": CHANNELS,
    "conversation:message:delivery:user": ("messenger", "whatsapp", "line", "viber", "telegram"),
    "conversation:message:delivery:failure": CHANNELS,
    "client:update": LINKABLE,
    "user:update": DEVICE_TYPES,
}
# Conversations of several users exist only between SDK users.
_GROUP_EVENTS = frozenset({"conversation:join", "conversation:leave"})
_MAYBE_GROUP = frozenset({
    "conversation:create", "conversation:remove", "conversation:message", "conversation:read",
    "conversation:typing", "conversation:postback", "switchboard:passControl",
    "switchboard:offerControl", "switchboard:acceptControl", "switchboard:releaseControl",
})  # fmt: skip
_CREATION_REASONS = {
    "personal": ("message", "message", "none", "startConversation", "prechatCapture",
                 "linkRequest", "notification", "proactiveMessaging"),
    "sdkGroup": ("none", "none", "message"),
}  # fmt: skip
_DELIVERY_ERRORS = (
    ("uncategorized_error", "Unsupported message type `form`"),
    ("uncategorized_error", "The channel rejected the message"),
    ("blocked", "The user blocked the business on this channel"),
    ("unauthorized", "The channel refused the integration's credentials"),
    ("bad_request", "Message failed to send because more than 24 hours have passed since the "
                    "customer last replied to this number"),
)  # fmt: skip
_LINK_ERRORS = (
    ("link_timeout", "The user did not confirm the link in time."),
    ("bad_request", "The phone number is not on WhatsApp."),
)


@dataclass(slots=True)
class EventScene:
    """Who and where an event happens, and which webhook flags shape its users and sources."""

    app: App
    room: Room
    person: User
    client: Client
    at_ms: int
    full_user: bool
    full_source: bool


class V2EventProvider(V2IntegrationProvider):
    """`smooch_v2_event` and `smooch_v2_webhook_payload`: what Smooch POSTs to v2 webhooks."""

    def smooch_v2_event(
        self,
        type: str | None = None,
        include_full_user: bool = False,
        include_full_source: bool = False,
    ) -> JsonObject:
        """One event of a v2 payload, e.g. ``{'id': '…', 'type': 'conversation:message',
        'createdAt': '…', 'payload': {'conversation': {…}, 'message': {…}}}``."""
        kind = type or str(self._pick(v2_event_types()))
        if kind not in _EVENT_BODIES:
            raise ValueError(
                f"unknown v2 event type {kind!r}; known: {', '.join(v2_event_types())}"
            )
        scene = self._v2_scene(kind, self._app_model(), include_full_user, include_full_source)
        return self._v2_event(kind, scene)

    def smooch_v2_webhook_payload(
        self,
        type: str | None = None,
        include_full_user: bool = False,
        include_full_source: bool = False,
        events: int = 1,
    ) -> JsonObject:
        """A v2 webhook POST body with `events` events of `type` (each of any type if None), e.g.
        ``{'app': {'id': '…'}, 'webhook': {'id': '…', 'version': 'v2'}, 'events': [{…}]}``."""
        if type is not None and type not in _EVENT_BODIES:
            raise ValueError(
                f"unknown v2 event type {type!r}; known: {', '.join(v2_event_types())}"
            )
        if events < 1:
            raise ValueError("a payload carries at least one event")
        app = self._app_model()
        batch = []
        for _ in range(events):
            kind = type or str(self._pick(v2_event_types()))
            batch.append(self._v2_event(kind, self._v2_scene(kind, app, include_full_user,
                                                       include_full_source)))  # fmt: skip
        # One POST carries events in the order they happened.
        batch.sort(key=lambda event: str(event["createdAt"]))
        return {
            "app": {"id": app.id},
            "webhook": {"id": self._ids.object_id(), "version": "v2"},
            "events": batch,
        }

    # --- scene and event ---

    def _v2_scene(self, kind: str, app: App, full_user: bool, full_source: bool) -> EventScene:
        platforms = _SCENE_PLATFORMS.get(kind)
        first = str(self._pick(platforms)) if platforms else self._pick_platforms(1)[0]
        others = [p for p in self._pick_platforms(self._rng.randint(0, 2)) if p != first]
        if kind in _GROUP_EVENTS or (
            kind in _MAYBE_GROUP and first in DEVICE_TYPES and self._chance(0.2)
        ):
            people = [self._person([first, *others])]
            people += [self._person([str(self._pick(DEVICE_TYPES))])
                       for _ in range(self._rng.randint(1, 3))]  # fmt: skip
            room = self._room("sdkGroup", people)
        else:
            room = self._room("personal", [self._person([first, *others])])
        person = room.people[0]
        client = person.clients[0]
        latest = max(int(p.signed_up_at * 1000) for p in room.people)
        start = max(latest, int(room.conversation.created_at * 1000)) + 60_000
        at_ms = self._ms(start, max(start, ERA_END_MS))
        return EventScene(app, room, person, client, at_ms, full_user, full_source)

    def _v2_event(self, kind: str, scene: EventScene) -> JsonObject:
        payload = _EVENT_BODIES[kind](self, scene, kind)
        return {
            "id": self._ids.object_id(),
            "type": kind,
            "createdAt": iso_ms(scene.at_ms),
            "payload": payload,
        }

    def _v2_conversation(self, scene: EventScene) -> JsonObject:
        room = scene.room
        return event_wire.conversation_truncated(room.conversation, room.switchboard_refs())

    def _v2_user(self, scene: EventScene, person: User | None = None) -> JsonObject:
        return event_wire.user(person or scene.person, full=scene.full_user)

    def _v2_source(self, scene: EventScene, client: Client | None = None) -> JsonObject:
        """Where the user acted; `includeFullSource` adds the client and, for SDKs, the device."""
        client = client or scene.client
        drawn = self._user_source(client, scene.at_ms)
        # What a user did (not what they wrote) names no original message of the channel.
        acted = Source(type=drawn.type, integration_id=drawn.integration_id, client_id=client.id)
        return event_wire.source(acted, scene.person, full_source=scene.full_source)

    def _v2_earlier_ms(self, scene: EventScene, within_ms: int = 5_000) -> int:
        floor = int(scene.room.conversation.created_at * 1000)
        return max(floor, scene.at_ms - self._rng.randint(1, within_ms))

    # --- event payloads, one per family ---

    def _v2_message_event(self, scene: EventScene, kind: str) -> JsonObject:
        author_type = "user" if self._chance(0.65) else "business"
        content, _ = self._content_and_author(None, author_type, allow_form_response=True)
        message, quoted, extras = self._v2_message(
            scene.app, scene.person, scene.client, scene.at_ms, content, author_type
        )
        conversation = scene.room.conversation
        for stored in (quoted, message):
            if stored is not None:
                append_message(conversation, stored)
        writer = scene.person if author_type == "user" else None
        shape = event_wire.message(
            message,
            writer,
            full_user=scene.full_user,
            full_source=scene.full_source,
            conversation=conversation,
        )
        return {"conversation": self._v2_conversation(scene), "message": with_extras(shape, extras)}

    def _v2_create_event(self, scene: EventScene, kind: str) -> JsonObject:
        conversation = scene.room.conversation
        reason = str(self._pick(_CREATION_REASONS[conversation.type]))
        body: JsonObject = {"conversation": self._v2_conversation(scene), "creationReason": reason}
        if reason in ("none", "notification", "proactiveMessaging"):
            body["source"] = {"type": "api:conversations" if reason == "none" else "notification"}
            if reason == "proactiveMessaging":
                body["source"] = {"type": "api", "campaign": {"id": self._ids.object_id()}}
        else:
            body["source"] = self._v2_source(scene)
        if conversation.type == "personal":
            body["user"] = self._v2_user(scene)
        if reason == "startConversation" and scene.client.platform == "messenger":
            body["referral"] = self._referral("messenger")
        return body

    def _v2_conversation_only_event(self, scene: EventScene, kind: str) -> JsonObject:
        return {"conversation": self._v2_conversation(scene)}

    def _v2_membership_event(self, scene: EventScene, kind: str) -> JsonObject:
        if kind == "conversation:leave":
            # The leaver is no longer a participant, but the event still names them.
            scene.room.conversation.participants.pop(0)
        return {"conversation": self._v2_conversation(scene), "user": self._v2_user(scene)}

    def _v2_activity_event(self, scene: EventScene, kind: str) -> JsonObject:
        if kind == "conversation:read":
            activity_type = "conversation:read"
        else:
            activity_type = str(self._pick(("typing:start", "typing:stop")))
        author: JsonObject = {"type": "user", "userId": scene.person.id}
        profile = scene.person.profile
        name = " ".join(part for part in (profile.given_name, profile.surname) if part)
        if name or scene.client.display_name:
            author["displayName"] = name or scene.client.display_name
        author["user"] = self._v2_user(scene)
        return {
            "conversation": self._v2_conversation(scene),
            "activity": {"type": activity_type, "author": author, "source": self._v2_source(scene)},
        }

    def _v2_postback_event(self, scene: EventScene, kind: str) -> JsonObject:
        action = self.smooch_v2_action("postback")
        postback: JsonObject = {"payload": action["payload"]}
        if "metadata" in action:
            postback["metadata"] = action["metadata"]
        return {
            "conversation": self._v2_conversation(scene),
            "postback": postback,
            "user": self._v2_user(scene),
            "source": self._v2_source(scene),
        }

    def _v2_referral_event(self, scene: EventScene, kind: str) -> JsonObject:
        return {
            "conversation": self._v2_conversation(scene),
            "user": self._v2_user(scene),
            "source": self._v2_source(scene),
            "referral": self._v2_referral(scene.client.platform),
        }

    def _v2_referral(self, platform: str) -> JsonObject:
        if platform == "web":
            return {"code": str(self._pick(("summer-sale", "welcome", "pricing-page")))}
        if platform == "whatsapp":
            return {"code": self._digits(15), "details": {"source": "ADS", "type": "OPEN_THREAD",
                                                           "adId": self._digits(17)}}  # fmt: skip
        return self._referral("messenger")

    def _v2_delivery_event(self, scene: EventScene, kind: str) -> JsonObject:
        message = self._message_model(scene.app, scene.person, scene.client,
                                      self._v2_earlier_ms(scene), role="appMaker")  # fmt: skip
        destination: JsonObject = {"type": scene.client.platform}
        if scene.client.integration_id:
            destination["integrationId"] = scene.client.integration_id
        body: JsonObject = {
            "conversation": self._v2_conversation(scene),
            "user": self._v2_user(scene),
            "destination": destination,
            "message": {"id": message.id},
            "isFinalEvent": kind != "conversation:message:delivery:channel" or self._chance(0.3),
        }
        if kind != "conversation:message:delivery:failure" and self._chance(0.7):
            body["externalMessages"] = [{"id": self._external_message_id(scene.client.platform)}]
        if kind == "conversation:message:delivery:failure":
            code, text = self._pick(_DELIVERY_ERRORS)
            body["error"] = {"code": code, "message": text}
        return body

    def _v2_client_add_event(self, scene: EventScene, kind: str) -> JsonObject:
        reason = str(self._pick(("channelLinking", "sdkLogin", "authCode")))
        body: JsonObject = {"user": self._v2_user(scene), "reason": reason}
        owner = scene.person
        if reason == "channelLinking":
            # The link starts from where the user is; the new channel waits for confirmation.
            taken = {c.platform for c in owner.clients}
            platform = str(self._pick([p for p in LINKABLE if p not in taken] or ["twilio"]))
            linked = self._client_model(platform, int(owner.signed_up_at * 1000), primary=False)
            linked.status, linked.last_seen, linked.linked_at = "pending", None, None
            owner.pending_clients.append(linked)
            body["client"] = self._client_shape(linked, owner)
            if self._chance(0.6):
                body["conversation"] = self._v2_conversation(scene)
            body["source"] = self._v2_source(scene)
        else:
            device = self._client_model(str(self._pick(DEVICE_TYPES)),
                                        int(owner.signed_up_at * 1000), primary=False)  # fmt: skip
            owner.clients.append(device)
            body["client"] = self._client_shape(device, owner)
            body["source"] = self._v2_source(scene, device)
        return body

    def _v2_client_update_event(self, scene: EventScene, kind: str) -> JsonObject:
        reason = str(self._pick(("confirmed", "blocked", "unblocked", "matched")))
        client = scene.client
        if reason == "confirmed":
            client.status, client.linked_at = "active", scene.at_ms / 1000
        elif reason == "blocked":
            client.status = "blocked"
        elif reason == "unblocked":
            client.status = "active"
        else:
            client.status, client.linked_at = "pending", None
        return {
            "conversation": self._v2_conversation(scene),
            "user": self._v2_user(scene),
            "client": self._client_shape(client, scene.person),
            "reason": reason,
        }

    def _v2_client_remove_event(self, scene: EventScene, kind: str) -> JsonObject:
        reason = str(self._pick(("api", "linkCancelled", "linkFailed", "sdk", "theft")))
        owner = scene.person
        client = scene.client
        # Where it was removed from is said of the client as it was.
        source = {"type": "api"} if reason == "api" else self._v2_source(scene, client)
        owner.clients.remove(client)
        body: JsonObject = {
            "user": self._v2_user(scene),
            "client": self._client_shape(client, owner),
            "reason": reason,
        }
        if reason == "linkFailed":
            code, text = self._pick(_LINK_ERRORS)
            body["error"] = {"code": code, "message": text}
        if reason in ("linkCancelled", "linkFailed") and self._chance(0.5):
            body["conversation"] = self._v2_conversation(scene)
        body["source"] = source
        return body

    def _v2_user_update_event(self, scene: EventScene, kind: str) -> JsonObject:
        reason = str(self._pick(("authentication", "localeDetection")))
        person = scene.person
        if reason == "authentication":
            person.authenticated = True
            if person.external_id is None:
                person.external_id = self._hex(12)
        else:
            person.profile.locale = self._locale().replace("_", "-")
        return {"user": self._v2_user(scene), "reason": reason, "source": self._v2_source(scene)}

    def _v2_merge_event(self, scene: EventScene, kind: str) -> JsonObject:
        discarded = self._person([str(self._pick(DEVICE_TYPES))])
        # The anonymous side of a login or link is the one discarded.
        discarded.external_id, discarded.authenticated = None, False
        body: JsonObject = {
            "mergedUsers": {
                "surviving": self._v2_user(scene),
                "discarded": self._v2_user(scene, discarded),
            },
            "reason": self._pick(("api", "channelLinking", "sdkLogin")),
        }
        if self._chance(0.6):
            body["mergedConversations"] = {
                "surviving": self._v2_conversation(scene),
                "discarded": {"id": discarded.default_conversation.id, "type": "personal"},
            }
        if self._chance(0.3):
            body["mergedClients"] = {
                "surviving": self._client_shape(scene.client, scene.person),
                "discarded": self._client_shape(discarded.clients[0], discarded),
            }
        if discarded.metadata and self._chance(0.5):
            body["discardedMetadata"] = dict(discarded.metadata)
        return body

    def _v2_user_remove_event(self, scene: EventScene, kind: str) -> JsonObject:
        # The user is gone: only who they were, whatever includeFullUser says (as v1.1 does).
        return {"user": event_wire.user_truncated(scene.person)}

    def _v2_switchboard_event(self, scene: EventScene, kind: str) -> JsonObject:
        room = scene.room
        current = room.in_control() or self._responder()
        other = self._responder(avoid=current)
        action = kind.split(":")[1]
        if kind.endswith(":failure"):
            room.hand_over(current)
        elif action in ("passControl", "acceptControl"):
            room.hand_over(other)
        elif action == "offerControl":
            room.hand_over(current, pending=other)
        else:
            room.hand_over(None)
        body: JsonObject = {"conversation": self._v2_conversation(scene)}
        if self._chance(0.4):
            body["metadata"] = {"reason": str(self._pick(("escalation", "out of hours", "vip"))),
                                "ticketId": self._rng.randint(1, 99_999)}  # fmt: skip
        passed = action in ("passControl", "releaseControl") and not kind.endswith(":failure")
        if passed and self._chance(0.2):
            body["reason"] = self._pick(("ticketClosed", "transferToEmail"))
        if kind.endswith(":failure"):
            body["error"] = self._v2_switchboard_error(action)
        return body

    def _v2_switchboard_error(self, action: str) -> JsonObject:
        if action == "acceptControl":
            return {"code": "bad_request", "message": "No switchboard integration is pending"}
        return {"code": "switchboard_invalid_target", "message": "Switchboard invalid target"}


_EventBody = Callable[[V2EventProvider, EventScene, str], JsonObject]
_EVENT_BODIES: dict[str, _EventBody] = {
    "client:add": V2EventProvider._v2_client_add_event,
    "client:remove": V2EventProvider._v2_client_remove_event,
    "client:update": V2EventProvider._v2_client_update_event,
    "conversation:create": V2EventProvider._v2_create_event,
    "conversation:join": V2EventProvider._v2_membership_event,
    "conversation:leave": V2EventProvider._v2_membership_event,
    "conversation:message": V2EventProvider._v2_message_event,
    "conversation:message:delivery:channel": V2EventProvider._v2_delivery_event,
    "conversation:message:delivery:failure": V2EventProvider._v2_delivery_event,
    "conversation:message:delivery:user": V2EventProvider._v2_delivery_event,
    "conversation:postback": V2EventProvider._v2_postback_event,
    "conversation:read": V2EventProvider._v2_activity_event,
    "conversation:referral": V2EventProvider._v2_referral_event,
    "conversation:remove": V2EventProvider._v2_conversation_only_event,
    "conversation:typing": V2EventProvider._v2_activity_event,
    "switchboard:acceptControl": V2EventProvider._v2_switchboard_event,
    "switchboard:acceptControl:failure": V2EventProvider._v2_switchboard_event,
    "switchboard:offerControl": V2EventProvider._v2_switchboard_event,
    "switchboard:offerControl:failure": V2EventProvider._v2_switchboard_event,
    "switchboard:passControl": V2EventProvider._v2_switchboard_event,
    "switchboard:passControl:failure": V2EventProvider._v2_switchboard_event,
    "switchboard:releaseControl": V2EventProvider._v2_switchboard_event,
    "user:merge": V2EventProvider._v2_merge_event,
    "user:remove": V2EventProvider._v2_user_remove_event,
    "user:update": V2EventProvider._v2_user_update_event,
}


def _unknown_event_type(kind: str) -> ValueError:
    return ValueError(f"unknown v2 event type {kind!r}; known: {', '.join(v2_event_types())}")
