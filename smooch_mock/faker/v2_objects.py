"""v2 objects of every type: store models drawn at random, rendered by the API's wire shapes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..api.v2 import conversations_wire, event_wire, integrations_wire, messages_wire, users_wire
from ..api.v2 import wire as v2_wire
from ..store.conversation_lifecycle import participant_id
from ..store.conversations import GRAVATAR_DEFAULT
from ..store.models import (
    App,
    Author,
    Client,
    Content,
    Conversation,
    ConversationType,
    JsonObject,
    Message,
    Participant,
    Source,
    Switchboard,
    SwitchboardIntegration,
    User,
)
from .messages import BUTTON_TYPES
from .payloads import PayloadProvider

# Channels a user reaches a v2 app through (v1's platforms; ios/android/web are SDK devices).
V2_CLIENT_TYPES = ("sdk", "messenger", "whatsapp", "twilio", "messagebird", "telegram", "line",
                   "viber", "wechat", "mailgun", "twitter", "apple")  # fmt: skip
DEVICE_TYPES = ("ios", "android", "web")
USER_CONTENT_TYPES = ("text", "image", "file", "location", "formResponse")
BUSINESS_CONTENT_TYPES = ("text", "image", "file", "carousel", "list", "location", "form",
                          "template")  # fmt: skip
CONTENT_TYPES = ("text", "image", "file", "carousel", "list", "location", "form", "formResponse",
                 "template")  # fmt: skip
V2_ACTION_TYPES = ("buy", "link", "locationRequest", "postback", "reply", "webview")
CONVERSATION_TYPES: tuple[ConversationType, ...] = ("personal", "sdkGroup")
# Business messages posted through v2 say so; Zendesk agents and v1 posts keep their own.
_BUSINESS_SOURCES = ("api:conversations", "api:conversations", "api:conversations", "zendesk",
                     "api")  # fmt: skip
# (name, integration type): Zendesk's own responders beside the app's custom bots.
_RESPONDERS = (
    ("bot", "custom"), ("sales-bot", "custom"), ("support-bot", "custom"),
    ("zd-agentWorkspace", "zd:agentWorkspace"), ("zd-answerBot", "zd:answerBot"),
)  # fmt: skip
_TEMPLATES = (("hello_world", 0), ("order_update", 2), ("appointment_reminder", 3),
              ("shipping_confirmation", 2))  # fmt: skip
_GROUP_NAMES = ("Order #{n}", "Project {word}", "Support group {n}", "{word} team")
_ACTIVITIES = ("ticket:closed", "ticket:transfer:email")


@dataclass(slots=True)
class Room:
    """A conversation with the people in it, and the app's switchboard: its members in (or
    offered) control of the conversation."""

    conversation: Conversation
    people: list[User]
    switchboard: Switchboard

    def hand_over(
        self, active: SwitchboardIntegration | None, pending: SwitchboardIntegration | None = None
    ) -> None:
        """Put `active` in control of the conversation and offer it to `pending`."""
        for member in (active, pending):
            if member is not None:
                self.switchboard.members[member.id] = member
        self.conversation.active_switchboard_integration_id = active.id if active else None
        self.conversation.pending_switchboard_integration_id = pending.id if pending else None

    def in_control(self) -> SwitchboardIntegration | None:
        return self.switchboard.members.get(
            self.conversation.active_switchboard_integration_id or ""
        )

    def switchboard_refs(self) -> JsonObject:
        return integrations_wire.switchboard_refs(self.switchboard, self.conversation)

    def users(self) -> dict[str, User]:
        return {user.id: user for user in self.people}


class V2ObjectProvider(PayloadProvider):
    """The Sunshine Conversations (v2) shapes of users, clients, conversations and messages."""

    def smooch_v2_app(self) -> JsonObject:
        """A v2 app, e.g. ``{'id': '…', 'displayName': 'Acme Help', 'settings': {…}}``."""
        return v2_wire.app(self._app_model())

    def smooch_v2_user(self, full: bool = True) -> JsonObject:
        """A user (userTruncated unless `full`), e.g. ``{'id': '…', 'profile': {…}, …}``."""
        return event_wire.user(self._person(), full=full)

    def smooch_v2_user_clients(self, platforms: Sequence[str] | None = None) -> JsonObject:
        """A user with their clients and SDK devices (v1 platform names pick them), e.g.
        ``{'user': {…}, 'clients': [{'type': 'sdk', …}, …], 'devices': [{'type': 'web', …}]}``."""
        person = self._person(platforms)
        return {
            "user": users_wire.user(person),
            "clients": users_wire.clients(person),
            "devices": users_wire.devices(person),
        }

    def smooch_v2_client(self, type: str | None = None) -> JsonObject:
        """A client of `type` (any if None), e.g. ``{'id': '…', 'type': 'whatsapp', …}``."""
        kind = type or str(self._pick(V2_CLIENT_TYPES))
        if kind not in V2_CLIENT_TYPES:
            raise ValueError(f"unknown client type {kind!r}; known: {', '.join(V2_CLIENT_TYPES)}")
        platform = str(self._pick(DEVICE_TYPES)) if kind == "sdk" else kind
        person = self._person([platform])
        return self._client_shape(person.clients[0], person)

    def smooch_v2_device(self, type: str | None = None) -> JsonObject:
        """An SDK device of `type` ios|android|web, e.g. ``{'guid': '…', 'type': 'ios', …}``."""
        kind = type or str(self._pick(DEVICE_TYPES))
        if kind not in DEVICE_TYPES:
            raise ValueError(f"device type must be ios, android or web, not {kind!r}")
        person = self._person([kind])
        return users_wire.device(person, person.clients[0])

    def smooch_v2_conversation(self, type: str | None = None) -> JsonObject:
        """A conversation, e.g. ``{'id': '…', 'type': 'personal', 'isDefault': True, …}``."""
        room = self._room(self._conversation_type(type))
        return conversations_wire.conversation(room.conversation, room.switchboard_refs())

    def smooch_v2_participant(self) -> JsonObject:
        """A participant, e.g. ``{'id': '…', 'userId': '…', 'clientAssociations': […], …}``."""
        room = self._room(None)
        index = self._rng.randrange(len(room.people))
        return conversations_wire.participant(room.conversation.participants[index], room.users())

    def smooch_v2_action(self, type: str | None = None) -> JsonObject:
        """An action of a business message, e.g. ``{'type': 'reply', 'text': 'Yes', …}``."""
        kind = type or str(self._pick(V2_ACTION_TYPES))
        if kind not in V2_ACTION_TYPES:
            raise ValueError(f"unknown action type {kind!r}; known: {', '.join(V2_ACTION_TYPES)}")
        return messages_wire.action(self.smooch_action(kind))

    def smooch_v2_message(self, type: str | None = None, author: str | None = None) -> JsonObject:
        """A message with content of `type` by a `user` or the `business`, e.g.
        ``{'id': '…', 'author': {'type': 'user', …}, 'content': {'type': 'text', …}, …}``."""
        kind, author_type = self._content_and_author(type, author)
        room = self._room(None)
        person = self._pick(room.people)
        client = self._acting_client(person)
        at_ms = self._ms(int(person.signed_up_at * 1000) + 60_000)
        message, quoted, extras = self._v2_message(self._app_model(), person, client, at_ms,
                                                   kind, author_type)  # fmt: skip
        conversation = room.conversation
        for stored in (quoted, message):
            if stored is not None:
                append_message(conversation, stored)
        return with_extras(messages_wire.message(message, conversation), extras)

    def smooch_v2_conversation_history(self, n: int = 10, type: str | None = None) -> JsonObject:
        """A conversation with its participants, their users and `n` messages, oldest first:
        ``{'conversation': {…}, 'participants': […], 'users': […], 'messages': […]}``."""
        if n < 0:
            raise ValueError("n must not be negative")
        room = self._room(self._conversation_type(type))
        app = self._app_model()
        conversation = room.conversation
        at = max(int(p.signed_up_at * 1000) for p in room.people)
        at = max(at, int(conversation.created_at * 1000))
        rendered: list[tuple[Message, JsonObject]] = []
        open_form: Message | None = None
        for _ in range(n):
            at += self._rng.choice(
                (self._rng.randint(1_000, 60_000), self._rng.randint(60_000, 7_200_000))
            )
            author_type = "user" if self._chance(0.55) else "business"
            index = self._rng.randrange(len(room.people))
            person = room.people[index]
            if author_type == "user":
                kind = "formResponse" if open_form is not None and self._chance(0.6) else None
                kind = kind or ("text" if self._chance(0.7) else None)
            else:
                kind = "text" if self._chance(0.6) else None
            kind, _ = self._content_and_author(kind, author_type, allow_form_response=False)
            message, _, extras = self._v2_message(
                app, person, self._acting_client(person), at, kind, author_type, form=open_form
            )
            if message.content.type == "form":
                open_form = message
            elif message.content.type == "formResponse" and open_form is not None:
                open_form.content.submitted = True
                open_form = None
            append_message(conversation, message)
            self._read_state(conversation, index, message)
            rendered.append((message, extras))
        users = room.users()
        return {
            "conversation": conversations_wire.conversation(conversation, room.switchboard_refs()),
            "participants": [
                conversations_wire.participant(part, users) for part in conversation.participants
            ],
            "users": [users_wire.user(p) for p in room.people],
            "messages": [
                with_extras(messages_wire.message(m, conversation), e) for m, e in rendered
            ],
        }

    # --- models ---

    def _person(self, platforms: Sequence[str] | None = None) -> User:
        """A user as v2 knows them: possibly signed in, retained, with identities."""
        user = self._app_user_model(platforms)
        user.to_be_retained = self._chance(0.1)
        if user.external_id is not None:
            user.authenticated = self._chance(0.4)
        if self._chance(0.5):
            language = self._locale().replace("_", "-")
            user.profile.locale = language if self._chance(0.6) else language.split("-")[0]
        if self._chance(0.15):
            user.profile.avatar_url = f"https://www.gravatar.com/avatar/{self._hex(32)}.png?s=200"
        if user.profile.email and self._chance(0.3):
            verification = str(self._pick(("embed", "sso")))
            user.identities.append(
                {"type": "email", "value": user.profile.email, "verification": verification}
            )
        if self._chance(0.2):
            user.zendesk_id = self._digits(14)
        _take_part(user.default_conversation, user)
        return user

    def _client_shape(self, client: Client, owner: User) -> JsonObject:
        """A client the provider drew, as v2 shows it (every platform it draws has a v2 view)."""
        shape = event_wire.client(client, owner)
        if shape is None:
            raise ValueError(f"platform {client.platform!r} has no v2 client")
        return shape

    def _conversation_type(self, type: str | None) -> ConversationType | None:
        if type is not None and type not in CONVERSATION_TYPES:
            raise ValueError(f"conversation type must be personal or sdkGroup, not {type!r}")
        return next((t for t in CONVERSATION_TYPES if t == type), None)

    def _room(self, kind: ConversationType | None, people: list[User] | None = None) -> Room:
        """A conversation: mostly a user's default one; sdkGroups gather 2 to 4 SDK users."""
        if kind is None:
            kind = "sdkGroup" if self._chance(0.15) else "personal"
        if kind == "sdkGroup":
            people = people or [self._person([str(self._pick(DEVICE_TYPES))])
                                for _ in range(self._rng.randint(2, 4))]  # fmt: skip
            created = max(p.signed_up_at for p in people) + self._rng.randint(60, 86_400)
            conversation = Conversation(id=self._ids.object_id(), created_at=created,
                                        type="sdkGroup")  # fmt: skip
            pattern = str(self._pick(_GROUP_NAMES))
            conversation.display_name = pattern.format(
                n=self._rng.randint(100, 99_999), word=self.generator.word().title()
            )
            if self._chance(0.4):
                conversation.description = self.generator.catch_phrase()[:100]
            if self._chance(0.3):
                conversation.icon_url = f"https://www.{self._domain()}/icons/{self._hex(8)}.png"
            for person in people:
                _take_part(conversation, person)
        else:
            person = (people or [self._person()])[0]
            people = [person]
            conversation = person.default_conversation
            if self._chance(0.15):
                # A second personal conversation (multi-conversation apps).
                created = person.signed_up_at + self._rng.randint(3_600, 90 * 86_400)
                conversation = Conversation(id=self._ids.object_id(), created_at=created)
                _take_part(conversation, person)
        if self._chance(0.3):
            channel = str(self._pick(("chat", "help", "checkout")))
            conversation.metadata = {"lang": self._locale()[:2], "channel": channel}
        room = Room(conversation, people, Switchboard(id=self._ids.object_id(), enabled=True))
        if self._chance(0.7):
            room.hand_over(self._responder())
        return room

    def _responder(self, avoid: SwitchboardIntegration | None = None) -> SwitchboardIntegration:
        """A switchboard member: one of the app's bots, or one of Zendesk's own responders."""
        choices = [r for r in _RESPONDERS if avoid is None or r[0] != avoid.name]
        name, kind = self._pick(choices)
        return SwitchboardIntegration(
            id=self._ids.object_id(),
            name=name,
            integration_id=self._ids.object_id(),
            integration_type=kind,
        )

    def _acting_client(self, person: User) -> Client | None:
        return person.primary_client()

    def _content_and_author(
        self, kind: str | None, author: str | None, *, allow_form_response: bool = True
    ) -> tuple[str, str]:
        """Settle content type and author: users cannot send carousels, businesses answer
        no forms (and a history only answers forms it asked)."""
        if kind is not None and kind not in CONTENT_TYPES:
            raise ValueError(f"unknown content type {kind!r}; known: {', '.join(CONTENT_TYPES)}")
        if author is not None and author not in ("user", "business"):
            raise ValueError(f"author must be user or business, not {author!r}")
        by_author = (("user", USER_CONTENT_TYPES), ("business", BUSINESS_CONTENT_TYPES))
        if author is None:
            author = str(self._pick([a for a, types in by_author if kind is None or kind in types]))
        types: tuple[str, ...] = USER_CONTENT_TYPES if author == "user" else BUSINESS_CONTENT_TYPES
        if not allow_form_response:
            types = tuple(t for t in types if t != "formResponse")
        if kind is None:
            kind = "text" if self._chance(0.5) else str(self._pick(types))
        if kind not in (USER_CONTENT_TYPES if author == "user" else BUSINESS_CONTENT_TYPES):
            raise ValueError(f"{author} messages cannot be of type {kind!r}")
        return kind, author

    def _v2_message(
        self,
        app: App,
        person: User,
        client: Client | None,
        at_ms: int,
        kind: str,
        author_type: str,
        *,
        form: Message | None = None,
    ) -> tuple[Message, Message | None, JsonObject]:
        """(message, the form it answers, v2-only extras) as the fake would store a v2 post."""
        role = "appUser" if author_type == "user" else "appMaker"
        extras: JsonObject = {}
        quoted: Message | None = None
        if kind == "template":
            message = self._message_model(app, person, client, at_ms, "text", role,
                                          item_buttons=BUTTON_TYPES)  # fmt: skip
            message.content = Content(type="template", text="", template=self._template())
        elif kind == "formResponse":
            form = form or self._message_model(
                app, person, None, at_ms - self._rng.randint(5_000, 600_000), "form",
                "appMaker", item_buttons=BUTTON_TYPES,
            )  # fmt: skip
            message = self._message_model(app, person, client, at_ms, kind, role, form=form,
                                          item_buttons=BUTTON_TYPES)  # fmt: skip
            if (message.content.quoted_message or {}).get("type") == "message":
                quoted = form
                message.quoted_message_id = form.id
        else:
            message = self._message_model(app, person, client, at_ms, kind, role,
                                          item_buttons=BUTTON_TYPES)  # fmt: skip
        if author_type == "user":
            message.source = self._user_source(client, at_ms)
        else:
            message.source = Source(type=str(self._pick(_BUSINESS_SOURCES)))
            extras = self._business_extras(message)
        return message, quoted, extras

    def _business_extras(self, message: Message) -> JsonObject:
        """AI answers and system activity messages (ticket closed …) of a business."""
        roll = self._rng.random()
        if roll < 0.08:
            return {"author": {"subtypes": ["AI"]}}
        if roll < 0.12 and message.content.type == "text":
            activity = str(self._pick(_ACTIVITIES))
            message.author = Author(
                type="business",
                display_name=message.author.display_name,
                avatar_url=message.author.avatar_url or GRAVATAR_DEFAULT,
            )
            return {"author": {"subtypes": ["activity"]}, "activity": {"type": activity}}
        return {}

    def _user_source(self, client: Client | None, at_ms: int) -> Source:
        """Where a user's message came from: an SDK device, or a channel with its own ids."""
        if client is None:
            return Source(type="api:conversations")
        if users_wire.is_sdk(client):
            return Source(
                type=client.platform, integration_id=client.integration_id, client_id=client.id
            )
        original: str | None = None
        if client.platform == "telegram":
            original = str(self._rng.randint(1, 99_999))
        elif client.platform in ("messenger", "whatsapp", "twilio"):
            original = self._external_message_id(client.platform)
        if original is None:
            return Source(
                type=client.platform, integration_id=client.integration_id, client_id=client.id
            )
        sent_ms = at_ms - self._rng.randint(0, 2_000)
        return Source(
            type=client.platform,
            integration_id=client.integration_id,
            client_id=client.id,
            original_message_id=original,
            original_message_timestamp=(sent_ms - sent_ms % 1000) / 1000,
        )

    def _template(self) -> JsonObject:
        """A WhatsApp native template (`schema: whatsapp`), as WhatsApp's API spells it."""
        name, parameters = self._pick(_TEMPLATES)
        language = str(self._pick(("en_US", "en_GB", "es", "pt_BR", "fr", "de")))
        template: JsonObject = {
            "namespace": self._ids.uuid().replace("-", "_"),
            "name": name,
            "language": {"policy": "deterministic", "code": language},
        }
        if parameters:
            given, _ = self._name()
            values = [given, str(self._rng.randint(1000, 99_999)),
                      self.generator.date_this_year().isoformat()][:parameters]  # fmt: skip
            template["components"] = [
                {"type": "body", "parameters": [{"type": "text", "text": v} for v in values]}
            ]
        return template

    def _read_state(self, conversation: Conversation, index: int, message: Message) -> None:
        """After `message`: its author has read up to it; others have one more to read."""
        if message.author.type == "business":
            conversation.business_last_read = message.received
            for participant in conversation.participants:
                participant.unread_count += 1
            return
        reader = conversation.participants[index]
        reader.unread_count = 0
        reader.last_read = message.received


def _take_part(conversation: Conversation, user: User) -> Participant:
    """`user` in `conversation`, with their clients (the primary one first), as the store seats
    a participant."""
    participant = conversation.participant(user.id)
    if participant is None:
        participant = Participant(id=participant_id(conversation.id, user.id), user_id=user.id)
        conversation.participants.append(participant)
    participant.client_ids = [c.id for c in sorted(user.clients, key=lambda c: not c.primary)]
    return participant


def append_message(conversation: Conversation, message: Message) -> None:
    """Keep a drawn message in its conversation, where the wire shapes look up what it quotes."""
    conversation.messages.append(message)
    conversation.received.append(message.received)
    conversation.message_times = None


def with_extras(shape: JsonObject, extras: JsonObject) -> JsonObject:
    """`shape` with `extras` laid over it, nested objects merged key by key: what the platform
    shows that the fake does not store (an AI author's `subtypes`, an activity message)."""
    for key, value in extras.items():
        if isinstance(value, dict) and isinstance(shape.get(key), dict):
            shape[key] = {**shape[key], **value}
        else:
            shape[key] = value
    return shape
