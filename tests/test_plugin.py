"""The pytest plugin seen from a user's session (pytester): loading, marker, failures, xdist."""

from __future__ import annotations

import json

import checkout_paths
import pytest

INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
"""


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A user's project with pytest-asyncio in auto mode; its subprocess runs (which start in a
    temporary folder) import this checkout's plugin, not whichever one is installed."""
    monkeypatch.setenv("PYTHONPATH", checkout_paths.PYTHONPATH)
    pytester.makeini(INI)
    return pytester


def test_fixtures_are_listed_with_their_docs(suite: pytest.Pytester) -> None:
    result = suite.runpytest("--fixtures")
    result.stdout.fnmatch_lines(["*fixtures defined from pytest_smooch_mock.plugin*"])
    documented = {
        "smooch_settings -- *": "    The options of the `@pytest.mark.smooch(...)` markers*",
        "smooch_server [[]session scope[]] -- *": "    A fake Smooch served on 127.0.0.1*",
        "smooch -- *": "    An app of this test's own on the fake Smooch server*",
        "smooch_mock -- *": "    Like `smooch`, but in-process*",
        "smooch_webhook_receiver -- *": "    A real webhook target on 127.0.0.1*",
        "faker -- *pytest_smooch_mock/plugin.py*": "    Faker's seeded `faker`, with the*",
    }
    for name, doc in documented.items():  # each fixture right above its docstring, in any order
        result.stdout.fnmatch_lines([name, doc], consecutive=True)


def test_marker_is_registered(suite: pytest.Pytester) -> None:
    result = suite.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.smooch(seed=None, version='v1.1', *"])
    suite.makepyfile(
        """
        import pytest

        @pytest.mark.smooch(version="v1")
        def test_marked(smooch):
            assert smooch.version == "v1"
        """
    )
    suite.runpytest("--strict-markers").assert_outcomes(passed=1)


def test_loading_the_plugin_imports_nothing_heavy(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite.makepyfile(
        """
        import json, os, sys

        def test_record_modules():
            with open(os.environ["MODULES"], "w") as file:
                json.dump(sorted(sys.modules), file)
        """
    )
    loaded = {}
    for label, options in (("with", ()), ("without", ("-p", "no:smooch_mock"))):
        path = suite.path / f"{label}.json"
        monkeypatch.setenv("MODULES", str(path))
        suite.runpytest_subprocess(*options).assert_outcomes(passed=1)
        loaded[label] = set(json.loads(path.read_text()))
    added = loaded["with"] - loaded["without"]
    assert "pytest_smooch_mock.plugin" in added
    assert added <= {"pytest_smooch_mock", "pytest_smooch_mock.plugin"}, sorted(added)


def test_no_smooch_mock_disables_the_plugin(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import sys

        def test_plugin_not_loaded():
            assert "pytest_smooch_mock.plugin" not in sys.modules

        def test_uses_fixture(smooch):
            pass
        """
    )
    result = suite.runpytest_subprocess("-p", "no:smooch_mock")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*fixture 'smooch' not found*"])


def test_tests_share_the_server_but_each_gets_its_own_app(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import httpx

        seen = []

        def test_first(smooch):
            smooch.user_writes("hi", user="bob")
            seen.append(smooch)

        def test_second(smooch):
            [first] = seen
            assert smooch.base_url == first.base_url
            assert smooch.app_id != first.app_id and smooch.key_id != first.key_id
            assert smooch.account_key_id != first.account_key_id
            with httpx.Client(base_url=smooch.api_url, timeout=10) as client:
                assert client.get("/appusers/bob", auth=smooch.auth).status_code == 404
                assert client.get("/appusers/bob", auth=first.auth).status_code == 401
        """
    )
    suite.runpytest().assert_outcomes(passed=2)


def test_sync_and_async_tests_both_work(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import httpx

        def test_sync(smooch):
            smooch.user_writes("sync", user="bob")
            assert [m["text"] for m in smooch.messages("bob")] == ["sync"]

        async def test_async(smooch):
            smooch.user_writes("async", user="bob")
            async with httpx.AsyncClient(base_url=smooch.api_url, auth=smooch.auth) as client:
                answer = await client.get("/appusers/bob/messages")
            assert [m["text"] for m in answer.json()["messages"]] == ["async"]

        async def test_async_in_process(smooch_mock):
            async with httpx.AsyncClient(base_url=smooch_mock.api_url) as client:
                answer = await client.post("/appusers", json={"userId": "x"}, auth=smooch_mock.auth)
            assert answer.status_code == 201
        """
    )
    suite.runpytest().assert_outcomes(passed=3)


def test_a_failed_assertion_shows_expected_and_the_nearest_actual(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import httpx

        def test_reply(smooch):
            smooch.user_writes("hours?", user="bob")
            with httpx.Client(base_url=smooch.api_url, auth=smooch.auth, timeout=10) as client:
                for text in ("Hi there", "We open at 9"):
                    body = {"role": "appMaker", "type": "text", "text": text}
                    client.post("/appusers/bob/messages", json=body).raise_for_status()
            smooch.assert_message_sent("bob", text="We open at 10")
        """
    )
    result = suite.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            '>*smooch.assert_message_sent("bob", text="We open at 10")',
            "E*AssertionError: expected a message with role='appMaker', text='We open at 10' "
            "in the conversation of 'bob'; it holds 3 message(s), nearest first:",
            "E*- role='appMaker' type='text' text='We open at 9' (similarity 0.88)",
            "E*- role='appMaker' type='text' text='Hi there' (similarity 0.*)",
            "E*- role='appUser' type='text' text='hours?' (similarity 0.*)",
        ]
    )


