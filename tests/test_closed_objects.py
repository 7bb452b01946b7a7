"""The fast check of a closed request body (its keys by a `propertyNames` enum) gives the verdict
of the schema as written (`unevaluatedProperties: false`) on every body, and is used only where
the two are the same."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smooch_mock.contract.check import _fast_registry, _fast_validator, _schemas_by_id
from smooch_mock.contract.closed_objects import with_property_names
from smooch_mock.schemas.registry import load_store

jsonschema_rs = pytest.importorskip("jsonschema_rs", reason="the compiled validator is optional")

REQUESTS = sorted(name for name in load_store().schemas if name.startswith("requests/"))
STRANGERS = ("zzz", "_id", "Text", "role ", "destinations", "submitted", "mediaSize")
"""Keys no request schema names (some are names of stored or v2 fields)."""
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


def schema(name: str) -> dict[str, Any]:
    found: dict[str, Any] = load_store().schemas[name]
    return found


def as_written(name: str) -> Any:
    return jsonschema_rs.validator_for(
        schema(name), registry=_fast_registry(), validate_formats=True
    )


def examples(name: str) -> list[Any]:
    return list(schema(name).get("examples", []))


def keys_of(name: str) -> list[str]:
    rewritten = with_property_names(schema(name), _schemas_by_id())
    return list(rewritten.get("propertyNames", {}).get("enum", []))


def test_every_closed_request_schema_is_checked_by_its_key_names() -> None:
    closed = [name for name in REQUESTS if schema(name).get("unevaluatedProperties") is False]
    assert len(closed) > 20
    for name in closed:
        assert keys_of(name), f"{name} kept its unevaluatedProperties"
    assert "destination" in keys_of("requests/message-post")
    assert "role" in keys_of("requests/message-post")


@pytest.mark.parametrize("name", REQUESTS)
def test_examples_and_their_variants_get_the_same_verdict(name: str) -> None:
    written, fast = as_written(name), _fast_validator(name)
    bodies: list[Any] = []
    for example in examples(name):
        bodies.append(example)
        if isinstance(example, dict):
            bodies += [{**example, stranger: "x"} for stranger in STRANGERS]
            bodies += [{k: v for k, v in example.items() if k != key} for key in example]
    assert bodies, f"{name} has no example to start from"
    for body in bodies:
        assert fast.is_valid(body) == written.is_valid(body), (name, body)
    assert any(written.is_valid(body) for body in bodies), name
    assert not all(written.is_valid(body) for body in bodies), name


@settings(max_examples=300, deadline=None)
@given(data=st.data(), name=st.sampled_from(REQUESTS))
def test_any_body_of_known_and_stranger_keys_gets_the_same_verdict(
    data: st.DataObject, name: str
) -> None:
    values = [value for example in examples(name) if isinstance(example, dict)
              for value in example.values()]  # fmt: skip
    known = keys_of(name) or ["type"]
    body = data.draw(
        st.dictionaries(
            st.sampled_from([*known, *STRANGERS]),
            st.sampled_from(values) | JSON if values else JSON,
            max_size=6,
        )
    )
    for example in examples(name)[:1]:
        if isinstance(example, dict):
            body = {**example, **body}
    assert _fast_validator(name).is_valid(body) == as_written(name).is_valid(body), (name, body)


BRANCHED = {
    "$id": "https://smooch-mock.invalid/schemas/test/branched.json",
    "type": "object",
    "properties": {"type": {"type": "string"}},
    "if": {"properties": {"type": {"const": "form"}}},
    "then": {"properties": {"fields": {"type": "array"}}},
    "unevaluatedProperties": False,
}


def test_a_name_only_a_branch_evaluates_leaves_the_schema_as_written() -> None:
    assert with_property_names(BRANCHED, {}) is BRANCHED
    both = {**BRANCHED, "properties": {"type": {}, "fields": {}}}
    assert with_property_names(both, {})["propertyNames"] == {"enum": ["fields", "type"]}


@pytest.mark.parametrize("keyword", ["patternProperties", "additionalProperties"])
def test_keys_not_named_in_advance_leave_the_schema_as_written(keyword: str) -> None:
    open_below = {**BRANCHED, "then": {}, "allOf": [{keyword: {"type": "string"}}]}
    assert with_property_names(open_below, {}) is open_below


def test_an_unresolvable_ref_leaves_the_schema_as_written() -> None:
    lost = {**BRANCHED, "then": {}, "$ref": "nowhere.json"}
    assert with_property_names(lost, {}) is lost
