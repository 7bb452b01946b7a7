"""Find the schema folder, load every schema once and build cached validators."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # Python 3.10 has it only here (deprecated from 3.12 on)
    from importlib.abc import Traversable

from .errors import UnknownSchemaError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_ID_PREFIX = "https://smooch-mock.invalid/schemas/"


def schema_folder() -> Traversable:
    """The installed copy (wheel) if there is one, else `<repo>/schemas` (editable/checkout)."""
    try:
        packaged = resources.files("smooch_mock") / "schema_files"
        if packaged.is_dir():
            return packaged
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "schemas"


def _walk(folder: Traversable, prefix: str = "") -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for entry in folder.iterdir():
        if entry.is_dir():
            found.update(_walk(entry, f"{prefix}{entry.name}/"))
        elif entry.name.endswith(".json"):
            found[f"{prefix}{entry.name[: -len('.json')]}"] = json.loads(entry.read_text("utf-8"))
    return found


@cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    """`pattern` as JSON Schema means it (ECMA-262): `$` ends the string, where Python's `$`
    would also match before a trailing newline (`"usd\\n"` would pass `^[a-z]{3}$`)."""
    translated: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            translated.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        translated.append(r"\Z" if char == "$" and not in_class else char)
        index += 1
    return re.compile("".join(translated))


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def validator_class() -> type[Draft202012Validator]:
    """The 2020-12 validator, reading `pattern` the ECMA-262 way as jsonschema-rs and browsers do.

    Made on first use: jsonschema loads only when a schema is first checked with it (jsonschema-rs
    answers valid instances), not when the fake starts.
    """
    from jsonschema import Draft202012Validator, validators

    # types-jsonschema leaves extend() unannotated.
    made: type[Draft202012Validator] = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"pattern": _ecma_pattern}
    )
    return made


def format_checker() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator.FORMAT_CHECKER


def _without_dialect(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` without `$schema` (every schema here is 2020-12): jsonschema validates a `$ref`
    to a schema naming its dialect with its stock class for it, which would drop `Validator`'s
    ECMA `pattern`."""
    return {key: value for key, value in schema.items() if key != "$schema"}


@dataclass(slots=True)
class SchemaStore:
    """Every schema by name, the registry resolving their `$ref`s, and validators made so far."""

    schemas: dict[str, dict[str, Any]]
    validators: dict[str, Draft202012Validator] = field(default_factory=dict)
    _registry: Registry[Any] | None = None

    @property
    def registry(self) -> Registry[Any]:
        """Built on first use (it loads `referencing`)."""
        if self._registry is None:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012

            resources_by_id = [
                (
                    schema["$id"],
                    Resource.from_contents(
                        _without_dialect(schema), default_specification=DRAFT202012
                    ),
                )
                for schema in self.schemas.values()
            ]
            self._registry = Registry().with_resources(resources_by_id)
        return self._registry

    def schema(self, name: str) -> dict[str, Any]:
        try:
            return self.schemas[name]
        except KeyError:
            raise UnknownSchemaError(name, sorted(self.schemas)) from None

    def validator(self, name: str) -> Draft202012Validator:
        if name not in self.validators:
            self.validators[name] = validator_class()(
                _without_dialect(self.schema(name)),
                registry=self.registry,
                format_checker=format_checker(),
            )
        return self.validators[name]


@cache
def load_store() -> SchemaStore:
    """Load the folder on first use; later calls return the same store."""
    folder = schema_folder()
    if not folder.is_dir():
        raise FileNotFoundError(f"schema folder not found: {folder}")
    return SchemaStore(schemas=_walk(folder))
