"""Actions, items, form fields and messages of every type, server-filled by the fake's own rules."""

from __future__ import annotations

from typing import Any

from ..api.v1 import wire
from ..api.v1.message_input import message_input
from ..store.conversations import GRAVATAR_DEFAULT, client_source
from ..store.message_rules import ACTION_TYPES, complete_content, fill_action
from ..store.models import App, Author, Client, JsonObject, Message, Source, User
from .platforms import ClientProvider

APP_USER_TYPES = ("text", "image", "file", "location", "formResponse")
APP_MAKER_TYPES = ("text", "image", "file", "carousel", "list", "location", "form")
MESSAGE_TYPES = ("text", "image", "file", "carousel", "list", "location", "form", "formResponse")
# Buttons that may share a message; reply/locationRequest only combine with each other (§4.8).
BUTTON_TYPES = ("link", "webview", "postback", "buy")
ITEM_BUTTON_TYPES = ("link", "webview", "postback", "buy", "share")

_CHOICES = (
    ("Yes", "YES"), ("No", "NO"), ("Talk to an agent", "TALK_TO_AGENT"),
    ("Track my order", "TRACK_ORDER"), ("See pricing", "SEE_PRICING"),
    ("Get started", "GET_STARTED"), ("More options", "MORE_OPTIONS"), ("Book a demo", "BOOK_DEMO"),
    ("Cancel", "CANCEL"), ("Maybe later", "LATER"),
)  # fmt: skip
_USER_LINES = (
    "Hi! Do you have time to chat?", "Where is my order?", "I can't log in to my account.",
    "Can I change my delivery address?", "Thanks, that worked!", "Do you ship to Canada?",
    "How much is the premium plan?", "I was charged twice this month.", "Is anyone there?",
    "Can I get a refund?", "ok", "thanks 🙏",
)  # fmt: skip
_BUSINESS_LINES = (
    "Hello there! How can we help?", "Thanks for reaching out, one moment please.",
    "Your order has shipped and should arrive on Thursday.",
    "Could you share your order number?", "I've issued a refund; it takes 3-5 business days.",
    "Is there anything else I can help you with?", "Here are a few options:",
)  # fmt: skip
_IMAGE_FILES = (
    "IMG_4821.jpg",
    "photo.jpg",
    "screenshot.png",
    "receipt.jpeg",
    "product.png",
    "map.gif",
)
_DOCUMENTS = ("invoice-2019-03.pdf", "receipt.pdf", "manual.pdf", "order.csv", "notes.txt",
              "contract.docx", "statement.xlsx")  # fmt: skip
_CURRENCIES = ("usd", "usd", "eur", "gbp", "cad", "aud", "jpy")
_BUSINESS_SOURCES = ("api", "api", "api", "zendesk", "slack", "helpscout", "frontendEmail")


