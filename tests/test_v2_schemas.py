"""The v2 JSON Schemas: the operation table, the rules clients rely on, webhooks, no orphans."""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from smooch_mock.cli import validate as validate_command
from smooch_mock.schemas import (
    V2_ENVELOPE,
    SchemaValidationError,
    UnknownTriggerError,
    get_schema,
    is_v2_payload,
    is_valid,
    schema_names,
    v2_event_schema_name,
    v2_event_types,
    validate,
    webhook_schema_name,
    webhook_triggers,
)
from smooch_mock.schemas.v2_operations import (
    V2_ERROR_SCHEMA,
    V2_PAGE_SCHEMA,
    V2_REQUEST_SCHEMAS,
    V2_RESPONSE_SCHEMAS,
)

V2_NAMES = [name for name in schema_names() if name.startswith("v2/")]
CREATES = {
    "CreateApp", "CreateAppKey", "UploadAttachment", "CreateConversation", "JoinConversation",
    "PostMessage", "CreateIntegration", "CreateCustomIntegrationKey", "CreateWebhook",
    "CreateSwitchboard", "CreateSwitchboardIntegration", "CreateUser", "CreateClient",
}  # fmt: skip
EVENT_TYPES = [
    "client:add", "client:remove", "client:update", "conversation:create", "conversation:join",
    "conversation:leave", "conversation:message", "conversation:message:delivery:channel",
    "conversation:message:delivery:failure", "conversation:message:delivery:user",
    "conversation:postback", "conversation:read", "conversation:referral", "conversation:remove",
    "conversation:typing", "switchboard:acceptControl", "switchboard:acceptControl:failure",
    "switchboard:offerControl", "switchboard:offerControl:failure", "switchboard:passControl",
    "switchboard:passControl:failure", "switchboard:releaseControl", "user:merge", "user:remove",
    "user:update",
]  # fmt: skip


BUSINESS = {"author": {"type": "business"}}
BOT = {"name": "bot", "integrationId": "i"}
HOOK = {"target": "https://e.com", "triggers": ["conversation:message"]}


def example(name: str, index: int = 0) -> Any:
    return copy.deepcopy(get_schema(name)["examples"][index])


def rejection(instance: Any, name: str) -> SchemaValidationError:
    with pytest.raises(SchemaValidationError) as caught:
        validate(instance, name)
    return caught.value


# --- the operation table and the files ----------------------------------------------------------


def test_every_operation_answers_its_one_2xx_and_the_creates_201() -> None:
    assert len(V2_RESPONSE_SCHEMAS) == 68
    created = {op for op, by_status in V2_RESPONSE_SCHEMAS.items() if 201 in by_status}
    assert created == CREATES
    assert all(len(by_status) <= 1 for by_status in V2_RESPONSE_SCHEMAS.values())
    assert V2_RESPONSE_SCHEMAS["Authorize"] == {}  # a 302 redirect


def test_the_operation_table_names_existing_v2_schemas() -> None:
    names = set(schema_names())
    named = [*V2_REQUEST_SCHEMAS.values(), V2_ERROR_SCHEMA, V2_PAGE_SCHEMA]
    named += [name for by_status in V2_RESPONSE_SCHEMAS.values() for name in by_status.values()]
    assert {name for name in named if name not in names} == set()
    assert set(V2_REQUEST_SCHEMAS) <= set(V2_RESPONSE_SCHEMAS)


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


def _reachable(roots: list[str]) -> set[str]:
    by_id = {get_schema(name)["$id"]: name for name in schema_names()}
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        base = get_schema(name)["$id"]
        targets = {urljoin(base, ref.partition("#")[0]) for ref in _refs(get_schema(name))}
        unknown = targets - set(by_id)
        assert not unknown, f"{name} refers to files that do not exist: {unknown}"
        pending.extend(by_id[target] for target in targets)
    return seen


def test_every_v2_schema_is_reachable_from_an_operation_or_the_webhook_payload() -> None:
    roots = [*V2_REQUEST_SCHEMAS.values(), V2_ERROR_SCHEMA, V2_PAGE_SCHEMA, V2_ENVELOPE]
    roots += [name for by_status in V2_RESPONSE_SCHEMAS.values() for name in by_status.values()]
    reachable = _reachable(roots)
    assert set(V2_NAMES) - reachable == set(), "orphan v2 schemas"
    assert {name for name in reachable if not name.startswith("v2/")} == set(), "v2 uses v1 files"


