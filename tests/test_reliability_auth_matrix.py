"""Every route of SMOOCH_ROUTES, in every version and prefix form, against bad credentials."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import jwt
import pytest
from reliability_figures import ReliabilityFigures
from reliability_world import RouteForm, World, basic, build_world, route_forms, valid_request
from support import assert_error, token

from smooch_mock.fake import FakeSmooch
from smooch_mock.http.router import ACCOUNT_ONLY, ALL_SCOPES
from smooch_mock.receiver import WebhookReceiver
from smooch_mock.server import ServerThread
from smooch_mock.store.models import SecretKey

FORMS = route_forms()
WRONG_SECRET = "not-the-secret-of-this-key-0123456789"


@dataclass
class Matrix:
    fake: FakeSmooch
    server: ServerThread
    world: World
    client: httpx.Client
    figures: ReliabilityFigures

    def send(
        self, form: RouteForm, authorization: str | None, scope: str = "app"
    ) -> httpx.Response:
        """`form`'s valid request on app A, with `authorization`; checked for app B's data."""
        request = valid_request(
            form, self.world, self.server.url, scope=scope, authorization=authorization
        )
        response = self.client.send(request)
        self.figures.requests += 1
        _assert_no_b_data(self.world, form, response)
        return response

    def key_for(self, form: RouteForm) -> SecretKey:
        """The credential that may call `form` on app A: the account key or A's app key."""
        if form.route.scopes == ACCOUNT_ONLY or form.route.path.startswith("/apps/{appId}"):
            return self.fake.account_key
        return self.world.a.key


def _assert_no_b_data(world: World, form: RouteForm, response: httpx.Response) -> None:
    leaked = [marker for marker in world.b_identifiers() if marker in response.text]
    assert not leaked, f"{form.label} answered with app B's data {leaked}: {response.text[:500]}"


def _unsigned(kid: str, scope: str) -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{part({'scope': scope})}."


def _scope_of(key: SecretKey) -> str:
    return "account" if key.scope == "account" else "app"


@pytest.fixture(scope="module")
def matrix(reliability_figures: ReliabilityFigures) -> Iterator[Matrix]:
    fake = FakeSmooch(seed=77)
    with WebhookReceiver() as receiver, ServerThread(fake) as server:
        world = build_world(fake, receiver.url)
        with httpx.Client(timeout=10) as client:
            yield Matrix(fake, server, world, client, reliability_figures)
    reliability_figures.internal_errors += len(fake.internal_errors)
    assert not fake.internal_errors, "\n".join(e.traceback for e in fake.internal_errors)


@pytest.fixture(autouse=True)
def _no_internal_errors(matrix: Matrix) -> Iterator[None]:
    yield
    errors = "\n".join(e.traceback for e in matrix.fake.internal_errors)
    assert not matrix.fake.internal_errors, f"the fake raised:\n{errors}"


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.label)
def test_missing_credentials_are_401_unauthorized_on_every_route(
    matrix: Matrix, form: RouteForm
) -> None:
    for authorization in (None, "", "Basic Og==", "Bearer"):
        assert_error(matrix.send(form, authorization), 401, "unauthorized")


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.label)
def test_wrong_secret_is_401_invalid_auth_on_every_route(matrix: Matrix, form: RouteForm) -> None:
    key = matrix.key_for(form)
    assert_error(matrix.send(form, basic(key, WRONG_SECRET)), 401, "invalid_auth")
    forged = jwt.encode(
        {"scope": _scope_of(key)}, WRONG_SECRET, algorithm="HS256", headers={"kid": key.id}
    )
    assert_error(matrix.send(form, f"Bearer {forged}"), 401, "invalid_auth")


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.label)
def test_unsigned_and_kidless_tokens_are_401_invalid_auth_on_every_route(
    matrix: Matrix, form: RouteForm
) -> None:
    key = matrix.key_for(form)
    scope = _scope_of(key)
    assert_error(matrix.send(form, f"Bearer {_unsigned(key.id, scope)}"), 401, "invalid_auth")
    kidless = jwt.encode({"scope": scope}, key.secret, algorithm="HS256")
    assert_error(matrix.send(form, f"Bearer {kidless}"), 401, "invalid_auth")


@pytest.mark.parametrize("form", [f for f in FORMS if f.names_app], ids=lambda form: form.label)
def test_another_apps_credentials_on_this_apps_path_are_403(
    matrix: Matrix, form: RouteForm
) -> None:
    other = matrix.world.b
    assert_error(matrix.send(form, basic(other.key)), 403, "forbidden")
    assert_error(matrix.send(form, f"Bearer {token(other.key, 'app')}"), 403, "forbidden")
    if form.route.scopes == ALL_SCOPES:
        user_token = token(other.key, "appUser", user_id=other.user.external_id)
        assert_error(matrix.send(form, f"Bearer {user_token}", "appUser"), 403, "forbidden")


