"""Input the fake cannot store is refused with Smooch's error body, and never stalls or breaks it.

Lone surrogates and NaN (which no answer could carry), deep nesting, many-part multipart bodies,
script URLs, odd paths and trigger options, on a real server on 127.0.0.1.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support import assert_error

from smooch_mock import error_texts as texts
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.cli import main as cli_main
from smooch_mock.fake import FakeSmooch
from smooch_mock.http.json_input import MAX_DEPTH
from smooch_mock.http.messages import ApiRequest
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput
from smooch_mock.store.models import App, SecretKey

USER = "bob"
MESSAGES = f"/v1.1/appusers/{USER}/messages"
IMAGES = f"/v1.1/appusers/{USER}/images"
LONE_SURROGATE = "a\\ud800b"
"""JSON text of a string holding an unpaired high surrogate (the escape, as a client sends it)."""
HEALTH_BUDGET = 0.1
"""Seconds `/_mock/health` may take while another client's upload is being refused."""


@pytest.fixture
def app(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> App:
    """The test app, with appUser `bob` and one message in his history."""
    app, _ = app_and_key
    user = fake.store.create_user(app.id, UserInput(USER))
    fake.store.post_message(
        app.id, user.id, message_input({"role": "appMaker", "type": "text", "text": "hi"})
    )
    return app


@pytest.fixture
def control(server: ServerThread) -> Iterator[httpx.Client]:
    """An httpx client on the fake's unauthenticated `/_mock/` control API."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def _post_json_text(client: httpx.Client, path: str, text: str) -> httpx.Response:
    """POST `text` as the JSON body, byte for byte (json.dumps could not write these bodies)."""
    return client.post(path, content=text.encode(), headers={"Content-Type": "application/json"})


def _assert_fake_still_answers(control: httpx.Client, app_client: httpx.Client) -> None:
    """`/_mock/state` and bob's history still encode: nothing unstorable got in."""
    assert control.get("/_mock/state").status_code == 200
    history = app_client.get(MESSAGES)
    assert history.status_code == 200, history.text
    assert [m["text"] for m in history.json()["messages"]] == ["hi"]


def _image_form(fields: dict[str, str]) -> dict[str, Any]:
    return {"data": {"role": "appMaker", **fields}, "files": {"source": ("taco.png", b"\x89PNG")}}


# -- lone surrogates and NaN -----------------------------------------------------------------------


def test_lone_surrogate_in_a_posted_message_is_400_and_state_and_history_still_answer(
    app_client: httpx.Client, control: httpx.Client, app: App
) -> None:
    body = f'{{"role":"appMaker","type":"text","text":"{LONE_SURROGATE}"}}'
    error = assert_error(_post_json_text(app_client, MESSAGES, body), 400, "bad_request")
    assert error["description"].startswith("text: a lone UTF-16 surrogate"), error
    _assert_fake_still_answers(control, app_client)


def test_nan_in_posted_metadata_is_400_naming_the_field(
    app_client: httpx.Client, control: httpx.Client, app: App
) -> None:
    body = '{"role":"appMaker","type":"text","text":"x","metadata":{"score":NaN}}'
    error = assert_error(_post_json_text(app_client, MESSAGES, body), 400, "bad_request")
    assert error["description"].startswith("metadata.score: NaN"), error
    _assert_fake_still_answers(control, app_client)


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "1e400"])
def test_infinity_and_overflowing_numbers_are_400(
    app_client: httpx.Client, app: App, number: str
) -> None:
    body = f'{{"role":"appMaker","type":"text","text":"x","metadata":{{"score":{number}}}}}'
    error = assert_error(_post_json_text(app_client, MESSAGES, body), 400, "bad_request")
    assert error["description"].startswith("metadata.score: NaN, Infinity"), error


def test_escaped_surrogate_pair_emoji_is_accepted(app_client: httpx.Client, app: App) -> None:
    body = '{"role":"appMaker","type":"text","text":"taco \\ud83c\\udf2e"}'
    response = _post_json_text(app_client, MESSAGES, body)
    assert response.status_code == 201, response.text
    assert response.json()["message"]["text"] == "taco 🌮"