def test_a_delivery_timeout_shows_the_delivery_log(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        def test_wait(smooch, smooch_webhook_receiver):
            smooch_webhook_receiver.respond_with(404)
            smooch.create_webhook(smooch_webhook_receiver.url, ["message:appUser"])
            smooch.user_writes("hi", user="bob")
            smooch.wait_for_delivery(trigger="message:appUser", count=2, timeout=1)
        """
    )
    result = suite.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            '>*smooch.wait_for_delivery(trigger="message:appUser", count=2, timeout=1)',
            "E*AssertionError: expected 2 finished 'message:appUser' deliveries within 1s; "
            "the delivery log holds 1, nearest first:",
            "E*- message:appUser → http://127.0.0.1:*: failed (attempts: 404)",
        ]
    )


def test_an_internal_error_in_the_fake_fails_the_test(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import httpx
        from smooch_mock.store import Store

        def test_breaks_the_fake(smooch, monkeypatch):
            def broken(self, app_id):
                raise RuntimeError("boom inside the store")

            monkeypatch.setattr(Store, "get_app", broken)
            answer = httpx.get(f"{smooch.api_url}/apps/{smooch.app_id}", auth=smooch.account_auth)
            assert answer.status_code == 500

        def test_next_test_is_unaffected(smooch):
            smooch.user_writes("hi", user="bob")
        """
    )
    result = suite.runpytest()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_breaks_the_fake*",
            "the fake raised 1 internal error(s) while serving this test:",
            "--- in GET /v1.1/apps/*",
            "*RuntimeError: boom inside the store",
        ]
    )


