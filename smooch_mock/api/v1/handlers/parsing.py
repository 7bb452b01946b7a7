"""Small request-parsing helpers shared by handlers (timestamps, booleans in queries)."""

from __future__ import annotations

from datetime import datetime, timezone

from .... import error_texts as texts
from ....errors import InvalidQuery
from ....store.models import JsonObject


def iso_timestamp(body: JsonObject, name: str) -> float | None:
    """An ISO-8601 date (e.g. `signedUpAt`, which the schema checked) as unix seconds."""
    value = body.get(name)
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidQuery(texts.FIELD_NOT_ISO_DATE, field=name) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def seconds(value: str | None, name: str) -> float | None:
    """A unix-seconds query value (string, float allowed), as `before`/`after` take it."""
    if value is None or value == "":
        return None
    try:
        parsed = float(value)
    except ValueError as error:
        raise InvalidQuery(texts.FIELD_NOT_UNIX_TIME, field=name) from error
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise InvalidQuery(texts.FIELD_NOT_UNIX_TIME, field=name)
    return parsed
