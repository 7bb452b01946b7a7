"""Helpers shared by the HTTP tests: JWTs built by hand and the Smooch error-body check."""

from __future__ import annotations

from typing import Any

import httpx
import jwt

from smooch_mock.store.models import SecretKey


def token(key: SecretKey, scope: str = "app", user_id: str | None = None, **claims: Any) -> str:
    """An HS256 JWT with `kid`, signed by `key`, as smooch-core builds it."""
    body: dict[str, Any] = {"scope": scope, **claims}
    if user_id is not None:
        body["userId"] = user_id
    return jwt.encode(body, key.secret, algorithm="HS256", headers={"kid": key.id})


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The response is Smooch's JSON error body with this status and code; returns `error`."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["description"], str) and body["error"]["description"]
    return dict(body["error"])
