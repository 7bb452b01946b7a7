"""Bad-input fuzzing: schemathesis drives the live fake from the fake's own OpenAPI document."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from smooch_mock.api.routes import ROUTES
from smooch_mock.api.v1.message_input import message_input
from smooch_mock.fake import FakeSmooch
from smooch_mock.server import ServerThread
from smooch_mock.store import UserInput, WebhookInput

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("SMOOCH_MOCK_FUZZ_EXAMPLES", "10"))
"""Examples per operation and generation mode (positive, negative)."""
BUDGET_SECONDS = float(os.environ.get("SMOOCH_MOCK_FUZZ_BUDGET", "270"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
ACCOUNT_ONLY = {route.operation for route in ROUTES if route.scopes == frozenset({"account"})}
SKIPPED = {"mockLiveEvents"}
"""Operations not fuzzed: the live event stream never ends (tests/test_live_events.py)."""


@dataclass
class Seed:
    """The objects every operation may address; path parameters are set to them most of the time."""

    ids: dict[str, str]
    app_auth: tuple[str, str]
    account_auth: tuple[str, str]
    service_key_id: str


@dataclass
class Findings:
    operations: int = 0
    examples: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    untested: list[str] = field(default_factory=list)
    generator_limits: list[str] = field(default_factory=list)
    nothing_to_negate: int = 0


def _seed(fake: FakeSmooch) -> Seed:
    fake.reset()
    app, key = fake.create_app_with_key("Fuzz app")
    store = fake.store
    with fake.lock:
        store.create_user(app.id, UserInput("bob"))
        message = store.post_message(
            app.id,
            "bob",
            message_input({"role": "appMaker", "type": "text", "text": "Hi", "actions": [
                {"type": "postback", "text": "Yes", "payload": "YES"}]}),
        )  # fmt: skip
        integration = store.create_integration(
            app.id, "whatsapp", {"type": "whatsapp", "deploymentId": "5c86dbc35d2e6c0010b8b72e"}
        )
        template = store.create_template(
            app.id,
            "hours",
            {"role": "appMaker", "type": "text", "text": "9 to 5"},
            message_input({"role": "appMaker", "type": "text", "text": "9 to 5"}),
        )
        webhook = store.create_webhook(
            app.id, WebhookInput("http://127.0.0.1:9/hook", ["*"]), version="v1.1"
        )
        account = store.create_service_account("fuzz")
        service_key = store.create_service_account_key(account.id, "fuzz key")
    ids = {
        "appId": app.id,
        "userId": "bob",
        "messageId": message.id,
        "integrationId": integration.id,
        "templateId": template.id,
        "webhookId": webhook.id,
        "keyId": key.id,
        "serviceAccountId": account.id,
        "channel": "whatsapp",
        "trigger": "message:appUser",
    }
    account_auth = (fake.account_key.id, fake.account_key.secret)
    return Seed(ids, (key.id, key.secret), account_auth, service_key.id)


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[FakeSmooch, str]]:
    fake = FakeSmooch(seed=7, strict_contract=True)
    # Fuzzed webhook targets are arbitrary hosts: record deliveries, never send them.
    fake.webhooks.engine.enqueue = lambda delivery: None  # type: ignore[method-assign]
    server = ServerThread(fake).start()
    try:
        yield fake, server.url
    finally:
        server.stop()
        fake.close()


def _headers(case: Any, seed: Seed, credentials: str) -> dict[str, str]:
    operation_id = case.operation.definition.raw.get("operationId", "")
    if (
        case.operation.path.startswith("/_mock")
        or case.operation.path == "/"
        or credentials == "none"
    ):
        return {}
    base = operation_id.split("_")[0]
    user, secret = seed.account_auth if base in ACCOUNT_ONLY else seed.app_auth
    if credentials == "other":
        user, secret = seed.app_auth if base in ACCOUNT_ONLY else seed.account_auth
    return {"Authorization": requests.auth._basic_auth_str(user, secret)}


def _fuzz(operation: Any, fake: FakeSmooch, url: str, findings: Findings) -> None:
    seed = _seed(fake)
    session = requests.Session()
    try:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            # GenerationMode is an enum.StrEnum (Python 3.11+): a plain str to mypy's 3.10 target.
            _fuzz_mode(operation, mode, seed, session, url, findings)  # type: ignore[arg-type]
    finally:
        session.close()


def _fuzz_mode(
    operation: Any, mode: GenerationMode, seed: Seed, session: Any, url: str, findings: Findings
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        known=st.integers(0, 3),
        credentials=st.sampled_from(["key"] * 6 + ["none", "other"]),
    )
    def run(case: Any, known: int, credentials: str) -> None:
        for name in list(case.path_parameters or {}):
            if known and name in seed.ids:
                value = seed.ids[name]
                if name == "keyId" and "serviceaccounts" in operation.path:
                    value = seed.service_key_id
                case.path_parameters[name] = value
        findings.examples += 1
        response = case.call(
            base_url=url, session=session, headers=_headers(case, seed, credentials), timeout=30
        )
        findings.statuses[response.status_code] = findings.statuses.get(response.status_code, 0) + 1
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable as error:
        # Nothing of this operation can be made invalid (no body or query; any path segment goes).
        if mode is GenerationMode.NEGATIVE:
            findings.nothing_to_negate += 1
        else:
            findings.failures.append(f"{operation.label} ({mode}): Unsatisfiable: {error}")
    except InvalidSchema as error:
        # schemathesis's negative mutations sometimes ask for an unsatisfiable combination of
        # the conditional (if/then) message rules: a generator limit, not a finding about the fake.
        if mode is GenerationMode.NEGATIVE and "Cannot generate" in str(error):
            findings.generator_limits.append(f"{operation.label} ({mode}): {error}")
        else:
            findings.failures.append(f"{operation.label} ({mode}): InvalidSchema: {error}")
    except (Exception, FailureGroup) as error:  # each operation's first finding, then go on
        text = f"{operation.label} ({mode}): {type(error).__name__}: {error}"
        findings.failures.append(text[:3000])


def test_schemathesis_finds_no_server_error_and_no_contract_violation(
    live: tuple[FakeSmooch, str],
) -> None:
    fake, url = live
    schema = schemathesis.openapi.from_url(f"{url}/_mock/openapi.json")
    findings = Findings()
    started = time.monotonic()
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # the served document itself is broken
        operation = result.ok()
        operation_id = operation.definition.raw.get("operationId", "")
        if operation_id in SKIPPED:
            continue
        if time.monotonic() - started > BUDGET_SECONDS:
            findings.untested.append(operation.label)
            continue
        findings.operations += 1
        _fuzz(operation, fake, url, findings)
    elapsed = time.monotonic() - started
    internal = [error.traceback for error in fake.internal_errors]
    print(
        f"\nschemathesis: {findings.operations} operations, {findings.examples} examples "
        f"in {elapsed:.0f}s; statuses {dict(sorted(findings.statuses.items()))}; "
        f"{len(findings.failures)} failing operations; {len(internal)} internal errors; "
        f"{len(findings.untested)} operations left untested (time budget); "
        f"{findings.nothing_to_negate} operations with nothing to make invalid; "
        f"{len(findings.generator_limits)} generator limits: {findings.generator_limits}"
    )
    if findings.untested:
        warnings.warn(f"fuzz budget exhausted; untested: {findings.untested}", stacklevel=1)
    problems = findings.failures + [f"internal error: {text}" for text in internal[:5]]
    assert not problems, "\n\n".join(problems)
    assert (
        findings.operations > 100
        and findings.statuses.get(200, 0) + findings.statuses.get(201, 0) > 0
    )
