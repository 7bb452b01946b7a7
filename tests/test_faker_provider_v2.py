"""The Faker provider's v2 methods: reproducible, schema-valid, coherent, every type covered."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from faker import Faker
from jsonschema import Draft202012Validator
from v2_webhook_support import as_json_schema

from smooch_mock.contract import check_webhook_payload
from smooch_mock.faker import SmoochProvider
from smooch_mock.schemas import (
    V2_ENVELOPE,
    SchemaValidationError,
    get_schema,
    schema_names,
    v2_event_schema_name,
    v2_event_types,
    validate,
)

SEED_COUNTS = [
    pytest.param(25, id="25 seeds"),
    pytest.param(500, id="500 seeds", marks=pytest.mark.fuzz),
]
OFFICIAL = Path(__file__).resolve().parents[2] / "shared" / "sunshine-openapi.yaml"
ABSENT = f"{OFFICIAL} is absent: the official document lives beside the project, not in it"
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
TRUNCATED_USER_KEYS = {"id", "authenticated", "externalId", "zendeskId", "brandId"}

Checks = list[tuple[Any, str]]


@pytest.fixture(scope="module")
def fake() -> Faker:
    """One en_US Faker with the provider; tests reseed it with `seed_instance`."""
    instance = Faker("en_US")
    instance.add_provider(SmoochProvider)
    return instance


def check(instance: Any, schema: str, seed: int) -> None:
    try:
        validate(instance, schema)
    except SchemaValidationError as error:
        dump = json.dumps(instance, ensure_ascii=False)[:1500]
        pytest.fail(f"seed {seed}: {error}\n{dump}")


def _user_clients(fake: Faker) -> Checks:
    found = fake.smooch_v2_user_clients()
    return [
        (found["user"], "v2/objects/user"),
        ({"clients": found["clients"], "meta": {"hasMore": False}}, "v2/responses/clients"),
        ({"devices": found["devices"]}, "v2/responses/devices"),
        *[(client, "v2/objects/client") for client in found["clients"]],
        *[(device, "v2/objects/device") for device in found["devices"]],
    ]


def _history(fake: Faker) -> Checks:
    history = fake.smooch_v2_conversation_history(fake.random_int(0, 12))
    return [
        (history["conversation"], "v2/objects/conversation"),
        ({"messages": history["messages"], "meta": {"hasMore": False}}, "v2/responses/messages"),
        ({"participants": history["participants"], "meta": {"hasMore": False}},
         "v2/responses/participants"),
        *[(user, "v2/objects/user") for user in history["users"]],
    ]  # fmt: skip


def _event(fake: Faker) -> Checks:
    event = fake.smooch_v2_event(None, fake.pybool(), fake.pybool())
    return [(event, "v2/webhooks/event"), (event, v2_event_schema_name(event["type"]))]


def _payload(fake: Faker) -> Checks:
    payload = fake.smooch_v2_webhook_payload(
        None, fake.pybool(), fake.pybool(), fake.random_int(1, 3)
    )
    return [(payload, V2_ENVELOPE)]


# Each v2 method → what to validate its output against (one call per seed).
SCHEMA_CASES: dict[str, Callable[[Faker], Checks]] = {
    "smooch_v2_app": lambda f: [(f.smooch_v2_app(), "v2/objects/app")],
    "smooch_v2_user": lambda f: [
        (f.smooch_v2_user(), "v2/objects/user"),
        (f.smooch_v2_user(full=False), "v2/objects/user-truncated"),
    ],
    "smooch_v2_user_clients": _user_clients,
    "smooch_v2_client": lambda f: [(f.smooch_v2_client(), "v2/objects/client")],
    "smooch_v2_device": lambda f: [(f.smooch_v2_device(), "v2/objects/device")],
    "smooch_v2_conversation": lambda f: [(f.smooch_v2_conversation(), "v2/objects/conversation")],
    "smooch_v2_participant": lambda f: [(f.smooch_v2_participant(), "v2/objects/participant")],
    "smooch_v2_action": lambda f: [(f.smooch_v2_action(), "v2/objects/action")],
    "smooch_v2_message": lambda f: [(f.smooch_v2_message(), "v2/objects/message")],
    "smooch_v2_conversation_history": _history,
    "smooch_v2_integration": lambda f: [(f.smooch_v2_integration(), "v2/objects/integration")],
    "smooch_v2_webhook": lambda f: [(f.smooch_v2_webhook(), "v2/objects/webhook")],
    "smooch_v2_switchboard": lambda f: [(f.smooch_v2_switchboard(), "v2/objects/switchboard")],
    "smooch_v2_switchboard_integration": lambda f: [
        (f.smooch_v2_switchboard_integration(), "v2/objects/switchboard-integration")
    ],
    "smooch_v2_event": _event,
    "smooch_v2_webhook_payload": _payload,
}


@pytest.mark.parametrize("seeds", SEED_COUNTS)
@pytest.mark.parametrize("method", sorted(SCHEMA_CASES))
def test_v2_output_validates_against_its_schema_for_many_seeds(
    fake: Faker, method: str, seeds: int
) -> None:
    for seed in range(seeds):
        fake.seed_instance(seed)
        for instance, schema in SCHEMA_CASES[method](fake):
            check(instance, schema, seed)


@pytest.mark.parametrize("method", sorted(SCHEMA_CASES))
def test_v2_same_seed_gives_identical_output_and_seeds_differ(fake: Faker, method: str) -> None:
    outputs = []
    for seed in range(20):
        fake.seed_instance(seed)
        first = SCHEMA_CASES[method](fake)
        fake.seed_instance(seed)
        assert SCHEMA_CASES[method](fake) == first, f"seed {seed} gave two different outputs"
        outputs.append(json.dumps(first, sort_keys=True))
    assert len(set(outputs)) > 10, "different seeds should give different outputs"


def test_class_level_faker_seed_reproduces_v2_output_across_instances() -> None:
    runs = []
    for _ in range(2):
        instance = Faker()
        instance.add_provider(SmoochProvider)
        Faker.seed(4242)
        history = instance.smooch_v2_conversation_history(6)
        runs.append([history, instance.smooch_v2_webhook_payload("conversation:message", True)])
    assert runs[0] == runs[1]


# --- every schema and every event has a method --------------------------------------------------

# v2 object schemas no method returns whole: each is validated as part of one that does.
PARTS = {
    "action-buy": "smooch_v2_action('buy')", "action-link": "smooch_v2_action('link')",
    "action-location-request": "smooch_v2_action('locationRequest')",
    "action-postback": "smooch_v2_action('postback')",
    "action-reply": "smooch_v2_action('reply')", "action-webview": "smooch_v2_action('webview')",
    "activity-message": "business activity messages", "app-settings": "smooch_v2_app",
    "author": "messages", "client-type": "clients", "content": "messages",
    "content-carousel": "messages", "content-file": "messages", "content-form": "messages",
    "content-form-response": "messages", "content-image": "messages", "content-list": "messages",
    "content-location": "messages", "content-template": "messages", "content-text": "messages",
    "conversation-truncated": "events", "conversation-type": "conversations",
    "form-field": "form messages", "form-option": "form messages", "identity": "users",
    "item": "carousel and list messages", "iso-date": "everywhere", "metadata": "everywhere",
    "profile": "users", "quoted-message": "form responses", "referral": "referral events",
    "source": "messages", "switchboard-integration-ref": "conversations",
    "url": "everywhere", "user-truncated": "smooch_v2_user(full=False)",
    **{f"integration-{kind}": f"smooch_v2_integration('{kind}')" for kind in (
        "android", "apple", "custom", "instagram", "ios", "line", "mailgun", "messagebird",
        "messenger", "telegram", "twilio", "twitter", "unity", "viber", "web", "whatsapp")},
}  # fmt: skip
# Shapes the provider does not make, and why.
NOT_GENERATED = {
    "app-key": "a key's parts: smooch_key_id() and smooch_secret()",
    "api-key": "a key's parts: smooch_key_id() and smooch_secret()",
    "attachment": "an upload's answer: the media URLs of image and file messages",
    "conversion-events": "an answer to posting conversion events, not data",
    "error": "error bodies are the fake's own, not test data",
    "links": "paging links of list answers",
    "meta": "paging metadata of list answers",
    "match-criteria": "a request part (link a channel), not something the platform sends",
}


def _validated_object_schemas() -> set[str]:
    names = set()
    for method in SCHEMA_CASES:
        faker = Faker()
        faker.add_provider(SmoochProvider)
        faker.seed_instance(0)
        names |= {schema for _, schema in SCHEMA_CASES[method](faker)}
    return {name.removeprefix("v2/objects/") for name in names if name.startswith("v2/objects/")}


def test_every_v2_object_schema_has_a_provider_method_or_a_stated_reason() -> None:
    objects = {name.removeprefix("v2/objects/") for name in schema_names()
               if name.startswith("v2/objects/")}  # fmt: skip
    direct = _validated_object_schemas()
    unaccounted = objects - direct - set(PARTS) - set(NOT_GENERATED)
    assert not unaccounted, f"v2 schemas with no provider method: {sorted(unaccounted)}"
    assert not (direct & set(NOT_GENERATED)), "a schema said to be not generated is generated"


def test_every_v2_method_of_the_provider_is_checked_against_a_schema() -> None:
    methods = {name for name, _ in inspect.getmembers(SmoochProvider, inspect.isfunction)
               if name.startswith("smooch_v2_")}  # fmt: skip
    assert methods == set(SCHEMA_CASES)


def test_the_provider_draws_from_the_25_event_types_that_have_schemas() -> None:
    assert len(v2_event_types()) == 25
    provider = Faker()
    provider.add_provider(SmoochProvider)
    with pytest.raises(ValueError, match="unknown v2 event type"):
        provider.smooch_v2_event(type="conversation:unknown")


def content_types() -> list[str]:
    return list(get_schema("v2/objects/content")["properties"]["type"]["enum"])


def action_types() -> list[str]:
    return list(get_schema("v2/objects/action")["properties"]["type"]["enum"])


def integration_types() -> list[str]:
    return list(get_schema("v2/objects/integration")["properties"]["type"]["enum"])


# --- content, actions, integrations -------------------------------------------------------------


@pytest.mark.parametrize("kind", content_types())
def test_every_content_type_validates_with_its_parts(fake: Faker, kind: str) -> None:
    authors = set()
    for seed in range(30):
        fake.seed_instance(seed)
        message = fake.smooch_v2_message(kind)
        check(message, "v2/objects/message", seed)
        content = message["content"]
        check(content, f"v2/objects/content-{_kebab(kind)}", seed)
        assert content["type"] == kind and ISO_MS.fullmatch(message["received"])
        authors.add(message["author"]["type"])
        assert "_id" not in json.dumps(message), "v1's generated ids never show in v2"
        if kind in ("carousel", "list"):
            assert all(item["actions"] for item in content["items"])
        if kind in ("form", "formResponse"):
            assert content["fields"]
        if kind == "formResponse":
            assert content["textFallback"] and "text" not in content
            quoted = message.get("quotedMessage", {"type": "message"})
            if quoted["type"] == "message":
                form = quoted["message"]["content"]
                assert {f["name"] for f in form["fields"]} == {f["name"] for f in content["fields"]}
        if kind == "template":
            assert content["template"]["name"] and content["template"]["language"]["code"]
    user_only, business_only = {"formResponse"}, {"carousel", "list", "form", "template"}
    if kind in user_only:
        assert authors == {"user"}
    elif kind in business_only:
        assert authors == {"business"}
    else:
        assert authors == {"user", "business"}


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", lambda m: "-" + m.group(1).lower(), name)


@pytest.mark.parametrize("kind", action_types())
def test_every_action_type_validates_without_v1_leftovers(fake: Faker, kind: str) -> None:
    for seed in range(30):
        fake.seed_instance(seed)
        action = fake.smooch_v2_action(kind)
        check(action, f"v2/objects/action-{_kebab(kind)}", seed)
        assert action["type"] == kind
        assert not {"_id", "state"} & set(action)
        assert ("uri" in action) == (kind in ("link", "webview"))


@pytest.mark.parametrize("kind", integration_types())
def test_every_integration_type_validates(fake: Faker, kind: str) -> None:
    for seed in range(15):
        fake.seed_instance(seed)
        integration = fake.smooch_v2_integration(kind)
        assert integration["type"] == kind
        check(integration, f"v2/objects/integration-{kind}", seed)
        check(integration, "v2/objects/integration", seed)
        if kind == "custom":
            [webhook] = integration["webhooks"]
            assert webhook["version"] == "v2"
            assert set(webhook["triggers"]) <= set(v2_event_types())
            assert re.fullmatch(r"[0-9a-f]{32}", webhook["secret"])


def test_unknown_types_and_authors_raise(fake: Faker) -> None:
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: fake.smooch_v2_message("sticker"), "unknown content type"),
        (lambda: fake.smooch_v2_message("text", "bot"), "author"),
        (lambda: fake.smooch_v2_message("carousel", "user"), "cannot be of type"),
        (lambda: fake.smooch_v2_message("formResponse", "business"), "cannot be of type"),
        (lambda: fake.smooch_v2_action("share"), "unknown action type"),
        (lambda: fake.smooch_v2_integration("wechat"), "unknown integration type"),
        (lambda: fake.smooch_v2_client("web"), "unknown client type"),
        (lambda: fake.smooch_v2_device("sdk"), "device type"),
        (lambda: fake.smooch_v2_conversation("group"), "conversation type"),
        (lambda: fake.smooch_v2_event("message:appUser"), "unknown v2 event type"),
        (lambda: fake.smooch_v2_webhook_payload("conversation:start"), "unknown v2 event type"),
        (lambda: fake.smooch_v2_webhook_payload(events=0), "at least one"),
        (lambda: fake.smooch_v2_conversation_history(-1), "negative"),
    ]
    for call, match in cases:
        with pytest.raises(ValueError, match=match):
            call()


# --- coherence ----------------------------------------------------------------------------------


def test_sdk_devices_belong_to_the_users_one_sdk_client(fake: Faker) -> None:
    for seed in range(60):
        fake.seed_instance(seed)
        found = fake.smooch_v2_user_clients(platforms=["ios", "web", "messenger"])
        sdk = [c for c in found["clients"] if c["type"] == "sdk"]
        assert len(sdk) == 1 and [c["type"] for c in found["clients"]][:2] == ["sdk", "messenger"]
        assert {d["clientId"] for d in found["devices"]} == {sdk[0]["id"]}
        devices = found["devices"]
        assert sorted(d["type"] for d in devices) == ["ios", "web"]
        # As ListDevices answers (the same rendering): the most recently seen first.
        seen = [d["lastSeen"] for d in devices]
        assert seen == sorted(seen, reverse=True)
        ios, web = (next(d for d in devices if d["type"] == kind) for kind in ("ios", "web"))
        assert "pushNotificationToken" in ios
        assert "pushNotificationToken" not in web


@pytest.mark.parametrize("kind", ["personal", "sdkGroup"])
def test_history_authors_are_participants_and_read_state_follows_the_messages(
    fake: Faker, kind: str
) -> None:
    for seed in range(40):
        fake.seed_instance(seed)
        history = fake.smooch_v2_conversation_history(15, kind)
        conversation, messages = history["conversation"], history["messages"]
        participants = history["participants"]
        assert conversation["type"] == kind
        assert (2 <= len(participants) <= 4) if kind == "sdkGroup" else len(participants) == 1
        user_ids = {p["userId"] for p in participants}
        assert user_ids == {u["id"] for u in history["users"]}
        received = [m["received"] for m in messages]
        assert received == sorted(received) and len(set(received)) == len(received)
        assert conversation["lastUpdatedAt"] == received[-1]
        for message in messages:
            if message["author"]["type"] == "user":
                assert message["author"]["userId"] in user_ids
        for participant in participants:
            unread = 0
            for message in messages:
                if message["author"]["type"] == "business":
                    unread += 1
                elif message["author"]["userId"] == participant["userId"]:
                    unread = 0
                    assert participant["lastRead"] >= message["received"]
            assert participant["unreadCount"] == unread


def test_forms_answered_in_a_history_are_submitted(fake: Faker) -> None:
    answered = 0
    for seed in range(120):
        fake.seed_instance(seed)
        messages = fake.smooch_v2_conversation_history(20)["messages"]
        forms = {m["id"]: m for m in messages if m["content"]["type"] == "form"}
        for message in messages:
            quoted = message.get("quotedMessage")
            if quoted and quoted["type"] == "message":
                assert forms[quoted["message"]["id"]]["content"]["submitted"] is True
                answered += 1
    assert answered > 5


# --- events -------------------------------------------------------------------------------------

FLAGS = [(False, False), (True, False), (False, True), (True, True)]


def users_in(payload: Any) -> Iterator[dict[str, Any]]:
    """Every user object of an event payload (payload, author, activity and merge users)."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            named = key in ("user", "surviving", "discarded") and isinstance(value, dict)
            if named and "id" in value and "type" not in value:
                yield value
            yield from users_in(value)
    elif isinstance(payload, list):
        for value in payload:
            yield from users_in(value)