@pytest.mark.parametrize(
    "form",
    [f for f in FORMS if f.names_user and f.route.scopes == ALL_SCOPES],
    ids=lambda form: form.label,
)
def test_app_user_token_of_another_user_is_403_on_user_routes(
    matrix: Matrix, form: RouteForm
) -> None:
    a = matrix.world.a
    for user_id in (a.other_user.external_id, a.other_user.id):
        bearer = f"Bearer {token(a.key, 'appUser', user_id=user_id)}"
        assert_error(matrix.send(form, bearer, "appUser"), 403, "forbidden")


@pytest.mark.parametrize(
    "form",
    [f for f in FORMS if f.names_user and f.route.scopes == ALL_SCOPES],
    ids=lambda form: form.label,
)
def test_app_user_token_naming_another_users_internal_id_never_reaches_that_user(
    matrix: Matrix, form: RouteForm
) -> None:
    """A token's `userId` is an external id: equal to another user's `_id`, it reaches no one."""
    a = matrix.world.a
    internal_id = a.other_user.id
    bearer = f"Bearer {token(a.key, 'appUser', user_id=internal_id)}"
    request = valid_request(form, matrix.world, matrix.server.url, scope="appUser")
    assert a.user.external_id is not None
    request.url = request.url.copy_with(
        raw_path=request.url.raw_path.replace(a.user.external_id.encode(), internal_id.encode(), 1)
    )
    request.headers["Authorization"] = bearer
    response = matrix.client.send(request)
    matrix.figures.requests += 1
    assert response.status_code in (403, 404), (form.label, response.text)
    assert a.other_user.profile.given_name is not None
    assert a.other_user.profile.given_name not in response.text


@pytest.mark.parametrize(
    "form", [f for f in FORMS if f.route.scopes != ALL_SCOPES], ids=lambda form: form.label
)
def test_app_user_token_is_403_on_business_routes(matrix: Matrix, form: RouteForm) -> None:
    a = matrix.world.a
    bearer = f"Bearer {token(a.key, 'appUser', user_id=a.user.external_id)}"
    assert_error(matrix.send(form, bearer, "appUser"), 403, "forbidden")


@pytest.mark.parametrize(
    "form", [f for f in FORMS if f.route.scopes == ACCOUNT_ONLY], ids=lambda form: form.label
)
def test_app_scope_key_is_403_on_account_only_routes(matrix: Matrix, form: RouteForm) -> None:
    a = matrix.world.a
    assert_error(matrix.send(form, basic(a.key)), 403, "forbidden")
    assert_error(matrix.send(form, f"Bearer {token(a.key, 'app')}"), 403, "forbidden")


# -- what app A's own callers see --------------------------------------------------------------


def _callers(matrix: Matrix, form: RouteForm) -> list[tuple[str, str, str]]:
    """(who, Authorization, scope) of every credential allowed to call `form` on app A."""
    a = matrix.world.a
    callers = []
    if form.names_app:
        callers.append(("account key", basic(matrix.fake.account_key), "account"))
    if form.route.scopes != ACCOUNT_ONLY:
        callers.append(("app key", basic(a.key), "app"))
    if form.route.scopes == ALL_SCOPES:
        bearer = f"Bearer {token(a.key, 'appUser', user_id=a.user.external_id)}"
        callers.append(("appUser token", bearer, "appUser"))
    return callers


def _rebuild(matrix: Matrix) -> None:
    """A fresh world: each call below may change state (every route, answered with 2xx)."""
    with matrix.fake.lock:
        matrix.fake.reset()
        matrix.world = build_world(matrix.fake, "http://127.0.0.1:9")


@pytest.mark.parametrize(
    "form", [f for f in FORMS if f.names_app or f.route.scopes != ACCOUNT_ONLY],
    ids=lambda form: form.label,
)  # fmt: skip
def test_app_a_callers_get_2xx_and_never_see_app_b_data(matrix: Matrix, form: RouteForm) -> None:
    for index in range(len(_callers(matrix, form))):
        _rebuild(matrix)
        who, authorization, scope = _callers(matrix, form)[index]
        response = matrix.send(form, authorization, scope)
        assert 200 <= response.status_code < 300, (who, response.status_code, response.text)


def test_app_b_markers_are_visible_to_app_b_so_the_leak_check_can_fire(matrix: Matrix) -> None:
    _rebuild(matrix)
    b = matrix.world.b
    response = matrix.client.get(
        f"{matrix.server.url}/v1.1/appusers/{b.user.id}/messages",
        headers={"Authorization": basic(b.key)},
    )
    assert response.status_code == 200
    assert "secret-of-app-B" in response.text and "secret-text-of-B" in response.text
