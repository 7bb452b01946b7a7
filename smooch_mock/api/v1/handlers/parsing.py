"""Small request-parsing helpers shared by handlers (timestamps, booleans in queries)."""

from __future__ import annotations

from datetime import datetime, timezone

from ....errors import BadRequest
from ....store import fields as f
from ....store.models import JsonObject


def iso_timestamp(body: JsonObject, name: str) -> float | None:
    """An ISO-8601 date (e.g. `signedUpAt`) as unix seconds."""
    value = f.string(body, name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise BadRequest(f"{name} must be an ISO-8601 date") from error
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
        raise BadRequest(f"{name} must be a unix timestamp in seconds") from error
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise BadRequest(f"{name} must be a unix timestamp in seconds")
    return parsed
