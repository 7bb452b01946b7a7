"""User-visible error texts, templates with named fields, so tests compare the same strings."""

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
APP_REQUIRED = "An /apps/{{appId}} path is required with account credentials"
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
NO_INTEGRATION_OF_TYPE = INTEGRATION_NOT_FOUND + ": the app has no {channel} integration"
UNKNOWN_DESTINATION = INTEGRATION_NOT_FOUND + ": destination.integrationId {integration_id}"
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
NO_PENDING_LINK = "the app user has no pending channel link"

USER_ID_TAKEN = "An app user with userId {user_id} already exists"
TOO_MANY_WEBHOOKS = "An app can have at most {limit} webhooks"
BEFORE_AND_AFTER = 'Parameters "before" and "after" are mutually exclusive'
TEMPLATE_NAME_UNKNOWN = "The message names the template {name}, which the app does not have"
UNKNOWN_NOTIFICATION = "unknown notification {notification_id}"
UNKNOWN_TRIGGER = "triggers: unknown trigger {trigger!r} for {version} webhooks"
APP_USER_ROLE_ONLY = "appUser credentials can only post messages with role appUser"
PAYMENT_TOKEN_REQUIRED = "token is required: the app user has no saved payment method"

# A field or query parameter: `{field}` is its path in the body (`message.items[0].title`).
FIELD_REQUIRED = "{field} is required"
FIELD_NOT_OBJECT = "{field} must be an object"
FIELD_NOT_STRING = "{field} must be a string"
FIELD_EMPTY = "{field} must not be empty"
FIELD_NOT_BOOLEAN = "{field} must be a boolean"
FIELD_NOT_NUMBER = "{field} must be a number"
FIELD_NOT_INTEGER = "{field} must be an integer"
FIELD_NOT_ARRAY = "{field} must be an array"
FIELD_NOT_URL = "{field} must be an absolute http(s) URL"
FIELD_NOT_SCALAR = "{field} must be a string, number or boolean"
FIELD_OUT_OF_RANGE = "{field} is out of range"
FIELD_NOT_ONE_OF = "{field} must be one of {options}"
FIELD_MUST_BE = "{field} must be {value}"
FIELD_NEGATIVE = "{field} must not be negative"
FIELD_NOT_ISO_DATE = "{field} must be an ISO-8601 date"
FIELD_NOT_UNIX_TIME = "{field} must be a unix timestamp in seconds"
FIELD_NOT_WHOLE_NUMBER = "{field} must be a whole number {bounds}"
WHOLE_NUMBER_BETWEEN = "from {low} to {high}"
WHOLE_NUMBER_AT_LEAST = "of at least {low}"
FIELD_NOT_GIVEN_BY_CLIENT = "{field} is generated by the server and cannot be given"
FIELD_NOT_UPDATABLE = "{field} cannot be updated"
LIMIT_OUT_OF_RANGE = "limit must be between 1 and {limit}"
UNKNOWN_INTEGRATION_TYPE = "types: unknown integration type {kind!r}"
INTEGRATION_NEEDS = "{kind} integrations require {options}"
UNKNOWN_INTEGRATION_ID = "integrationIds: unknown integration {integration_id}"

PHONE_NUMBER_FORMAT = "phoneNumber must start with + and the country code"
LINK_NEEDS = "{field} is required to link {channel}"
MERGE_SAME_APP_USER = "surviving and discarded must be different app users"
PERSONAL_CONVERSATION_PARTICIPANTS = "A personal conversation has exactly one participant"
PARTICIPANTS_ONLY_IN_GROUPS = (
    "Participants can only be added to or removed from sdkGroup conversations"
)
NOT_A_PARTICIPANT = "The user is not a participant of this conversation"
NO_NUMBER_TO_CONFIRM = "activate a phone number before confirming a code"
CODE_MISMATCH = "code does not match the verification code sent to the number"