def sources_in(payload: Any) -> Iterator[dict[str, Any]]:
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key == "source" and isinstance(value, dict):
                yield value
            yield from sources_in(value)
    elif isinstance(payload, list):
        for value in payload:
            yield from sources_in(value)


@pytest.mark.parametrize("event_type", v2_event_types())
def test_every_event_type_validates_in_the_envelope_with_each_flag(
    fake: Faker, event_type: str
) -> None:
    for seed in range(6):
        for full_user, full_source in FLAGS:
            fake.seed_instance(seed)
            payload = fake.smooch_v2_webhook_payload(event_type, full_user, full_source)
            assert check_webhook_payload(payload, event_type, "v2") is None, (
                check_webhook_payload(payload, event_type, "v2"),
                json.dumps(payload)[:1500],
            )
            [event] = payload["events"]
            assert event["type"] == event_type and ISO_MS.fullmatch(event["createdAt"])
            assert payload["webhook"]["version"] == "v2"
            assert_flags_honoured(event, full_user, full_source)
            assert_event_coherent(event)


def assert_flags_honoured(event: dict[str, Any], full_user: bool, full_source: bool) -> None:
    users = list(users_in(event["payload"]))
    for user in users:
        full = full_user and event["type"] != "user:remove"
        if full:
            assert {"profile", "metadata", "identities", "signedUpAt"} <= set(user), user
        else:
            assert set(user) <= TRUNCATED_USER_KEYS, sorted(user)
    for source in sources_in(event["payload"]):
        user_side = source["type"] not in ("api", "api:conversations", "notification", "zendesk")
        if full_source and user_side:
            assert "client" in source, source
            if "device" in source:
                assert source["device"]["clientId"] == source["client"]["id"]
                assert source["device"]["type"] == source["type"]
            elif source["client"]["type"] != "sdk":
                assert source["client"]["type"] == source["type"]
                assert source["client"]["integrationId"] == source["integrationId"]
        else:
            assert "client" not in source and "device" not in source, source


