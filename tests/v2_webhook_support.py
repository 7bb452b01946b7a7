"""Helpers of the v2 webhook tests: v2 webhooks on a live fake, the official event schemas."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from smooch_mock.contract.check import check_webhook_payload
from smooch_mock.fake import FakeSmooch
from smooch_mock.store.inputs import WebhookInput
from smooch_mock.store.models import App, Webhook

SHARED = Path(__file__).resolve().parents[2] / "shared"
OFFICIAL = SHARED / "sunshine-openapi.yaml"
ABSENT = f"{OFFICIAL} is absent: the official document lives beside the project, not in it"


def v2_webhook(
    fake: FakeSmooch, app: App, target: str, triggers: list[str], **flags: bool
) -> Webhook:
    """A v2 webhook (a custom integration's), made in the store as CreateWebhook would."""
    given = WebhookInput(
        target=target,
        triggers=triggers,
        include_full_user=flags.get("full_user", False),
        include_full_source=flags.get("full_source", False),
    )
    with fake.lock:
        return fake.store.create_webhook(app.id, given, version="v2")


@cache
def _official_document() -> dict[str, Any] | None:
    if not OFFICIAL.is_file():
        return None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document: dict[str, Any] = yaml.load(OFFICIAL.read_text("utf-8"), Loader=loader)
    return document


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 as JSON Schema: `nullable` allows null; a `discriminator` picks the one
    schema its property names (jsonschema's `oneOf` would refuse an instance that two loose
    members accept, e.g. a formResponse content that a text message's schema also takes);
    without a `mapping`, a member is named by its component's name."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    skip = {"nullable", "discriminator"}
    converted = {key: as_json_schema(value) for key, value in node.items() if key not in skip}
    discriminator = node.get("discriminator")
    if discriminator and "oneOf" in converted:
        mapping = discriminator.get("mapping") or {
            member["$ref"].rsplit("/", 1)[-1]: member["$ref"] for member in node["oneOf"]
        }
        prop = node["discriminator"]["propertyName"]
        del converted["oneOf"]
        converted["required"] = sorted({*converted.get("required", []), prop})
        converted["properties"] = {**converted.get("properties", {}), prop: {"enum": [*mapping]}}
        converted["allOf"] = [*converted.get("allOf", []), *[
            {"if": {"properties": {prop: {"const": key}}}, "then": {"$ref": ref}}
            for key, ref in mapping.items()
        ]]  # fmt: skip
    if node.get("nullable") is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def official_envelope_validator(event_type: str) -> Draft202012Validator:
    """The official document's webhook body with its events narrowed to `event_type`'s schema
    (the component titled with the type), so a payload of another shape cannot pass."""
    document = _official_document()
    if document is None:
        pytest.skip(ABSENT)
    components = as_json_schema(document["components"])
    names = [n for n, s in components["schemas"].items() if s.get("title") == event_type]
    assert len(names) == 1, f"{event_type}: components titled so: {names}"
    schema = {
        "type": "object",
        "required": ["app", "webhook", "events"],
        "properties": {
            "app": {"$ref": "#/components/schemas/appSubSchema"},
            "webhook": {"$ref": "#/components/schemas/webhookSubSchema"},
            "events": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": f"#/components/schemas/{names[0]}"},
            },
        },
        "components": components,
    }
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid_v2_payload(payload: Any, event_type: str) -> None:
    """Valid against the project's schema and, when the document is beside the project, the
    official event schema."""
    problem = check_webhook_payload(payload, event_type, "v2")
    assert problem is None, problem
    if _official_document() is None:
        return
    error = next(iter(official_envelope_validator(event_type).iter_errors(payload)), None)
    assert error is None, f"official {event_type}: {error.message} at {list(error.absolute_path)}"