def test_a_body_after_a_utf8_byte_order_mark_is_read_and_a_body_that_is_not_utf8_is_400(
    app_client: httpx.Client, app: App
) -> None:
    body = '{"role":"appMaker","type":"text","text":"café"}'
    headers = {"Content-Type": "application/json"}
    with_bom = app_client.post(MESSAGES, content=b"\xef\xbb\xbf" + body.encode(), headers=headers)
    assert with_bom.status_code == 201, with_bom.text
    assert with_bom.json()["message"]["text"] == "café"
    latin1 = app_client.post(MESSAGES, content=body.encode("latin-1"), headers=headers)
    assert assert_error(latin1, 400, "bad_request")["description"] == texts.MALFORMED_JSON


def test_lone_surrogate_planted_through_simulate_is_400_and_state_and_history_still_answer(
    app_client: httpx.Client, control: httpx.Client, app: App
) -> None:
    path = f"/_mock/apps/{app.id}/simulate/message"
    body = f'{{"user":"{USER}","text":"{LONE_SURROGATE}"}}'
    error = assert_error(_post_json_text(control, path, body), 400, "bad_request")
    assert "surrogate" in error["description"], error
    _assert_fake_still_answers(control, app_client)


def test_nan_through_simulate_is_400(
    app_client: httpx.Client, control: httpx.Client, app: App
) -> None:
    path = f"/_mock/apps/{app.id}/simulate/message"
    body = f'{{"user":"{USER}","message":{{"type":"text","text":"x","metadata":{{"a":NaN}}}}}}'
    error = assert_error(_post_json_text(control, path, body), 400, "bad_request")
    assert error["description"].startswith("message.metadata.a: NaN"), error
    _assert_fake_still_answers(control, app_client)


def test_lone_surrogate_in_trigger_options_is_400(
    app_client: httpx.Client, control: httpx.Client, app: App
) -> None:
    path = f"/_mock/apps/{app.id}/triggers/message:appUser"
    body = f'{{"options":{{"user":"{USER}","text":"{LONE_SURROGATE}"}}}}'
    error = assert_error(_post_json_text(control, path, body), 400, "bad_request")
    assert error["description"].startswith("options.text: a lone UTF-16 surrogate"), error
    _assert_fake_still_answers(control, app_client)


def test_nan_on_the_control_clock_route_is_400_from_the_parser(control: httpx.Client) -> None:
    error = assert_error(
        _post_json_text(control, "/_mock/clock/advance", '{"seconds":NaN}'), 400, "bad_request"
    )
    assert error["description"].startswith("seconds: NaN"), error


def test_lone_surrogate_in_the_images_metadata_field_is_400(
    app_client: httpx.Client, control: httpx.Client, app: App
) -> None:
    form = _image_form({"metadata": f'{{"note":"{LONE_SURROGATE}"}}'})
    error = assert_error(app_client.post(IMAGES, **form), 400, "bad_request")
    assert error["description"].startswith("metadata.note: a lone UTF-16 surrogate"), error
    _assert_fake_still_answers(control, app_client)


# -- nesting ---------------------------------------------------------------------------------------


def _nested(depth: int) -> str:
    """JSON arrays nested `depth` deep: `[[...]]`."""
    return "[" * depth + "]" * depth


def _with_payload_at_depth(depth: int) -> str:
    """A message body whose deepest array sits at `depth` (the body itself is level 1)."""
    payload = '{"items":' + _nested(depth - 4) + "}"  # body, override, messenger, payload
    override = f'{{"messenger":{{"payload":{payload}}}}}'
    return f'{{"role":"appMaker","type":"text","text":"x","override":{override}}}'


def test_nesting_is_accepted_up_to_the_limit(app_client: httpx.Client, app: App) -> None:
    response = _post_json_text(app_client, MESSAGES, _with_payload_at_depth(MAX_DEPTH))
    assert response.status_code == 201, response.text


def test_nesting_beyond_the_limit_is_400_naming_it(app_client: httpx.Client, app: App) -> None:
    response = _post_json_text(app_client, MESSAGES, _with_payload_at_depth(MAX_DEPTH + 1))
    error = assert_error(response, 400, "bad_request")
    assert error["description"] == texts.JSON_TOO_DEEP.format(where="body", limit=MAX_DEPTH)


