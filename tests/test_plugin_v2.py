"""The plugin's v2 side seen from a user's session (pytester): the marker, the fixtures' docs,
failure messages of the v2 helpers."""

from __future__ import annotations

import checkout_paths
import pytest

INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
"""


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", checkout_paths.PYTHONPATH)
    pytester.makeini(INI)
    return pytester


def test_the_marker_documents_version_v2(suite: pytest.Pytester) -> None:
    # In a subprocess: this session's own plugin module may be another checkout's.
    result = suite.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(
        ["*version='v2' makes the helpers speak Sunshine Conversations v2*"]
    )


def test_the_smooch_fixture_documents_its_v2_helpers(suite: pytest.Pytester) -> None:
    result = suite.runpytest_subprocess("--fixtures", "-v")
    result.stdout.fnmatch_lines(["*v2: `sunshine_configuration()`, `sunshine_api_client()`*"])


def test_a_module_marker_makes_v2_the_default_and_a_test_can_go_back(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.smooch(version="v2")

        def test_v2(smooch, smooch_webhook_receiver):
            assert smooch.version == "v2" and smooch.api_url.endswith("/v2")
            webhook = smooch.create_webhook(smooch_webhook_receiver.url)
            assert webhook["version"] == "v2"
            sent = smooch.user_writes("hi", user="bob")
            assert sent["author"]["type"] == "user"
            smooch.wait_for_delivery(type="conversation:message")

        @pytest.mark.smooch(version="v1.1")
        def test_back_to_v11(smooch, smooch_webhook_receiver):
            assert smooch.create_webhook(smooch_webhook_receiver.url)["version"] == "v1.1"
            assert smooch.user_writes("hi", user="bob")["role"] == "appUser"
            smooch.wait_for_delivery(trigger="message:appUser")
        """
    )
    suite.runpytest("--strict-markers").assert_outcomes(passed=2)


def test_a_failed_v2_assertion_shows_expected_and_the_nearest_actual(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(
        """
        import pytest
        import sunshine_conversations_client as sunco

        @pytest.mark.smooch(version="v2")
        def test_reply(smooch):
            group = smooch.create_group("ana", "bob")
            smooch.user_writes("hours?", user="ana", conversation=group["id"])
            api = sunco.MessagesApi(smooch.sunshine_api_client())
            for text in ("Hi there", "We open at 9"):
                body = {"author": {"type": "business"}, "content": {"type": "text", "text": text}}
                api.post_message(smooch.app_id, group["id"], sunco.MessagePost.from_dict(body))
            smooch.assert_message_sent(text="We open at 10", conversation=group["id"])
        """
    )
    result = suite.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            '>*smooch.assert_message_sent(text="We open at 10", conversation=group*)',
            "E*AssertionError: expected a message with role='business', text='We open at 10' "
            "in conversation '*'; it holds 3 message(s), nearest first:",
            "E*- role='business' type='text' text='We open at 9' (similarity 0.88)",
            "E*- role='business' type='text' text='Hi there' (similarity 0.*)",
            "E*- role='user' type='text' text='hours?' (similarity 0.*)",
        ]
    )


def test_a_v2_delivery_timeout_shows_the_delivery_log(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import pytest

        @pytest.mark.smooch(version="v2")
        def test_wait(smooch, smooch_webhook_receiver):
            smooch_webhook_receiver.respond_with(404)
            smooch.create_webhook(smooch_webhook_receiver.url)
            smooch.user_writes("hi", user="bob")
            smooch.wait_for_delivery(type="conversation:message", count=2, timeout=1)
        """
    )
    result = suite.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E*AssertionError: expected 2 finished 'conversation:message' deliveries within 1s; "
            "the delivery log holds 1, nearest first:",
            "E*- conversation:message → http://127.0.0.1:*: failed (attempts: 404)",
        ]
    )


def test_the_batch_window_marker_catches_a_bot_that_reads_only_the_first_event(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(
        """
        import pytest

        @pytest.mark.smooch(version="v2", webhook_batch_window=0.5)
        def test_two_messages_share_a_post(smooch, smooch_webhook_receiver):
            smooch.create_webhook(smooch_webhook_receiver.url)
            smooch.user_writes("one", user="bob")
            smooch.user_writes("two", user="bob")
            smooch.wait_for_all_deliveries()
            [post] = smooch_webhook_receiver.payloads()
            texts = [e["payload"]["message"]["content"]["text"] for e in post["events"]]
            assert texts == ["one", "two"]
        """
    )
    suite.runpytest("--strict-markers").assert_outcomes(passed=1)
