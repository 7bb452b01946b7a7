"""The error catalogue: each case a class with status and code, each text a template."""

from __future__ import annotations

import ast
import inspect
import re
import string
from pathlib import Path

import httpx
import pytest
from support import assert_error

from smooch_mock import error_texts as texts
from smooch_mock import errors
from smooch_mock.errors import SmoochError
from smooch_mock.fake import FakeSmooch
from smooch_mock.store.models import App, SecretKey
from smooch_mock.store.webhooks import MAX_WEBHOOKS

PACKAGE = Path(errors.__file__).parent
TEXTS_FILE = Path(texts.__file__)
CATALOGUE: list[type[SmoochError]] = [
    value
    for value in vars(errors).values()
    if inspect.isclass(value) and issubclass(value, SmoochError)
]
PER_STATUS = [cls for cls in CATALOGUE if cls.__bases__ == (SmoochError,)]
PER_CASE = [cls for cls in CATALOGUE if cls not in PER_STATUS and cls is not SmoochError]
TEXTS = {name: value for name, value in vars(texts).items() if name.isupper()}


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@pytest.mark.parametrize("error_class", CATALOGUE, ids=lambda cls: cls.__name__)
def test_every_catalogue_class_has_a_status_and_code(error_class: type[SmoochError]) -> None:
    assert 400 <= error_class.status < 600, error_class
    assert isinstance(error_class.code, str) and error_class.code, error_class


@pytest.mark.parametrize("error_class", PER_CASE, ids=lambda cls: cls.__name__)
def test_every_case_is_caught_by_its_per_status_class(error_class: type[SmoochError]) -> None:
    assert any(issubclass(error_class, parent) for parent in PER_STATUS), error_class.__mro__


def test_the_catalogue_has_the_cases_tests_name() -> None:
    names = {cls.__name__ for cls in PER_CASE}
    expected = {"AppNotFound", "AppUserNotFound", "WebhookNotFound", "TemplateNotFound"}
    expected |= {"ActionNotFound", "TooManyWebhooks", "UserIdTaken", "InvalidMessage"}
    assert expected <= names, expected - names


def test_a_case_fills_its_own_template() -> None:
    taken = errors.UserIdTaken(user_id="bob")
    assert isinstance(taken, errors.Conflict) and (taken.status, taken.code) == (409, "conflict")
    assert taken.description == texts.USER_ID_TAKEN.format(user_id="bob")
    assert errors.AppUserNotFound().description == texts.APP_USER_NOT_FOUND


def test_a_case_with_several_texts_fills_the_one_it_is_given() -> None:
    error = errors.InvalidField(texts.FIELD_REQUIRED, field="source")
    assert error.description == "source is required" and isinstance(error, errors.BadRequest)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_is_a_template_with_named_fields(name: str) -> None:
    fields = _placeholders(TEXTS[name])
    assert all(field.isidentifier() for field in fields), (name, fields)


def test_every_text_is_used_by_the_package_or_its_plugin() -> None:
    sources = [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "pytest_plugin").rglob("*.py")]
    code = "\n".join(path.read_text(encoding="utf-8") for path in sources if path != TEXTS_FILE)
    words = set(re.findall(r"\b[A-Z][A-Z0-9_]+\b", code))
    assert sorted(set(TEXTS) - words) == []


# -- every raise site uses the catalogue -----------------------------------------------------------


