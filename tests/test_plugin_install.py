"""Installed names: a user's own `pytest_plugin` never shadows ours; a checkout exposes no more."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import checkout_paths
import pytest

USER_FIXTURE = """
import pytest

@pytest.fixture
def greeting():
    return "hello from the user's pytest_plugin"
"""

USER_TEST = """
import sys
from pathlib import Path

def test_both_plugins_serve_the_test(smooch, greeting):
    assert Path(sys.modules["pytest_plugin"].__file__).is_relative_to(Path.cwd())
    smooch.user_writes(greeting, user="ann")
    [message] = smooch.messages("ann")
    assert message["text"] == greeting
"""


@pytest.fixture
def user_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A user's project that runs pytest with smooch-mock installed (this checkout's copy)."""
    monkeypatch.setenv("PYTHONPATH", checkout_paths.PYTHONPATH)
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makeconftest('pytest_plugins = ["pytest_plugin"]')
    pytester.makepyfile(test_bot=USER_TEST)
    return pytester


def test_a_project_with_its_own_pytest_plugin_module_gets_the_smooch_fixture(
    user_project: pytest.Pytester,
) -> None:
    user_project.makepyfile(pytest_plugin=USER_FIXTURE)
    # A subprocess, as a user runs it: the project's folder comes first on sys.path while
    # pytest loads the installed plugins.
    user_project.runpytest_subprocess().assert_outcomes(passed=1)


def test_a_project_with_its_own_pytest_plugin_package_gets_the_smooch_fixture(
    user_project: pytest.Pytester,
) -> None:
    package = user_project.mkpydir("pytest_plugin")
    (package / "__init__.py").write_text(USER_FIXTURE)
    user_project.runpytest_subprocess().assert_outcomes(passed=1)


def test_an_installed_pytest_plugin_package_beside_ours_leaves_both_loaded(
    user_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As with pytest-dbt-conventions 0.1.0: another distribution installs a top-level
    `pytest_plugin` package and registers it as a pytest plugin of its own."""
    site = user_project.mkdir("site")
    (site / "pytest_plugin").mkdir()
    (site / "pytest_plugin" / "__init__.py").write_text(USER_FIXTURE)
    dist_info = site / "other-0.1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: other\nVersion: 0.1.0\n")
    (dist_info / "entry_points.txt").write_text("[pytest11]\nother = pytest_plugin\n")
    user_project.makeconftest("")  # the entry point registers it, not the conftest
    user_project.makepyfile(test_bot=USER_TEST.replace("Path.cwd()", "Path.cwd() / 'site'"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), checkout_paths.PYTHONPATH]))
    user_project.runpytest_subprocess().assert_outcomes(passed=1)


def installed_distribution() -> metadata.Distribution:
    try:
        return metadata.distribution("smooch-mock")
    except metadata.PackageNotFoundError:
        pytest.skip("smooch-mock is not installed in this environment")


def test_the_installed_entry_point_is_this_checkouts_and_loads() -> None:
    tomllib = pytest.importorskip("tomllib")
    declared = tomllib.loads((checkout_paths.ROOT / "pyproject.toml").read_text())["project"]
    [entry_point] = [
        entry_point
        for entry_point in installed_distribution().entry_points
        if entry_point.group == "pytest11"
    ]
    assert entry_point.name == "smooch_mock"  # what `-p no:smooch_mock` names
    assert entry_point.value == declared["entry-points"]["pytest11"]["smooch_mock"], (
        "the installed metadata is stale: reinstall with pip install -e '.[test]'"
    )
    assert entry_point.module.split(".")[0] != "pytest_plugin"
    assert hasattr(entry_point.load(), "pytest_configure")


PROBE = """
import importlib.util, json, sys
names = sys.argv[1:]
print(json.dumps({name: importlib.util.find_spec(name) is not None for name in names}))
"""


def test_an_installed_checkout_makes_only_its_own_packages_importable(tmp_path: Path) -> None:
    installed_distribution()
    names = ["smooch_mock", "pytest_smooch_mock", "tests", "benchmarks", "docs", "pytest_plugin"]
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no PYTHONPATH
    found = subprocess.run(
        [sys.executable, "-c", PROBE, *names],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(found) == {
        "smooch_mock": True,
        "pytest_smooch_mock": True,
        "tests": False,
        "benchmarks": False,
        "docs": False,
        "pytest_plugin": False,
    }
