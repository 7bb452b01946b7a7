"""Users: creation (with their default conversation), profile updates, channels, links, merges."""

from __future__ import annotations

from collections.abc import Iterable

from .. import error_texts as texts
from ..errors import (
    ChannelNotLinked,
    DeviceNotFound,
    IntegrationNotFound,
    InvalidField,
    InvalidLink,
    UserIdTaken,
)
from . import events
from .attachments import drop_attachments_of
from .base import StoreBase
from .conversation_lifecycle import participant_id
from .conversations import merge_histories
from .inputs import UserInput
from .models import Client, Conversation, JsonObject, Participant, Profile, User

LINKABLE_CHANNELS = (
    "twilio",
    "messagebird",
    "messenger",
    "whatsapp",
    "mailgun",
    "telegram",
    "line",
    "viber",
    "wechat",
)
CONFIRMATION_TYPES = ("immediate", "userActivity", "prompt")
CHANNEL_ENTITY_KEYS = {
    "twilio": "phoneNumber",
    "messagebird": "phoneNumber",
    "whatsapp": "phoneNumber",
    "messenger": "userId",
    "telegram": "chatId",
    "line": "userId",
    "viber": "userId",
    "wechat": "userId",
    "mailgun": "address",
    "twitter": "userId",
}


class UserOperations(StoreBase):
    def create_user(self, app_id: str, given: UserInput | None = None) -> User:
        """Create a user and, at the same moment, their default personal conversation."""
        given = given or UserInput()
        state = self.app_state(app_id)
        external_id = given.external_id
        if external_id is not None and external_id in state.external_ids:
            raise UserIdTaken(user_id=external_id)
        user_id = self.ids.object_id()
        conversation_id = self.ids.object_id()
        now = self.now()
        conversation = Conversation(
            id=conversation_id,
            created_at=now,
            is_default=True,
            participants=[
                Participant(id=participant_id(conversation_id, user_id), user_id=user_id)
            ],
        )
        user = User(
            id=user_id,
            default_conversation=conversation,
            signed_up_at=given.signed_up_at if given.signed_up_at is not None else now,
            external_id=external_id,
            profile=Profile(
                given_name=given.given_name,
                surname=given.surname,
                email=given.email,
                avatar_url=given.avatar_url,
                locale=given.locale,
            ),
            metadata=dict(given.metadata or {}),
            to_be_retained=bool(given.to_be_retained),
        )
        state.users[user.id] = user
        state.conversations[conversation.id] = conversation
        if external_id is not None:
            state.external_ids[external_id] = user.id
        return user

    def list_users(self, app_id: str) -> list[User]:
        return list(self.app_state(app_id).users.values())

    def update_user(self, app_id: str, user_ref: str, changes: UserInput) -> User:
        """Additive update: omitted fields and omitted metadata keys are kept."""
        user = self.user(app_id, user_ref)
        profile = user.profile
        if changes.given_name is not None:
            profile.given_name = changes.given_name
        if changes.surname is not None:
            profile.surname = changes.surname
        if changes.email is not None:
            profile.email = changes.email
        if changes.avatar_url is not None:
            profile.avatar_url = changes.avatar_url
        if changes.locale is not None:
            profile.locale = changes.locale
        if changes.signed_up_at is not None:
            user.signed_up_at = changes.signed_up_at
        if changes.metadata is not None:
            user.metadata.update(changes.metadata)
        return user

    def delete_user(self, app_id: str, user_ref: str) -> None:
        """Remove the user, their default conversation and their place in any other."""
        state = self.app_state(app_id)
        user = self.user(app_id, user_ref)
        del state.users[user.id]
        if user.external_id is not None:
            state.external_ids.pop(user.external_id, None)
        state.conversations.pop(user.default_conversation.id, None)
        conversation = user.default_conversation
        drop_attachments_of(self.attachments, conversation.messages, conversation)
        for conversation in state.conversations.values():
            if conversation.participant(user.id) is not None:
                conversation.participants = [
                    p for p in conversation.participants if p.user_id != user.id
                ]
                conversation.changed()
        self.emit(events.UserRemoved(app_id, self.now(), user, None))

    def init_sdk_device(
        self,
        app_id: str,
        device_id: str,
        platform: str,
        *,
        app_version: str | None = None,
        user_id: str | None = None,
    ) -> User:
        """Legacy `/v1/init`: find (or create) the appUser of an SDK device and refresh the device.

        The device's owner wins; else the appUser with `user_id`; else a new appUser.
        """
        state = self.app_state(app_id)
        user = self.device_owner(app_id, device_id)
        if user is None and user_id is not None and user_id in state.external_ids:
            user = self.user_by_external_id(app_id, user_id)
        if user is None:
            user = self.create_user(app_id, UserInput(external_id=user_id))
        client = user.client(device_id)
        if client is None:
            client = Client(id=device_id, platform=platform, app_version=app_version)
            self.add_client(app_id, user, client, reason="sdk")
        client.last_seen = self.now()
        return user

    def update_device(
        self, app_id: str, user_ref: str, device_id: str, changes: JsonObject
    ) -> Client:
        """Legacy `PUT /v1/appusers/{id}/devices/{deviceId}` (2016 docs): an SDK refreshes its
        device's app version, push token or info."""
        user = self.user(app_id, user_ref)
        client = user.client(device_id)
        if client is None:
            raise DeviceNotFound()
        if "appVersion" in changes:
            client.app_version = changes["appVersion"]
        if "pushNotificationToken" in changes:
            client.push_notification_token = changes["pushNotificationToken"]
        if "info" in changes:
            client.info = {**client.info, **changes["info"]}
        client.last_seen = self.now()
        return client

    def delete_user_profile(self, app_id: str, user_ref: str) -> User:
        user = self.user(app_id, user_ref)
        user.profile = Profile()
        user.metadata = {}
        for client in user.clients + user.pending_clients:
            client.display_name = client.avatar_url = None
            client.info = {}
            client.raw = {}
        return user

    def add_client(self, app_id: str, user: User, client: Client, reason: str = "api") -> Client:
        """Attach a confirmed client; the first one of a user is primary."""
        if client.primary:
            for other in user.clients:
                other.primary = False
        user.clients.append(client)
        participant = user.default_conversation.participant(user.id)
        if participant is not None:
            # The primary client comes first: the one a business message goes to.
            position = 0 if client.primary else len(participant.client_ids)
            participant.client_ids.insert(position, client.id)
        self.emit(events.ClientAdded(app_id, self.now(), user, client, reason))
        return client

    def channel_entities(self, app_id: str, user_ref: str) -> list[JsonObject]:
        user = self.user(app_id, user_ref)
        entities = []
        for client in user.clients:
            if client.platform not in CHANNEL_ENTITY_KEYS:
                continue
            entity: JsonObject = {"type": client.platform}
            if client.integration_id:
                entity["integrationId"] = client.integration_id
            entity[CHANNEL_ENTITY_KEYS[client.platform]] = client.external_id or client.id
            entities.append(entity)
        return entities

    def link_channel(
        self,
        app_id: str,
        user_ref: str,
        channel_type: str,
        confirmation_type: str,
        criteria: JsonObject,
        *,
        integration_id: str | None = None,
        primary: bool = True,
    ) -> User:
        """Start linking an external channel: the client waits in `pendingClients`.

        With `immediate` confirmation the link completes at once (`link:match` then
        `link:success` and `client:add`); otherwise it waits for the user's answer, which the
        simulation plays with `complete_link`.
        """
        _check_link_criteria(channel_type, criteria)
        user = self.user(app_id, user_ref)
        integration_id = integration_id or self._integration_id_for(app_id, channel_type)
        client = Client(
            id=self.ids.object_id(),
            platform=channel_type,
            status="pending",
            primary=primary,
            integration_id=integration_id,
            external_id=criteria.get("phoneNumber") or criteria.get("address"),
            display_name=" ".join(
                p for p in (criteria.get("givenName"), criteria.get("surname")) if p
            )
            or None,
        )
        user.pending_clients.append(client)
        channel = {"type": channel_type, "integrationId": integration_id}
        self.emit(
            events.ClientUpdated(app_id, self.now(), user, client, "match", channel, criteria)
        )
        if confirmation_type == "immediate":
            self.complete_link(app_id, user.id, client.id, succeeded=True)
        return user

    def complete_link(
        self,
        app_id: str,
        user_ref: str,
        client_id: str,
        *,
        succeeded: bool,
        error: JsonObject | None = None,
    ) -> Client:
        """The external user accepted or refused a pending link."""
        user = self.user(app_id, user_ref)
        client = next((c for c in user.pending_clients if c.id == client_id), None)
        if client is None:
            raise ChannelNotLinked(channel=client_id)
        user.pending_clients.remove(client)
        channel = {"type": client.platform, "integrationId": client.integration_id}
        # The entity as the link request gave it: a phone number, else the address it named.
        entity = "phoneNumber" if _is_phone_number(client.external_id) else "address"
        criteria: JsonObject = {entity: client.external_id} if client.external_id else {}
        if succeeded:
            client.status = "active"
            client.linked_at = self.now()
            self.emit(
                events.ClientUpdated(app_id, self.now(), user, client, "success", channel, criteria)
            )
            self.add_client(app_id, user, client, reason="link")
        else:
            failure = error or {"code": "bad_request", "message": "The user declined the link"}
            self.emit(
                events.ClientUpdated(
                    app_id, self.now(), user, client, "failure", channel, criteria, failure
                )
            )
        return client

    def unlink_channel(self, app_id: str, user_ref: str, channel: str) -> None:
        user = self.user(app_id, user_ref)
        removed = [c for c in user.clients if channel in (c.platform, c.integration_id, c.id)]
        if not removed:
            raise ChannelNotLinked(channel=channel)
        for client in removed:
            user.clients.remove(client)
            participant = user.default_conversation.participant(user.id)
            if participant is not None and client.id in participant.client_ids:
                participant.client_ids.remove(client.id)
            self.emit(events.ClientRemoved(app_id, self.now(), user, client, "api"))

    def business_systems(self, app_id: str, user_ref: str) -> list[JsonObject]:
        return list(self.user(app_id, user_ref).business_systems)

    def auth_code(self, app_id: str, user_ref: str) -> str:
        self.user(app_id, user_ref)
        return self.ids.code("ac")

    def link_requests(
        self, app_id: str, user_ref: str, integration_ids: list[str]
    ) -> list[JsonObject]:
        self.user(app_id, user_ref)
        state = self.app_state(app_id)
        requests = []
        for integration_id in integration_ids:
            integration = state.integrations.get(integration_id)
            if integration is None:
                raise InvalidField(texts.UNKNOWN_INTEGRATION_ID, integration_id=integration_id)
            code = self.ids.code("lr")
            requests.append(
                {
                    "integrationId": integration.id,
                    "type": integration.type,
                    "code": code,
                    "url": _link_request_url(integration.type, integration.public, code),
                }
            )
        return requests

    def ping_channel(self, app_id: str, user_ref: str, channel: str) -> None:
        """Check the user is reachable on `channel` (a channel type or an integration id)."""
        user = self.user(app_id, user_ref)
        if not any(channel in (c.platform, c.integration_id) for c in user.clients):
            raise ChannelNotLinked(channel=channel)

    def qr_code_url(self, app_id: str, user_ref: str, channel_type: str) -> str:
        """A link for the user to scan and link `channel_type` (viber or wechat) to themselves."""
        self.user(app_id, user_ref)
        integration = next(
            (i for i in self.app_state(app_id).integrations.values() if i.type == channel_type),
            None,
        )
        if integration is None:
            raise IntegrationNotFound(texts.NO_INTEGRATION_OF_TYPE, channel=channel_type)
        code = self.ids.code("lr")
        if channel_type == "viber":
            return f"viber://pa?chatURI={integration.public.get('uri', 'bot')}&context={code}"
        return f"https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket={code}"

    def merge_users(self, app_id: str, surviving_ref: str, discarded_ref: str) -> User:
        """Move the discarded user's clients and messages into the surviving user."""
        surviving = self.user(app_id, surviving_ref)
        discarded = self.user(app_id, discarded_ref)
        if surviving is discarded:
            raise InvalidField(texts.MERGE_SAME_APP_USER)
        state = self.app_state(app_id)
        snapshot = _copy_user_header(discarded)
        surviving.clients.extend(discarded.clients)
        participant = surviving.default_conversation.participant(surviving.id)
        if participant is not None:
            participant.client_ids.extend(c.id for c in discarded.clients)
        surviving.pending_clients.extend(discarded.pending_clients)
        for key, value in discarded.metadata.items():
            surviving.metadata.setdefault(key, value)
        merge_histories(surviving, discarded)
        del state.users[discarded.id]
        state.conversations.pop(discarded.default_conversation.id, None)
        if discarded.external_id is not None:
            state.external_ids.pop(discarded.external_id, None)
        _hand_over_participations(state.conversations.values(), surviving.id, discarded.id)
        self.emit(events.UsersMerged(app_id, self.now(), surviving, snapshot))
        return surviving

    def _integration_id_for(self, app_id: str, channel_type: str) -> str | None:
        state = self.app_state(app_id)
        found = next((i for i in state.integrations.values() if i.type == channel_type), None)
        return found.id if found else None