def test_v2_names_and_ids_live_under_v2_beside_unchanged_v1_names() -> None:
    assert len(V2_NAMES) > 150
    assert "objects/message" in schema_names() and "v2/objects/message" in schema_names()
    assert get_schema("v2/objects/message")["$id"].endswith("/schemas/v2/objects/message.json")
    assert get_schema("objects/message")["$id"].endswith("/schemas/objects/message.json")
    assert webhook_schema_name("message:appUser", "v1.1") == "webhooks/v1.1/message-appUser"
    assert len(webhook_triggers("v1")) == 14 and len(webhook_triggers("v1.1")) == 21


# --- the rules the official clients and the reference impose ------------------------------------


@pytest.mark.parametrize(
    ("name", "mutate", "path"),
    [
        ("v2/objects/message", lambda m: m.update(received=1529675979.541), "$.received"),
        ("v2/objects/message", lambda m: m.update(received="2026-05-24 14:02"), "$.received"),
        ("v2/objects/message", lambda m: m["author"].update(type="appMaker"), "$.author.type"),
        ("v2/objects/message", lambda m: m["author"].update(avatarUrl=""), "$.author.avatarUrl"),
        ("v2/objects/message", lambda m: m["author"].update(subtypes=["bot"]),
         "$.author.subtypes[0]"),
        ("v2/objects/message", lambda m: m["content"].update(type="video"), "$.content.type"),
        ("v2/objects/message", lambda m: m.pop("content"), "$"),
        ("v2/objects/message", lambda m: m["content"]["actions"][0].update(type="share"),
         "$.content.actions[0].type"),
        ("v2/objects/message", lambda m: m["source"].pop("type"), "$.source"),
        ("v2/objects/user", lambda u: u["profile"].update(givenName=""), "$.profile.givenName"),
        ("v2/objects/user", lambda u: u.update(externalId=42), "$.externalId"),
        ("v2/objects/user", lambda u: u.update(metadata=None), "$.metadata"),
        ("v2/objects/user", lambda u: u.update(metadata={"nested": {"a": 1}}), "$.metadata.nested"),
        ("v2/objects/client", lambda c: c.update(type="web"), "$.type"),
        ("v2/objects/client", lambda c: c.update(status="linked"), "$.status"),
        ("v2/objects/device", lambda d: d.update(type="unity"), "$.type"),
        ("v2/objects/conversation", lambda c: c.update(type="group"), "$.type"),
        ("v2/objects/conversation", lambda c: c.update(displayName=""), "$.displayName"),
        ("v2/objects/participant", lambda p: p.update(unreadCount="1"), "$.unreadCount"),
        ("v2/objects/integration", lambda i: i.update(type="wechat"), "$.type"),
        ("v2/objects/integration", lambda i: i.update(status="pending"), "$.status"),
        ("v2/objects/integration", lambda i: i["webhooks"].append(i["webhooks"][0]), "$.webhooks"),
        ("v2/objects/integration", lambda i: i.pop("webhooks"), "$"),
        ("v2/objects/switchboard-integration", lambda s: s.pop("integrationType"), "$"),
        ("v2/objects/app", lambda a: a.update(displayName=""), "$.displayName"),
        ("v2/objects/api-key", lambda k: k.update(id="app_1"), "$.id"),
        ("v2/objects/webhook", lambda w: w.update(version="v3"), "$.version"),
        ("v2/objects/meta", lambda m: m.pop("hasMore"), "$"),
    ],
)  # fmt: skip
def test_wire_objects_refuse_what_the_clients_refuse(name: str, mutate: Any, path: str) -> None:
    instance = example(name)
    validate(instance, name)
    mutate(instance)
    assert rejection(instance, name).json_path == path


def test_messenger_and_twitter_and_apple_integrations_keep_what_python_needs() -> None:
    for kind, key in [("messenger", "pageId"), ("twitter", "consumerKey"), ("apple", "apiSecret")]:
        integration = example(f"v2/objects/integration-{kind}")
        validate(integration, "v2/objects/integration")
        del integration[key]
        assert f"'{key}'" in rejection(integration, "v2/objects/integration").reason
    messenger = example("v2/objects/integration-messenger") | {"pageId": "108812345678901"}
    assert rejection(messenger, "v2/objects/integration").json_path == "$.pageId"


