"""The v2 wire shapes of the store's models: ISO dates, `displayName`, `id` (never `_id`)."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

from ...store.models import App, JsonObject, SecretKey


def iso_date(seconds: float) -> str:
    """`1529675979.541` → `2018-06-22T13:59:39.541Z`: UTC, milliseconds, `Z` (the v2 form)."""
    millis = round(seconds * 1000)
    return f"{_iso_second(millis // 1000)}.{millis % 1000:03d}Z"


@lru_cache(maxsize=4096)
def _iso_second(whole_seconds: int) -> str:
    """`2018-06-22T13:59:39`: kept, because the messages and events of one second share it and
    strftime costs more than the rest of a message's rendering."""
    moment = datetime.fromtimestamp(whole_seconds, tz=timezone.utc)
    # The year by hand: strftime's %Y does not pad years before 1000 to four digits on glibc.
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}"


def app(record: App) -> JsonObject:
    """A v1 app seen from v2: same id, `name` as `displayName`; no `metadata` key when unset."""
    shape: JsonObject = {
        "id": record.id,
        "displayName": record.name,
        "settings": dict(record.settings),
    }
    if record.metadata is not None:
        shape["metadata"] = dict(record.metadata)
    return shape


def app_with_subdomain(record: App) -> JsonObject:
    """GetApp and tokenInfo add the app's `subdomain`: the fake has none of Zendesk's, so it
    names the app by its id (a valid DNS label, stable across renames)."""
    return {**app(record), "subdomain": record.id}


def key(record: SecretKey) -> JsonObject:
    """An app key (`app_…`) or custom-integration key (`int_…`): the v1 key, renamed."""
    return {"id": record.id, "displayName": record.name, "secret": record.secret}


def attachment(media_url: str, media_type: str) -> JsonObject:
    return {"mediaUrl": media_url, "mediaType": media_type}