def assert_event_coherent(event: dict[str, Any]) -> None:
    payload, kind = event["payload"], event["type"]
    conversation = payload.get("conversation") or {}
    if kind == "conversation:message":
        author = payload["message"]["author"]
        if author["type"] == "user":
            assert author["user"]["id"] == author["userId"]
        else:
            assert "user" not in author and "userId" not in author
    if kind in ("conversation:read", "conversation:typing"):
        author = payload["activity"]["author"]
        assert author["type"] == "user" and author["user"]["id"] == author["userId"]
    if kind in ("conversation:join", "conversation:leave"):
        assert conversation["type"] == "sdkGroup"
    if kind == "conversation:create" and conversation["type"] == "personal":
        assert "user" in payload
    active = conversation.get("activeSwitchboardIntegration")
    pending = conversation.get("pendingSwitchboardIntegration")
    if kind == "switchboard:offerControl":
        assert active and pending and pending["id"] != active["id"]
    if kind in ("switchboard:passControl", "switchboard:acceptControl"):
        assert active and not pending
    if kind == "switchboard:releaseControl":
        assert not active and not pending
    if kind.endswith(":failure"):
        assert payload["error"]["code"]
    if kind == "user:merge":
        merged = payload["mergedUsers"]
        assert merged["surviving"]["id"] != merged["discarded"]["id"]
        conversations = payload.get("mergedConversations")
        if conversations:
            assert conversations["surviving"]["id"] != conversations["discarded"]["id"]


