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
"$work/venv/bin/python" - "$work/venv" "$repo/tests/data/seed-message-appUser.json" <<'PY'
import json
import sys
from pathlib import Path

import smooch_mock
from smooch_mock.contract.openapi import shipped_openapi
from smooch_mock.schemas import SchemaValidationError, schema_folder, validate

venv = Path(sys.argv[1]).resolve()
assert venv in Path(smooch_mock.__file__).resolve().parents, smooch_mock.__file__
assert str(schema_folder()).endswith("schema_files"), schema_folder()

# The seed document's example message:appUser payload, as the tests use it.
payload = json.loads(Path(sys.argv[2]).read_text())
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
