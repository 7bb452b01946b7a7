"""The Faker provider: reproducible, schema-valid, realistic per platform, locale-aware."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from faker import Faker

from smooch_mock.faker import PLATFORMS, SmoochProvider
from smooch_mock.faker.core import TRIGGERS
from smooch_mock.schemas import (
    SchemaValidationError,
    validate,
    webhook_schema_name,
    webhook_triggers,
)
from smooch_mock.store.integrations import INTEGRATION_TYPES

SEED_COUNTS = [
    pytest.param(25, id="25 seeds"),
    pytest.param(500, id="500 seeds", marks=pytest.mark.fuzz),
]
E164 = re.compile(r"^\+[1-9]\d{7,14}$")
OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
TRUNCATED_KEYS = {"_id", "userId", "conversationStarted"}
V1_FULL_APP_USER = {
    "message",
    "message:appUser",
    "message:appMaker",
    "postback",
    "conversation:start",
}
CONVERSATION_BOUND = {
    "message:appUser", "message:appMaker", "postback", "conversation:start", "conversation:read",
    "conversation:referral", "typing:appUser", "message:delivery:channel", "message:delivery:user",
    "message:delivery:failure", "payment:success",
}  # fmt: skip
MESSAGE_TYPES = ("text", "image", "file", "carousel", "list", "location", "form", "formResponse")
ACTION_TYPES = ("link", "webview", "postback", "reply", "locationRequest", "share", "buy")

Checks = list[tuple[Any, str]]


@pytest.fixture(scope="module")
def fake() -> Faker:
    """One en_US Faker with the provider; tests reseed it with `seed_instance`."""
    instance = Faker("en_US")
    instance.add_provider(SmoochProvider)
    return instance


def new_fake(locale: str = "en_US") -> Faker:
    instance = Faker(locale)
    instance.add_provider(SmoochProvider)
    return instance


def check(instance: Any, schema: str, seed: int) -> None:
    try:
        validate(instance, schema)
    except SchemaValidationError as error:
        dump = json.dumps(instance, ensure_ascii=False)[:1500]
        pytest.fail(f"seed {seed}: {error}\n{dump}")


def _payload(fake: Faker) -> Checks:
    version = fake.random_element(("v1", "v1.1"))
    trigger = fake.random_element(TRIGGERS[version])
    include_client, include_full = fake.pybool(), fake.pybool()
    payload = fake.smooch_webhook_payload(trigger, version, include_client, include_full)
    return [(payload, webhook_schema_name(trigger, version))]


def _history(fake: Faker) -> Checks:
    history = fake.smooch_conversation_history(fake.random_int(0, 12))
    return [(history, "responses/messages"), (history["appUser"], "objects/app-user")]


# Each method → what to validate its output against (one call per seed).
SCHEMA_CASES: dict[str, Callable[[Faker], Checks]] = {
    "smooch_object_id": lambda f: [(f.smooch_object_id(), "objects/object-id")],
    "smooch_key_id": lambda f: [
        (f.smooch_key_id(f.random_element(("app", "account", "service"))), "objects/key-id")
    ],
    "smooch_secret": lambda f: [
        ({"_id": f.smooch_key_id(), "secret": f.smooch_secret(), "name": "k"}, "objects/secret-key")
    ],
    "smooch_timestamp": lambda f: [(f.smooch_timestamp(), "objects/unix-timestamp")],
    "smooch_iso_datetime": lambda f: [
        (
            {"_id": f.smooch_object_id(), "properties": {}, "signedUpAt": f.smooch_iso_datetime()},
            "objects/app-user",
        )
    ],
    "smooch_app": lambda f: [(f.smooch_app(), "objects/app")],
    "smooch_client": lambda f: [(f.smooch_client(), "objects/client")],
    "smooch_app_user": lambda f: [
        (f.smooch_app_user(), "objects/app-user"),
        (f.smooch_app_user(version="v1"), "objects/app-user"),
        (f.smooch_app_user(full=False), "objects/app-user-truncated"),
    ],
    "smooch_conversation": lambda f: [(f.smooch_conversation(), "objects/conversation")],
    # objects/postback holds the action in its stored form (with `_id` and `uri`).
    "smooch_action": lambda f: [
        (action := f.smooch_action(), "objects/action"),
        ({"action": action}, "objects/postback"),
    ],
    "smooch_message": lambda f: [
        (f.smooch_message(), "objects/message"),
        (f.smooch_message(version="v1"), "objects/message"),
    ],
    "smooch_webhook": lambda f: [(f.smooch_webhook(), "objects/webhook")],
    "smooch_integration": lambda f: [(f.smooch_integration(), "objects/integration")],
    "smooch_webhook_payload": _payload,
    "smooch_conversation_history": _history,
}


@pytest.mark.parametrize("seeds", SEED_COUNTS)
@pytest.mark.parametrize("method", sorted(SCHEMA_CASES))
def test_output_validates_against_its_schema_for_many_seeds(
    fake: Faker, method: str, seeds: int
) -> None:
    for seed in range(seeds):
        fake.seed_instance(seed)
        for instance, schema in SCHEMA_CASES[method](fake):
            check(instance, schema, seed)


@pytest.mark.parametrize("method", sorted(SCHEMA_CASES))
def test_same_seed_gives_identical_output_and_seeds_differ(fake: Faker, method: str) -> None:
    outputs = []
    for seed in range(20):
        fake.seed_instance(seed)
        first = SCHEMA_CASES[method](fake)
        fake.seed_instance(seed)
        assert SCHEMA_CASES[method](fake) == first, f"seed {seed} gave two different outputs"
        outputs.append(json.dumps(first, sort_keys=True))
    assert len(set(outputs)) > 10, "different seeds should give different outputs"


def test_class_level_faker_seed_reproduces_across_instances() -> None:
    # Faker.seed seeds the random shared by instances that never called seed_instance.
    runs = []
    for _ in range(2):
        instance = new_fake()
        Faker.seed(4242)
        runs.append(
            [
                instance.smooch_app_user(),
                instance.smooch_webhook_payload("postback", "v1"),
                instance.smooch_conversation_history(5),
                instance.smooch_message("carousel"),
            ]
        )
    assert runs[0] == runs[1]


# --- per platform ---


def clients(fake: Faker, platform: str, count: int = 60) -> list[dict[str, Any]]:
    found = []
    for seed in range(count):
        fake.seed_instance(seed)
        client = fake.smooch_client(platform)
        assert client["platform"] == platform
        found.append(client)
    return found


def test_ios_clients_look_like_the_ios_sdk(fake: Faker) -> None:
    for client in clients(fake, "ios"):
        info = client["info"]
        assert info["os"] in ("iOS", "iPhone OS")
        assert 12 <= int(info["osVersion"].split(".")[0]) <= 17
        assert re.fullmatch(r"iPhone\d{1,2},\d", info["devicePlatform"]), info
        assert info["appName"] and info["carrier"]
        assert re.fullmatch(r"[0-9a-f]{64}", client["pushNotificationToken"])
        assert re.fullmatch(r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", client["id"])
        assert client["appVersion"]


def test_android_clients_look_like_the_android_sdk(fake: Faker) -> None:
    for client in clients(fake, "android"):
        info = client["info"]
        assert info["os"] == "Android"
        assert 9 <= int(info["osVersion"].split(".")[0]) <= 14
        assert info["deviceModel"] and info["appName"]
        assert ":APA91b" in client["pushNotificationToken"]


def test_web_clients_carry_browser_facts(fake: Faker) -> None:
    agents = set()
    for client in clients(fake, "web"):
        info = client["info"]
        assert info["userAgent"].startswith("Mozilla/5.0 (")
        assert re.search(r"(Chrome|Firefox|Safari)/\d", info["userAgent"])
        assert re.fullmatch(r"\d+\.\d+\.\d+", info["sdkVersion"])
        assert info["currentUrl"].startswith("https://")
        assert re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", info["browserLanguage"])
        assert info["currentTitle"] and "referrer" in info and info["URL"]
        agents.add(info["userAgent"])
    assert len(agents) > 10


def test_messenger_clients_have_a_psid_and_a_raw_profile(fake: Faker) -> None:
    for client in clients(fake, "messenger"):
        assert re.fullmatch(r"[1-9]\d{15}", client["externalId"])
        raw = client["raw"]
        assert client["displayName"] == f"{raw['first_name']} {raw['last_name']}"
        assert raw["profile_pic"] == client["avatarUrl"]


@pytest.mark.parametrize("platform", ["whatsapp", "twilio", "messagebird"])
def test_phone_channels_use_e164_numbers(fake: Faker, platform: str) -> None:
    for client in clients(fake, platform):
        assert E164.fullmatch(client["externalId"]), client["externalId"]
        assert client["info"]["phoneNumber"] == client["externalId"]


def test_other_channels_use_their_own_id_shapes(fake: Faker) -> None:
    shapes = {
        "telegram": r"\d{9,10}",
        "line": r"U[0-9a-f]{32}",
        "viber": r"[A-Za-z0-9+/]{22}==",
        "wechat": r"o[A-Za-z0-9_-]{27}",
        "mailgun": r"[^@\s]+@[^@\s]+\.[a-z]+",
    }
    for platform, shape in shapes.items():
        for client in clients(fake, platform, 20):
            assert re.fullmatch(shape, client["externalId"]), (platform, client["externalId"])


def test_every_platform_is_supported_and_unknown_ones_raise(fake: Faker) -> None:
    for platform in PLATFORMS:
        check(fake.smooch_client(platform), "objects/client", 0)
    with pytest.raises(ValueError, match="unknown platform"):
        fake.smooch_client("myspace")


def test_app_user_has_clients_of_the_requested_platforms(fake: Faker) -> None:
    fake.seed_instance(3)
    user = fake.smooch_app_user(platforms=["whatsapp", "web"])
    assert [c["platform"] for c in user["clients"]] == ["whatsapp", "web"]
    assert user["clients"][0]["primary"] and not user["clients"][1]["primary"]
    assert ISO_MS.fullmatch(user["signedUpAt"])
    assert all(isinstance(v, str | int | float | bool) for v in user["properties"].values())


# --- locales ---


def test_names_and_numbers_follow_the_generator_locale() -> None:
    japanese, american = new_fake("ja_JP"), new_fake("en_US")
    ja_names, en_names = set(), set()
    for seed in range(60):
        japanese.seed_instance(seed)
        american.seed_instance(seed)
        ja_user = japanese.smooch_app_user(platforms=["whatsapp"])
        en_user = american.smooch_app_user(platforms=["whatsapp"])
        ja_name = ja_user["clients"][0]["displayName"]
        en_name = en_user["clients"][0]["displayName"]
        assert any(ord(c) > 0x3000 for c in ja_name), ja_name
        assert en_name.isascii(), en_name
        ja_names.add(ja_name)
        en_names.add(en_name)
        assert ja_user["clients"][0]["externalId"].startswith("+81")
        assert en_user["clients"][0]["externalId"].startswith("+1")
    assert not ja_names & en_names
    japanese.seed_instance(1)
    assert japanese.smooch_client("ios")["info"]["locale"] == "ja_JP"


def test_non_ascii_locale_domains_become_valid_urls() -> None:
    ukrainian = new_fake("uk_UA")
    for seed in range(100):
        ukrainian.seed_instance(seed)
        check(ukrainian.smooch_webhook(), "objects/webhook", seed)


# --- webhook payloads ---

ALL_PAIRS = [(version, trigger) for version, triggers in TRIGGERS.items() for trigger in triggers]


def test_provider_covers_exactly_the_triggers_that_have_payload_schemas() -> None:
    for version in ("v1", "v1.1"):
        assert sorted(TRIGGERS[version]) == webhook_triggers(version)
    assert "message" in TRIGGERS["v1"] and "message" not in TRIGGERS["v1.1"]
    assert {"delivery:success", "delivery:failure"} <= set(TRIGGERS["v1"])
    assert not {"delivery:success", "delivery:failure"} & set(TRIGGERS["v1.1"])
    assert "message:delivery:channel" not in TRIGGERS["v1"]


@pytest.mark.parametrize(("version", "trigger"), ALL_PAIRS)
def test_every_trigger_and_version_builds_its_envelope(
    fake: Faker, version: str, trigger: str
) -> None:
    schema = webhook_schema_name(trigger, version)
    for seed in range(8):
        for include_client in (False, True):
            for include_full in (False, True):
                fake.seed_instance(seed)
                payload = fake.smooch_webhook_payload(
                    trigger, version, include_client, include_full
                )
                check(payload, schema, seed)
                assert payload["trigger"] == trigger
                assert OBJECT_ID.fullmatch(payload["app"]["_id"])
                if version == "v1":
                    assert_v1_envelope(payload, trigger)
                else:
                    assert_v1_1_envelope(payload, trigger, include_client, include_full)


def assert_v1_envelope(payload: dict[str, Any], trigger: str) -> None:
    assert "version" not in payload and "conversation" not in payload and "client" not in payload
    if trigger in V1_FULL_APP_USER:
        assert isinstance(payload["appUser"]["clients"], list)
        assert payload["appUser"]["clients"], "v1 full appUsers carry their clients"
    elif "appUser" in payload:
        assert set(payload["appUser"]) <= {"_id", "userId"}


def assert_v1_1_envelope(
    payload: dict[str, Any], trigger: str, include_client: bool, include_full: bool
) -> None:
    assert payload["version"] == "v1.1"
    user = payload.get("appUser")
    if user is not None:
        if include_full and trigger != "appUser:delete":
            assert "properties" in user and "clients" in user
        else:
            assert set(user) <= TRUNCATED_KEYS, sorted(user)
    if trigger in CONVERSATION_BOUND:
        assert OBJECT_ID.fullmatch(payload["conversation"]["_id"])
    else:
        assert "conversation" not in payload
    if trigger in ("client:add", "client:remove"):
        assert "client" in payload
    elif include_client and user is not None and trigger != "appUser:delete":
        assert payload["client"]["platform"] in PLATFORMS
    else:
        assert "client" not in payload


def test_message_payload_is_coherent_with_its_client(fake: Faker) -> None:
    for seed in range(50):
        fake.seed_instance(seed)
        payload = fake.smooch_webhook_payload("message:appUser", "v1.1", True, True)
        source = payload["messages"][0]["source"]
        assert source["type"] == payload["client"]["platform"]
        assert payload["messages"][0]["authorId"] == payload["appUser"]["_id"]
        assert all(m["role"] == "appUser" and not m.get("actions") for m in payload["messages"])


def test_delivery_payloads_differ_between_versions(fake: Faker) -> None:
    fake.seed_instance(9)
    v1 = fake.smooch_webhook_payload("delivery:failure", "v1")
    v1_1 = fake.smooch_webhook_payload("message:delivery:failure", "v1.1")
    assert isinstance(v1["messages"], list) and "message" not in v1
    assert set(v1_1["message"]) == {"_id"} and "messages" not in v1_1
    assert v1["error"]["code"] and v1_1["error"]["code"]


@pytest.mark.parametrize(
    ("trigger", "version"),
    [
        ("message", "v1.1"),
        ("delivery:success", "v1.1"),
        ("delivery:channel", "v1.1"),
        ("conversation:remove", "v1.1"),
        ("message:delivery:channel", "v1"),
        ("typing:appUser", "v1"),
        ("client:add", "v1"),
        ("Message:appUser", "v1.1"),
        ("message:appUser", "v2"),
    ],
)
def test_unknown_trigger_for_the_version_raises(fake: Faker, trigger: str, version: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(trigger)) + "|version"):
        fake.smooch_webhook_payload(trigger, version)


# --- messages and actions ---

SERVER_FILLED = {"_id", "type", "text", "role", "authorId", "name", "received", "source"}


@pytest.mark.parametrize("kind", MESSAGE_TYPES)
def test_every_message_type_has_the_server_filled_fields(fake: Faker, kind: str) -> None:
    for seed in range(40):
        fake.seed_instance(seed)
        message = fake.smooch_message(kind)
        check(message, "objects/message", seed)
        assert message["type"] == kind
        assert set(message) >= SERVER_FILLED, sorted(SERVER_FILLED - set(message))
        assert round(message["received"], 3) == message["received"]
        if message["role"] == "appMaker":
            assert message["avatarUrl"].startswith("https://")
        else:
            assert "actions" not in message


def test_app_user_messages_never_carry_actions(fake: Faker) -> None:
    for seed in range(200):
        fake.seed_instance(seed)
        message = fake.smooch_message(role="appUser", version=fake.random_element(("v1", "v1.1")))
        assert message["role"] == "appUser"
        assert message.get("actions", []) == []


def test_form_response_answers_the_form_it_quotes(fake: Faker) -> None:
    for seed in range(40):
        fake.seed_instance(seed)
        response = fake.smooch_message("formResponse")
        quoted = response["quotedMessage"]
        if quoted["type"] == "message":
            form_names = {f["name"] for f in quoted["content"]["fields"]}
            assert quoted["content"]["type"] == "form"
            assert {f["name"] for f in response["fields"]} == form_names
        assert response["text"] == response["textFallback"]


@pytest.mark.parametrize(
    ("kind", "role"), [("carousel", "appUser"), ("form", "appUser"), ("formResponse", "appMaker")]
)
def test_impossible_type_and_role_pairs_raise(fake: Faker, kind: str, role: str) -> None:
    with pytest.raises(ValueError, match="cannot be of type"):
        fake.smooch_message(kind, role)


def test_unknown_message_type_role_and_action_type_raise(fake: Faker) -> None:
    with pytest.raises(ValueError, match="unknown message type"):
        fake.smooch_message("sticker")
    with pytest.raises(ValueError, match="role"):
        fake.smooch_message("text", "whisper")
    with pytest.raises(ValueError, match="unknown action type"):
        fake.smooch_action("call")


@pytest.mark.parametrize("kind", ACTION_TYPES)
def test_every_action_type_has_its_required_fields(fake: Faker, kind: str) -> None:
    for seed in range(40):
        fake.seed_instance(seed)
        action = fake.smooch_action(kind)
        assert action["type"] == kind and OBJECT_ID.fullmatch(action["_id"])
        if kind != "share":
            assert action["text"]
        if kind in ("link", "webview"):
            assert action["uri"].startswith("https://")
        if kind == "webview":
            assert action["fallback"].startswith("https://")
        if kind in ("postback", "reply"):
            assert action["payload"]
        if kind == "buy":
            assert isinstance(action["amount"], int) and action["amount"] > 0
            assert re.fullmatch(r"[a-z]{3}", action["currency"]) and action["state"] == "offered"
            assert action["uri"] == f"https://app.smooch.io/checkout/{action['_id']}"
        elif kind not in ("link", "webview"):
            assert action["uri"] == ""


# --- smaller methods ---


def test_key_ids_carry_the_prefix_of_their_kind(fake: Faker) -> None:
    for kind, prefix in (("app", "app_"), ("account", "act_"), ("service", "svc_")):
        assert re.fullmatch(prefix + "[0-9a-f]{24}", fake.smooch_key_id(kind))
    with pytest.raises(ValueError, match="kind"):
        fake.smooch_key_id("user")


def test_times_have_millisecond_precision(fake: Faker) -> None:
    for seed in range(100):
        fake.seed_instance(seed)
        stamp = fake.smooch_timestamp()
        assert round(stamp, 3) == stamp and 1_451_606_400 <= stamp <= 1_704_067_200
        assert ISO_MS.fullmatch(fake.smooch_iso_datetime())


@pytest.mark.parametrize("kind", INTEGRATION_TYPES)
def test_every_integration_type_validates(fake: Faker, kind: str) -> None:
    for seed in range(10):
        fake.seed_instance(seed)
        integration = fake.smooch_integration(kind)
        assert integration["type"] == kind
        check(integration, "objects/integration", seed)
    with pytest.raises(ValueError, match="unknown integration type"):
        fake.smooch_integration("myspace")


def test_webhooks_subscribe_only_to_triggers_of_their_version(fake: Faker) -> None:
    for seed in range(100):
        fake.seed_instance(seed)
        for version in ("v1", "v1.1"):
            webhook = fake.smooch_webhook(version)
            assert webhook["version"] == version
            assert set(webhook["triggers"]) <= {*TRIGGERS[version], "*", "typing:appUser"}
            if version == "v1":
                assert "typing:appUser" not in webhook["triggers"]


def test_conversation_history_is_oldest_first_and_consistent(fake: Faker) -> None:
    for seed in range(60):
        fake.seed_instance(seed)
        history = fake.smooch_conversation_history(15)
        messages, conversation = history["messages"], history["conversation"]
        assert len(messages) == 15
        received = [m["received"] for m in messages]
        assert received == sorted(received) and len(set(received)) == len(received)
        trailing_business = 0
        for message in reversed(messages):
            if message["role"] == "appUser":
                break
            trailing_business += 1
        assert conversation["unreadCount"] == trailing_business
        user_times = [m["received"] for m in messages if m["role"] == "appUser"]
        if user_times:
            assert conversation["appUserLastRead"] == user_times[-1]
        assert {m["authorId"] for m in messages if m["role"] == "appUser"} <= {
            history["appUser"]["_id"]
        }
        assert history["appUser"]["conversationStarted"] is True
    assert fake.smooch_conversation_history(0)["messages"] == []
