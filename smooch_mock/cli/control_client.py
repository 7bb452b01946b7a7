"""A small stdlib HTTP client for the fake's `/_mock/` control API, used by CLI commands."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

DEFAULT_URL = "http://127.0.0.1:8080"


class ControlError(Exception):
    """The fake answered with an error, or could not be reached."""


class ControlClient:
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def get(self, path: str) -> Any:
        return self._call("GET", path, None)

    def post(self, path: str, body: Any = None) -> Any:
        return self._call("POST", path, {} if body is None else body)

    def put(self, path: str, body: Any) -> Any:
        return self._call("PUT", path, body)

    def delete(self, path: str) -> Any:
        return self._call("DELETE", path, None)

    def default_app_id(self) -> str:
        """The only app on the server; ambiguous with several."""
        apps = self.get("/_mock/apps")["apps"]
        if len(apps) != 1:
            names = ", ".join(f"{a['_id']} ({a['name']})" for a in apps) or "none"
            raise ControlError(f"give --app: the server has {len(apps)} apps: {names}")
        return str(apps[0]["_id"])

    def _call(self, method: str, path: str, body: Any) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            try:
                detail = json.loads(error.read())["error"]["description"]
            except (ValueError, KeyError, TypeError):
                detail = error.reason
            raise ControlError(f"{method} {path}: {error.code} {detail}") from error
        except (urllib.error.URLError, OSError) as error:
            raise ControlError(f"cannot reach smooch-mock at {self.base_url}: {error}") from error
