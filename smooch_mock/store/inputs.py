"""Typed inputs of store operations, built by each API's handlers from schema-checked bodies."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import AuthorInput, ConversationType, JsonObject, MessageInput

__all__ = [
    "AuthorInput",
    "ConversationInput",
    "MenuInput",
    "MenuItemInput",
    "MessageInput",
    "MessageTemplateInput",
    "UserInput",
    "WebhookInput",
]


@dataclass(frozen=True, slots=True)
class UserInput:
    """A user to create (v1 pre-create) or the fields to change (None: keep what is there)."""

    external_id: str | None = None
    given_name: str | None = None
    surname: str | None = None
    email: str | None = None
    avatar_url: str | None = None
    locale: str | None = None
    signed_up_at: float | None = None
    metadata: JsonObject | None = None
    to_be_retained: bool | None = None


@dataclass(frozen=True, slots=True)
class MetadataPatch:
    """Metadata changed key by key: a key set to None goes; `cleared` empties it first."""

    changes: JsonObject = field(default_factory=dict)
    cleared: bool = False

    def applied_to(self, current: JsonObject | None) -> JsonObject:
        merged = {} if self.cleared else dict(current or {})
        merged.update(self.changes)
        return {key: value for key, value in merged.items() if value is not None}


@dataclass(frozen=True, slots=True)
class UserPatch:
    """A partial user update: absent keys of `profile` are kept, keys set to None are cleared."""

    profile: dict[str, str | None] = field(default_factory=dict)
    """Profile attribute (`given_name`, `surname`, `email`, `avatar_url`, `locale`) → value."""
    signed_up_at: float | None = None
    to_be_retained: bool | None = None
    metadata: MetadataPatch | None = None


@dataclass(frozen=True, slots=True)
class ConversationPatch:
    """A partial conversation update: absent labels are kept, labels set to None are cleared."""

    labels: dict[str, str | None] = field(default_factory=dict)
    """`display_name`, `description` or `icon_url` → value."""
    metadata: MetadataPatch | None = None


@dataclass(frozen=True, slots=True)
class WebhookInput:
    """A webhook to create, or (for an update) the fields to change: None keeps what is there."""

    target: str | None = None
    triggers: list[str] | None = None
    include_full_user: bool | None = None
    include_full_source: bool | None = None


@dataclass(frozen=True, slots=True)
class ConversationInput:
    """A conversation beyond the default one: its type, participants (user ids) and labels."""

    type: ConversationType = "personal"
    participant_user_ids: list[str] = field(default_factory=list)
    display_name: str | None = None
    description: str | None = None
    icon_url: str | None = None
    metadata: JsonObject | None = None


@dataclass(frozen=True, slots=True)
class MenuItemInput:
    """A persistent-menu item: a `link` (uri), a `postback` (payload) or a `submenu` (items)."""

    type: str
    text: str
    uri: str | None = None
    payload: str | None = None
    items: list[MenuItemInput] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MenuInput:
    """A persistent menu to set: its items, and whether the user may still type."""

    items: list[MenuItemInput]
    input_enabled: bool | None = None


@dataclass(frozen=True, slots=True)
class MessageTemplateInput:
    """A WhatsApp message template to submit for approval."""

    name: str
    category: str | None = None
    language: str | None = None
    components: list[JsonObject] = field(default_factory=list)