PHONE_CHANNELS = ("twilio", "messagebird", "whatsapp")


def _is_phone_number(value: str | None) -> bool:
    return value is not None and value.startswith("+") and value[1:].isdigit()


def _check_link_criteria(channel_type: str, criteria: JsonObject) -> None:
    """What each channel needs to find the external user (the API and the simulation alike)."""
    phone = criteria.get("phoneNumber")
    if phone is not None and not _is_phone_number(phone):
        raise InvalidLink(texts.PHONE_NUMBER_FORMAT)
    if channel_type in PHONE_CHANNELS and phone is None:
        raise InvalidLink(texts.LINK_NEEDS, field="phoneNumber", channel=channel_type)
    if channel_type == "mailgun" and criteria.get("address") is None:
        raise InvalidLink(texts.LINK_NEEDS, field="address", channel="mailgun")


def _copy_user_header(user: User) -> User:
    return User(
        id=user.id,
        default_conversation=user.default_conversation,
        signed_up_at=user.signed_up_at,
        external_id=user.external_id,
        conversation_started=user.conversation_started,
        authenticated=user.authenticated,
        zendesk_id=user.zendesk_id,
    )


def _hand_over_participations(
    conversations: Iterable[Conversation], surviving_id: str, discarded_id: str
) -> None:
    """The discarded user's other conversations become the surviving user's (once each)."""
    for conversation in conversations:
        discarded = conversation.participant(discarded_id)
        if discarded is None:
            continue
        if conversation.participant(surviving_id) is None:
            discarded.user_id = surviving_id
        else:
            conversation.participants.remove(discarded)
        conversation.changed()


def _link_request_url(channel_type: str, public: JsonObject, code: str) -> str:
    if channel_type == "messenger":
        return f"https://m.me/{public.get('pageId', 'page')}?ref={code}"
    if channel_type == "telegram":
        return f"https://telegram.me/{public.get('username', 'bot')}?start={code}"
    if channel_type == "viber":
        return f"viber://pa?chatURI={public.get('uri', 'bot')}&context={code}"
    return f"https://link.smooch.io/{code}"