def test_a_batch_carries_distinct_events_in_the_order_they_happened(fake: Faker) -> None:
    for seed in range(30):
        fake.seed_instance(seed)
        payload = fake.smooch_v2_webhook_payload(events=4)
        events = payload["events"]
        assert len({e["id"] for e in events}) == 4
        assert [e["createdAt"] for e in events] == sorted(e["createdAt"] for e in events)
        assert check_webhook_payload(payload, events[0]["type"], "v2") is None


# --- the official document ----------------------------------------------------------------------


@cache
def official() -> dict[str, Any]:
    if not OFFICIAL.is_file():
        pytest.skip(ABSENT)
    yaml = pytest.importorskip("yaml", reason="PyYAML (a schemathesis dependency) reads the YAML")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document: dict[str, Any] = yaml.load(OFFICIAL.read_text("utf-8"), Loader=loader)
    return document


@cache
def official_components() -> Any:
    return as_json_schema(official()["components"])


@cache
def official_event_validator(event_type: str) -> Draft202012Validator:
    hook = official()["x-webhooks"]["Webhook Event"]["post"]["requestBody"]["content"]
    members = hook["application/json"]["schema"]["properties"]["events"]["items"]["anyOf"]
    schemas = official()["components"]["schemas"]
    by_type = {
        schemas[ref.rsplit("/", 1)[-1]]["title"]: ref for ref in (m["$ref"] for m in members)
    }
    return Draft202012Validator({"$ref": by_type[event_type], "components": official_components()})


