"""The error of an instance that does not match a schema: a jsonschema `ValidationError`."""

from __future__ import annotations

from jsonschema.exceptions import ValidationError

from .paths import json_path


class SchemaValidationError(ValidationError, ValueError):
    """An instance does not match a schema: a `jsonschema.ValidationError` (so `message`, `path`,
    `schema_path`, `validator`, `instance` mean what they mean there) whose text also names the
    schema and the JSON path, e.g. `objects/message: $.text: 5 is not of type 'string'`.

    Also a `ValueError`, as it was before it became a `ValidationError`.
    """

    def __init__(self, schema_name: str, error: ValidationError, reason: str | None = None) -> None:
        """`reason`: the schema's own wording for the failure, when it has one."""
        ValidationError.__init__(
            self,
            reason or error.message,
            validator=error.validator,
            path=error.absolute_path,
            cause=error.cause,
            context=error.context,
            validator_value=error.validator_value,
            instance=error.instance,
            schema=error.schema,
            schema_path=error.absolute_schema_path,
            # Private in jsonschema and absent from its stubs; kept so is_type() answers the same.
            type_checker=error._type_checker,  # type: ignore[attr-defined]
        )
        self.schema_name = schema_name
        self.reason = self.message
        """The reason alone, without schema name and path (the same as `message`)."""
        self.error = error
        """The `best_match` error of jsonschema this one was made from."""

    @property
    def json_path(self) -> str:
        """Where in the instance, e.g. `$.messages[0].role` (odd keys quoted: `$["a:b"]`)."""
        return json_path(self.absolute_path)

    def __str__(self) -> str:
        return f"{self.schema_name}: {self.json_path}: {self.message}"