def test_a_deleted_message_placeholder_may_have_no_content() -> None:
    placeholder = {key: value for key, value in example("v2/objects/message").items()}
    del placeholder["content"]
    assert not is_valid(placeholder, "v2/objects/message")
    assert is_valid(placeholder | {"deleted": True}, "v2/objects/message")


@pytest.mark.parametrize(
    ("name", "body", "path", "reason_part"),
    [
        ("app-create", {}, "$", "'displayName'"),
        ("app-create", {"displayName": ""}, "$.displayName", "1 to 100"),
        ("app-create", {"displayName": "x" * 101}, "$.displayName", "at most 100"),
        ("app-create", {"displayName": "A", "metadata": {"a": [1]}}, "$.metadata.a", "flat"),
        ("app-update", {"displayName": None}, "$.displayName", "string"),
        ("user-create", {"externalId": ""}, "$.externalId", "1 to 1024"),
        ("user-create", {"externalId": "x" * 1025}, "$.externalId", "at most 1024"),
        ("user-create", {"externalId": 42}, "$.externalId", "string"),
        ("user-create", {"profile": {"email": ""}}, "$.profile.email", "non-empty"),
        ("user-create", {"signedUpAt": "yesterday"}, "$.signedUpAt", "ISO 8601"),
        ("conversation-create", {"type": "group"}, "$.type", "personal or sdkGroup"),
        ("conversation-create", {"type": "personal"}, "$", "'participants'"),
        ("conversation-create", {"type": "personal", "participants": [{"userId": "a"}] * 2},
         "$.participants", "exactly one participant"),
        ("conversation-create", {"type": "sdkGroup", "participants": [{"userId": "a"}]},
         "$.participants[0]", "'subscribeSDKClient'"),
        ("conversation-create",
         {"type": "sdkGroup", "participants": [{"userId": "a", "subscribeSDKClient": True}] * 11},
         "$.participants", "Too many participants"),
        ("participant-join", {"subscribeSDKClient": True}, "$", "userId or userExternalId"),
        ("participant-leave", {"userId": "a", "participantId": "b"}, "$", "exactly one"),
        ("message-post", {"content": {"type": "text", "text": "hi"}}, "$", "'author'"),
        ("message-post", {"author": {"type": "user"}, "content": {"type": "text", "text": "hi"}},
         "$.author", "userId or userExternalId"),
        ("message-post", {"author": {"type": "appMaker"}, "content": {"type": "text", "text": "x"}},
         "$.author.type", "user or business"),
        ("message-post", BUSINESS | {"content": {"type": "text"}},
         "$.content", "text, htmlText, markdownText or actions"),
        ("message-post", BUSINESS | {"content": {"type": "text", "text": "x" * 4097}},
         "$.content.text", "too long"),
        ("message-post", BUSINESS | {"content": {"type": "carousel", "items": []}},
         "$.content.items", "1 to 10 items"),
        ("message-post",
         BUSINESS | {"content": {"type": "list", "items": [
             {"title": "T", "actions": [{"type": "reply", "text": "R", "payload": "R"}]}]}},
         "$.content.items[0].actions[0].type", "buy, link, postback or webview"),
        ("message-post",
         BUSINESS | {"content": {"type": "carousel", "items": [
             {"title": "", "actions": [{"type": "postback", "text": "P", "payload": "P"}]}]}},
         "$.content.items[0].title", "non-empty"),
        ("message-post",
         {"author": {"type": "business"},
          "content": {"type": "text", "actions": [{"type": "buy", "text": "Buy", "amount": 9.99}]}},
         "$.content.actions[0].amount", "whole number of cents"),
        ("message-post",
         {"author": {"type": "business"},
          "content": {"type": "text", "actions": [{"type": "webview", "text": "W", "uri": "https://e.com"}]}},
         "$.content.actions[0]", "'fallback'"),
        ("message-post",
         BUSINESS | {"content": {"type": "location", "coordinates": {"lat": "45", "long": 0}}},
         "$.content.coordinates.lat", "number"),
        ("message-post",
         {"author": {"type": "user", "userId": "u"}, "content": {"type": "formResponse", "fields": [
             {"type": "text", "name": "n", "label": "N", "text": "Ana"}]}},
         "$.content", "cannot be posted"),
        ("message-post", BUSINESS | {"content": {"type": "template", "template": {}}},
         "$", "'schema'"),
        ("message-post",
         BUSINESS | {"content": {"type": "text", "text": "x"},
          "destination": {"integrationId": "a", "integrationType": "b"}},
         "$.destination", "not both"),
        ("activity-post", {"author": {"type": "user", "userId": "u"}, "type": "typing:start"},
         "$.type", "only send conversation:read"),
        ("activity-post", {"author": {"type": "business"}, "type": "typing:maybe"}, "$.type",
         "typing:start"),
        ("integration-create", {"type": "wechat"}, "$.type", "Invalid integration type"),
        ("integration-create", {"type": "custom"}, "$", "'webhooks'"),
        ("integration-create",
         {"type": "custom", "webhooks": [HOOK] * 2},
         "$.webhooks", "exactly one webhook"),
        ("integration-create", {"type": "messenger", "appId": "1", "appSecret": "s"}, "$",
         "'pageAccessToken'"),
        ("integration-create", {"type": "twilio", "accountSid": "AC1", "authToken": "t"}, "$",
         "phoneNumberSid or messagingServiceSid"),
        ("integration-create",
         {"type": "twitter", "tier": "premium", "consumerKey": "k", "consumerSecret": "s",
          "accessTokenKey": "k", "accessTokenSecret": "s"},
         "$.tier", "enterprise"),
        ("webhook-create", HOOK | {"target": "ftp://e.com"}, "$.target", "http(s)"),
        ("webhook-create", {"target": "https://e.com", "triggers": ["message:appUser"]},
         "$.triggers[0]", "v2 trigger names"),
        ("webhook-create", {"target": "https://e.com", "triggers": ["Conversation:Message"]},
         "$.triggers[0]", "case-sensitive"),
        ("switchboard-integration-create", {"name": "bot one", "integrationId": "i"}, "$.name",
         "letters, digits"),
        ("switchboard-integration-create", BOT | {"integrationType": "t"}, "$", "not both"),
        ("switchboard-integration-create", BOT | {"messageHistoryCount": 11},
         "$.messageHistoryCount", "1 to 10"),
        ("pass-control", {"metadata": {}}, "$", "'switchboardIntegration'"),
        ("client-create",
         {"matchCriteria": {"type": "twilio", "integrationId": "i", "phoneNumber": "5145550100"},
          "confirmation": {"type": "immediate"}, "target": {"conversationId": "c"}},
         "$.matchCriteria.phoneNumber", "country code"),
        ("client-create",
         {"matchCriteria": {"type": "mailgun", "integrationId": "i"},
          "confirmation": {"type": "immediate"}, "target": {"conversationId": "c"}},
         "$.matchCriteria", "'address'"),
        ("page", {"after": "short"}, "$.after", "24-character"),
        ("page", {"size": 101}, "$.size", "1 to 100"),
        ("page", {"after": "a" * 24, "before": "b" * 24}, "$", "not both"),
    ],
)  # fmt: skip
def test_request_bodies_are_refused_naming_the_field_and_what_to_do(
    name: str, body: dict[str, Any], path: str, reason_part: str
) -> None:
    error = rejection(body, f"v2/requests/{name}")
    assert (error.json_path, reason_part in error.reason) == (path, True), str(error)


