"""Stored entities: the fake's model of Smooch's world."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

JsonObject = dict[str, Any]
Role = Literal["appUser", "appMaker"]
Scope = Literal["account", "app", "appUser"]


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
    scope: Literal["account", "app"]
    app_id: str | None = None
    service_account_id: str | None = None


@dataclass(slots=True)
class ServiceAccount:
    id: str
    name: str


@dataclass(slots=True)
class Client:
    """A channel or device through which an appUser is reachable."""

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


@dataclass(slots=True)
class Message:
    """One message; `content` holds the type-specific fields exactly as they go on the wire."""

    id: str
    type: str
    role: str
    received: float
    author_id: str
    name: str | None
    text: str
    source: JsonObject
    avatar_url: str | None = None
    content: JsonObject | None = None
    rendered: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    """A render cache for API layers; the store empties it whenever it changes the message."""


@dataclass(slots=True)
class Conversation:
    """The one conversation of an appUser; `received` mirrors `messages` for O(log n) paging."""

    id: str
    messages: list[Message] = field(default_factory=list)
    received: list[float] = field(default_factory=list)
    unread_count: int = 0
    app_maker_last_read: float | None = None
    app_user_last_read: float | None = None


@dataclass(slots=True)
class AppUser:
    id: str
    conversation: Conversation
    signed_up_at: float
    user_id: str | None = None
    given_name: str | None = None
    surname: str | None = None
    email: str | None = None
    properties: JsonObject = field(default_factory=dict)
    clients: list[Client] = field(default_factory=list)
    pending_clients: list[Client] = field(default_factory=list)
    conversation_started: bool = False
    has_payment_info: bool = False
    business_systems: list[JsonObject] = field(default_factory=list)

    def client(self, client_id: str) -> Client | None:
        return next((c for c in self.clients if c.id == client_id), None)

    def primary_client(self) -> Client | None:
        """The preferred channel: the primary client, else the first one."""
        return next(
            (c for c in self.clients if c.primary), self.clients[0] if self.clients else None
        )


@dataclass(slots=True)
class Webhook:
    id: str
    target: str
    triggers: list[str]
    secret: str
    version: str
    include_client: bool = False
    include_full_app_user: bool = False


@dataclass(slots=True)
class Integration:
    """A channel integration; `secrets` are kept but never echoed back."""

    id: str
    type: str
    status: str
    public: JsonObject
    secrets: JsonObject
    menu: JsonObject | None = None
    profile: JsonObject = field(default_factory=dict)
    message_templates: list[JsonObject] = field(default_factory=list)


@dataclass(slots=True)
class Template:
    id: str
    name: str
    message: JsonObject


@dataclass(slots=True)
class Attachment:
    """An uploaded file the fake serves back at its `mediaUrl`."""

    id: str
    app_id: str
    file_name: str
    media_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(slots=True)
class Notification:
    id: str
    destination: JsonObject
    author: JsonObject
    message: JsonObject


@dataclass(slots=True)
class AppState:
    """Everything that belongs to one app."""

    app: App
    app_users: dict[str, AppUser] = field(default_factory=dict)
    user_ids: dict[str, str] = field(default_factory=dict)
    webhooks: dict[str, Webhook] = field(default_factory=dict)
    menu: JsonObject = field(default_factory=lambda: {"items": []})
    templates: dict[str, Template] = field(default_factory=dict)
    integrations: dict[str, Integration] = field(default_factory=dict)
    notifications: dict[str, Notification] = field(default_factory=dict)


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