# Messages and their actions: `{where}` is the message's path (`message`, `items[0]`).
TEXT_REQUIRED = "message.text is required for text messages without actions"
ACTIONS_MIXED = "{where}: reply and locationRequest actions cannot be mixed with other action types"
FORM_FIELD_NAMES_UNIQUE = "{where}.fields names must be unique"
ACTIONS_APP_MAKER_ONLY = "{where}.actions are only allowed on business (appMaker) messages"
AMOUNT_NOT_POSITIVE = "{where}.amount must be a positive integer (cents)"
MIN_SIZE_RANGE = "{where}: minSize must be between 0 and maxSize"
SHORTHAND_AMOUNT_NOT_NUMBER = "shorthand buy amount {amount!r} is not a number"
SHORTHAND_AMOUNT_NOT_POSITIVE = "shorthand buy amount {amount!r} must be positive"
ONLY_BUSINESS_DELIVERED = "only business (appMaker) messages are delivered to a channel"
ACTION_NOT_POSTBACK = "action {action_id} is a {kind} action, not a postback"
ACTION_NOT_BUY = "action {action_id} is not a buy action"
ACTION_ALREADY_PAID = "action {action_id} is already paid"

# The control API (simulation, clock, deliveries).
CLOCK_IS_REAL = "this fake runs on the real clock"
SIMULATED_ROLE = "a simulated end user writes with role appUser"
UNKNOWN_RECIPE = "unknown trigger {trigger!r}; known: {known}"
UNKNOWN_RECIPE_OPTION = "unknown option {option!r}; known: {known}"
DASHBOARD_FILE = "dashboard file {name}"
CHAOS_SEED = "chaos: seed must be an integer, not {seed!r}"
CHAOS_CHANCE = "chaos: {name} is a chance between 0 and 1, not {value!r}"
CHAOS_MAX_DELAY = "chaos: max_delay must be between 0 and {limit:g} seconds, not {value!r}"
CHAOS_FAIL_FIRST = "chaos: fail_first must be an integer, not {value!r}"
CHAOS_FAIL_FIRST_RANGE = "chaos: fail_first must be between 0 and {limit}"
CHAOS_UNKNOWN_OPTIONS = "chaos: unknown option(s) {unknown}; known: {known}"

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

# --state: why a state file cannot be used (shown after "cannot use <file>: ").
STATE_IS_DIRECTORY = "it is a directory"
STATE_NO_DIRECTORY = "directory {directory} does not exist"
STATE_NOT_REGULAR = "it is not a regular file"
STATE_NOT_READ_WRITE = "it is not readable and writable"
STATE_CANNOT_WRITE = "cannot write in {directory}: {reason}"
STATE_CANNOT_READ = "cannot read it: {reason}"
STATE_IN_USE = "another smooch-mock (pid {pid}) is using it"
STATE_COMPACTION_FAILED = "the compaction process failed: {reason}"
SNAPSHOT_DAMAGED = "the snapshot is damaged ({error!r})"
SNAPSHOT_POSITION = "the snapshot's {key!r} is damaged: {raw!r}"
SNAPSHOT_FORMAT = "not a {format} snapshot (format {found!r})"
SNAPSHOT_FILE_FORMAT = "it is not a {format} snapshot (format {found!r})"
SNAPSHOT_EMPTY = "it is empty, so not a {format} snapshot"
SNAPSHOT_NOT_OBJECT = "it is not a {format} snapshot (it holds {kind})"
SNAPSHOT_NOT_JSON = "it is not valid JSON ({error})"
JOURNAL_SEGMENT_MISSING = "journal segment {name} is missing"
JOURNAL_LINE_DIVERGES = "{name} line {line} does not replay: {error}"
JOURNAL_LINE_DAMAGED = (
    "journal {name} line {line} is damaged ({error});"
    " move the journal away to start from the snapshot alone"
)
REPLAY_KEY_GONE = "its key {key_id} does not exist"
REPLAY_CLOCK_MORE = "it reads the clock more often than when it was answered"
REPLAY_CLOCK_LESS = "it reads the clock less often than when it was answered"

# The v2 API (Sunshine Conversations): the titles its `{"errors": [{code, title}]}` body carries.
V2_RESOURCE_NOT_FOUND = "Resource not found"
V2_FORBIDDEN = "Forbidden"
V2_INVALID_PAGE_QUERY = "Invalid page query parameters"
V2_INVALID_QUERY = "Invalid query parameters"
V2_SERVICE_ACCOUNT_MISMATCH = "The serviceAccountId provided does not match supplied credentials"
V2_APP_METADATA_TOO_LARGE = "App metadata is limited to {limit} bytes in size."
V2_MULTI_CONVO_IRREVERSIBLE = "settings.multiConvoEnabled cannot be turned off once it is on"
V2_UNSUPPORTED_MEDIA_URL = "Unsupported media URL for attachment deletion: {url}"
V2_MESSAGE_LIMIT = "Message limit of {limit} per conversation reached."
V2_AUTHOR_NOT_A_PARTICIPANT = "User is not a member of the conversation"

