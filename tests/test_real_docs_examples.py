"""Smooch's own published examples (`../shared/real-docs-examples/`, read in place): each one is
valid against our schemas, and each documented call, replayed on a fresh app, is answered with
the example's structure — exactly for the live recordings, and for docs-only examples except where
COVERAGE.md lists the difference and why."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from jsonschema.exceptions import best_match
from real_examples import (
    SKIP_REASON,
    Example,
    Replay,
    example,
    example_ids,
    examples_available,
    load_examples,
    structure_differences,
    without_hand_edited_ids,
)

from smooch_mock.api.routes import SMOOCH_ROUTES
from smooch_mock.contract.mapping import RESPONSE_SCHEMAS
from smooch_mock.http.router import Router
from smooch_mock.schemas import iter_errors, json_path, webhook_schema_name
from smooch_mock.testing import SmoochHarness
from smooch_mock.testing.settings import SmoochSettings

COVERAGE = Path(__file__).resolve().parents[1] / "COVERAGE.md"
DOCS_ONLY_SECTION = "## Smooch's published examples the fake answers differently"

# index.json marks this one `recorded`, but its body is the 2016 API reference's example (the same
# item, its `_id` 57b331fbf1c6aeba1f940dc7 shortened by hand) pasted into the Postman collection,
# not a live answer: every live menu answer of 2018 carries `settings`. Counted as docs.
PASTED_FROM_THE_DOCS = {"postman.response.update-integration-menu-2"}

pytestmark = pytest.mark.skipif(not examples_available(), reason=SKIP_REASON)


def _schema_of(item: Example) -> str:
    """The schema index.json names; for webhooks, the trigger's; else the contract's own."""
    name = item.entry.get("schema")
    if name == "auto":
        return webhook_schema_name(item.body["trigger"], item.body.get("version", "v1"))
    if name:
        return str(name)
    path = re.sub(r"\{(\w+)\}", "x", str(item.entry["path_template"]))
    operation = Router(SMOOCH_ROUTES).match(item.entry["method"], path).route.operation
    spec = RESPONSE_SCHEMAS[operation][int(item.entry["status"])]
    assert isinstance(spec, str)
    return spec


@pytest.mark.parametrize("example_id", example_ids())
def test_every_published_example_is_valid_against_our_schemas(example_id: str) -> None:
    item = example(example_id)
    body, hand_edited = without_hand_edited_ids(item.body)
    error = best_match(iter_errors(body, _schema_of(item)))
    assert error is None, (
        f"{item.id} ({_schema_of(item)}) rejected at {json_path(error.absolute_path)}: "
        f"{error.message}"
        + (f" (hand-shortened ids padded first: {hand_edited})" if hand_edited else "")
    )


def test_the_hand_edited_id_exception_excuses_nothing_else() -> None:
    """Without padding, the examples with hand-edited ids are rejected for those ids alone: every
    error is the 24-hex pattern failing on one of the ids the exception pads."""
    if not examples_available():
        pytest.skip(SKIP_REASON)
    rejected = 0
    for item in load_examples():
        _, padded = without_hand_edited_ids(item.body)
        errors = list(iter_errors(item.body, _schema_of(item)))
        rejected += bool(errors)
        for error in errors:
            assert (error.validator, error.instance in padded) == ("pattern", True), (
                f"{item.id}: {error.message} at {json_path(error.absolute_path)}"
            )
    assert rejected == 17  # 15 live recordings and 2 docs examples carry hand-edited ids


@pytest.fixture(scope="module")
def server() -> Iterator[SmoochHarness]:
    with SmoochHarness.serve(SmoochSettings(seed=11)) as harness:
        yield harness


def _documented_differences() -> dict[str, str]:
    """`| example id | difference | reason |` rows of COVERAGE.md's docs-only section."""
    text = COVERAGE.read_text("utf-8")
    section = text.split(DOCS_ONLY_SECTION, 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \| (.+?) \|$", section, re.MULTILINE)
    return {example_id: difference for example_id, difference, _ in rows}


def _differences(item: Example, server: SmoochHarness) -> list[str]:
    app = server.isolated_app(version=item.version)
    try:
        with httpx.Client(base_url=server.base_url, auth=app.account_auth, timeout=30) as http:
            answer = Replay(item, app, http).run()
        status = item.entry.get("status")
        if status is not None and answer.status_code != status:
            return [f"status {answer.status_code} where the example has {status}: {answer.text}"]
        assert not app.internal_errors, app.internal_error_report()
        return structure_differences(item.body, answer.json())
    finally:
        app.close()


def _is_live(item: Example) -> bool:
    return item.recorded and item.id not in PASTED_FROM_THE_DOCS


@pytest.mark.parametrize("example_id", example_ids(lambda e: e.is_call and _is_live(e)))
def test_live_recorded_call_is_answered_with_the_recorded_structure(
    example_id: str, server: SmoochHarness
) -> None:
    item = example(example_id)
    differences = _differences(item, server)
    assert not differences, f"{item.id}:\n" + "\n".join(differences)


@pytest.mark.parametrize("example_id", example_ids(lambda e: e.is_call and not _is_live(e)))
def test_docs_call_is_answered_as_documented_or_the_difference_is_in_coverage(
    example_id: str, server: SmoochHarness
) -> None:
    item = example(example_id)
    differences = _differences(item, server)
    documented = _documented_differences()
    if differences:
        assert item.id in documented, (
            f"{item.id} differs and COVERAGE.md does not say why:\n" + "\n".join(differences)
        )
    else:
        assert item.id not in documented, f"{item.id} now matches: drop its COVERAGE.md row"


def test_the_live_recordings_are_the_78_the_issue_counts() -> None:
    if not examples_available():
        pytest.skip(SKIP_REASON)
    recorded = [e for e in load_examples() if e.recorded and e.is_call]
    assert len(recorded) == 78
    assert len([e for e in recorded if _is_live(e)]) == 77