def test_marker_options_merge_closest_last(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.smooch(version="v1", seed=1)

        @pytest.mark.smooch(seed=5)
        def test_merged(smooch, smooch_settings, smooch_server):
            assert (smooch_settings.version, smooch_settings.seed) == ("v1", 5)
            assert smooch.base_url != smooch_server.base_url  # a seed needs a server of its own
        """
    )
    suite.runpytest().assert_outcomes(passed=1)


MARKER_MISTAKES = """
    import pytest

    @pytest.mark.smooch(verison="v1")
    def test_typo(smooch):
        pass

    @pytest.mark.smooch("v1")
    def test_positional(smooch):
        pass

    @pytest.mark.smooch(version="v3")
    def test_unknown_version(smooch):
        pass

    def test_unmarked(smooch):
        pass
    """


def test_marker_mistakes_fail_collection_naming_each_test(suite: pytest.Pytester) -> None:
    suite.makepyfile(test_marked=MARKER_MISTAKES)
    result = suite.runpytest()
    result.assert_outcomes(errors=1)  # the module's collection, not a fixture set-up per test
    assert result.ret == pytest.ExitCode.INTERRUPTED, "no test runs"
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting test_marked.py*",
            "test_marked.py::test_typo: smooch marker: unknown option(s) verison "
            "(did you mean: verison → version?); known: base_urls, chaos, fake_clock, seed, *",
            "test_marked.py::test_positional: @pytest.mark.smooch takes keyword arguments only, "
            "not ('v1',)",
            "test_marked.py::test_unknown_version: smooch marker: version must be one of *",
        ]
    )
    result.stdout.no_fnmatch_line("*test_unmarked*")
    result.stdout.no_fnmatch_line("*ERROR at setup*")


def test_marker_mistakes_fail_collection_under_xdist_too(suite: pytest.Pytester) -> None:
    suite.makepyfile(test_marked=MARKER_MISTAKES)
    result = suite.runpytest_subprocess("-n", "2")
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # xdist's status for a collection error
    result.stdout.fnmatch_lines(
        ["2 workers [[]0 items[]]", "*ERROR collecting test_marked.py*", "*verison → version*"]
    )
    result.stdout.no_fnmatch_line("*INTERNALERROR*")


def test_settings_fixture_can_be_overridden_for_a_directory(suite: pytest.Pytester) -> None:
    suite.makeconftest(
        """
        import pytest
        from smooch_mock.testing import SmoochSettings

        @pytest.fixture
        def smooch_settings():
            return SmoochSettings(version="v1")
        """
    )
    suite.makepyfile("def test_v1(smooch):\n    assert smooch.api_url.endswith('/v1')\n")
    suite.runpytest().assert_outcomes(passed=1)


def test_xdist_workers_each_run_their_own_server(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite.makepyfile(
        """
        import json, os
        import pytest

        @pytest.mark.parametrize("n", range(6))
        def test_app(n, smooch, worker_id):
            smooch.user_writes(f"hi {n}", user="bob")
            assert [m["text"] for m in smooch.messages("bob")] == [f"hi {n}"]
            record = {"worker": worker_id, "url": smooch.base_url, "app": smooch.app_id}
            with open(os.path.join(os.environ["RECORDS"], f"{n}.json"), "w") as file:
                json.dump(record, file)
        """
    )
    records = suite.mkdir("records")
    monkeypatch.setenv("RECORDS", str(records))
    result = suite.runpytest_subprocess("-n", "2")
    result.assert_outcomes(passed=6)
    seen = [json.loads(path.read_text()) for path in records.iterdir()]
    assert len({r["app"] for r in seen}) == 6
    workers = {r["worker"] for r in seen}
    assert workers <= {"gw0", "gw1"}
    urls_by_worker = {w: {r["url"] for r in seen if r["worker"] == w} for w in workers}
    assert all(len(urls) == 1 for urls in urls_by_worker.values()), urls_by_worker
    assert len({next(iter(urls)) for urls in urls_by_worker.values()}) == len(workers)


def test_fakers_own_fixture_gets_the_smooch_provider(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        test_faker_fixture="""
        import pytest
        from smooch_mock.schemas import validate

        @pytest.fixture(autouse=True)  # Faker's documented way to seed its fixture
        def faker_seed():
            return 42

        def test_provider_is_there(faker):
            user = faker.smooch_app_user()
            validate(user, "objects/app-user")
            assert len(faker.smooch_object_id()) == 24

        def test_seeded_like_any_faker_output(faker):
            first = faker.smooch_message(type="text")
            faker.seed_instance(42)
            assert faker.smooch_message(type="text") == first
        """
    )
    result = suite.runpytest_subprocess("-p", "faker", "-q")
    result.assert_outcomes(passed=2)
