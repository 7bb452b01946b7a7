"""v2 cursor pagination: the three query encodings, validation, the pager both ways, meta/links."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smooch_mock import error_texts as texts
from smooch_mock.api.v2.pagination import (
    MESSAGE_PAGE_SIZE,
    CursorPage,
    PageLinks,
    PageRequest,
    filter_query,
    index_positions,
    list_body,
    page_request,
    paginate,
    sorted_position,
)
from smooch_mock.errors import InvalidPageQuery, InvalidQuery


@dataclass(frozen=True)
class Record:
    id: str
    received: float


def make_records(count: int) -> list[Record]:
    # Ids in no particular order, as the fake's random ObjectIds are.
    return [Record(f"{(index * 7919) % 100003:024x}", 1000.0 + index) for index in range(count)]


def page_of(
    records: list[Record], request: PageRequest, newest_first: bool = False
) -> CursorPage[Record]:
    return paginate(
        records,
        request,
        id_of=lambda r: r.id,
        position_of=index_positions(records, lambda r: r.id),
        newest_first=newest_first,
    )


def ids(page: CursorPage[Record]) -> list[str]:
    return [record.id for record in page.items]


A = "a" * 24
B = "b" * 24


# -- the encodings --------------------------------------------------------------------------------


def test_bracket_form_is_read() -> None:
    assert page_request({"page[after]": A, "page[size]": "5"}) == PageRequest(A, None, 5, True)


def test_python_client_json_form_is_read() -> None:
    query = {"page": json.dumps({"after": A, "size": 25})}
    assert page_request(query) == PageRequest(A, None, 25, True)


def test_python_client_null_keys_count_as_absent() -> None:
    query = {"page": json.dumps({"after": None, "before": B, "size": 10})}
    assert page_request(query) == PageRequest(None, B, 10, True)


def test_js_client_first_key_only_form_keeps_the_default_size() -> None:
    assert page_request({"page[after]": A}) == PageRequest(A, None, 25, False)


def test_no_page_is_the_first_page_of_25() -> None:
    assert page_request({}) == PageRequest(None, None, 25, False)


def test_bracket_keys_win_over_the_json_form() -> None:
    query = {"page": json.dumps({"size": 3}), "page[size]": "4"}
    assert page_request(query).size == 4


def test_filters_in_both_forms() -> None:
    assert filter_query({"filter[types]": "custom,web"}) == {"types": "custom,web"}
    assert filter_query({"filter": json.dumps({"userId": "u1"})}) == {"userId": "u1"}
    assert filter_query({"filter[identities.email]": "a@b.c"}) == {"identities.email": "a@b.c"}


def test_a_filter_that_is_not_a_json_object_is_invalid_query_parameters() -> None:
    for raw in ("{nope", "[1]", '"text"', json.dumps({"userId": {"nested": 1}})):
        with pytest.raises(InvalidQuery) as caught:
            filter_query({"filter": raw})
        assert caught.value.description == texts.V2_INVALID_QUERY


# -- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"page[after]": A, "page[before]": B},
        {"page": json.dumps({"after": A, "before": B})},
        {"page[after]": "short"},
        {"page[before]": "c" * 25},
        {"page[after]": ""},
        {"page[size]": "0"},
        {"page[size]": "101"},
        {"page[size]": "-1"},
        {"page[size]": "ten"},
        {"page[size]": "2.5"},
        {"page[size]": "\u0663"},  # an Arabic-Indic digit: isdigit() but not a page size
        {"page": json.dumps({"size": True})},
        {"page": json.dumps({"size": 2.5})},
        {"page": "[]"},
        {"page": "{broken"},
        {"page[cursor]": A},
    ],
)
def test_bad_page_values_are_invalid_page_query_parameters(query: dict[str, str]) -> None:
    with pytest.raises(InvalidPageQuery) as caught:
        page_request(query)
    assert caught.value.description == "Invalid page query parameters"
    assert caught.value.status == 400


@pytest.mark.parametrize("size", ["1", "100", "25"])
def test_sizes_one_to_a_hundred_are_taken(size: str) -> None:
    assert page_request({"page[size]": size}).size == int(size)


# -- paging forwards (lists: oldest first) --------------------------------------------------------


def test_first_page_has_no_before_cursor_and_points_after_its_last_record() -> None:
    records = make_records(7)
    page = page_of(records, PageRequest(size=3))
    assert ids(page) == [r.id for r in records[:3]]
    assert page.has_more and page.after_cursor == records[2].id and page.before_cursor is None


def test_after_cursor_excludes_the_cursor_and_points_both_ways() -> None:
    records = make_records(7)
    page = page_of(records, PageRequest(after=records[2].id, size=3))
    assert ids(page) == [r.id for r in records[3:6]]
    assert page.has_more and page.after_cursor == records[5].id
    assert page.before_cursor == records[3].id


def test_last_page_has_no_after_cursor() -> None:
    records = make_records(7)
    page = page_of(records, PageRequest(after=records[3].id, size=3))
    assert ids(page) == [r.id for r in records[4:]]
    assert not page.has_more and page.after_cursor is None and page.before_cursor == records[4].id


def test_before_cursor_gives_the_records_just_before_it() -> None:
    records = make_records(7)
    page = page_of(records, PageRequest(before=records[5].id, size=3))
    assert ids(page) == [r.id for r in records[2:5]]
    assert page.has_more and page.before_cursor == records[2].id
    assert page.after_cursor == records[4].id


def test_before_the_second_record_is_the_first_alone_with_nothing_more() -> None:
    records = make_records(7)
    page = page_of(records, PageRequest(before=records[1].id, size=3))
    assert ids(page) == [records[0].id]
    assert not page.has_more and page.before_cursor is None and page.after_cursor == records[0].id


def test_an_empty_page_has_no_cursors() -> None:
    records = make_records(3)
    assert page_of(records, PageRequest(after=records[2].id)) == CursorPage([], False, None, None)
    assert page_of([], PageRequest()) == CursorPage([], False, None, None)


def test_a_one_page_list_says_only_has_more_false() -> None:
    records = make_records(3)
    page = page_of(records, PageRequest())
    assert ids(page) == [r.id for r in records]
    assert page == CursorPage(list(records), False, None, None)


def test_a_cursor_naming_no_record_is_invalid_page_query_parameters() -> None:
    with pytest.raises(InvalidPageQuery):
        page_of(make_records(3), PageRequest(after="f" * 24))


# -- paging backwards (the message history: newest page first, fixed 100) -------------------------


def test_history_without_cursor_is_the_newest_hundred() -> None:
    records = make_records(250)
    page = page_of(records, PageRequest(size=MESSAGE_PAGE_SIZE), newest_first=True)
    assert ids(page) == [r.id for r in records[150:]]
    assert page.has_more and page.before_cursor == records[150].id and page.after_cursor is None


def test_history_walks_back_with_before_cursors_then_forward_with_after_cursors() -> None:
    records = make_records(250)
    request = PageRequest(size=MESSAGE_PAGE_SIZE)
    backwards: list[str] = []
    page = page_of(records, request, newest_first=True)
    while True:
        backwards = ids(page) + backwards
        if not page.has_more:
            break
        assert page.before_cursor is not None
        page = page_of(records, PageRequest(before=page.before_cursor, size=100), True)
    assert backwards == [r.id for r in records]
    forwards: list[str] = []
    page = page_of(records, PageRequest(after=records[0].id, size=100), True)
    forwards.append(records[0].id)
    while True:
        forwards += ids(page)
        if not page.has_more:
            break
        assert page.after_cursor is not None
        page = page_of(records, PageRequest(after=page.after_cursor, size=100), True)
    assert forwards == [r.id for r in records]


def test_a_short_history_is_one_page_with_nothing_more() -> None:
    records = make_records(4)
    page = page_of(records, PageRequest(size=MESSAGE_PAGE_SIZE), newest_first=True)
    assert page == CursorPage(list(records), False, None, None)


# -- positions ------------------------------------------------------------------------------------


def test_sorted_position_bisects_on_the_sort_key() -> None:
    records = make_records(50)
    assert sorted_position(records, lambda r: r.received, records[17].received) == 17
    assert sorted_position(records, lambda r: r.received, 1017.5) is None
    assert sorted_position(records, lambda r: r.received, 99999.0) is None


def test_sorted_position_makes_the_pager_logarithmic() -> None:
    records = make_records(100_000)
    by_id = {record.id: record for record in records}
    lookups: list[float] = []

    def key_of(record: Record) -> float:
        lookups.append(record.received)
        return record.received

    def position_of(cursor: str) -> int | None:
        record = by_id.get(cursor)
        return None if record is None else sorted_position(records, key_of, record.received)

    page = paginate(
        records,
        PageRequest(before=records[60_000].id, size=100),
        id_of=lambda r: r.id,
        position_of=position_of,
    )
    assert ids(page) == [r.id for r in records[59_900:60_000]]
    assert len(lookups) <= 20  # log2(100 000) ≈ 17 key reads, not 100 000


@settings(max_examples=60, deadline=None)
@given(count=st.integers(0, 60), size=st.integers(1, 12))
def test_walking_every_page_forward_then_back_sees_each_record_once(count: int, size: int) -> None:
    records = make_records(count)
    seen: list[str] = []
    page = page_of(records, PageRequest(size=size))
    while True:
        seen += ids(page)
        assert len(page.items) <= size
        if not page.has_more:
            assert page.after_cursor is None
            break
        assert page.after_cursor is not None
        page = page_of(records, PageRequest(after=page.after_cursor, size=size))
    assert seen == [r.id for r in records]
    if not records:
        return
    back: list[str] = []
    page = page_of(records, PageRequest(before=records[-1].id, size=size))
    back = [records[-1].id]
    while True:
        back = ids(page) + back
        if not page.has_more:
            break
        assert page.before_cursor is not None
        page = page_of(records, PageRequest(before=page.before_cursor, size=size))
    assert back == seen


# -- meta and links -------------------------------------------------------------------------------


def test_list_body_carries_meta_and_links_only_for_existing_pages() -> None:
    links = PageLinks("http://127.0.0.1:9/v2/apps", {"serviceAccountId": "sa 1"}, size=2)
    both = CursorPage([1], True, A, B)
    body = list_body("apps", [{"id": "x"}], both, links)
    assert body["meta"] == {"hasMore": True, "afterCursor": A, "beforeCursor": B}
    assert body["links"] == {
        "next": f"http://127.0.0.1:9/v2/apps?filter[serviceAccountId]=sa%201&page[size]=2&page[after]={A}",
        "prev": f"http://127.0.0.1:9/v2/apps?filter[serviceAccountId]=sa%201&page[size]=2&page[before]={B}",
    }
    lone = list_body("apps", [], CursorPage([], False, None, None), links)
    assert lone == {"apps": [], "meta": {"hasMore": False}, "links": {}}


def test_links_keep_the_size_only_when_the_client_chose_it() -> None:
    chosen = PageLinks.of("http://h", "/v2/apps", {}, PageRequest(size=5, size_given=True))
    default = PageLinks.of("http://h", "/v2/apps", {}, PageRequest())
    assert chosen.url("after", A) == f"http://h/v2/apps?page[size]=5&page[after]={A}"
    assert default.url("after", A) == f"http://h/v2/apps?page[after]={A}"