def test_hundred_thousand_deep_json_body_is_400(app_client: httpx.Client, app: App) -> None:
    # 100,000 levels only fit the 100 KB body limit unclosed: malformed as well as deep.
    body = '{"role":"appMaker","type":"text","text":"x","metadata":' + "[" * 100_000
    assert_error(_post_json_text(app_client, MESSAGES, body), 400, "bad_request")


@pytest.mark.parametrize(
    "metadata",
    ["[" * 100_000, _nested(50_000)],
    ids=["100000-deep-unclosed", "50000-deep-closed"],
)
def test_deeply_nested_images_metadata_is_400(
    app_client: httpx.Client, control: httpx.Client, app: App, metadata: str
) -> None:
    error = assert_error(app_client.post(IMAGES, **_image_form({"metadata": metadata})), 400,
                         "bad_request")  # fmt: skip
    assert error["description"].startswith("metadata"), error
    _assert_fake_still_answers(control, app_client)


# -- multipart -------------------------------------------------------------------------------------


def _many_empty_parts(count: int) -> bytes:
    part = b'--b\r\nContent-Disposition: form-data; name="f"\r\n\r\n\r\n'
    return part * count + b"--b--\r\n"


def test_150000_part_upload_is_refused_while_health_keeps_answering_fast(
    server: ServerThread, app_client: httpx.Client, app: App
) -> None:
    body = _many_empty_parts(150_000)  # 7.8 MB: under the 10 MB upload limit
    latencies: list[float] = []
    statuses: list[int] = []
    uploading = threading.Event()
    finished = threading.Event()

    def poll_health() -> None:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            client.get("/_mock/health")  # connected before the upload starts
            while not finished.is_set():
                started = time.perf_counter()
                statuses.append(client.get("/_mock/health").status_code)
                if uploading.is_set():
                    latencies.append(time.perf_counter() - started)

    poller = threading.Thread(target=poll_health)
    poller.start()
    deadline = time.monotonic() + 10
    while not statuses and time.monotonic() < deadline:
        time.sleep(0.005)
    uploading.set()
    response = app_client.post(
        IMAGES, content=body, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    # One more health answer after the refusal, so the polls cover the whole upload.
    polled = len(latencies)
    while len(latencies) < polled + 1 and time.monotonic() < deadline:
        time.sleep(0.005)
    finished.set()
    poller.join(timeout=60)

    error = assert_error(response, 400, "bad_request")
    assert error["description"] == texts.TOO_MANY_PARTS.format(limit=64)
    assert set(statuses) == {200}
    assert latencies, "health was never polled during the upload"
    slowest = max(latencies)
    assert slowest < HEALTH_BUDGET, (
        f"/_mock/health took {slowest * 1000:.0f} ms during the upload "
        f"(budget {HEALTH_BUDGET * 1000:.0f} ms; {len(latencies)} polls)"
    )


def test_multipart_at_the_part_limit_is_parsed(app_client: httpx.Client, app: App) -> None:
    fields = {f"extra{i}": "x" for i in range(62)}  # + role + source = 64 parts
    response = app_client.post(IMAGES, **_image_form(fields))
    error = assert_error(response, 400, "bad_request")  # parsed, then the fields are refused
    assert "extra" in error["description"], error


# -- URLs ------------------------------------------------------------------------------------------

SCRIPT_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html;base64,PGI+",
    "vbscript:x",
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_script_url_in_a_link_action_is_400_naming_the_uri(
    app_client: httpx.Client, app: App, url: str
) -> None:
    link = {"type": "link", "text": "Open", "uri": url}
    response = app_client.post(
        MESSAGES, json={"role": "appMaker", "type": "text", "text": "x", "actions": [link]}
    )
    error = assert_error(response, 400, "bad_request")
    assert error["description"].startswith("actions[0].uri: javascript:, data: and vbscript:")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            MESSAGES,
            {"role": "appMaker", "type": "image", "mediaUrl": "data:image/png;base64,iVBO"},
            "mediaUrl",
        ),
        (
            MESSAGES,
            {"role": "appMaker", "type": "text", "text": "x", "avatarUrl": "javascript:x"},
            "avatarUrl",
        ),
        (
            MESSAGES,
            {
                "role": "appMaker", "type": "text", "text": "x",
                "actions": [{"type": "webview", "text": "Book", "uri": "javascript:x",
                             "fallback": "https://example.com"}],
            },
            "actions[0].uri",
        ),
        (
            MESSAGES,
            {
                "role": "appMaker", "type": "text", "text": "x",
                "actions": [{"type": "reply", "text": "Yes", "payload": "Y",
                             "iconUrl": "javascript:x"}],
            },
            "actions[0].iconUrl",
        ),
        ("/v1.1/webhooks", {"target": "javascript:alert(1)"}, "target"),
    ],
    ids=["mediaUrl", "avatarUrl", "webview-uri", "reply-iconUrl", "webhook-target"],
)  # fmt: skip
def test_script_url_where_smooch_takes_a_url_is_400_naming_the_field(
    app_client: httpx.Client, app: App, path: str, body: dict[str, Any], field: str
) -> None:
    error = assert_error(app_client.post(path, json=body), 400, "bad_request")
    assert error["description"].startswith(f"{field}: "), error  # webhook targets: http(s) only


