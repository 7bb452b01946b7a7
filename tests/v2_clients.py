"""The official v2 clients pointed at a real fake: configured only through host and credentials."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pytest
import sunshine_conversations_client as sunco
from sunshine_conversations_client import exceptions as errors

from smooch_mock.fake import FakeSmooch
from smooch_mock.http.auth import sign_jwt
from smooch_mock.server import ServerThread
from smooch_mock.store.models import SecretKey

Scheme = Literal["basic", "jwt"]
CREDENTIALS: list[tuple[Scheme, str]] = [
    ("basic", "account"),
    ("jwt", "account"),
    ("basic", "app"),
    ("jwt", "app"),
]


def configured_client(url: str, key: SecretKey | None, scheme: Scheme = "basic") -> sunco.ApiClient:
    """An `ApiClient` for the fake at `url`, as its README configures one for another host."""
    if key is None:
        return sunco.ApiClient(sunco.Configuration(host=url))
    if scheme == "basic":
        config = sunco.Configuration(host=url, username=key.id, password=key.secret)
    else:
        config = sunco.Configuration(host=url, access_token=sign_jwt(key, key.scope))
    return sunco.ApiClient(config)


@dataclass
class V2Clients:
    """Makes configured clients for one fake."""

    fake: FakeSmooch
    url: str

    def client(self, key: SecretKey | None, scheme: Scheme = "basic") -> sunco.ApiClient:
        return configured_client(self.url, key, scheme)

    def account(self, scheme: Scheme = "basic") -> sunco.ApiClient:
        return self.client(self.fake.account_key, scheme)


@pytest.fixture
def v2_clients(server: ServerThread, fake: FakeSmooch) -> V2Clients:
    """Official Python v2 clients for the test's fake server on 127.0.0.1."""
    return V2Clients(fake, server.url)


def error_of(call: Callable[[], Any], exception: type[errors.ApiException]) -> dict[str, Any]:
    """Run a client call that must fail with `exception`; its body must be the v2 error body."""
    with pytest.raises(exception) as caught:
        call()
    body: dict[str, Any] = json.loads(caught.value.body)
    assert set(body) == {"errors"}, body
    assert len(body["errors"]) == 1, body
    (entry,) = body["errors"]
    assert set(entry) == {"code", "title"} and entry["title"], body
    assert caught.value.headers["content-type"].startswith("application/json")
    return dict(entry)
