"""The official Python SDK (`smooch` 5.x) pointed at a fake: ApiClients with own credentials."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import smooch


class CredentialedApiClient(smooch.ApiClient):  # type: ignore[misc]  # the SDK is untyped
    """An `smooch.ApiClient` that sends its own `Authorization` header.

    The SDK reads credentials from a process-wide singleton on every call; this client ignores
    it, so two clients with different keys (or tests running side by side) never interfere.
    """

    def __init__(self, host: str, authorization: str) -> None:
        super().__init__(host=host)
        self.authorization = authorization

    def update_params_for_auth(
        self, headers: dict[str, str], querys: list[tuple[str, str]], auth_settings: list[str]
    ) -> None:
        if auth_settings:
            headers["Authorization"] = self.authorization


@contextmanager
def basic_credentials(key_id: str, secret: str) -> Iterator[Any]:
    """Set `smooch.configuration`'s Basic credentials for the block; restore them after.

    A JWT set in the configuration would win over Basic auth, so it is cleared meanwhile.
    """
    configuration = smooch.configuration
    saved = (configuration.username, configuration.password, dict(configuration.api_key))
    configuration.username, configuration.password = key_id, secret
    configuration.api_key.pop("Authorization", None)
    try:
        yield configuration
    finally:
        configuration.username, configuration.password = saved[0], saved[1]
        configuration.api_key.clear()
        configuration.api_key.update(saved[2])
