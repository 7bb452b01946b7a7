"""A conversation's active and pending switchboard integrations, as v2 shows them."""

from __future__ import annotations

from ...store.models import Conversation, JsonObject, Switchboard
from . import integrations_wire


def switchboard_refs(switchboard: Switchboard | None, conversation: Conversation) -> JsonObject:
    """`activeSwitchboardIntegration` / `pendingSwitchboardIntegration` of the members in (or
    offered) control of `conversation`; nothing while the app's switchboard is missing or off."""
    refs: JsonObject = {}
    if switchboard is None or not switchboard.enabled:
        return refs
    for key, member_id in (
        ("activeSwitchboardIntegration", conversation.active_switchboard_integration_id),
        ("pendingSwitchboardIntegration", conversation.pending_switchboard_integration_id),
    ):
        member = switchboard.members.get(member_id or "")
        if member is not None:
            refs[key] = integrations_wire.switchboard_integration_ref(member)
    return refs
