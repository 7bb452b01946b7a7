"""The JSON Schema contract: every schema is sound, its examples pass and wrong instances fail."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator

from smooch_mock.schemas import (
    SchemaValidationError,
    UnknownSchemaError,
    UnknownTriggerError,
    get_schema,
    is_valid,
    iter_errors,
    json_path,
    load_store,
    schema_names,
    validate,
    webhook_schema_name,
    webhook_triggers,
)

NAMES = schema_names()
ID_PREFIX = "https://smooch-mock.invalid/schemas/"

# The 2016 docs' message:appUser payload (shared/seed/000_99fe90c79f734ed0.txt), verbatim.
SEED_PAYLOAD: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "seed-message-appUser.json").read_text()
)


def first_example(name: str) -> Any:
    return copy.deepcopy(get_schema(name)["examples"][0])


def rejection(instance: Any, name: str) -> SchemaValidationError:
    with pytest.raises(SchemaValidationError) as caught:
        validate(instance, name)
    return caught.value


def error_paths(instance: Any, name: str) -> list[str]:
    return [json_path(error.absolute_path) for error in iter_errors(instance, name)]


# --- every schema file -------------------------------------------------------------------------


def test_schema_folder_holds_the_whole_contract() -> None:
    expected = {
        "objects/app-user",
        "objects/app-user-truncated",
        "objects/message",
        "objects/action",
        "objects/integration",
        "requests/message-post",
        "requests/webhook-create",
        "requests/conversation-activity",
        "responses/messages",
        "responses/empty",
        "responses/error",
        "webhooks/v1/envelope",
        "webhooks/v1.1/envelope",
        "webhooks/v1/delivery-success",
        "webhooks/v1.1/message-delivery-channel",
    }
    # fmt: off
    message_kinds = ["text", "image", "file", "carousel", "list", "location", "form",
                     "form-response"]
    action_kinds = ["link", "webview", "postback", "reply", "location-request", "share", "buy"]
    integration_types = ["messenger", "twilio", "messagebird", "telegram", "line", "viber",
                         "wechat", "whatsapp", "twitter", "mailgun", "fcm", "apn", "apple", "web",
                         "ios", "android"]
    # fmt: on
    expected |= {f"objects/message-{kind}" for kind in message_kinds}
    expected |= {f"objects/action-{kind}" for kind in action_kinds}
    expected |= {f"objects/integration-{kind}" for kind in integration_types}
    assert expected - set(NAMES) == set()


@pytest.mark.parametrize("name", NAMES)
def test_schema_header_follows_the_convention(name: str) -> None:
    schema = get_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{ID_PREFIX}{name}.json"
    assert schema["title"].strip()
    assert len(schema["description"]) > 20
    assert schema["examples"], f"{name} has no examples"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", NAMES)
def test_every_example_validates(name: str) -> None:
    for example in get_schema(name)["examples"]:
        validate(example, name)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_ref_resolves() -> None:
    store = load_store()
    checked = 0
    for name in NAMES:
        schema = get_schema(name)
        resolver = store.registry.resolver(base_uri=schema["$id"])
        for reference in _refs(schema):
            resolved = resolver.lookup(reference).contents
            assert isinstance(resolved, dict | bool), f"{name}: {reference}"
            checked += 1
    assert checked > 200


def test_schemas_share_parts_by_ref() -> None:
    message_post = get_schema("requests/message-post")
    assert message_post["$defs"]["content"]["$ref"] == "../objects/message-content.json"
    assert get_schema("objects/template")["properties"]["message"]["$ref"].startswith(
        "../requests/message-post.json"
    )


# --- generic wrong instances, one or more per schema -------------------------------------------

WRONG_BY_TYPE: dict[str, Any] = {
    "string": 12345,
    "number": "not a number",
    "integer": "not an integer",
    "boolean": "yes",
    "object": "not an object",
    "array": "not an array",
    "null": "not null",
}


def _resolve(schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """Follow a bare `$ref` chain so the keywords that apply at this location are visible."""
    resolver = load_store().registry.resolver(base_uri=base)
    while "$ref" in schema and "type" not in schema and "const" not in schema:
        resolved = resolver.lookup(schema["$ref"])
        resolver = resolved.resolver
        schema = resolved.contents
        base = schema.get("$id", base)
    return schema, base


def _applying_parts(name: str) -> list[dict[str, Any]]:
    """The root schema plus the subschemas it always applies via `$ref` and `allOf` refs."""
    root = get_schema(name)
    parts: list[dict[str, Any]] = []
    pending: list[tuple[dict[str, Any], Any]] = [
        (root, load_store().registry.resolver(root["$id"]))
    ]
    while pending:
        schema, resolver = pending.pop()
        parts.append(schema)
        targets = [schema["$ref"]] if "$ref" in schema else []
        targets += [part["$ref"] for part in schema.get("allOf", []) if "$ref" in part]
        for target in targets:
            resolved = resolver.lookup(target)
            pending.append((resolved.contents, resolved.resolver))
    return parts


def _wrong_value(prop_schema: dict[str, Any], name: str) -> Any:
    prop_schema, _ = _resolve(prop_schema, get_schema(name)["$id"])
    if "const" in prop_schema:
        return 12345 if isinstance(prop_schema["const"], str) else "__wrong__"
    if "enum" in prop_schema:
        return "__not_in_enum__"
    kind = prop_schema.get("type")
    if isinstance(kind, str):
        return WRONG_BY_TYPE[kind]
    if isinstance(kind, list) and "string" not in kind:
        return "__wrong_type__"
    return None


def generic_mutations(name: str) -> list[tuple[str, Any, str]]:
    """(label, wrong instance, JSON path the error must be reported at)."""
    example = first_example(name)
    if not isinstance(example, dict):
        schema, _ = _resolve(get_schema(name), get_schema(name)["$id"])
        wrong = "__not_in_enum__" if "enum" in schema else ("x" if "pattern" in schema else -1)
        return [(f"whole value {wrong!r}", wrong, "$")]
    mutations: list[tuple[str, Any, str]] = []
    parts = _applying_parts(name)
    required = [key for part in parts for key in part.get("required", []) if key in example]
    if required:
        broken = copy.deepcopy(example)
        del broken[required[0]]
        mutations.append((f"missing {required[0]}", broken, "$"))
    for part in parts:
        for key, prop_schema in part.get("properties", {}).items():
            if key in example and isinstance(prop_schema, dict):
                wrong = _wrong_value(prop_schema, name)
                if wrong is not None:
                    broken = copy.deepcopy(example)
                    broken[key] = wrong
                    mutations.append((f"{key}={wrong!r}", broken, json_path([key])))
                    break
        else:
            continue
        break
    value_schemas = [
        part["additionalProperties"]
        for part in parts
        if isinstance(part.get("additionalProperties"), dict)
    ]
    if value_schemas and example:
        key = next(iter(example))
        mutations.append((f"{key}={{}}", {**example, key: {"nested": True}}, json_path([key])))
    if any(
        part.get("additionalProperties") is False
        or part.get("unevaluatedProperties") is False
        or part.get("maxProperties") == 0
        for part in parts
    ):
        mutations.append(("unknown key", {**example, "unexpectedKey": 1}, "$"))
    return mutations


@pytest.mark.parametrize("name", NAMES)
def test_generic_wrong_instances_are_rejected_at_the_right_path(name: str) -> None:
    mutations = generic_mutations(name)
    assert mutations, f"no wrong instance could be built for {name}"
    for label, wrong, expected_path in mutations:
        assert not is_valid(wrong, name), f"{name} accepted {label}"
        paths = error_paths(wrong, name)
        assert expected_path in paths, f"{name} / {label}: errors at {paths}"
        assert rejection(wrong, name).json_path == expected_path, f"{name} / {label}"


def test_every_object_schema_gets_a_missing_field_or_wrong_type_check() -> None:
    labels = {name: [label for label, _, _ in generic_mutations(name)] for name in NAMES}
    weak = [name for name, found in labels.items() if not found]
    assert weak == []
    with_required = [name for name in NAMES if any(lb.startswith("missing") for lb in labels[name])]
    assert len(with_required) > len(NAMES) // 2


# --- the seed payload and webhook payloads ----------------------------------------------------


def test_seed_payload_validates_as_v1_message_app_user() -> None:
    validate(SEED_PAYLOAD, "webhooks/v1/message-appUser")
    assert webhook_schema_name(SEED_PAYLOAD["trigger"], None) == "webhooks/v1/message-appUser"


def test_seed_payload_with_robot_role_fails_at_the_role() -> None:
    robot = copy.deepcopy(SEED_PAYLOAD)
    robot["messages"][0]["role"] = "robot"
    error = rejection(robot, "webhooks/v1/message-appUser")
    assert error.json_path == "$.messages[0].role"
    assert "'robot'" in error.reason
    assert str(error).startswith("webhooks/v1/message-appUser: $.messages[0].role: ")


def test_bad_signed_up_at_date_time_is_rejected() -> None:
    payload = copy.deepcopy(SEED_PAYLOAD)
    payload["appUser"]["signedUpAt"] = "2015-13-45 03:38"
    error = rejection(payload, "webhooks/v1/message-appUser")
    assert error.json_path == "$.appUser.signedUpAt"
    assert "date-time" in error.reason
    assert not is_valid(
        {"_id": "c7f6e6d6c3a637261bd9656f", "properties": {}, "signedUpAt": "yesterday"},
        "objects/app-user",
    )


def test_bad_uri_and_email_formats_are_rejected() -> None:
    assert (
        rejection({"mediaUrl": "not a url"}, "requests/attachment-remove").json_path == "$.mediaUrl"
    )
    user = {"userId": "bob", "email": "bob.example.com"}
    assert rejection(user, "requests/app-user-pre-create").json_path == "$.email"


def test_seed_payload_is_not_a_v1_1_payload() -> None:
    error = rejection(SEED_PAYLOAD, "webhooks/v1.1/message-appUser")
    assert error.json_path == "$"
    assert "version" in error.reason


def test_trigger_schema_rejects_another_trigger() -> None:
    payload = first_example("webhooks/v1.1/message-appUser")
    error = rejection(payload, "webhooks/v1.1/message-appMaker")
    assert error.json_path in {"$.trigger", "$.messages[0].role"}
    assert "$.trigger" in error_paths(payload, "webhooks/v1.1/message-appMaker")


def test_unknown_trigger_value_is_rejected() -> None:
    payload = copy.deepcopy(SEED_PAYLOAD)
    payload["trigger"] = "message:robot"
    assert rejection(payload, "webhooks/v1/message-appUser").json_path == "$.trigger"


def test_v1_1_app_user_is_truncated_or_full_but_not_in_between() -> None:
    payload = first_example("webhooks/v1.1/message-appUser")
    validate(payload, "webhooks/v1.1/message-appUser")
    payload["appUser"] = copy.deepcopy(SEED_PAYLOAD["appUser"]) | {"conversationStarted": True}
    validate(payload, "webhooks/v1.1/message-appUser")
    payload["appUser"] = {"_id": "c7f6e6d6c3a637261bd9656f", "givenName": "Bob"}
    assert rejection(payload, "webhooks/v1.1/message-appUser").json_path == "$.appUser"


def test_v1_1_messages_must_be_typed_while_v1_tolerates_untyped() -> None:
    untyped = copy.deepcopy(SEED_PAYLOAD["messages"][0])
    payload = first_example("webhooks/v1.1/message-appUser")
    payload["messages"] = [untyped]
    error = rejection(payload, "webhooks/v1.1/message-appUser")
    assert (error.json_path, "'type' is a required property") == ("$.messages[0]", error.reason)


def test_v1_delivery_triggers_do_not_exist_in_v1_1() -> None:
    with pytest.raises(UnknownTriggerError, match="delivery:success"):
        webhook_schema_name("delivery:success", "v1.1")
    assert webhook_schema_name("delivery:success", "v1") == "webhooks/v1/delivery-success"
    assert "typing:appUser" not in webhook_triggers("v1")
    assert "message:delivery:channel" in webhook_triggers("v1.1")


@pytest.mark.parametrize(
    ("trigger", "version", "expected"),
    [
        ("message:appUser", "v1.1", "webhooks/v1.1/message-appUser"),
        ("message:delivery:channel", "v1.1", "webhooks/v1.1/message-delivery-channel"),
        ("appUser:delete", "v1.1", "webhooks/v1.1/appUser-delete"),
        ("message", "v1", "webhooks/v1/message"),
        ("postback", None, "webhooks/v1/postback"),
    ],
)
def test_webhook_schema_name_maps_trigger_and_version(
    trigger: str, version: str | None, expected: str
) -> None:
    assert webhook_schema_name(trigger, version) == expected


@pytest.mark.parametrize(
    ("trigger", "version"),
    [("message:robot", "v1.1"), ("delivery:channel", "v1.1"), ("message:appUser", "v2")],
)
def test_webhook_schema_name_rejects_unknown_trigger_or_version(trigger: str, version: str) -> None:
    with pytest.raises(UnknownTriggerError, match=trigger):
        webhook_schema_name(trigger, version)


def test_every_trigger_schema_fixes_its_trigger_with_const() -> None:
    for version in ("v1", "v1.1"):
        for trigger in webhook_triggers(version):
            schema = get_schema(webhook_schema_name(trigger, version))
            assert schema["properties"]["trigger"] == {"const": trigger}
            assert schema["examples"][0]["trigger"] == trigger
    assert len(webhook_triggers("v1")) == 14
    assert len(webhook_triggers("v1.1")) == 21


# --- messages and actions ----------------------------------------------------------------------


def post(**fields: Any) -> dict[str, Any]:
    return {"role": "appMaker", "type": "text", "text": "Hi", **fields}


def item(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"title": "Tacos", "actions": list(actions)}


POSTBACK = {"type": "postback", "text": "Order", "payload": "TACOS"}


@pytest.mark.parametrize(
    ("body", "path", "reason_part"),
    [
        ({"role": "appMaker", "type": "text"}, "$", "'text' is a required property"),
        (post(role="robot"), "$.role", "'robot'"),
        (post(role="whisper"), "$.role", "'whisper'"),
        ({"role": "appMaker", "text": "Hi"}, "$", "'type' is a required property"),
        (post(type="video"), "$.type", "'video'"),
        ({"role": "appMaker", "type": "image"}, "$", "'mediaUrl' is a required property"),
        ({"role": "appMaker", "type": "file", "text": "x"}, "$", "'mediaUrl'"),
        ({"role": "appMaker", "type": "carousel", "items": []}, "$.items", "non-empty"),
        (
            {"role": "appMaker", "type": "list", "items": [item(POSTBACK)] * 11},
            "$.items",
            "too long",
        ),
        (
            {"role": "appMaker", "type": "carousel", "items": [item()]},
            "$.items[0].actions",
            "non-empty",
        ),
        (
            {
                "role": "appMaker",
                "type": "carousel",
                "items": [item(POSTBACK)] * 2 + [item(*[POSTBACK] * 4)],
            },
            "$.items[2].actions",
            "too long",
        ),
        ({"role": "appMaker", "type": "location"}, "$", "'coordinates'"),
        (
            {"role": "appUser", "type": "location", "coordinates": {"lat": 91, "long": 0}},
            "$.coordinates.lat",
            "maximum",
        ),
        ({"role": "appMaker", "type": "form", "fields": []}, "$.fields", "non-empty"),
        (
            {
                "role": "appMaker",
                "type": "form",
                "fields": [
                    {
                        "type": "select",
                        "name": "m",
                        "label": "M",
                        "options": [{"name": f"o{i}", "label": "O"} for i in range(21)],
                    }
                ],
            },
            "$.fields[0].options",
            "too long",
        ),
        (
            {
                "role": "appUser",
                "type": "formResponse",
                "fields": [{"type": "text", "name": "n", "label": "N", "text": "Bob"}],
            },
            "$",
            "'quotedMessage'",
        ),
        (
            post(actions=[{"type": "buy", "text": "Buy", "amount": 9.99}]),
            "$.actions[0].amount",
            "integer",
        ),
        (post(actions=[{"type": "buy", "text": "Buy"}]), "$.actions[0]", "'amount'"),
        (post(actions=[{"type": "link", "text": "Go"}]), "$.actions[0]", "'uri'"),
        (
            post(actions=[{"type": "webview", "text": "Go", "uri": "https://e.com"}]),
            "$.actions[0]",
            "'fallback'",
        ),
        (post(actions=[{"type": "postback", "text": "Go"}]), "$.actions[0]", "'payload'"),
        (post(actions=[{"type": "reply", "text": "Go"}]), "$.actions[0]", "'payload'"),
        (post(actions=[{"type": "teleport", "text": "Go"}]), "$.actions[0].type", "'teleport'"),
        (
            post(
                actions=[
                    {"type": "reply", "text": "A", "payload": "A"},
                    {"type": "link", "text": "L", "uri": "https://e.com"},
                ]
            ),
            "$.actions[1].type",
            "'link'",
        ),
        (post(role="appUser", actions=[POSTBACK]), "$.actions", "expected to be empty"),
        (post(metadata={"nested": {"no": 1}}), "$.metadata.nested", "is not of type"),
        (post(metadata={"list": [1]}), "$.metadata.list", "is not of type"),
        (post(_id="5b2d00cb3e3adc00228bdd0b"), "$", "'_id' was unexpected"),
    ],
)
def test_message_post_rules(body: dict[str, Any], path: str, reason_part: str) -> None:
    error = rejection(body, "requests/message-post")
    assert (error.json_path, reason_part in error.reason) == (path, True), str(error)


def test_message_post_accepts_actions_instead_of_text_and_reply_with_location_request() -> None:
    replies = [
        {"type": "reply", "text": "A", "payload": "A"},
        {"type": "locationRequest", "text": "L"},
    ]
    validate({"role": "appMaker", "type": "text", "actions": replies}, "requests/message-post")
    validate(
        {"role": "appUser", "type": "text", "text": "hi", "actions": []}, "requests/message-post"
    )


def test_stored_message_wire_decisions() -> None:
    stored = first_example("objects/message")
    validate(stored, "objects/message")
    for field in ["_id", "type", "role"]:
        broken = {key: value for key, value in stored.items() if key != field}
        assert rejection(broken, "objects/message").json_path == "$", field
    # Smooch's own examples lack these (live appMaker messages without a business name, the 2017
    # docs' abbreviated answers and payloads): accepted when absent, never when null.
    for field in ["text", "authorId", "name", "received", "avatarUrl"]:
        validate({key: value for key, value in stored.items() if key != field}, "objects/message")
        assert rejection({**stored, field: None}, "objects/message").json_path == f"$.{field}", (
            field
        )


def test_stored_actions_have_ids_and_empty_uri_unless_link() -> None:
    message = first_example("objects/message")
    del message["actions"][0]["_id"]
    assert rejection(message, "objects/message").json_path == "$.actions[0]"
    message = first_example("objects/message")
    message["actions"][0]["uri"] = "https://example.com"  # a postback action
    assert rejection(message, "objects/message").json_path == "$.actions[0].uri"
    buy = {
        "_id": "5877fd5624fe8fd934d7c2f3",
        "type": "buy",
        "text": "Buy",
        "amount": 100,
        "uri": "https://app.smooch.io/checkout/5877fd5624fe8fd934d7c2f3",
    }
    message = first_example("objects/message") | {"actions": [buy]}
    error = rejection(message, "objects/message")
    assert (error.json_path, "'state' is a required property") == ("$.actions[0]", error.reason)
    message["actions"] = [buy | {"state": "offered", "currency": "usd"}]
    validate(message, "objects/message")


def test_form_message_needs_submitted_and_field_ids() -> None:
    form = copy.deepcopy(get_schema("objects/message-form")["examples"][0])
    validate(form, "objects/message")
    del form["submitted"]
    assert "'submitted'" in rejection(form, "objects/message").reason
    form = copy.deepcopy(get_schema("objects/message-form")["examples"][0])
    del form["fields"][0]["_id"]
    assert rejection(form, "objects/message").json_path == "$.fields[0]"


# --- other important bodies and responses ------------------------------------------------------


def test_webhook_and_activity_bodies_are_strict() -> None:
    error = rejection({"target": "https://e.com", "secret": "x"}, "requests/webhook-create")
    assert (error.json_path, "'secret' was unexpected" in error.reason) == ("$", True)
    assert rejection({"target": "ftp://e.com"}, "requests/webhook-create").json_path == "$.target"
    bad_trigger = {"target": "https://e.com", "triggers": ["delivery:channel"]}
    assert rejection(bad_trigger, "requests/webhook-create").json_path == "$.triggers[0]"
    assert rejection({}, "requests/webhook-update").json_path == "$"
    activity = {"role": "appUser", "type": "typing:start"}
    assert rejection(activity, "requests/conversation-activity").json_path == "$.role"
    activity = {"role": "appMaker", "type": "typing:maybe"}
    assert rejection(activity, "requests/conversation-activity").json_path == "$.type"


def test_pre_create_v1_only_field() -> None:
    body = {"userId": "bob", "credentialRequired": True}
    validate(body, "requests/app-user-pre-create-v1")
    assert "credentialRequired" in rejection(body, "requests/app-user-pre-create").reason
    assert "'userId'" in rejection({"givenName": "Bob"}, "requests/app-user-pre-create").reason


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ({"type": "messenger", "appId": "1", "appSecret": "s"}, "pageAccessToken"),
        ({"type": "twilio", "accountSid": "AC1", "authToken": "t"}, "phoneNumberSid"),
        ({"type": "telegram"}, "token"),
        ({"type": "mailgun", "apiKey": "k", "domain": "d"}, "incomingAddress"),
        ({"type": "apple", "businessId": "b", "mspId": "m"}, "apiSecret"),
        ({"type": "fcm", "serverKey": "k"}, "senderId"),
    ],
)
def test_integration_create_requires_the_type_fields(body: dict[str, Any], missing: str) -> None:
    error = rejection(body, "requests/integration-create")
    assert (error.json_path, f"'{missing}' is a required property") == ("$", error.reason)


def test_integration_create_rejects_unknown_type_and_accepts_field_free_types() -> None:
    assert rejection({"type": "myspace"}, "requests/integration-create").json_path == "$.type"
    for kind in ["web", "ios", "android", "line"]:
        validate({"type": kind}, "requests/integration-create")


def test_link_body_rules() -> None:
    body = {"type": "twilio", "confirmation": {"type": "immediate"}}
    assert "'phoneNumber'" in rejection(body, "requests/app-user-link").reason
    body = {"type": "twilio", "phoneNumber": "5145555555", "confirmation": {"type": "immediate"}}
    assert rejection(body, "requests/app-user-link").json_path == "$.phoneNumber"
    body = {
        "type": "messenger",
        "phoneNumber": "+15145555555",
        "confirmation": {"type": "userActivity"},
    }
    assert rejection(body, "requests/app-user-link").json_path == "$.confirmation"
    body["confirmation"] = {"type": "userActivity", "message": {"type": "carousel"}}
    assert rejection(body, "requests/app-user-link").json_path == "$.confirmation.message.type"


def test_responses_wrap_their_resource() -> None:
    app_user = first_example("objects/app-user")
    assert "'appUser'" in rejection(app_user, "responses/app-user").reason
    del app_user["conversationStarted"]
    assert rejection({"appUser": app_user}, "responses/app-user").json_path == "$.appUser"
    assert rejection({"ok": True}, "responses/empty").json_path == "$"
    validate({}, "responses/empty")
    history = first_example("responses/messages")
    history["next"] = "page 2"
    assert rejection(history, "responses/messages").json_path == "$.next"
    error = {"error": {"code": "Not Found", "description": "x"}}
    assert rejection(error, "responses/error").json_path == "$.error.code"


def test_python_sdk_required_fields_are_never_null() -> None:
    cases = {
        "objects/app-user": "properties",
        "objects/client": "platform",
        "objects/conversation": "unreadCount",
        "objects/webhook": "secret",
        "objects/app": "appToken",
    }
    for name, field in cases.items():
        example = first_example(name)
        example[field] = None
        assert rejection(example, name).json_path == f"$.{field}", name


def test_integration_response_is_discriminated_by_type() -> None:
    twilio = first_example("objects/integration-twilio")
    validate(twilio, "objects/integration")
    del twilio["accountSid"]
    assert "'accountSid'" in rejection(twilio, "objects/integration").reason
    web = first_example("objects/integration-web")
    web["brandColor"] = "#ff0000"
    assert rejection(web, "objects/integration").json_path == "$.brandColor"


# --- the Python API ----------------------------------------------------------------------------


def test_validation_error_is_a_value_error_with_schema_path_and_reason() -> None:
    error = rejection({"role": "appMaker", "type": "text", "text": 5}, "requests/message-post")
    assert isinstance(error, ValueError)
    assert (error.schema_name, error.json_path) == ("requests/message-post", "$.text")
    assert str(error) == "requests/message-post: $.text: 5 is not of type 'string'"
    assert error.error.validator == "type"


def test_validation_error_is_a_jsonschema_validation_error() -> None:
    body = {"role": "appMaker", "type": "text", "text": "hi", "actions": [{"type": "link"}]}
    with pytest.raises(jsonschema.ValidationError) as caught:
        validate(body, "requests/message-post")
    error = caught.value
    assert isinstance(error, SchemaValidationError)
    assert list(error.path) == list(error.absolute_path) == ["actions", 0]
    assert error.json_path == "$.actions[0]"
    assert error.message == error.reason and "required property" in error.message
    assert error.instance == {"type": "link"} and error.validator == "required"
    assert str(error) == f"requests/message-post: $.actions[0]: {error.message}"


def test_unknown_schema_name_is_a_clear_error() -> None:
    with pytest.raises(UnknownSchemaError, match="objects/mesage"):
        validate({}, "objects/mesage")
    with pytest.raises(UnknownSchemaError):
        get_schema("message")


def test_schema_names_are_paths_without_extension() -> None:
    assert "objects/message" in NAMES
    assert "webhooks/v1.1/message-appUser" in NAMES
    assert not [name for name in NAMES if name.endswith(".json") or name.startswith("/")]
    assert sorted(NAMES) == NAMES


def test_store_is_loaded_once() -> None:
    assert load_store() is load_store()
    assert load_store().validator("objects/message") is load_store().validator("objects/message")


def test_iter_errors_yields_every_error() -> None:
    errors = list(iter_errors({"role": "robot", "type": "video"}, "requests/message-post"))
    paths = {json_path(error.absolute_path) for error in errors}
    assert {"$.role", "$.type"} <= paths


@pytest.mark.parametrize(
    ("parts", "expected"),
    [([], "$"), (["messages", 0, "role"], "$.messages[0].role"), (["a:b", 2], '$["a:b"][2]')],
)
def test_json_path(parts: list[str | int], expected: str) -> None:
    assert json_path(parts) == expected