def _texts_name(node: ast.expr) -> str | None:
    """`texts.NAME` (the module imported as `texts`) gives NAME."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr if node.value.id == "texts" else None
    return None


def _problems_of(call: ast.Call, error_class: type[SmoochError], where: str) -> list[str]:
    keywords = {keyword.arg for keyword in call.keywords if keyword.arg is not None}
    keywords.discard("allowed")  # MethodNotAllowed's Allow header, not a text field
    if not call.args:
        expected = _placeholders(error_class.text)
        if not error_class.text:
            return [f"{where}: {error_class.__name__} has no text of its own; give one"]
        return [] if keywords == expected else [f"{where}: fields {keywords} for {expected}"]
    description = call.args[0]
    name = _texts_name(description)
    if name is not None:
        if name not in TEXTS:
            return [f"{where}: texts.{name} is not in error_texts"]
        expected = _placeholders(TEXTS[name]) if keywords else set()
        return [] if keywords == expected else [f"{where}: fields {keywords} for {expected}"]
    if isinstance(description, ast.Call) and isinstance(description.func, ast.Attribute):
        template = _texts_name(description.func.value)
        if template is not None and description.func.attr == "format":
            return [] if template in TEXTS else [f"{where}: texts.{template} is not in error_texts"]
    literals = [
        node
        for node in ast.walk(description)
        if isinstance(node, ast.JoinedStr)
        or (isinstance(node, ast.Constant) and isinstance(node.value, str))
    ]
    return [f"{where}: inline text {ast.unparse(description)}"] if literals else []


def _catalogue_calls() -> list[tuple[ast.Call, type[SmoochError], str]]:
    by_name = {cls.__name__: cls for cls in CATALOGUE}
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("errors.py", "error_texts.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = node.func if isinstance(node, ast.Call) else None
            if isinstance(called, ast.Name) and called.id in by_name:
                assert isinstance(node, ast.Call)
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                calls.append((node, by_name[called.id], where))
    return calls


def test_every_error_raised_in_the_package_takes_its_text_from_the_catalogue() -> None:
    calls = _catalogue_calls()
    assert len(calls) > 150, "the scan should see the package's raise sites"
    problems = [problem for call in calls for problem in _problems_of(*call)]
    assert problems == []


def test_the_scan_catches_an_inline_text() -> None:
    call = ast.parse('BadRequest(f"{name} must be a string")').body[0]
    assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call)
    assert _problems_of(call.value, errors.BadRequest, "here")
    good = ast.parse("InvalidField(texts.FIELD_NOT_STRING, field=name)").body[0]
    assert isinstance(good, ast.Expr) and isinstance(good.value, ast.Call)
    assert _problems_of(good.value, errors.InvalidField, "here") == []
    wrong_field = ast.parse("InvalidField(texts.FIELD_NOT_STRING, name=name)").body[0]
    assert isinstance(wrong_field, ast.Expr) and isinstance(wrong_field.value, ast.Call)
    assert _problems_of(wrong_field.value, errors.InvalidField, "here")


# -- the API answers with the catalogue's code and text --------------------------------------------


@pytest.fixture
def app(fake: FakeSmooch, app_and_key: tuple[App, SecretKey]) -> App:
    app, _ = app_and_key
    return app


def test_unknown_app_user_answers_app_user_not_found(app_client: httpx.Client, app: App) -> None:
    error = assert_error(app_client.get("/v1.1/appusers/nobody"), 404, errors.AppUserNotFound.code)
    assert error["description"] == texts.APP_USER_NOT_FOUND


def test_taken_user_id_answers_user_id_taken(app_client: httpx.Client, app: App) -> None:
    assert app_client.post("/v1.1/appusers", json={"userId": "bob"}).status_code == 201
    response = app_client.post("/v1.1/appusers", json={"userId": "bob"})
    error = assert_error(response, errors.UserIdTaken.status, errors.UserIdTaken.code)
    assert error["description"] == texts.USER_ID_TAKEN.format(user_id="bob")


def test_unknown_webhook_answers_webhook_not_found(app_client: httpx.Client, app: App) -> None:
    error = assert_error(app_client.get("/v1.1/webhooks/nope"), 404, "not_found")
    assert error["description"] == texts.WEBHOOK_NOT_FOUND


def test_one_webhook_too_many_answers_too_many_webhooks(app_client: httpx.Client, app: App) -> None:
    for index in range(MAX_WEBHOOKS):
        target = f"https://example.com/hook/{index}"
        assert app_client.post("/v1.1/webhooks", json={"target": target}).status_code == 201
    response = app_client.post("/v1.1/webhooks", json={"target": "https://example.com/last"})
    error = assert_error(response, errors.TooManyWebhooks.status, errors.TooManyWebhooks.code)
    assert error["description"] == texts.TOO_MANY_WEBHOOKS.format(limit=MAX_WEBHOOKS)


def test_unknown_template_answers_template_not_found(app_client: httpx.Client, app: App) -> None:
    error = assert_error(app_client.get("/v1.1/templates/nope"), 404, "not_found")
    assert error["description"] == texts.TEMPLATE_NOT_FOUND


def test_unknown_path_answers_path_not_found(app_client: httpx.Client, app: App) -> None:
    error = assert_error(app_client.get("/v1.1/nowhere"), 404, errors.PathNotFound.code)
    assert error["description"] == texts.NOT_FOUND_PATH.format(method="GET", path="/v1.1/nowhere")