class MessageProvider(ClientProvider):
    """Messages as the fake stores and writes them, with stored actions, items and fields."""

    def smooch_action(self, type: str | None = None) -> JsonObject:
        """A stored action with server defaults, e.g. ``{'type': 'postback', 'uri': '', …}``."""
        kind = type or self._pick(ACTION_TYPES)
        if kind not in ACTION_TYPES:
            raise ValueError(f"unknown action type {kind!r}; known: {', '.join(ACTION_TYPES)}")
        return fill_action(self._action_body(kind), self._ids)

    def smooch_message(
        self,
        type: str | None = None,
        role: str | None = None,
        version: str = "v1.1",
    ) -> JsonObject:
        """A stored message, e.g. ``{'_id': '…', 'type': 'text', 'role': 'appUser', …}``."""
        app = self._app_model()
        user = self._app_user_model()
        received = self._ms(int(user.signed_up_at * 1000))
        message = self._message_model(app, user, user.clients[0] if user.clients else None,
                                      received, type, role)  # fmt: skip
        return wire.message(message, version)

    # --- models ---

    def _roles_for(self, kind: str | None, role: str | None) -> tuple[str, str]:
        """Settle type and role: users cannot send carousels, businesses cannot answer forms."""
        if kind is not None and kind not in MESSAGE_TYPES:
            raise ValueError(f"unknown message type {kind!r}; known: {', '.join(MESSAGE_TYPES)}")
        if role is not None and role not in ("appUser", "appMaker"):
            raise ValueError(f"role must be appUser or appMaker, not {role!r}")
        if role is None:
            by_role = (("appUser", APP_USER_TYPES), ("appMaker", APP_MAKER_TYPES))
            allowed = [r for r, types in by_role if kind is None or kind in types]
            role = str(self._pick(allowed))
        types = APP_USER_TYPES if role == "appUser" else APP_MAKER_TYPES
        if kind is None:
            # Mostly text, as in real conversations.
            kind = "text" if self._chance(0.55) else str(self._pick(types))
        if kind not in types:
            raise ValueError(f"{role} messages cannot be of type {kind!r}")
        return kind, role

    def _message_model(
        self,
        app: App,
        user: User,
        client: Client | None,
        received_ms: int,
        kind: str | None = None,
        role: str | None = None,
        *,
        form: Message | None = None,
        item_buttons: tuple[str, ...] = ITEM_BUTTON_TYPES,
    ) -> Message:
        """A message as `ConversationOperations.add_message` would store it."""
        kind, role = self._roles_for(kind, role)
        body = self._message_body(app, user, kind, role, form, item_buttons)
        sizes = {body.get("mediaUrl"): self._rng.randint(2_000, 4_000_000)}
        given = message_input(body)
        content = complete_content(given, self._ids, media_size=sizes.get)
        if role == "appUser":
            profile = user.profile
            name = " ".join(p for p in (profile.given_name, profile.surname) if p)
            name = (
                name
                or (client.display_name if client and client.display_name else "")
                or "Anonymous"
            )
            author = Author(
                type="user",
                user_id=user.id,
                display_name=name,
                avatar_url=client.avatar_url if client is not None else None,
                email=given.author.email,
            )
            source = client_source(client)
        else:
            author = Author(
                type="business",
                business_id=app.business_author_id,
                display_name=given.author.display_name or app.name,
                avatar_url=given.author.avatar_url or GRAVATAR_DEFAULT,
                email=given.author.email,
            )
            source = Source(type=str(self._pick(_BUSINESS_SOURCES)))
        message = Message(
            id=self._ids.object_id(),
            author=author,
            content=content,
            received=received_ms / 1000,
            source=source,
            metadata=given.metadata,
        )
        return message

    def _message_body(
        self,
        app: App,
        user: User,
        kind: str,
        role: str,
        form: Message | None,
        item_buttons: tuple[str, ...] = ITEM_BUTTON_TYPES,
    ) -> JsonObject:
        """What a client would POST for this message; the fake's rules fill in the rest."""
        body: JsonObject = {"role": role, "type": kind}
        if role == "appMaker" and self._chance(0.3):
            # An agent answering in person rather than the app.
            first, last = self._name()
            body["name"] = f"{first} {last}"
            body["email"] = f"{self.generator.user_name()}@{self._domain()}"
            body["avatarUrl"] = f"https://www.gravatar.com/avatar/{self._hex(32)}.png?s=200&d=mm"
        if self._chance(0.15):
            body["metadata"] = {
                "lang": self._locale()[:2],
                "ticketId": self._rng.randint(1, 99_999),
            }
        media = f"https://media.smooch.io/apps/{app.id}/{self._hex(24)}"
        if kind == "text":
            body["text"] = self._chat_line(role)
            if role == "appMaker" and self._chance(0.4):
                body["actions"] = self._button_set()
            elif role == "appUser" and self._chance(0.1):
                body["text"], body["payload"] = self._pick(_CHOICES)
        elif kind == "image":
            body["mediaUrl"] = f"{media}/{self._pick(_IMAGE_FILES)}"
            if self._chance(0.3):
                body["text"] = self._chat_line(role)
            if role == "appMaker" and self._chance(0.3):
                body["actions"] = self._buttons()
        elif kind == "file":
            body["mediaUrl"] = f"{media}/{self._pick(_DOCUMENTS)}"
            if self._chance(0.2):
                body["text"] = self._chat_line(role)
        elif kind in ("carousel", "list"):
            count = self._rng.randint(2, 6 if kind == "carousel" else 4)
            body["items"] = [self._item(app, kind, item_buttons) for _ in range(count)]
            if kind == "carousel" and self._chance(0.4):
                body["displaySettings"] = {"imageAspectRatio": self._pick(("horizontal", "square"))}
            if kind == "list" and self._chance(0.4):
                body["actions"] = [self._action_body("postback")]
        elif kind == "location":
            # A real place in the user's country; Faker's table lacks some countries, and a few
            # locales (el_GR) override the lookup with a coordinates-only answer.
            spot = self.generator.local_latlng(self._country(), coords_only=False)
            if spot is None or len(spot) < 5:
                spot = self.generator.location_on_land(coords_only=False)
            lat, long, place, country = spot[:4]
            body["coordinates"] = {"lat": float(lat), "long": float(long)}
            if self._chance(0.7):
                body["location"] = {"name": place, "address": f"{place}, {country}"}
        elif kind == "form":
            body["fields"] = self._form_fields()
            if self._chance(0.5):
                body["blockChatInput"] = self._chance(0.5)
        else:
            body.update(self._form_response(app, user, form))
        return body

    def _chat_line(self, role: str) -> str:
        if self._locale().startswith("en"):
            return str(self._pick(_USER_LINES if role == "appUser" else _BUSINESS_LINES))
        sentence: str = self.generator.sentence()
        return sentence

    def _button_set(self) -> list[JsonObject]:
        if self._chance(0.5):
            replies = [self._action_body("reply", choice) for choice in
                       self._rng.sample(_CHOICES, self._rng.randint(2, 4))]  # fmt: skip
            if self._chance(0.2):
                replies.append(self._action_body("locationRequest"))
            return replies
        return self._buttons()

    def _buttons(self) -> list[JsonObject]:
        count = self._rng.randint(1, 3)
        return [self._action_body(self._pick(BUTTON_TYPES)) for _ in range(count)]

    def _action_body(self, kind: str, choice: tuple[str, str] | None = None) -> JsonObject:
        """A posted action of `kind` with the fields §4.8 requires, plus some optional ones."""
        text, payload = choice or self._pick(_CHOICES)
        site = f"https://www.{self._domain()}"
        action: JsonObject = {"type": kind}
        if kind != "share":
            action["text"] = text
        if kind in ("postback", "reply"):
            action["payload"] = payload
        if kind == "reply" and self._chance(0.3):
            action["iconUrl"] = f"{site}/static/icons/{payload.lower()}.png"
        if kind == "link":
            action["uri"] = f"{site}/{self._pick(('pricing', 'orders', 'help', 'signup'))}"
            if self._chance(0.2):
                action["default"] = self._chance(0.5)
            if self._chance(0.1):
                action["extraChannelOptions"] = {"messenger": {"webview_height_ratio": "tall"}}
        if kind == "webview":
            action["uri"] = f"{site}/webview/{self._hex(8)}"
            action["fallback"] = f"{site}/{self._pick(('pricing', 'orders', 'help'))}"
            if self._chance(0.6):
                action["size"] = self._pick(("compact", "tall", "full"))
            if self._chance(0.2):
                action["openOnReceive"] = self._chance(0.5)
        if kind == "buy":
            action["text"] = self._pick(("Buy now", "Pay", "Checkout", "Order"))
            action["amount"] = self._rng.randint(1, 500) * self._pick((100, 100, 99, 25))
            if self._chance(0.6):
                action["currency"] = self._pick(_CURRENCIES)
        if self._chance(0.1):
            action["metadata"] = {"campaign": self.generator.word()}
        return action

    def _item(self, app: App, kind: str, buttons: tuple[str, ...]) -> JsonObject:
        item: JsonObject = {"title": self.generator.catch_phrase()[:80]}
        if self._chance(0.8):
            item["description"] = self._chat_line("appMaker")
        if self._chance(0.8):
            item["mediaUrl"] = (
                f"https://media.smooch.io/apps/{app.id}/{self._hex(24)}/{self._pick(_IMAGE_FILES)}"
            )
        if kind == "list" and self._chance(0.5):
            item["size"] = self._pick(("compact", "large"))
        count = self._rng.randint(1, 3)
        item["actions"] = [self._action_body(self._pick(buttons)) for _ in range(count)]
        return item

    def _form_fields(self) -> list[JsonObject]:
        fields: list[JsonObject] = [
            {"type": "text", "name": "name", "label": "Your name", "placeholder": "Your name…"},
            {"type": "email", "name": "email", "label": "Email", "placeholder": "name@example.com"},
            {"type": "select", "name": "topic", "label": "What can we help with?",
             "options": [{"name": n.lower(), "label": n} for n in
                         self._rng.sample(("Billing", "Orders", "Returns", "Account", "Other"),
                                          self._rng.randint(2, 5))]},
        ]  # fmt: skip
        count = self._rng.randint(1, 3)
        chosen = sorted(self._rng.sample(range(3), count))
        picked = [fields[i] for i in chosen]
        for field in picked:
            if field["type"] == "text" and self._chance(0.3):
                field["maxSize"] = self._rng.randint(20, 128)
        return picked

    def _form_response(self, app: App, user: User, form: Message | None) -> JsonObject:
        """Answers to `form` (a fresh one if None), quoting it as `quotedMessage`."""
        if form is None:
            user = self._app_user_model([])
            form = self._message_model(app, user, None, self._ms(), "form", "appMaker")
        answers: list[JsonObject] = []
        for field in form.content.fields or []:
            answer: JsonObject = {k: v for k, v in field.items() if k != "_id"}
            if field["type"] == "text":
                # The user answers with who they are.
                name = " ".join(p for p in (user.profile.given_name, user.profile.surname) if p)
                answer["text"] = name or " ".join(self._name())
            elif field["type"] == "email":
                answer["email"] = user.profile.email or self._email()
            else:
                answer["select"] = [dict(self._pick(field["options"]))]
            answers.append(answer)
        quoted: JsonObject
        if self._chance(0.8):
            quoted = {"type": "message", "content": wire.message(form)}
        else:
            quoted = {
                "type": "externalMessageId",
                "externalMessageId": f"mid.${self._ids.secret(24)}",
            }
        return {"fields": answers, "quotedMessage": quoted}


def message_answers_form(message: Message) -> str | None:
    """The `_id` of the form a formResponse quotes, if it quotes one by content."""
    quoted: Any = message.content.quoted_message or {}
    content = quoted.get("content") if isinstance(quoted, dict) else None
    return content.get("_id") if isinstance(content, dict) else None
