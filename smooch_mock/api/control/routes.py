"""The fake's own `/_mock` API and the dashboard as data: method, path, handler and body kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...http.handler_modules import handler_modules
from ...http.router import Body, Placement, Route

if TYPE_CHECKING:  # the modules themselves, so that the checker sees every handler
    from .handlers import (
        chaos,
        control,
        conversations,
        coverage,
        dashboard,
        deliveries,
        simulation,
    )
else:  # each loads on the first call of one of its handlers, not with the table
    globals().update(
        handler_modules(
            f"{__package__}.handlers",
            "chaos",
            "control",
            "conversations",
            "coverage",
            "dashboard",
            "deliveries",
            "simulation",
        )
    )

CONTROL = Placement.CONTROL
JSON = Body.JSON
MOCK_APP = "/_mock/apps/{appId}"
SIMULATE = MOCK_APP + "/simulate"
WEBHOOK_CHAOS = MOCK_APP + "/webhooks/{webhookId}/chaos"

CONTROL_ROUTES: list[Route] = [
    Route("GET", "/_mock/health", control.health, "mockHealth", placement=CONTROL),
    Route("POST", "/_mock/reset", control.reset, "mockReset", placement=CONTROL),
    Route("GET", "/_mock/state", control.state, "mockState", placement=CONTROL),
    Route("GET", "/_mock/apps", control.list_apps, "mockListApps", placement=CONTROL),
    Route("POST", "/_mock/clock/advance", control.advance_clock, "mockAdvanceClock", placement=CONTROL, body=JSON),
    Route("GET", "/_mock/media/{attachmentId}/{fileName}", control.media, "mockMedia", placement=CONTROL),
    Route("GET", "/_mock/triggers", deliveries.list_triggers, "mockListTriggers", placement=CONTROL),
    Route("POST", MOCK_APP + "/triggers/{trigger}", simulation.trigger, "mockTrigger", placement=CONTROL, body=JSON),
    Route("GET", MOCK_APP + "/deliveries", deliveries.list_deliveries, "mockListDeliveries", placement=CONTROL),
    Route("GET", MOCK_APP + "/deliveries/{deliveryId}", deliveries.get_delivery, "mockGetDelivery", placement=CONTROL),
    Route("POST", MOCK_APP + "/deliveries/{deliveryId}/redeliver", deliveries.redeliver, "mockRedeliver", placement=CONTROL),
    # Delivery chaos: seeded faults per webhook, or for every webhook of an app
    Route("GET", WEBHOOK_CHAOS, chaos.get_webhook_chaos, "mockGetWebhookChaos", placement=CONTROL),
    Route("PUT", WEBHOOK_CHAOS, chaos.set_webhook_chaos, "mockSetWebhookChaos", placement=CONTROL, body=JSON),
    Route("DELETE", WEBHOOK_CHAOS, chaos.clear_webhook_chaos, "mockClearWebhookChaos", placement=CONTROL),
    Route("GET", MOCK_APP + "/chaos", chaos.get_app_chaos, "mockGetAppChaos", placement=CONTROL),
    Route("PUT", MOCK_APP + "/chaos", chaos.set_app_chaos, "mockSetAppChaos", placement=CONTROL, body=JSON),
    Route("DELETE", MOCK_APP + "/chaos", chaos.clear_app_chaos, "mockClearAppChaos", placement=CONTROL),
    # Coverage: what this fake served so far
    Route("GET", "/_mock/coverage", coverage.get_coverage, "mockCoverage", placement=CONTROL),
    Route("DELETE", "/_mock/coverage", coverage.clear_coverage, "mockClearCoverage", placement=CONTROL),
    Route("POST", SIMULATE + "/message", simulation.write, "mockUserWrites", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/postback", simulation.postback, "mockUserTapsPostback", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/payment", simulation.payment, "mockUserPays", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/read", simulation.read, "mockUserReads", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/typing", simulation.typing, "mockUserTypes", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/conversation-start", simulation.conversation_start, "mockUserStartsConversation", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/referral", simulation.referral, "mockUserFollowsReferral", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/link", simulation.link, "mockUserAnswersLink", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/delivery", simulation.delivery, "mockChannelReportsDelivery", placement=CONTROL, body=JSON),
    Route("POST", SIMULATE + "/notification-delivery", simulation.notification_delivery, "mockChannelReportsNotification", placement=CONTROL, body=JSON),
    # Dashboard (the browser UI served at /)
    Route("GET", "/", dashboard.index, "dashboardPage", placement=CONTROL),
    Route("GET", "/_mock/dashboard/static/{fileName}", dashboard.static_file, "dashboardAsset", placement=CONTROL),
    Route("GET", "/_mock/dashboard/config", dashboard.config, "dashboardConfig", placement=CONTROL),
    Route("GET", MOCK_APP + "/appusers", dashboard.list_app_users, "mockListAppUsers", placement=CONTROL),
    Route("GET", MOCK_APP + "/conversations", conversations.list_conversations, "mockListConversations", placement=CONTROL, summary="Every conversation of the app (personal and sdkGroup) as v2 shows it, with its participants' users, message count and last message, latest activity first"),
    Route("GET", MOCK_APP + "/events", dashboard.live_events, "mockLiveEvents", placement=CONTROL, summary="The app's changes and deliveries as they happen (server-sent events; served on a socket only)"),
    # The contract: this API as an OpenAPI 3.1 document (smooch_mock/contract)
    Route("GET", "/_mock/openapi.json", control.openapi, "mockOpenApi", placement=CONTROL),
]  # fmt: skip
