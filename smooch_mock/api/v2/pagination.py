"""v2 cursor pagination: the query encodings clients send, one pager, and `meta`/`links`."""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from ... import error_texts as texts
from ...errors import InvalidPageQuery, InvalidQuery, SmoochError
from ...store.models import JsonObject

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MESSAGE_PAGE_SIZE = 100
"""ListMessages ignores `page[size]`: always up to 100, newest page first."""
CURSOR_LENGTH = 24
PAGE_KEYS = frozenset({"after", "before", "size"})

Position = Callable[[str], "int | None"]
"""Where the record with a cursor's id sits in the sequence being paged (None: no such record)."""


@dataclass(frozen=True, slots=True)
class PageRequest:
    after: str | None = None
    before: str | None = None
    size: int = DEFAULT_PAGE_SIZE
    size_given: bool = False
    """Whether the client chose the size (then the `links` carry it on)."""


@dataclass(frozen=True, slots=True)
class CursorPage(Generic[T]):
    items: list[T]
    has_more: bool
    """More records in the direction being paged."""
    after_cursor: str | None
    """For `page[after]`: None when nothing follows this page."""
    before_cursor: str | None
    """For `page[before]`: None when nothing precedes this page."""


def query_object(
    query: Mapping[str, str], name: str, invalid: Callable[[], SmoochError]
) -> dict[str, str]:
    """The `name` object of a query, in any encoding the clients send, as text values.

    `name[key]=value` is the documented form and all the JS client sends (the first key only);
    the Python client sends one JSON-valued parameter, `name={"key": value, ...}`. Both may
    appear together: the bracket keys win. Anything else raises `invalid()`.
    """
    found: dict[str, str] = {}
    raw = query.get(name)
    if raw:
        try:
            decoded: Any = json.loads(raw)
        except ValueError:
            raise invalid() from None
        if not isinstance(decoded, dict):
            raise invalid()
        for key, value in decoded.items():
            if value is None:  # the Python models send unset optional keys as null
                continue
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise invalid()
            found[key] = str(value)
    prefix = name + "["
    for key, value in query.items():
        if key.startswith(prefix) and key.endswith("]") and len(key) > len(prefix) + 1:
            found[key[len(prefix) : -1]] = value
    return found


def page_request(query: Mapping[str, str]) -> PageRequest:
    """The `page` of a list request, validated: 24-character cursors, at most one of them, and a
    size of 1-100 (default 25). Any breach is 400 "Invalid page query parameters"."""
    fields = query_object(query, "page", InvalidPageQuery)
    if not fields.keys() <= PAGE_KEYS:
        raise InvalidPageQuery()
    after, before = fields.get("after"), fields.get("before")
    if after is not None and before is not None:
        raise InvalidPageQuery()
    for cursor in (after, before):
        if cursor is not None and len(cursor) != CURSOR_LENGTH:
            raise InvalidPageQuery()
    raw_size = fields.get("size")
    if raw_size is None:
        return PageRequest(after, before)
    if not (raw_size.isascii() and raw_size.isdigit()):
        raise InvalidPageQuery()
    size = int(raw_size)
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidPageQuery()
    return PageRequest(after, before, size, size_given=True)


def filter_query(query: Mapping[str, str]) -> dict[str, str]:
    """The `filter` object of a list request (`filter[types]=custom,web` or JSON)."""
    return query_object(query, "filter", lambda: InvalidQuery(texts.V2_INVALID_QUERY))


def paginate(
    records: Sequence[T],
    request: PageRequest,
    *,
    id_of: Callable[[T], str],
    position_of: Position,
    newest_first: bool = False,
) -> CursorPage[T]:
    """One page of `records` (oldest first) as `request` asks.

    Without a cursor the first page is the oldest one, or with `newest_first` the newest (the
    message history). `page[after]=X` gives the records just after X, `page[before]=X` those just
    before it; X itself never. A cursor naming no record is 400. The cost is one `position_of`
    call plus the page itself: O(log n) when `position_of` bisects.
    """
    total = len(records)
    if request.after is not None:
        start = _position(position_of, request.after) + 1
        end = min(start + request.size, total)
        has_more = has_next = end < total
        has_previous = True  # the cursor's record, at least
    elif request.before is not None:
        end = _position(position_of, request.before)
        start = max(0, end - request.size)
        has_more = has_previous = start > 0
        has_next = True
    elif newest_first:
        end = total
        start = max(0, end - request.size)
        has_more = has_previous = start > 0
        has_next = False
    else:
        start, end = 0, min(request.size, total)
        has_more = has_next = end < total
        has_previous = False
    items = list(records[start:end])
    if not items:
        return CursorPage(items, False, None, None)
    return CursorPage(
        items,
        has_more,
        after_cursor=id_of(items[-1]) if has_next else None,
        before_cursor=id_of(items[0]) if has_previous else None,
    )


def _position(position_of: Position, cursor: str) -> int:
    position = position_of(cursor)
    if position is None:
        raise InvalidPageQuery()
    return position


def index_positions(records: Sequence[T], id_of: Callable[[T], str]) -> Position:
    """`position_of` for a sequence in no id order: a dict built once, O(n)."""
    positions = {id_of(record): index for index, record in enumerate(records)}
    return positions.get


def sorted_position(records: Sequence[T], key_of: Callable[[T], Any], key: Any) -> int | None:
    """The index of the record whose key is `key` in `records` sorted by `key_of`: O(log n)."""
    index = bisect_left(records, key, key=key_of)
    if index < len(records) and key_of(records[index]) == key:
        return index
    return None


def list_body(
    name: str, items: list[JsonObject], page: CursorPage[Any], links: PageLinks
) -> JsonObject:
    """`{<name>: [...], meta: {hasMore, afterCursor?, beforeCursor?}, links: {next?, prev?}}`."""
    meta: JsonObject = {"hasMore": page.has_more}
    link_urls: JsonObject = {}
    if page.after_cursor is not None:
        meta["afterCursor"] = page.after_cursor
        link_urls["next"] = links.url("after", page.after_cursor)
    if page.before_cursor is not None:
        meta["beforeCursor"] = page.before_cursor
        link_urls["prev"] = links.url("before", page.before_cursor)
    return {name: items, "meta": meta, "links": link_urls}


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Builds `links.next`/`links.prev`: the request's own URL and filters, a new cursor."""

    base: str
    """Scheme, host and path of the request, e.g. `http://127.0.0.1:8080/v2/apps`."""
    filters: Mapping[str, str]
    size: int | None = None

    @classmethod
    def of(
        cls, base_url: str, path: str, filters: Mapping[str, str], request: PageRequest
    ) -> PageLinks:
        """Links back to `path` on the host the client called, keeping its filters and size."""
        return cls(base_url + path, filters, request.size if request.size_given else None)

    def url(self, direction: str, cursor: str) -> str:
        parts = [f"filter[{key}]={quote(value, safe=',')}" for key, value in self.filters.items()]
        if self.size is not None:
            parts.append(f"page[size]={self.size}")
        parts.append(f"page[{direction}]={quote(cursor, safe='')}")
        return f"{self.base}?{'&'.join(parts)}"
