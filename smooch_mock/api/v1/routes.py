"""The appUser API (v1, v1.1) as data: method, path, handler, scopes, placement and body kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...http.handler_modules import handler_modules
from ...http.router import ACCOUNT_ONLY, ALL_SCOPES, Body, Placement, Route

if TYPE_CHECKING:  # the modules themselves, so that the checker sees every handler
    from .handlers import (
        app_config,
        app_users,
        apps,
        attachments,
        channel_extras,
        conversations,
        deployments,
        integrations,
        legacy,
        notifications,
        webhooks,
    )
else:  # each loads on the first call of one of its handlers, not with the table
    globals().update(
        handler_modules(
            f"{__package__}.handlers",
            "app_config",
            "app_users",
            "apps",
            "attachments",
            "channel_extras",
            "conversations",
            "deployments",
            "integrations",
            "legacy",
            "notifications",
            "webhooks",
        )
    )

ROOT = Placement.ROOT
JSON = Body.JSON
USER = "/appusers/{userId}"
INTEGRATION = "/apps/{appId}/integrations/{integrationId}"
# smooch-core builds integration menus, profiles and message templates from its scope: under app
# scope they come without the /apps/{appId} prefix, so they are app resources, not root ones.
INTEGRATION_PART = "/integrations/{integrationId}"
SERVICE_ACCOUNT = "/serviceaccounts/{serviceAccountId}"
DEPLOYMENT = "/whatsapp/deployments/{deploymentId}"

SMOOCH_ROUTES: list[Route] = [
    # Apps (Managed Accounts)
    Route("POST", "/apps", apps.create_app, "createApp", ACCOUNT_ONLY, ROOT, JSON),
    Route("GET", "/apps", apps.list_apps, "listApps", ACCOUNT_ONLY, ROOT),
    Route("GET", "/apps/{appId}", apps.get_app, "getApp", ACCOUNT_ONLY, ROOT),
    Route("PUT", "/apps/{appId}", apps.update_app, "updateApp", ACCOUNT_ONLY, ROOT, JSON),
    Route("DELETE", "/apps/{appId}", apps.delete_app, "deleteApp", ACCOUNT_ONLY, ROOT),
    Route("GET", "/apps/{appId}/sdks", apps.get_sdk_ids, "getSdkIds", ACCOUNT_ONLY, ROOT),
    # App keys
    Route("POST", "/keys", apps.create_app_key, "createSecretKey", body=JSON),
    Route("GET", "/keys", apps.list_app_keys, "listSecretKeys"),
    Route("GET", "/keys/{keyId}", apps.get_app_key, "getSecretKey"),
    Route("DELETE", "/keys/{keyId}", apps.delete_app_key, "deleteSecretKey"),
    Route("GET", "/keys/{keyId}/jwt", apps.get_app_jwt, "getAppJwt"),
    # Service accounts
    Route("POST", "/serviceaccounts", apps.create_service_account, "createServiceAccount", ACCOUNT_ONLY, ROOT, JSON),
    Route("GET", "/serviceaccounts", apps.list_service_accounts, "listServiceAccounts", ACCOUNT_ONLY, ROOT),
    Route("GET", SERVICE_ACCOUNT, apps.get_service_account, "getServiceAccount", ACCOUNT_ONLY, ROOT),
    Route("PUT", SERVICE_ACCOUNT, apps.update_service_account, "updateServiceAccount", ACCOUNT_ONLY, ROOT, JSON),
    Route("DELETE", SERVICE_ACCOUNT, apps.delete_service_account, "deleteServiceAccount", ACCOUNT_ONLY, ROOT),
    Route("POST", SERVICE_ACCOUNT + "/keys", apps.create_service_account_key, "createServiceAccountKey", ACCOUNT_ONLY, ROOT, JSON),
    Route("GET", SERVICE_ACCOUNT + "/keys", apps.list_service_account_keys, "listServiceAccountKeys", ACCOUNT_ONLY, ROOT),
    Route("GET", SERVICE_ACCOUNT + "/keys/{keyId}", apps.get_service_account_key, "getServiceAccountKey", ACCOUNT_ONLY, ROOT),
    Route("DELETE", SERVICE_ACCOUNT + "/keys/{keyId}", apps.delete_service_account_key, "deleteServiceAccountKey", ACCOUNT_ONLY, ROOT),
    Route("GET", SERVICE_ACCOUNT + "/keys/{keyId}/jwt", apps.get_service_account_jwt, "getServiceAccountJwt", ACCOUNT_ONLY, ROOT),
    # App users
    Route("POST", "/appusers/merge", app_users.merge_app_users, "mergeUsers", body=JSON),
    Route("POST", "/appusers", app_users.create_app_user, "preCreateAppUser", body=JSON),
    Route("GET", USER, app_users.get_app_user, "getAppUser", ALL_SCOPES),
    Route("PUT", USER, app_users.update_app_user, "updateAppUser", ALL_SCOPES, body=JSON),
    Route("DELETE", USER, app_users.delete_app_user, "deleteAppUser"),
    Route("DELETE", USER + "/profile", app_users.delete_app_user_profile, "deleteAppUserProfile"),
    Route("GET", USER + "/channels", app_users.get_channels, "getAppUserEntityIds"),
    Route("POST", USER + "/channels", app_users.link_channel, "linkAppUser", body=JSON),
    Route("DELETE", USER + "/channels/{channel}", app_users.unlink_channel, "unlinkAppUser"),
    Route("GET", USER + "/businesssystems", app_users.get_business_systems, "getAppUserBusinessSystemIds"),
    Route("GET", USER + "/authcode", app_users.get_auth_code, "getAppUserAuthCode"),
    Route("GET", USER + "/linkrequest", app_users.get_link_requests, "getLinkRequests"),
    Route("POST", USER + "/integrations/{channel}/ping", channel_extras.ping_channel, "pingChannel"),
    Route("GET", USER + "/integrations/viber/qrcode", channel_extras.viber_qr_code, "getViberQrCode", ALL_SCOPES),
    Route("GET", USER + "/integrations/wechat/qrcode", channel_extras.wechat_qr_code, "getWeChatQrCode", ALL_SCOPES),
    Route("POST", USER + "/stripe/customer", channel_extras.update_stripe_customer, "updateStripeCustomer", ALL_SCOPES, body=JSON),
    Route("POST", USER + "/stripe/transaction", channel_extras.create_stripe_transaction, "createStripeTransaction", ALL_SCOPES, body=JSON),
    Route("GET", "/stripe/account", channel_extras.get_stripe_account, "getStripeAccount", ALL_SCOPES),
    # Messages and conversation
    Route("GET", USER + "/messages", conversations.get_messages, "getMessages", ALL_SCOPES),
    Route("POST", USER + "/messages", conversations.post_message, "postMessage", ALL_SCOPES, body=JSON),
    Route("DELETE", USER + "/messages", conversations.delete_messages, "deleteMessages"),
    Route("DELETE", USER + "/messages/{messageId}", conversations.delete_message, "deleteMessage"),
    Route("POST", USER + "/images", conversations.post_image, "postImageMessage", ALL_SCOPES, body=Body.MULTIPART),
    Route("POST", USER + "/conversation/activity", conversations.conversation_activity, "conversationActivity", ALL_SCOPES, body=JSON),
    Route("POST", USER + "/conversation/read", conversations.reset_unread_count, "resetUnreadCount", ALL_SCOPES, body=JSON),
    Route("POST", USER + "/conversation/postback", conversations.post_postback, "postPostback", ALL_SCOPES, body=JSON),
    Route("GET", USER + "/conversation", conversations.get_conversation, "getConversation", ALL_SCOPES),
    # Webhooks
    Route("GET", "/webhooks", webhooks.list_webhooks, "listWebhooks"),
    Route("POST", "/webhooks", webhooks.create_webhook, "createWebhook", body=JSON),
    Route("GET", "/webhooks/{webhookId}", webhooks.get_webhook, "getWebhook"),
    Route("PUT", "/webhooks/{webhookId}", webhooks.update_webhook, "updateWebhook", body=JSON),
    Route("DELETE", "/webhooks/{webhookId}", webhooks.delete_webhook, "deleteWebhook"),
    # Persistent menu
    Route("GET", "/menu", app_config.get_menu, "getMenu"),
    Route("PUT", "/menu", app_config.update_menu, "updateMenu", body=JSON),
    Route("DELETE", "/menu", app_config.delete_menu, "deleteMenu"),
    # Templates
    Route("POST", "/templates", app_config.create_template, "createTemplate", body=JSON),
    Route("GET", "/templates", app_config.list_templates, "listTemplates"),
    Route("GET", "/templates/{templateId}", app_config.get_template, "getTemplate"),
    Route("PUT", "/templates/{templateId}", app_config.update_template, "updateTemplate", body=JSON),
    Route("DELETE", "/templates/{templateId}", app_config.delete_template, "deleteTemplate"),
    # Integrations (CRUD always under /apps/{appId}; their parts also without it under app scope)
    Route("POST", "/apps/{appId}/integrations", integrations.create_integration, "createIntegration", placement=ROOT, body=JSON),
    Route("GET", "/apps/{appId}/integrations", integrations.list_integrations, "listIntegrations", placement=ROOT),
    Route("GET", INTEGRATION, integrations.get_integration, "getIntegration", placement=ROOT),
    Route("PUT", INTEGRATION, integrations.update_integration, "updateIntegration", placement=ROOT, body=JSON),
    Route("DELETE", INTEGRATION, integrations.delete_integration, "deleteIntegration", placement=ROOT),
    Route("GET", INTEGRATION_PART + "/menu", integrations.get_integration_menu, "getIntegrationMenu"),
    Route("POST", INTEGRATION_PART + "/menu", integrations.create_integration_menu, "createIntegrationMenu", body=JSON),
    Route("PUT", INTEGRATION_PART + "/menu", integrations.update_integration_menu, "updateIntegrationMenu", body=JSON),
    Route("DELETE", INTEGRATION_PART + "/menu", integrations.delete_integration_menu, "deleteIntegrationMenu"),
    Route("GET", INTEGRATION_PART + "/profile", integrations.get_integration_profile, "getIntegrationProfile"),
    Route("PUT", INTEGRATION_PART + "/profile", integrations.update_integration_profile, "updateIntegrationProfile", body=JSON),
    Route("PUT", INTEGRATION_PART + "/profile/photo", integrations.upload_integration_profile_photo, "uploadIntegrationProfilePhoto", body=Body.MULTIPART),
    Route("POST", INTEGRATION_PART + "/messageTemplates", integrations.create_message_template, "createMessageTemplate", body=JSON),
    Route("GET", INTEGRATION_PART + "/messageTemplates", integrations.list_message_templates, "listMessageTemplates"),
    Route("DELETE", INTEGRATION_PART + "/messageTemplates/{templateName}", integrations.delete_message_template, "deleteMessageTemplate"),
    # Attachments
    Route("POST", "/attachments", attachments.upload_attachment, "uploadAttachment", body=Body.MULTIPART),
    Route("POST", "/attachments/remove", attachments.remove_attachment, "removeAttachment", body=JSON),
    # Notifications (always under /apps/{appId}; the Python SDK uses /v1)
    Route("POST", "/apps/{appId}/notifications", notifications.post_notification, "postNotification", placement=ROOT, body=JSON),
    # Legacy v1 paths (2015-2016 clients, community wrapper)
    Route("POST", "/init", legacy.init, "legacyInit", ALL_SCOPES, body=JSON, versions=("v1",)),
    Route("POST", USER + "/conversation/messages", conversations.post_legacy_message, "legacyPostMessage", ALL_SCOPES, body=JSON, versions=("v1",)),
    Route("POST", USER + "/events", legacy.track_event, "legacyTrackEvent", ALL_SCOPES, body=JSON, versions=("v1",)),
    Route("PUT", USER + "/devices/{deviceId}", legacy.update_device, "legacyUpdateDevice", ALL_SCOPES, body=JSON, versions=("v1",)),
    # WhatsApp deployments (Managed Accounts)
    Route("POST", "/whatsapp/deployments", deployments.create_deployment, "createDeployment", ACCOUNT_ONLY, ROOT, JSON),
    Route("GET", "/whatsapp/deployments", deployments.list_deployments, "listDeployments", ACCOUNT_ONLY, ROOT),
    Route("GET", DEPLOYMENT, deployments.get_deployment, "getDeployment", ACCOUNT_ONLY, ROOT),
    Route("POST", DEPLOYMENT + "/activate", deployments.activate_phone_number, "activatePhoneNumber", ACCOUNT_ONLY, ROOT, JSON),
    Route("POST", DEPLOYMENT + "/code/confirm", deployments.confirm_code, "confirmCode", ACCOUNT_ONLY, ROOT, JSON),
    Route("DELETE", DEPLOYMENT, deployments.delete_deployment, "deleteDeployment", ACCOUNT_ONLY, ROOT),
]  # fmt: skip
