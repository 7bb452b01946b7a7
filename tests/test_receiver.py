"""The webhook receiver's recorded requests: `.json()` as in httpx, the old property deprecated."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import httpx
import pytest

from smooch_mock.receiver import ReceivedRequest, WebhookReceiver

PAYLOAD = {"trigger": "message:appUser", "messages": [{"text": "hi"}]}


@pytest.fixture
def received() -> Iterator[ReceivedRequest]:
    with WebhookReceiver() as receiver:
        httpx.post(receiver.url + "/hook", json=PAYLOAD, timeout=10).raise_for_status()
        (request,) = receiver.requests
        yield request


def test_json_is_called_like_httpx_and_requests(received: ReceivedRequest) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        body = received.json()
    assert body == PAYLOAD and type(body) is dict
    assert httpx.Response(200, content=received.body).json() == body


def test_reading_json_as_a_property_still_works_with_a_deprecation_warning(
    received: ReceivedRequest,
) -> None:
    with pytest.warns(DeprecationWarning, match=r"call request\.json\(\)") as caught:
        trigger = received.json["trigger"]
    assert trigger == "message:appUser"
    assert caught[0].filename == __file__, "the warning points at the line that used the property"
    with pytest.warns(DeprecationWarning):
        assert received.json == PAYLOAD
    with pytest.warns(DeprecationWarning):
        assert "messages" in received.json
    assert json.loads(json.dumps(received.json())) == PAYLOAD
    assert isinstance(received.json, dict)


def test_a_body_that_is_not_an_object_keeps_both_spellings() -> None:
    with WebhookReceiver() as receiver:
        for body in (b"[1, 2]", b'"text"', b"7", b"null"):
            httpx.post(receiver.url, content=body, timeout=10)
        arrays, text, number, null = receiver.requests
    assert (arrays.json(), text.json(), number.json(), null.json()) == ([1, 2], "text", 7, None)
    with pytest.warns(DeprecationWarning):
        assert arrays.json[0] == 1
    with pytest.warns(DeprecationWarning):
        assert text.json == "text"
    with pytest.warns(DeprecationWarning):
        assert number.json == 7


def test_payloads_reads_the_bodies_without_warnings() -> None:
    with WebhookReceiver() as receiver:
        httpx.post(receiver.url, json=PAYLOAD, timeout=10)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert receiver.payloads("message:appUser") == [PAYLOAD]