# v2 users, clients, conversations and participants.
V2_USER_EXISTS = "User already exists"
V2_USER_NOT_FOUND = "User not found"
V2_CLIENT_NOT_FOUND = "Client not found"
V2_SDK_CLIENT_NOT_REMOVABLE = "Cannot remove a client of type 'sdk'"
V2_DEFAULT_CONVERSATION_NOT_DELETABLE = (
    "Conversation {conversation_id} cannot be deleted because it is the default."
)
V2_TOO_MANY_PARTICIPANTS = "Too many participants"
V2_NOT_A_MEMBER = "User is not a member of the conversation"
V2_MULTI_CONVO_DISABLED = (
    "This app already has a personal conversation for the user:"
    " turn settings.multiConvoEnabled on to create more"
)
V2_CONVERSATION_FILTER_REQUIRED = "Give filter[userId] or filter[userExternalId]"
V2_EMAIL_FILTER_REQUIRED = "Give filter[identities.email]"
V2_CLIENT_INTEGRATION_TYPE = "matchCriteria.integrationId names a {found} integration, not {wanted}"
V2_CLIENT_TARGET_NOT_THE_USERS = "target.conversationId is not a conversation of this user"
V2_SIMULATED_CONVERSATION_USER = (
    "conversation {conversation_id} has {count} participants: name the `user` who acts"
)
V2_SIMULATED_NOT_A_MEMBER = "user {user} is not a participant of conversation {conversation_id}"

# v2 integrations, integration keys, webhooks, switchboards (titles of the v2 error body).
V2_KEYS_ONLY_FOR_CUSTOM = "API keys are available only for custom integrations"
V2_TOO_MANY_INTEGRATION_KEYS = "A custom integration can have at most {limit} API keys"
V2_WEBHOOKS_ONLY_FOR_CUSTOM = "Webhooks are available only for custom integrations"
V2_LAST_WEBHOOK = "A custom integration keeps at least one webhook: delete the integration instead"
V2_FIELD_NOT_UPDATABLE = (
    "{field} cannot be changed on a {kind} integration: delete it and create it again"
)
V2_ONE_SWITCHBOARD = "Only one switchboard can be created per app"
V2_SWITCHBOARD_NOT_FOUND = "Switchboard not found"
V2_SWITCHBOARD_INTEGRATION_NOT_FOUND = "Switchboard integration not found"
V2_TOO_MANY_SWITCHBOARD_INTEGRATIONS = (
    "Switchboard has reached the max number of switchboard integrations ({limit})"
)
V2_SWITCHBOARD_NAME_TAKEN = "A switchboard integration named {name} already exists"
V2_SWITCHBOARD_INTEGRATION_IN_USE = (
    "Switchboard integration {id} is the switchboard's default or another one's next:"
    " change those first"
)
V2_SWITCHBOARD_CUSTOM_ONLY = "integrationId must name a custom integration of the app"
V2_SWITCHBOARD_TARGET_AMBIGUOUS = (
    "switchboardIntegration {target} matches several switchboard integrations: give its id"
)
V2_SWITCHBOARD_INTEGRATION_TAKEN = "Integration {id} is already in the switchboard"
V2_SWITCHBOARD_NO_NEXT = "The switchboard integration in control has no next one"
V2_SWITCHBOARD_OFFER_ACTIVE = "Control cannot be offered to the switchboard integration in control"
V2_SWITCHBOARD_NOTHING_PENDING = "No switchboard integration was offered control"
V2_OLD_WEBHOOK_TRIGGERS = (
    "triggers of a {version} webhook are changed through /{version}/webhooks (v2 names would"
    " not fire for it)"
)
V2_OAUTH_UNKNOWN_CLIENT = (
    "Invalid client: client_id must name a custom integration and client_secret the secret of"
    " one of its API keys"
)
V2_OAUTH_BAD_CODE = "Invalid grant: the authorization code is unknown or was already exchanged"
V2_OAUTH_RESPONSE_TYPE = "Unsupported response_type {value}: the only acceptable value is code"
V2_OAUTH_PARAMETER_REQUIRED = "{name} is required"
V2_OAUTH_REDIRECT_URI = "redirect_uri must be an absolute http or https URL"
