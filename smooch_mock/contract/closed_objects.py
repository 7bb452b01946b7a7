"""A closed request schema as jsonschema-rs checks it fastest: the same verdicts, key names by enum.

Every appUser request schema is closed with `unevaluatedProperties: false` at its root, and
jsonschema-rs works that out by evaluating every applicator again to collect the properties
they evaluated (2 of the 3 µs of a posted message's check). When every property name any of the
root's applicators can evaluate is evaluated unconditionally (by `properties` of the root, of
an `allOf` member or of a `$ref`'d schema, all of which a valid instance passes), the keys a
valid instance may have are exactly those names, so `propertyNames: {enum: [...]}` gives the
same verdict on every instance. Anything else (a name only a conditional branch evaluates,
`patternProperties`, `additionalProperties`...) leaves the schema as it is. Only the fast
yes/no check uses the rewritten schema; errors are always worded from the schema as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urldefrag, urljoin

Schema = dict[str, Any]

UNSUPPORTED = frozenset(
    {
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "dependentSchemas",
        "$dynamicRef",
        "$recursiveRef",
    }
)
"""Keywords that evaluate properties not named in advance (or that this rewrite does not follow)
at the root's instance location: a schema using one of them below its root is left alone."""
CONDITIONAL = ("anyOf", "oneOf", "if", "then", "else")
"""Applicators whose evaluated properties count only when they apply."""


def with_property_names(schema: Schema, schemas_by_id: Mapping[str, Schema]) -> Schema:
    """`schema` with a root `unevaluatedProperties: false` turned into the `propertyNames` enum
    it amounts to, or `schema` itself when it does not amount to one (see the module doc).
    `schemas_by_id` resolves `$ref`s to other schemas by their `$id`."""
    if schema.get("unevaluatedProperties") is not False or "propertyNames" in schema:
        return schema
    root = {key: value for key, value in schema.items() if key != "unevaluatedProperties"}
    found = _Names(schemas_by_id)
    found.walk(root, root.get("$id", ""), root, conditional=False)
    if not found.followable or not found.maybe <= found.always:
        return schema
    return {**root, "propertyNames": {"enum": sorted(found.always)}}


class _Names:
    """The property names the applicators at one instance location evaluate."""

    def __init__(self, schemas_by_id: Mapping[str, Schema]) -> None:
        self.schemas_by_id = schemas_by_id
        self.always: set[str] = set()
        self.maybe: set[str] = set()
        self.followable = True
        self._seen: set[tuple[str, int]] = set()

    def walk(self, schema: Any, base: str, document: Schema, *, conditional: bool) -> None:
        if not isinstance(schema, dict) or not self.followable:
            return  # a boolean schema evaluates nothing
        if (base, id(schema)) in self._seen:
            return
        self._seen.add((base, id(schema)))
        if "$id" in schema and schema is not document:
            base, document = urljoin(base, schema["$id"]), schema
        if UNSUPPORTED & schema.keys():
            self.followable = False
            return
        names = schema.get("properties", {})
        (self.maybe if conditional else self.always).update(names)
        if "$ref" in schema:
            target = self._resolve(schema["$ref"], base, document)
            if target is None:
                self.followable = False
                return
            self.walk(target[0], target[1], target[2], conditional=conditional)
        for member in schema.get("allOf", ()):
            self.walk(member, base, document, conditional=conditional)
        for keyword in CONDITIONAL:
            members = schema.get(keyword)
            for member in members if isinstance(members, list) else [members]:
                if member is not None:
                    self.walk(member, base, document, conditional=True)

    def _resolve(self, ref: str, base: str, document: Schema) -> tuple[Any, str, Schema] | None:
        """(the schema `ref` names, its base URI, the document it is in), or None."""
        url, pointer = urldefrag(urljoin(base, ref))
        if url and url != urldefrag(base)[0]:
            found = self.schemas_by_id.get(url)
            if found is None:
                return None
            document, base = found, url
        target: Any = document
        for part in [p for p in pointer.split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return None
            target = target[part]
        return target, base, document
