#!/usr/bin/env bash
# A wheel of this checkout, installed non-editable into a brand-new venv, validates a payload
# with its packaged schemas and ships the OpenAPI document (run from outside the checkout).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "+ pip wheel --no-deps $repo -w $work/dist"
"$python" -m pip wheel --quiet --no-deps "$repo" -w "$work/dist"
wheel="$(ls "$work"/dist/smooch_mock-*.whl)"

echo "+ the wheel carries the schemas and the OpenAPI document"
"$python" - "$wheel" <<'PY'
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
schemas = [n for n in names if n.startswith("smooch_mock/schema_files/") and n.endswith(".json")]
assert "smooch_mock/contract/openapi.json" in names, "openapi.json missing from the wheel"
assert "smooch_mock/schema_files/webhooks/v1/message-appUser.json" in names, "schemas missing"
print(f"{len(schemas)} schema files, smooch_mock/contract/openapi.json")
PY

echo "+ fresh venv, non-editable install of $(basename "$wheel")"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel"

echo "+ from smooch_mock.schemas import validate; validate(<seed payload>, 'webhooks/v1/message-appUser')"
cd "$work"
"$work/venv/bin/python" - "$work/venv" <<'PY'
import sys
from pathlib import Path

import smooch_mock
from smooch_mock.contract.openapi import shipped_openapi
from smooch_mock.schemas import SchemaValidationError, schema_folder, validate

venv = Path(sys.argv[1]).resolve()
assert venv in Path(smooch_mock.__file__).resolve().parents, smooch_mock.__file__
assert str(schema_folder()).endswith("schema_files"), schema_folder()

# The 2016 docs' message:appUser payload (shared/seed), as tests/test_schemas.py holds it.
payload = {
    "trigger": "message:appUser",
    "app": {"_id": "5698edbf2a43bd081be982f1"},
    "messages": [
        {
            "_id": "55c8c1498590aa1900b9b9b1",
            "text": "Hi! Do you have time to chat?",
            "role": "appUser",
            "authorId": "c7f6e6d6c3a637261bd9656f",
            "name": "Steve",
            "received": 1444348338.704,
            "metadata": {},
            "actions": [],
            "source": {"type": "messenger"},
        }
    ],
    "appUser": {
        "_id": "c7f6e6d6c3a637261bd9656f",
        "userId": "bob@example.com",
        "properties": {},
        "signedUpAt": "2015-10-06T03:38:02.346Z",
        "clients": [
            {
                "active": True,
                "appVersion": "1.0",
                "id": "5A7F8343-DF41-46A8-96EC-8583FCB422FB",
                "lastSeen": "2016-03-09T19:09:01.431Z",
                "platform": "ios",
                "pushNotificationToken": "<...>",
                "info": {
                    "appName": "ShellApp",
                    "devicePlatform": "x86_64",
                    "os": "iPhone OS",
                    "osVersion": "9.2",
                },
            }
        ],
    },
}
validate(payload, "webhooks/v1/message-appUser")
try:
    validate({**payload, "messages": []}, "webhooks/v1/message-appUser")
except SchemaValidationError as error:
    print(f"a broken payload is refused: {error}")
else:
    raise SystemExit("an empty messages array was accepted")
document = shipped_openapi()
assert document["openapi"] == "3.1.0" and document["paths"], "shipped OpenAPI document broken"
print(f"ok: {smooch_mock.__file__}; openapi {len(document['paths'])} paths")
PY
