"""Cost of the pytest plugin: load time, the `smooch` fixture per test, the session server start.

Run: python benchmarks/plugin_overhead.py [--runs 10] [--tests 200]

Measured with bytecode, as `pip install` leaves the package (see `compiled`); the import is also
measured compiled from source, as with PYTHONDONTWRITEBYTECODE in a source checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RECORDER = """
import json, os

durations = {}

def pytest_runtest_logreport(report):
    durations[report.nodeid] = durations.get(report.nodeid, 0.0) + report.duration

def pytest_sessionfinish(session):
    with open(os.environ["BENCH_OUT"], "w") as file:
        json.dump(list(durations.values()), file)
"""

SUITE = """
import pytest

@pytest.mark.parametrize("n", range({tests}))
def test_trivial(n{fixture}):
    pass
"""

SERVER_START = """
import json, time
started = time.perf_counter()
from smooch_mock.testing import SmoochHarness
imported = time.perf_counter()
harness = SmoochHarness.serve()
served = time.perf_counter()
app = harness.isolated_app()
harness.close()
print(json.dumps({"import": imported - started, "serve": served - imported}))
"""

PLUGIN_IMPORT = """
import json, time
import pytest
started = time.perf_counter()
import pytest_smooch_mock.plugin
print(json.dumps(time.perf_counter() - started))
"""


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SMOOCH_MOCK_STRICT_CONTRACT", None)  # users run with the default (off)
    env.pop("PYTEST_ADDOPTS", None)
    return env


def compiled(env: dict[str, str], cache: Path) -> dict[str, str]:
    """`env` with Python's bytecode cache on, kept in `cache` (not in the checkout), and filled
    once: `pip install` compiles a package's modules as it installs them, so a user's session
    never compiles smooch_mock's sources; PYTHONDONTWRITEBYTECODE (a source checkout may set it)
    would make every measured interpreter compile them all again."""
    env = {**env, "PYTHONPYCACHEPREFIX": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", SERVER_START], env=env, check=True, capture_output=True)
    return env


def uncompiled(env: dict[str, str]) -> dict[str, str]:
    """`env` with no bytecode cache: every module compiled from source in each interpreter."""
    return {**env, "PYTHONDONTWRITEBYTECODE": "1"}


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def pytest_command(*options: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options]


def other_plugins_off() -> list[str]:
    """`-p no:NAME` for every installed pytest plugin but ours: their load time (seconds, for
    some) would drown the difference being measured in noise."""
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="pytest11")} - {"smooch_mock"}
    return [option for name in sorted(names) for option in ("-p", f"no:{name}")]


def plugin_load(runs: int, env: dict[str, str], others: list[str]) -> dict[str, float]:
    """(a) `pytest --collect-only` on an empty suite, with and without the plugin (interleaved)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pytest.ini").write_text("[pytest]\n")
        (root / "test_empty.py").write_text("def test_nothing():\n    pass\n")
        with_plugin, without = [], []
        for _ in range(runs):
            collect = pytest_command("--collect-only", *others)
            with_plugin.append(timed(collect, root, env))
            without.append(timed([*collect, "-p", "no:smooch_mock"], root, env))
        imports = [
            json.loads(
                subprocess.run(
                    [sys.executable, "-c", PLUGIN_IMPORT], env=env, check=True, capture_output=True
                ).stdout
            )
            for _ in range(runs)
        ]
    return {
        "with": statistics.median(with_plugin),
        "without": statistics.median(without),
        "with min": min(with_plugin),
        "without min": min(without),
        "module import": statistics.median(imports),
    }


def per_test(tests: int, env: dict[str, str]) -> dict[str, float]:
    """(b) A suite of `tests` trivial tests using `smooch`, against the same suite without it."""
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, fixture in (("plain", ""), ("smooch", ", smooch")):
            root = Path(folder) / label
            root.mkdir()
            (root / "pytest.ini").write_text("[pytest]\n")
            (root / "conftest.py").write_text(RECORDER)
            (root / "test_suite.py").write_text(SUITE.format(tests=tests, fixture=fixture))
            out = root / "durations.json"
            timed(pytest_command(), root, {**env, "BENCH_OUT": str(out)})
            durations = json.loads(out.read_text())
            results[f"{label} first"] = durations[0]
            results[f"{label} median"] = statistics.median(durations[1:])
            results[f"{label} mean"] = statistics.mean(durations[1:])
    return results


def server_start(runs: int, env: dict[str, str]) -> dict[str, float]:
    """(c) What `smooch_server` costs once per session: importing the fake, starting the server."""
    samples = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", SERVER_START], env=env, check=True, capture_output=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return {name: statistics.median(s[name] for s in samples) for name in ("import", "serve")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per measurement (median)")
    parser.add_argument("--tests", type=int, default=200, help="tests in the per-test suite")
    parser.add_argument(
        "--keep-other-plugins",
        action="store_true",
        help="measure (a) with every installed pytest plugin loaded (noisier)",
    )
    options = parser.parse_args()
    others = [] if options.keep_other_plugins else other_plugins_off()
    with tempfile.TemporaryDirectory() as cache:
        env = compiled(environment(), Path(cache))
        load = plugin_load(options.runs, env, others)
        cost = per_test(options.tests, env)
        start = server_start(max(3, options.runs // 2), env)
        source_start = server_start(max(3, options.runs // 2), uncompiled(env))

    plugins = "other plugins loaded" if options.keep_other_plugins else "other plugins off"

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:8.2f} ms"

    fixture_cost = cost["smooch median"] - cost["plain median"]
    mean_cost = cost["smooch mean"] - cost["plain mean"]
    rows = [
        ("(a) collect-only, plugin loaded (median)", ms(load["with"]), plugins),
        ("(a) collect-only, -p no:smooch_mock (median)", ms(load["without"]), ""),
        ("(a) plugin load overhead (medians)", ms(load["with"] - load["without"]), "goal < 30 ms"),
        ("(a) plugin load overhead (fastest runs)", ms(load["with min"] - load["without min"]), ""),
        ("(a) import of pytest_smooch_mock.plugin alone", ms(load["module import"]), ""),
        (f"(b) per test, {options.tests} tests: no fixture", ms(cost["plain median"]), ""),
        (f"(b) per test, {options.tests} tests: `smooch`", ms(cost["smooch median"]), ""),
        ("(b) `smooch` fixture cost per test", ms(fixture_cost), "goal < 2 ms"),
        ("(b) same, mean instead of median", ms(mean_cost), "first test excluded"),
        ("(c) first test using `smooch` (session start)", ms(cost["smooch first"]), ""),
        ("(c) import smooch_mock.testing (fresh interpreter)", ms(start["import"]), ""),
        ("(c) the same, compiled from source", ms(source_start["import"]), "no bytecode"),
        ("(c) SmoochHarness.serve() (server up)", ms(start["serve"]), ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'value':>11}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value}  {note}")


if __name__ == "__main__":
    main()
