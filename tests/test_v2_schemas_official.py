"""The v2 schemas against the official OpenAPI document and Smooch's published examples (read
from ../shared at test time, skipped with a reason when absent; nothing of them is copied here)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema.exceptions import best_match

from smooch_mock.schemas import V2_ENVELOPE, get_schema, iter_errors, json_path, load_store
from smooch_mock.schemas.v2_operations import V2_REQUEST_SCHEMAS, V2_RESPONSE_SCHEMAS

SchemaResolver = Any
"""A `referencing` resolver (the package does not export its class)."""
SHARED = Path(__file__).resolve().parents[2] / "shared"
OFFICIAL = SHARED / "sunshine-openapi.yaml"
DOCS_EXAMPLES = SHARED / "real-docs-examples" / "index.json"
ABSENT = f"{OFFICIAL} is absent: the official document lives beside the project, not in it"

# The document's own slips (reference §6.2): its conversation:referral example lacks createdAt and
# gives the user's externalId as a number. Each is checked to fail there, and only there.
SPEC_SLIPS = {"webhook conversation:referral": {"$.events[0]", "$.events[0].payload.user"}}
# Where the project knowingly differs from a component's enum (written in the schema's text).
ENUM_CHOICES = {("v2/objects/author", "subtypes"): "the Python client 17.0.1 refuses agent, bot"}

REQUEST_COMPONENTS = {
    "app-create": "appCreateBody", "app-update": "appUpdateBody",
    "attachment-remove": "attachmentDeleteBody", "conversation-create": "conversationCreateBody",
    "conversation-update": "conversationUpdateBody", "participant-join": "participantJoinBody",
    "message-post": "messagePost", "activity-post": "activityPost",
    "pass-control": "passControlBody", "offer-control": "offerControlBody",
    "accept-control": "acceptControlBody", "release-control": "releaseControlBody",
    "download-message-ref": "downloadMessageRefBody", "webhook-create": "webhookCreateBody",
    "webhook-update": "webhookBody", "switchboard-update": "switchboardUpdateBody",
    "switchboard-integration-create": "switchboardIntegrationCreateBody",
    "switchboard-integration-update": "switchboardIntegrationUpdateBody",
    "user-create": "userCreateBody", "user-update": "userUpdateBody",
    "client-create": "clientCreate", "user-sync": "syncUserBody", "page": "page",
}  # fmt: skip
OBJECT_COMPONENTS = {
    "app": "app", "app-key": "appKey", "api-key": "apiKey", "user": "user",
    "user-truncated": "userTruncated", "profile": "profile", "identity": "identity",
    "client": "client", "device": "device", "participant": "participant",
    "conversation": "conversation", "conversation-truncated": "conversationTruncated",
    "switchboard-integration-ref": "switchboardIntegrationWebhook", "message": "message",
    "author": "author", "source": "source", "content-text": "textMessage",
    "content-image": "imageMessage", "content-file": "fileMessage",
    "content-carousel": "carouselMessage", "content-list": "listMessage",
    "content-location": "locationMessage", "content-form": "formMessage",
    "content-form-response": "formResponseMessage", "content-template": "templateMessage",
    "action-buy": "buy", "action-link": "link", "action-location-request": "locationRequest",
    "action-postback": "postback", "action-reply": "reply", "action-webview": "webview",
    "item": "item", "form-field": "field", "webhook": "webhook", "switchboard": "switchboard",
    "switchboard-integration": "switchboardIntegration", "attachment": "attachmentSchema",
    "meta": "meta", "links": "links", "error": "error", "conversion-events": "conversionEvents",
    "referral": "referral", "integration": "integration", "match-criteria": "matchCriteriaBase",
}  # fmt: skip
INTEGRATION_TYPES = [
    "android", "apple", "custom", "instagram", "ios", "line", "mailgun", "messagebird",
    "messenger", "telegram", "twilio", "twitter", "unity", "viber", "web", "whatsapp",
]  # fmt: skip


@cache
def official() -> dict[str, Any]:
    if not OFFICIAL.is_file():
        pytest.skip(ABSENT)
    yaml = pytest.importorskip("yaml", reason="PyYAML (a schemathesis dependency) reads the YAML")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document: dict[str, Any] = yaml.load(OFFICIAL.read_text("utf-8"), Loader=loader)
    return document


def _example_value(entry: dict[str, Any]) -> Any:
    if "$ref" in entry:
        entry = official()["components"]["examples"][entry["$ref"].rsplit("/", 1)[-1]]
    return entry.get("value")


def official_examples() -> Iterator[tuple[str, str, Any]]:
    """(label, the project's schema for it, example) for every example of the document."""
    for item in official()["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            op = operation["operationId"]
            for media in operation.get("requestBody", {}).get("content", {}).values():
                for key, entry in media.get("examples", {}).items():
                    yield f"{op} request {key}", V2_REQUEST_SCHEMAS[op], _example_value(entry)
            for status, answer in operation.get("responses", {}).items():
                for media in answer.get("content", {}).values():
                    for key, entry in media.get("examples", {}).items():
                        code = int(status)
                        name = (
                            "v2/responses/error" if code >= 400 else V2_RESPONSE_SCHEMAS[op][code]
                        )
                        yield f"{op} {status} {key}", name, _example_value(entry)
    hook = official()["x-webhooks"]["Webhook Event"]["post"]["requestBody"]["content"]
    for key, entry in hook["application/json"]["examples"].items():
        yield f"webhook {key}", V2_ENVELOPE, _example_value(entry)


def _problems(instance: Any, name: str) -> set[tuple[str, str]]:
    return {(json_path(e.absolute_path), e.message) for e in iter_errors(instance, name)}


def test_every_official_example_validates_against_the_matching_schema() -> None:
    failing: dict[str, set[str]] = {}
    count = 0
    for label, name, instance in official_examples():
        count += 1
        problems = _problems(instance, name)
        if problems:
            failing[label] = {path for path, _ in problems}
    assert count > 150
    assert failing == SPEC_SLIPS


def test_the_referral_example_validates_once_its_two_slips_are_mended() -> None:
    examples = {label: instance for label, _, instance in official_examples()}
    payload = copy.deepcopy(examples["webhook conversation:referral"])
    assert ("$.events[0]", "'createdAt' is a required property") in _problems(payload, V2_ENVELOPE)
    event = payload["events"][0]
    event["createdAt"] = "2020-09-30T15:14:29.834Z"
    event["payload"]["user"]["externalId"] = str(event["payload"]["user"]["externalId"])
    assert _problems(payload, V2_ENVELOPE) == set()


def test_the_official_examples_cover_every_event_type_and_many_operations() -> None:
    labels = [label for label, _, _ in official_examples()]
    assert len([label for label in labels if label.startswith("webhook ")]) == 25
    assert len({label.split()[0] for label in labels if not label.startswith("webhook")}) >= 60


# --- required keys and enums against the components ---------------------------------------------


def _official_parts(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A component and what it always applies: its `$ref` and `allOf` members, recursively."""
    components = official()["components"]["schemas"]
    if "$ref" in node:
        yield from _official_parts(components[node["$ref"].rsplit("/", 1)[-1]])
    yield node
    for member in node.get("allOf", []):
        yield from _official_parts(member)


def _official(node: dict[str, Any]) -> tuple[set[str], dict[str, Any]]:
    required: set[str] = set()
    properties: dict[str, Any] = {}
    for part in _official_parts(node):
        required |= set(part.get("required", []))
        properties.update(part.get("properties", {}))
    return required, properties


def _official_enum(node: dict[str, Any]) -> set[str] | None:
    for part in _official_parts(node):
        if "enum" in part:
            return set(part["enum"])
        if isinstance(part.get("items"), dict):
            inner = _official_enum(part["items"])
            if inner is not None:
                return inner
    return None


def _mine_parts(
    node: dict[str, Any], resolver: SchemaResolver
) -> Iterator[tuple[Any, SchemaResolver]]:
    if "$ref" in node:
        resolved = resolver.lookup(node["$ref"])
        yield from _mine_parts(resolved.contents, resolved.resolver)
    yield node, resolver
    for member in node.get("allOf", []):
        if "$ref" in member and "if" not in member:
            yield from _mine_parts(member, resolver)


def _mine(name: str, pointer: str = "") -> tuple[set[str], dict[str, tuple[Any, SchemaResolver]]]:
    resolver = load_store().registry.resolver(base_uri=get_schema(name)["$id"])
    start = resolver.lookup(f"#{pointer}") if pointer else None
    node = start.contents if start else get_schema(name)
    resolver = start.resolver if start else resolver
    required: set[str] = set()
    properties: dict[str, tuple[Any, SchemaResolver]] = {}
    for part, part_resolver in _mine_parts(node, resolver):
        required |= set(part.get("required", []))
        for key, value in part.get("properties", {}).items():
            properties.setdefault(key, (value, part_resolver))
    return required, properties


def _mine_enum(node: Any, resolver: SchemaResolver) -> set[str] | None:
    for part, part_resolver in _mine_parts(node, resolver):
        if "enum" in part:
            return set(part["enum"])
        if "const" in part:
            return {part["const"]}
        for member in part.get("anyOf", []):
            found = _mine_enum(member, part_resolver)
            if found is not None:
                return found
        if isinstance(part.get("items"), dict):
            found = _mine_enum(part["items"], part_resolver)
            if found is not None:
                return found
    return None


def _enum_mismatches(
    name: str, component: dict[str, Any], pointer: str = "", skip: frozenset[str] = frozenset()
) -> list[str]:
    _, theirs = _official(component)
    _, mine = _mine(name, pointer)
    mismatches = []
    for key, their_node in theirs.items():
        expected = _official_enum(their_node)
        if expected is None or (name, key) in ENUM_CHOICES or key in skip:
            continue
        found = _mine_enum(*mine[key]) if key in mine else None
        if found != expected:
            mismatches.append(f"{name}.{key}: {sorted(found or [])} != {sorted(expected)}")
    return mismatches


@pytest.mark.parametrize(("mine", "theirs"), REQUEST_COMPONENTS.items())
def test_request_bodies_require_exactly_what_the_document_requires(mine: str, theirs: str) -> None:
    component = official()["components"]["schemas"][theirs]
    assert _mine(f"v2/requests/{mine}")[0] == _official(component)[0]
    assert _enum_mismatches(f"v2/requests/{mine}", component) == []


@pytest.mark.parametrize(("mine", "theirs"), OBJECT_COMPONENTS.items())
def test_objects_require_at_least_the_documents_keys_with_its_enums(mine: str, theirs: str) -> None:
    component = official()["components"]["schemas"][theirs]
    required, _ = _mine(f"v2/objects/{mine}")
    assert _official(component)[0] - required == set()
    assert _enum_mismatches(f"v2/objects/{mine}", component) == []


@pytest.mark.parametrize("kind", INTEGRATION_TYPES)
def test_integration_create_requires_each_types_documented_fields(kind: str) -> None:
    component = official()["components"]["schemas"][kind]
    name = f"v2/objects/integration-{kind}"
    assert _mine(name, "/$defs/create")[0] == _official(component)[0]
    # status and the other shared keys are objects/integration's, checked with it
    shared = frozenset(_official(official()["components"]["schemas"]["integration"])[1])
    assert _enum_mismatches(name, component, skip=shared) == []


def test_the_documented_enum_choices_really_differ() -> None:
    author = official()["components"]["schemas"]["author"]
    _, mine = _mine("v2/objects/author")
    theirs = _official_enum(_official(author)[1]["subtypes"])
    assert theirs is not None and _mine_enum(*mine["subtypes"]) == theirs - {"agent", "bot"}


@pytest.mark.parametrize(
    "event_type",
    [
        "client:add", "client:remove", "client:update", "conversation:create", "user:merge",
        "user:update", "switchboard:passControl", "switchboard:releaseControl",
    ],
)  # fmt: skip
def test_event_payload_enums_match_the_document(event_type: str) -> None:
    union = official()["x-webhooks"]["Webhook Event"]["post"]["requestBody"]["content"]
    members = union["application/json"]["schema"]["properties"]["events"]["items"]["anyOf"]
    examples = union["application/json"]["examples"]
    component_name = examples[event_type]["$ref"].rsplit("/", 1)[-1].replace("Event", "")
    candidates = [m["$ref"].rsplit("/", 1)[-1] for m in members]
    component = next(c for c in candidates if c.replace("Event", "") == component_name)
    payload = _official(official()["components"]["schemas"][component])[1]["payload"]
    name = f"v2/webhooks/events/{event_type.replace(':', '-')}"
    assert _enum_mismatches(name, payload, "/properties/payload") == []


# --- Smooch's published examples ------------------------------------------------------------------


def test_published_v2_examples_validate() -> None:
    if not DOCS_EXAMPLES.is_file():
        pytest.skip(f"{DOCS_EXAMPLES} is absent: the published examples live beside the project")
    index = json.loads(DOCS_EXAMPLES.read_text("utf-8"))
    entries = [entry for entry in index["examples"] if entry["version"] == "v2"]
    if not entries:
        pytest.skip("index.json lists no v2 example (its entries are all v1/v1.1 today)")
    for entry in entries:
        body = json.loads((DOCS_EXAMPLES.parent / entry["file"]).read_text("utf-8"))
        error = best_match(iter_errors(body, entry["schema"]))
        assert error is None, f"{entry['id']}: {json_path(error.absolute_path)}: {error.message}"
