"""Stored entities: the fake's model of Smooch's world, the same for every API generation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

JsonObject = dict[str, Any]
Scope = Literal["account", "app", "appUser", "integration"]
AuthorType = Literal["user", "business"]
ConversationType = Literal["personal", "sdkGroup"]
CreationReason = Literal["api", "message", "optIn", "notification"]
"""What made a conversation exist for the platform: CreateConversation, a first message, a
channel opt-in, a notification."""


@dataclass(slots=True)
class App:
    id: str
    app_token: str
    name: str
    settings: JsonObject
    metadata: JsonObject | None
    business_author_id: str
    service_account_id: str | None = None


@dataclass(slots=True)
class SecretKey:
    """A key that signs JWTs or authenticates Basic auth: app, account or service-account key."""

    id: str
    secret: str
    name: str
    scope: Literal["account", "app", "integration"]
    app_id: str | None = None
    service_account_id: str | None = None
    integration_id: str | None = None
    """The custom integration an `int_` key (scope `integration`) belongs to."""
    oauth_grant: bool = False
    """An OAuth access token's key (GetToken): not one of the integration's API keys."""


@dataclass(frozen=True, slots=True)
class OAuthCode:
    """What an authorization code grants: one custom integration's access to its app."""

    app_id: str
    integration_id: str


@dataclass(slots=True)
class ServiceAccount:
    id: str
    name: str