def test_request_bodies_accept_what_the_clients_send() -> None:
    # The Python client sends `"metadata": null` and both include flags; bodiless actions are {}.
    post = {
        "author": {"type": "business"},
        "content": {"type": "text", "text": "hi"},
        "metadata": None,
    }
    validate(post, "v2/requests/message-post")
    hook = {"target": "https://e.com/h", "triggers": ["conversation:message"],
            "includeFullUser": False, "includeFullSource": False}  # fmt: skip
    validate(hook, "v2/requests/webhook-create")
    for name in ["release-control", "accept-control", "user-sync"]:
        validate({}, f"v2/requests/{name}")
    validate({"metadata": {"plan": None}}, "v2/requests/app-update")


# --- webhooks ------------------------------------------------------------------------------------


def test_every_event_type_of_the_official_list_has_its_schema() -> None:
    assert v2_event_types() == sorted(EVENT_TYPES) == webhook_triggers("v2")
    for event_type in EVENT_TYPES:
        schema = get_schema(v2_event_schema_name(event_type))
        assert schema["properties"]["type"] == {"const": event_type}
        assert webhook_schema_name(event_type, "v2") == V2_ENVELOPE


def test_an_unknown_v2_event_type_is_a_clear_error() -> None:
    with pytest.raises(UnknownTriggerError, match="message:appUser"):
        webhook_schema_name("message:appUser", "v2")


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_each_event_validates_in_the_envelope_and_fails_under_another_type(event_type: str) -> None:
    envelope = example(V2_ENVELOPE)
    for event in copy.deepcopy(get_schema(v2_event_schema_name(event_type))["examples"]):
        envelope["events"] = [copy.deepcopy(event)]
        validate(envelope, V2_ENVELOPE)
        assert is_v2_payload(envelope)
        other = "user:remove" if event_type != "user:remove" else "conversation:remove"
        event["type"] = other
        assert not is_valid(event, v2_event_schema_name(event_type))
        assert rejection(event, v2_event_schema_name(event_type)).json_path == "$.type"