def test_script_url_through_simulate_is_400(control: httpx.Client, app: App) -> None:
    message = {"type": "image", "mediaUrl": "javascript:alert(1)"}
    response = control.post(
        f"/_mock/apps/{app.id}/simulate/message", json={"user": USER, "message": message}
    )
    error = assert_error(response, 400, "bad_request")
    assert error["description"].startswith("message.mediaUrl: javascript:"), error


def test_script_url_in_an_images_form_field_is_400(app_client: httpx.Client, app: App) -> None:
    response = app_client.post(IMAGES, **_image_form({"avatarUrl": "javascript:alert(1)"}))
    error = assert_error(response, 400, "bad_request")
    assert error["description"].startswith("avatarUrl: javascript:"), error


@pytest.mark.parametrize("url", ["https://example.com/a", "http://example.com", "tel:+15145550000"])
def test_other_link_schemes_stay_accepted(app_client: httpx.Client, app: App, url: str) -> None:
    link = {"type": "link", "text": "Open", "uri": url}
    response = app_client.post(
        MESSAGES, json={"role": "appMaker", "type": "text", "text": "x", "actions": [link]}
    )
    assert response.status_code == 201, response.text
    assert response.json()["message"]["actions"][0]["uri"] == url


# -- paths -----------------------------------------------------------------------------------------


def test_percent_0a_in_a_path_gets_the_json_error_body(control: httpx.Client) -> None:
    assert_error(control.get("/_mock/state%0A"), 404, "not_found")


def test_a_path_ending_in_a_newline_is_not_the_route(fake: FakeSmooch) -> None:
    request = ApiRequest("GET", "/_mock/health\n", {}, {}, b"", "http://127.0.0.1")
    answer = fake.handle(request)
    assert answer.status == 404, answer
    assert answer.body["error"]["code"] == "not_found"


def test_a_trailing_newline_does_not_satisfy_an_anchored_schema_pattern(
    app_client: httpx.Client, app: App
) -> None:
    buy = {"type": "buy", "text": "Pay", "amount": 100, "currency": "usd\n"}
    response = app_client.post(
        MESSAGES, json={"role": "appMaker", "type": "text", "text": "x", "actions": [buy]}
    )
    error = assert_error(response, 400, "bad_request")
    assert error["description"].startswith("actions[0].currency: "), error


# -- trigger options -------------------------------------------------------------------------------


def test_trigger_amount_that_is_not_a_number_is_400_naming_amount(
    server: ServerThread, control: httpx.Client, app: App, capsys: pytest.CaptureFixture[str]
) -> None:
    path = f"/_mock/apps/{app.id}/triggers/payment:success"
    error = assert_error(control.post(path, json={"options": {"amount": "abc"}}), 400,
                         "bad_request")  # fmt: skip
    assert error["description"].startswith("options.amount: must be a whole number"), error
    argv = ["trigger", "payment:success", "--set", "amount=abc", "--url", server.url]
    argv += ["--app", app.id]
    assert cli_main(argv) == 1
    assert "400 options.amount" in capsys.readouterr().err


def test_trigger_amount_in_cents_still_pays(control: httpx.Client, app: App) -> None:
    path = f"/_mock/apps/{app.id}/triggers/payment:success"
    response = control.post(path, json={"options": {"amount": "2500"}})
    assert response.status_code == 201, response.text
