"""User-visible error descriptions, kept in one place so tests compare against the same strings."""

from __future__ import annotations

AUTH_REQUIRED = "Authorization is required"
MISSING_KID = "Invalid JWT header. Missing key id (kid)"
UNKNOWN_KEY = "Invalid key id"
BAD_SIGNATURE = "Invalid JWT signature"
BAD_TOKEN = "Invalid JWT"
BAD_ALGORITHM = "Invalid JWT algorithm: only HS256 is accepted"
MISSING_SCOPE = "Invalid JWT body. Missing scope"
BAD_SCOPE = "Invalid JWT scope for this key"
MISSING_USER_ID = "Invalid JWT body. appUser scope requires a string userId"
BAD_BASIC = "Invalid basic credentials"
UNSUPPORTED_AUTH = "Unsupported authorization scheme"
FORBIDDEN = "Credentials are not allowed to access this resource"
APP_REQUIRED = "An /apps/{appId} path is required with account credentials"
HOST_NOT_ALLOWED = (
    "Host {host!r} is not allowed: smooch-mock answers loopback names only (DNS rebinding"
    " protection); start it with --allowed-host {host} to accept this name"
)
CROSS_SITE_WRITE = "Cross-site requests cannot change the fake (send them from the dashboard)"
CONTROL_TOKEN_REQUIRED = (
    "A browser request that changes the fake needs the dashboard's X-Smooch-Mock-Token header"
)

NOT_FOUND_PATH = "Not found: {method} {path}"
METHOD_NOT_ALLOWED = "Method {method} is not allowed on {path}"
MALFORMED_JSON = "Malformed JSON body"
BODY_NOT_OBJECT = "The request body must be a JSON object"
BODY_TOO_LARGE = "The request body is larger than {limit} bytes"
WRONG_CONTENT_TYPE = "Content-Type must be {expected}"
BODY_TIMEOUT = "The request body did not arrive in time"
FIELD_NOT_JSON = "{name} must be JSON"
JSON_TOO_LARGE = "{where} is larger than {limit} bytes"
JSON_TOO_DEEP = "{where}: arrays and objects nest deeper than {limit} levels"
JSON_NON_FINITE = "{where}: NaN, Infinity and numbers beyond a double's range are not JSON numbers"
JSON_LONE_SURROGATE = (
    "{where}: a lone UTF-16 surrogate (\\ud800-\\udfff without its pair) is not valid Unicode"
)
TOO_MANY_PARTS = "A multipart body may have at most {limit} parts"
MALFORMED_MULTIPART = "Malformed multipart body: {reason}"

APP_NOT_FOUND = "App not found"
KEY_NOT_FOUND = "Key not found"
SERVICE_ACCOUNT_NOT_FOUND = "Service account not found"
APP_USER_NOT_FOUND = "App user not found"
CONVERSATION_NOT_FOUND = "Conversation not found"
MESSAGE_NOT_FOUND = "Message not found"
DEVICE_NOT_FOUND = "Device not found"
WEBHOOK_NOT_FOUND = "Webhook not found"
INTEGRATION_NOT_FOUND = "Integration not found"
TEMPLATE_NOT_FOUND = "Template not found"
ACTION_NOT_FOUND = "Action not found"
ACTION_NOT_FOUND_AMONG = (
    "Action not found: no action of this user's conversation or the app menu has the _id"
    " (or postback payload) {ref!r}; {known}"
)
NO_ACTIONS = "the conversation and the app menu have no action at all"
CHANNEL_NOT_LINKED = "The app user has no client on channel {channel}"
ATTACHMENT_NOT_FOUND = "Attachment not found"
MENU_NOT_FOUND = "Menu not found"
DELIVERY_NOT_FOUND = "Delivery not found"
DEPLOYMENT_NOT_FOUND = "Deployment not found"

USER_ID_TAKEN = "An app user with userId {user_id} already exists"
TOO_MANY_WEBHOOKS = "An app can have at most {limit} webhooks"
BEFORE_AND_AFTER = 'Parameters "before" and "after" are mutually exclusive'
TEMPLATE_NAME_UNKNOWN = "The message names the template {name}, which the app does not have"

STREAM_NEEDS_SERVER = (
    "{path} is an endless event stream, which the in-process transport cannot carry: serve the"
    " fake (the `smooch` fixture, ServerThread or `smooch-mock serve`) and read it over HTTP"
)
IN_PROCESS_NEEDS_RESPX = (
    "The in-process `smooch_mock` fixture needs respx (which brings httpx), and it is not"
    " installed: pip install respx (or install smooch-mock with its `pytest` extra, e.g."
    " pip install '.[pytest]' in its checkout). The `smooch` fixture, served on 127.0.0.1,"
    " works without it."
)

STATE_NOT_SAVED = "The fake cannot save its state ({reason}); it accepts no more changes"
