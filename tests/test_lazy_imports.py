"""What the session start leaves for later: jsonschema, referencing, PyJWT, the OpenAPI builder,
the whole v2 API (route table, handlers, payloads), the simulator and Faker, the control API's
handlers, persistence and the webhook client load on their first use, and work then."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

LATER = (
    "jsonschema",
    "referencing",
    "jwt",
    "smooch_mock.contract.document",
    "smooch_mock.api.v2.routes",
    "smooch_mock.api.v2.handlers.apps",
    "smooch_mock.api.v2.errors",
    "smooch_mock.api.v2.payloads",
    "smooch_mock.api.v2.messages_wire",
    "smooch_mock.simulation.simulator",
    "faker",
    "smooch_mock.api.control.handlers.dashboard",
    "smooch_mock.persistence",
    "smooch_mock.webhooks.http_client",
    "smooch_mock.webhooks.chaos",
)
V2_FIRST_USE = ("smooch_mock.api.v2.routes", "smooch_mock.api.v2.errors")
ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import http.server, json, sys, threading
import httpx
import smooch_mock.testing
from smooch_mock.testing import SmoochHarness

class Target(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

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
        # v2's first contact is an unversioned path: /oauth belongs to v2 before v2 is loaded.
        oauth = httpx.get(harness.base_url + "/oauth/authorize")
        seen["oauth first"] = [oauth.status_code, sorted(oauth.json())]
        seen["v2 after it"] = [m for m in {v2_first_use!r} if m in sys.modules]
        v2_app = client.get("/v2/apps/" + app.app_id)
        seen["v2 app"] = [v2_app.status_code, v2_app.json()["app"]["id"] == app.app_id]
        user = harness.fake.simulate.end_user(app.app_id, "sue")[0]
        seen["simulated user"] = user.external_id
        target = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Target)
        threading.Thread(target=target.serve_forever, daemon=True).start()
        hook = {{"target": f"http://127.0.0.1:{{target.server_port}}/hook"}}
        client.post("/v1.1/webhooks", json=hook).raise_for_status()
        client.post(
            "/v1.1/appusers/bob/messages", json={{"role": "appUser", "type": "text", "text": "hi"}}
        ).raise_for_status()
        delivered = harness.watcher.wait_until(
            lambda: [d.state for d in app.deliveries() if d.state != "pending"] or None, 30
        )
        seen["delivery"] = delivered
print(json.dumps(seen))
"""


def run_fresh() -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(later=LATER, v2_first_use=V2_FIRST_USE)],
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
    status, keys = seen["oauth first"]
    assert 400 <= status < 500 and keys == ["errors"], "v2's error body, from v2 loaded then"
    assert seen["v2 after it"] == list(V2_FIRST_USE)
    assert seen["v2 app"] == [200, True]
    assert seen["simulated user"] == "sue"
    assert seen["delivery"] == ["delivered"]