def test_include_full_user_is_the_truncated_or_the_full_user_never_in_between() -> None:
    event = example(v2_event_schema_name("user:remove"))
    name = v2_event_schema_name("user:remove")
    truncated = {"id": "6650f1a2b3c4d5e6f7a8b9c1", "authenticated": False}
    full = truncated | {"profile": {}, "metadata": {}, "identities": []}
    for user in [truncated, full]:
        validate({**event, "payload": {"user": user}}, name)
    in_between = truncated | {"profile": {"givenName": "Ana"}}
    assert rejection({**event, "payload": {"user": in_between}}, name).json_path == "$.payload.user"


def test_include_full_source_adds_client_and_device() -> None:
    event = example(v2_event_schema_name("user:update"))
    name = v2_event_schema_name("user:update")
    full_source = example("v2/webhooks/event", 1)["payload"]["source"]
    assert {"client", "device"} <= set(full_source)
    validate({**event, "payload": {**event["payload"], "source": full_source}}, name)
    full_source["device"]["type"] = "desktop"
    error = rejection({**event, "payload": {**event["payload"], "source": full_source}}, name)
    assert error.json_path == "$.payload.source.device.type"


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda p: p["webhook"].update(version="v1.1"), "$.webhook.version"),
        (lambda p: p.update(events=[]), "$.events"),
        (lambda p: p["events"][0].update(createdAt=1601488496.83), "$.events[0].createdAt"),
        (lambda p: p["events"][0].update(type="message:appUser"), "$.events[0].type"),
        (lambda p: p["events"][0]["payload"]["message"].update(received=1601488496.82),
         "$.events[0].payload.message.received"),
        (lambda p: p["events"][0]["payload"]["message"]["author"].update(type="appUser"),
         "$.events[0].payload.message.author.type"),
        (lambda p: p["events"][1]["payload"]["user"]["profile"].update(surname=""),
         "$.events[1].payload.user.profile.surname"),
    ],
)  # fmt: skip
def test_the_envelope_refuses_a_wrong_event_at_its_path(mutate: Any, path: str) -> None:
    payload = example(V2_ENVELOPE)
    mutate(payload)
    assert rejection(payload, V2_ENVELOPE).json_path == path


def test_validate_auto_recognises_a_v2_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "v2.json"
    good.write_text(json.dumps(example(V2_ENVELOPE)))
    bad_payload = example(V2_ENVELOPE)
    bad_payload["events"][0]["payload"]["message"]["received"] = 1601488496.82
    bad = tmp_path / "v2-bad.json"
    bad.write_text(json.dumps(bad_payload))
    parser = argparse.ArgumentParser(prog="smooch-mock")
    validate_command.add_parser(parser.add_subparsers(dest="command", required=True))
    assert validate_command.run(parser.parse_args(["validate", str(good), str(bad)])) == 1
    captured = capsys.readouterr()
    assert captured.out == f"OK {good} ({V2_ENVELOPE})\n"
    assert f"{bad}: {V2_ENVELOPE}: $.events[0].payload.message.received:" in captured.err


def test_is_v2_payload_needs_events_and_version_v2() -> None:
    payload = example(V2_ENVELOPE)
    assert is_v2_payload(payload)
    assert not is_v2_payload({**payload, "webhook": {"id": "w", "version": "v1.1"}})
    assert not is_v2_payload({key: value for key, value in payload.items() if key != "events"})
    assert not is_v2_payload(example("webhooks/v1.1/message-appUser"))
    assert not is_v2_payload([payload])