@cache
def official_validator(component: str) -> Draft202012Validator:
    ref = f"#/components/schemas/{component}"
    return Draft202012Validator({"$ref": ref, "components": official_components()})


def official_problem(validator: Draft202012Validator, instance: Any) -> str | None:
    error = next(iter(validator.iter_errors(instance)), None)
    if error is None:
        return None
    return f"{error.json_path}: {error.message}\n{json.dumps(instance)[:1500]}"


@pytest.mark.parametrize("seeds", SEED_COUNTS)
@pytest.mark.parametrize("event_type", v2_event_types())
def test_every_event_type_validates_against_the_official_event_schema(
    fake: Faker, event_type: str, seeds: int
) -> None:
    validator = official_event_validator(event_type)
    for seed in range(seeds):
        full_user, full_source = FLAGS[seed % 4]
        fake.seed_instance(seed)
        event = fake.smooch_v2_event(event_type, full_user, full_source)
        problem = official_problem(validator, event)
        assert problem is None, f"seed {seed}: {problem}"


def test_the_official_event_schemas_refuse_a_broken_event(fake: Faker) -> None:
    fake.seed_instance(1)
    event = fake.smooch_v2_event("switchboard:passControl")
    assert official_problem(official_event_validator("switchboard:passControl"), event) is None
    event["payload"]["conversation"]["type"] = "group"
    problem = official_problem(official_event_validator("switchboard:passControl"), event)
    assert problem is not None and "'group' is not one of" in problem


OFFICIAL_OBJECTS: dict[str, tuple[str, Callable[[Faker], Any]]] = {
    "user": ("user", lambda f: f.smooch_v2_user()),
    "client": ("client", lambda f: f.smooch_v2_client()),
    "device": ("device", lambda f: f.smooch_v2_device()),
    "conversation": ("conversation", lambda f: f.smooch_v2_conversation()),
    "participant": ("participant", lambda f: f.smooch_v2_participant()),
    "message": ("message", lambda f: f.smooch_v2_message()),
    "integration": ("integration", lambda f: f.smooch_v2_integration()),
    "webhook": ("webhook", lambda f: f.smooch_v2_webhook()),
    "switchboardIntegration": (
        "switchboardIntegration",
        lambda f: f.smooch_v2_switchboard_integration(),
    ),
}


@pytest.mark.parametrize("name", sorted(OFFICIAL_OBJECTS))
def test_objects_validate_against_the_official_components(fake: Faker, name: str) -> None:
    component, make = OFFICIAL_OBJECTS[name]
    validator = official_validator(component)
    for seed in range(25):
        fake.seed_instance(seed)
        problem = official_problem(validator, make(fake))
        assert problem is None, f"seed {seed}: {problem}"
