"""v2 wire shapes of integrations, their webhooks, the switchboard and its members."""

from __future__ import annotations

from ...store.models import (
    Conversation,
    Integration,
    JsonObject,
    Switchboard,
    SwitchboardIntegration,
    Webhook,
)

V2_TYPES = (
    "android", "apple", "custom", "instagram", "ios", "line", "mailgun", "messagebird",
    "messenger", "telegram", "twilio", "twitter", "unity", "viber", "web", "whatsapp",
)  # fmt: skip
"""The 16 types of the official clients' discriminator: any other breaks `list_integrations()`."""
V1_TYPE_NAMES = {"apn": "ios", "fcm": "android"}
"""v1 push integrations, seen from v2 as the SDK type they serve."""
ECHOED_SECRETS = {"apple": ("apiSecret",), "twitter": ("consumerKey", "accessTokenKey")}
"""Write-only in the spec, but the Python client requires them in every response."""
SDK_TYPES = frozenset({"android", "ios", "unity", "web"})
CHANNEL_DEFAULTS: dict[str, JsonObject] = {"twitter": {"tier": "enterprise"}}


def v2_type(record: Integration) -> str | None:
    """The type v2 shows `record` as; None when v2 has no such type (left out of v2 views)."""
    kind = V1_TYPE_NAMES.get(record.type, record.type)
    return kind if kind in V2_TYPES else None


def integration(record: Integration, switchboard: Switchboard | None = None) -> JsonObject | None:
    """`record` as v2 shows it, or None when v2 cannot show it (a type the clients' discriminator
    lacks, a Messenger page id that is not a number); a channel names the app's `switchboard`
    member that takes its new conversations."""
    kind = v2_type(record)
    if kind is None:
        return None
    shape: JsonObject = {"id": record.id, "type": kind, "status": record.status}
    display_name = record.display_name or record.public.get("displayName")
    if display_name:
        shape["displayName"] = display_name
    if kind == "custom":
        # The clients take exactly one webhook: a custom integration shows its first one.
        shape["webhooks"] = [webhook(record.webhooks[0])] if record.webhooks else []
        return shape
    shape.update(CHANNEL_DEFAULTS.get(kind, {}))
    shape.update({k: v for k, v in record.public.items() if v is not None and k != "displayName"})
    for name in ECHOED_SECRETS.get(kind, ()):
        if name in record.secrets:
            shape[name] = record.secrets[name]
    if kind in SDK_TYPES:
        shape.setdefault("attachmentsEnabled", True)
    shape.setdefault("showAIDisclaimer", True)
    responder = switchboard.responder_for(record) if switchboard is not None else None
    if responder is not None:
        member, inherited = responder
        shape["defaultResponder"] = {
            **{k: v for k, v in switchboard_integration(member).items() if k != "id"},
            "inherited": inherited,
        }
    if kind == "messenger":
        page_id = shape.get("pageId")
        if not (isinstance(page_id, str) and page_id.isdigit()) and not isinstance(page_id, int):
            return None
        shape["pageId"] = int(page_id)
    return shape


def webhook(record: Webhook) -> JsonObject:
    """A webhook in v2's words: a v1/v1.1 one keeps its version and trigger names."""
    return {
        "id": record.id,
        "version": record.version,
        "target": record.target,
        "triggers": list(record.triggers),
        "secret": record.secret,
        "includeFullUser": record.include_full_user,
        "includeFullSource": record.include_full_source,
    }


def switchboard(record: Switchboard) -> JsonObject:
    shape: JsonObject = {"id": record.id, "enabled": record.enabled}
    if record.default_switchboard_integration_id is not None:
        shape["defaultSwitchboardIntegrationId"] = record.default_switchboard_integration_id
    return shape


def switchboard_integration(record: SwitchboardIntegration) -> JsonObject:
    return {
        **switchboard_integration_ref(record),
        "deliverStandbyEvents": record.deliver_standby_events,
        "nextSwitchboardIntegrationId": record.next_switchboard_integration_id,
        "messageHistoryCount": record.message_history_count,
    }


def switchboard_integration_ref(record: SwitchboardIntegration) -> JsonObject:
    """What a conversation's `activeSwitchboardIntegration` / `pendingSwitchboardIntegration`
    show of the member in (or offered) control."""
    assert record.integration_id is not None, "every member names an integration"
    return {
        "id": record.id,
        "name": record.name,
        "integrationId": record.integration_id,
        "integrationType": record.integration_type,
    }


def switchboard_refs(switchboard: Switchboard | None, conversation: Conversation) -> JsonObject:
    """`activeSwitchboardIntegration` / `pendingSwitchboardIntegration` of `conversation`: the
    members of the enabled `switchboard` in (or offered) control of it; nothing otherwise."""
    refs: JsonObject = {}
    if switchboard is None or not switchboard.enabled:
        return refs
    for key, member_id in (
        ("activeSwitchboardIntegration", conversation.active_switchboard_integration_id),
        ("pendingSwitchboardIntegration", conversation.pending_switchboard_integration_id),
    ):
        member = switchboard.members.get(member_id or "")
        if member is not None:
            refs[key] = switchboard_integration_ref(member)
    return refs