@dataclass(slots=True)
class Client:
    """A channel or device through which a user is reachable."""

    id: str
    platform: str
    status: str = "active"
    primary: bool = True
    integration_id: str | None = None
    external_id: str | None = None
    last_seen: float | None = None
    linked_at: float | None = None
    display_name: str | None = None
    avatar_url: str | None = None
    app_version: str | None = None
    push_notification_token: str | None = None
    info: JsonObject = field(default_factory=dict)
    raw: JsonObject = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a message: a user (`user_id`) or the business (the app's `business_id`)."""

    type: AuthorType
    user_id: str | None = None
    business_id: str | None = None
    display_name: str | None = None
    avatar_url: str | None = None
    email: str | None = None


@dataclass(slots=True)
class Content:
    """What a message says, by `type`; actions, items and fields keep the ids generated once."""

    type: str
    text: str
    payload: str | None = None
    actions: list[JsonObject] | None = None
    media_url: str | None = None
    media_type: str | None = None
    media_size: int | None = None
    alt_text: str | None = None
    items: list[JsonObject] | None = None
    display_settings: JsonObject | None = None
    coordinates: JsonObject | None = None
    location: JsonObject | None = None
    fields: list[JsonObject] | None = None
    submitted: bool | None = None
    block_chat_input: bool | None = None
    quoted_message: JsonObject | None = None
    """A formResponse's quoted form, as the channel gave it."""
    text_fallback: str | None = None
    template: JsonObject | None = None
    html_text: str | None = None
    """v2's `htmlText` (given, or made from `markdownText`); v1 never shows it."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a message or an action came from: an API, a channel, an SDK device. Immutable, so
    messages may share one (every message posted through an API shares `API_SOURCE`)."""

    type: str
    integration_id: str | None = None
    client_id: str | None = None
    original_message_id: str | None = None
    original_message_timestamp: float | None = None


API_SOURCE = Source(type="api")
CONVERSATIONS_API_SOURCE = Source(type="api:conversations")
"""Messages posted through v2's API (`api:conversations`, the spec's examples)."""


@dataclass(frozen=True, slots=True)
class AuthorInput:
    """Who posts a message: the business, or a user (`user_ref`: their id or external id; None
    when the conversation's owner is meant, as v1 paths name them), with the names to show."""

    type: AuthorType
    user_ref: str | None = None
    display_name: str | None = None
    avatar_url: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class MessageInput:
    """A message to post, as a schema-checked body of any generation says it.

    `content` is as given: no ids, no fallbacks; the store fills those (and copies it first, so
    one input, a template's say, can be posted many times). `source` None means posted through
    the API; `quoted_message_id` names the form a formResponse answers.
    """

    author: AuthorInput
    content: Content
    metadata: JsonObject | None = None
    source: Source | None = None
    quoted_message_id: str | None = None


@dataclass(slots=True)
class Message:
    """One message of a conversation: author, content and where it came from."""

    id: str
    author: Author
    content: Content
    received: float
    source: Source
    metadata: JsonObject | None = None
    quoted_message_id: str | None = None
    rendered_v1: bytes | None = field(default=None, compare=False, repr=False)
    """The appUser API's JSON of the message, kept by that API layer (see `forget_rendering`)."""
    rendered_v2: bytes | None = field(default=None, compare=False, repr=False)
    """The v2 API's JSON of the message, kept by that API layer. Two slots, not a dict: a
    million messages each pay 16 bytes for them, not a dict's 64 to 184."""

    def forget_rendering(self) -> None:
        """The store changed the message: its kept JSON no longer shows it."""
        self.rendered_v1 = self.rendered_v2 = None


@dataclass(slots=True)
class Participant:
    """A user in a conversation, with their read state and the clients they take part through."""

    id: str
    user_id: str
    unread_count: int = 0
    last_read: float | None = None
    client_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Conversation:
    """A conversation of the app; `received` mirrors `messages` for O(log n) paging."""

    id: str
    created_at: float
    type: ConversationType = "personal"
    is_default: bool = False
    display_name: str | None = None
    description: str | None = None
    icon_url: str | None = None
    metadata: JsonObject | None = None
    participants: list[Participant] = field(default_factory=list)
    business_last_read: float | None = None
    messages: list[Message] = field(default_factory=list)
    received: list[float] = field(default_factory=list)
    active_switchboard_integration_id: str | None = None
    pending_switchboard_integration_id: str | None = None
    creation_reason: CreationReason | None = None
    """Set once, when the conversation is created. A user's default conversation is held from the
    user's creation but, as on the platform, made by its first use (a message, an opt-in, a
    notification): None until then."""
    message_times: dict[str, float] | None = field(default=None, compare=False, repr=False)
    """Message id to `received`, built on the first lookup by id (v2 cursors) and kept up to
    date by appends; None until then, and again after anything reorders or removes messages."""
    changes: int = field(default=0, compare=False, repr=False)
    """Counts the store operations that changed the messages or anyone's read state: whatever is
    built from them (a history page) is still current while this has not moved."""
    rendered_page: tuple[int, tuple[object, ...], bytes] | None = field(
        default=None, compare=False, repr=False
    )
    """Kept for the API edge, like `Message.rendered_v1`: (`changes` when built, its key, bytes)."""

    def participant(self, user_id: str) -> Participant | None:
        for participant in self.participants:  # a loop, not next(generator): asked per message
            if participant.user_id == user_id:
                return participant
        return None

    def changed(self) -> None:
        """Note a change of the messages or the read state (see `changes`)."""
        self.changes += 1


@dataclass(slots=True)
class Profile:
    given_name: str | None = None
    surname: str | None = None
    email: str | None = None
    avatar_url: str | None = None
    locale: str | None = None


@dataclass(slots=True)
class User:
    """A user of the app (v1's appUser), created with their default personal conversation."""

    id: str
    default_conversation: Conversation
    signed_up_at: float
    external_id: str | None = None
    profile: Profile = field(default_factory=Profile)
    metadata: JsonObject = field(default_factory=dict)
    clients: list[Client] = field(default_factory=list)
    pending_clients: list[Client] = field(default_factory=list)
    conversation_started: bool = False
    has_payment_info: bool = False
    business_systems: list[JsonObject] = field(default_factory=list)
    to_be_retained: bool = False
    identities: list[JsonObject] = field(default_factory=list)
    """Verified identities (`{type, value, verification}`): the platform learns them from Zendesk
    (SSO, embed); the fake only from `add_identity`."""
    authenticated: bool = False
    """Signed in (an SDK login with a JWT, Help Center): the fake signs nobody in; only the Faker
    provider's users may have."""
    zendesk_id: str | None = None
    """The user's id in a linked Zendesk account (none in the fake; Faker's users may have one)."""

    def client(self, client_id: str) -> Client | None:
        return next((c for c in self.clients if c.id == client_id), None)

    def primary_client(self) -> Client | None:
        """The preferred channel: the primary client, else the first one."""
        return next(
            (c for c in self.clients if c.primary), self.clients[0] if self.clients else None
        )


@dataclass(slots=True)
class Webhook:
    """A target subscribed to triggers of one payload `version` (`v1`, `v1.1`; `v2` later)."""

    id: str
    target: str
    triggers: list[str]
    secret: str
    version: str
    include_full_user: bool = False
    include_full_source: bool = False


@dataclass(slots=True)
class Integration:
    """A channel integration, or a `custom` one holding webhooks; `secrets` are never echoed."""

    id: str
    type: str
    status: str
    public: JsonObject
    secrets: JsonObject
    display_name: str | None = None
    webhooks: list[Webhook] = field(default_factory=list)
    menu: JsonObject | None = None
    profile: JsonObject = field(default_factory=dict)
    message_templates: list[JsonObject] = field(default_factory=list)


@dataclass(slots=True)
class SwitchboardIntegration:
    """A member of an app's switchboard: an integration that can be in control of conversations."""

    id: str
    name: str
    integration_type: str
    """`custom` for a custom integration, else an OAuth client id or `zd:agentWorkspace`."""
    integration_id: str | None = None
    deliver_standby_events: bool = True
    next_switchboard_integration_id: str | None = None
    message_history_count: int | None = None


@dataclass(slots=True)
class Switchboard:
    """An app's switchboard (at most one), with its members by id."""

    id: str
    enabled: bool = False
    default_switchboard_integration_id: str | None = None
    members: dict[str, SwitchboardIntegration] = field(default_factory=dict)

    def responder_for(
        self, channel: Integration | None
    ) -> tuple[SwitchboardIntegration, bool] | None:
        """The member that takes a new conversation of `channel`, and whether it is inherited
        from the switchboard's default (False when the channel's `defaultResponderId` names it)."""
        chosen = channel.secrets.get("defaultResponderId") if channel is not None else None
        if isinstance(chosen, str) and chosen in self.members:
            return self.members[chosen], False
        default_id = self.default_switchboard_integration_id
        if default_id is not None and default_id in self.members:
            return self.members[default_id], True
        return None


@dataclass(slots=True)
class Template:
    """A message template: `message` as its API was given it (what it shows), `given` the same
    message as a typed input, which shorthand (`%((template: name))%`) posts."""

    id: str
    name: str
    message: JsonObject
    given: MessageInput | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class Attachment:
    """An uploaded file the fake serves back at its `mediaUrl`."""

    id: str
    app_id: str
    file_name: str
    media_type: str
    data: bytes
    for_message: bool = False
    """Uploaded `for=message`: it goes with the message that shows it."""
    conversation_id: str | None = None
    """The conversation it was uploaded for: it goes with that conversation."""

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(slots=True)
class Notification:
    id: str
    destination: JsonObject
    author: JsonObject
    message: JsonObject
    conversation_id: str | None = None
    message_id: str | None = None
    """Where its message landed: the conversation of the user the destination matched."""


@dataclass(slots=True)
class AppState:
    """Everything that belongs to one app."""

    app: App
    users: dict[str, User] = field(default_factory=dict)
    external_ids: dict[str, str] = field(default_factory=dict)
    """External id (v1 `userId`) to user id."""
    conversations: dict[str, Conversation] = field(default_factory=dict)
    menu: JsonObject = field(default_factory=lambda: {"items": []})
    templates: dict[str, Template] = field(default_factory=dict)
    integrations: dict[str, Integration] = field(default_factory=dict)
    notifications: dict[str, Notification] = field(default_factory=dict)
    switchboard: Switchboard | None = None


@dataclass(slots=True)
class Deployment:
    id: str
    hosting: str
    status: str
    base_url: str | None = None
    username: str | None = None
    password: str | None = None
    callback_url: str | None = None
    callback_secret: str | None = None
    phone_number: str | None = None
    verification_code: str | None = None
