"""Faker provider of realistic Smooch objects and webhook payloads: v1/v1.1 and v2."""

from __future__ import annotations

from ..api.v1 import wire
from ..store.models import JsonObject, Message
from .messages import message_answers_form
from .platforms import PLATFORMS
from .v2_events import V2EventProvider

__all__ = ["PLATFORMS", "Provider", "SmoochProvider"]


class SmoochProvider(V2EventProvider):
    """Smooch objects for tests: ``fake.add_provider(SmoochProvider); fake.smooch_app_user()``.

    v1/v1.1 shapes come from the `smooch_…` methods, Sunshine Conversations (v2) shapes from
    the `smooch_v2_…` ones (`smooch_v2_user`, `smooch_v2_message`, `smooch_v2_event`, …).

    Every method draws only from the generator's random, so `Faker.seed(n)` (or
    `fake.seed_instance(n)`) reproduces its output exactly; names follow the generator's locale.
    """

    def smooch_conversation_history(self, n: int = 10) -> JsonObject:
        """A whole conversation, oldest first, e.g. ``{'appUser': …, 'messages': […], …}``."""
        if n < 0:
            raise ValueError("n must not be negative")
        app = self._app_model()
        user = self._app_user_model()
        client = user.clients[0] if user.clients else None
        conversation = user.default_conversation
        [participant] = conversation.participants
        at = int(user.signed_up_at * 1000)
        role = "appUser"  # users open most conversations
        open_form: Message | None = None
        for _ in range(n):
            # Replies come within seconds to hours; strictly increasing, as the fake stores them.
            at += self._rng.choice(
                (self._rng.randint(1_000, 60_000), self._rng.randint(60_000, 7_200_000))
            )
            kind: str | None = None
            if role == "appUser":
                kind = "formResponse" if open_form is not None and self._chance(0.6) else None
                while kind is None or (kind == "formResponse" and open_form is None):
                    kind = (
                        "text"
                        if self._chance(0.7)
                        else str(self._pick(("image", "file", "location")))
                    )
            message = self._message_model(app, user, client, at, kind, role, form=open_form)
            if message.content.type == "form":
                open_form = message
            elif message.content.type == "formResponse" and open_form is not None:
                if message_answers_form(message) == open_form.id:
                    open_form.content.submitted = True
                    message.quoted_message_id = open_form.id
                open_form = None
            conversation.messages.append(message)
            conversation.received.append(message.received)
            if role == "appMaker":
                participant.unread_count += 1
                conversation.business_last_read = message.received
            else:
                participant.unread_count = 0
                participant.last_read = message.received
            # Mostly turn-taking, with the odd double message.
            if self._chance(0.75):
                role = "appMaker" if role == "appUser" else "appUser"
        user.conversation_started = n > 0 or user.conversation_started
        return {
            "appUser": wire.app_user(user),
            "conversation": wire.conversation(conversation, user),
            "messages": [wire.message(m) for m in conversation.messages],
        }


# Lets `Faker(providers=["smooch_mock.faker"])` find the provider the way Faker's own are found.
Provider = SmoochProvider
