"""What the session start leaves for later: jsonschema, referencing, PyJWT and the OpenAPI
builder load on their first use, and work then."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

LATER = ("jsonschema", "referencing", "jwt", "smooch_mock.contract.document")
ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, sys
import httpx
import smooch_mock.testing
from smooch_mock.testing import SmoochHarness

later = {later!r}
seen = {{"import": [m for m in later if m in sys.modules]}}
with SmoochHarness.serve() as harness:
    app = harness.isolated_app()
    with httpx.Client(base_url=harness.base_url, auth=app.auth) as client:
        client.post("/v1.1/appusers", json={{"userId": "bob"}}).raise_for_status()
        posted = client.post(
            "/v1.1/appusers/bob/messages", json={{"role": "appUser", "type": "text", "text": "hi"}}
        )
        posted.raise_for_status()
        seen["valid requests"] = [m for m in later if m in sys.modules]
        invalid = client.post(
            "/v1.1/appusers/bob/messages", json={{"role": "appUser", "type": "text", "text": 5}}
        )
        seen["invalid body"] = [invalid.status_code, invalid.json()["error"]["description"]]
        seen["jsonschema after it"] = "jsonschema" in sys.modules
        document = httpx.get(harness.base_url + "/_mock/openapi.json")
        seen["openapi"] = [document.status_code, document.json()["openapi"]]
        seen["document after it"] = "smooch_mock.contract.document" in sys.modules
print(json.dumps(seen))
"""


def run_fresh() -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(later=LATER)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    seen: dict[str, Any] = json.loads(completed.stdout.splitlines()[-1])
    return seen


def test_the_session_start_loads_none_of_what_waits_for_its_first_use() -> None:
    seen = run_fresh()
    assert seen["import"] == [], "imported by `import smooch_mock.testing`"
    assert seen["valid requests"] == [], "loaded by a served Basic-auth request with a valid body"


def test_what_waits_works_on_first_use() -> None:
    seen = run_fresh()
    status, description = seen["invalid body"]
    assert status == 400
    assert "text" in description
    assert seen["jsonschema after it"] is True
    status, version = seen["openapi"]
    assert status == 200
    assert version.startswith("3.")
    assert seen["document after it"] is True
