#!/usr/bin/env bash
# A wheel of this checkout, installed non-editable into a brand-new venv, validates a payload
# with its packaged schemas, ships the OpenAPI document, installs only the project's own top-level
# names and loads its pytest plugin, also in user projects with a pytest_plugin of their own (run
# from outside the checkout).
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

# Only names the project owns at the top level: a generic one (pytest_plugin) would collide with
# a user's own module of that name and break their whole test run.
top_level = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
assert top_level == {"smooch_mock", "pytest_smooch_mock"}, sorted(top_level)
print(f"top-level names: {sorted(top_level)}")
PY

echo "+ fresh venv, non-editable install of $(basename "$wheel")[pytest]"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel[pytest]"

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

echo "+ the pytest11 entry point smooch_mock loads from the installed package"
"$work/venv/bin/python" - "$work/venv" <<'PY'
import sys
from importlib.metadata import entry_points
from pathlib import Path

[entry_point] = entry_points(group="pytest11", name="smooch_mock")
plugin = entry_point.load()
assert Path(sys.argv[1]).resolve() in Path(plugin.__file__).resolve().parents, plugin.__file__
assert not entry_point.module.startswith("pytest_plugin"), entry_point
print(f"ok: {entry_point.value} from {plugin.__file__}")
PY

# A user's project with its own pytest_plugin.py, then one with its own pytest_plugin/ package:
# each runs its tests with the smooch fixture.
for layout in module package; do
  echo "+ a user project with its own pytest_plugin ($layout) runs its tests with the smooch fixture"
  project="$work/project-$layout"
  mkdir -p "$project"
  fixture='import pytest

@pytest.fixture
def greeting():
    return "hi"
'
  if [ "$layout" = module ]; then
    printf '%s' "$fixture" >"$project/pytest_plugin.py"
  else
    mkdir -p "$project/pytest_plugin"
    printf '%s' "$fixture" >"$project/pytest_plugin/__init__.py"
  fi
  printf 'pytest_plugins = ["pytest_plugin"]\n' >"$project/conftest.py"
  cat >"$project/test_bot.py" <<'PY'
def test_the_user_writes(smooch, greeting):
    smooch.user_writes(greeting, user="ann")
    assert [message["text"] for message in smooch.messages("ann")] == ["hi"]
PY
  (cd "$project" && "$work/venv/bin/python" -m pytest -q -p no:cacheprovider)
done
