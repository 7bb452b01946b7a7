"""The package's import graph keeps its shape: a core that knows no edge, one package per API.

Every `import` counts: at module level, inside functions and under `TYPE_CHECKING`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "smooch_mock"
FACADE = "smooch_mock"
"""`smooch_mock/__init__.py` names the public classes for type checkers and imports each one on
first use; its own imports are no dependency of anything else."""
FAKE_IMPORTERS = (
    "smooch_mock.http.server",
    "smooch_mock.http.inprocess",
    "smooch_mock.cli.",
    "smooch_mock.persistence.",
)
"""Besides the façade and the testing toolkit, the only modules that may import `fake.py`: the
edges that serve or keep a whole fake (the aiohttp app, the httpx bridge, the CLI, `--state`)."""
TYPE_ONLY_PAIRS = {
    frozenset({"smooch_mock.http.call", "smooch_mock.http.router"}): (
        "a route holds a handler of calls; a call knows the routes it was matched against"
    ),
    frozenset({"smooch_mock.testing.app", "smooch_mock.testing.harness"}): (
        "the harness hands out isolated apps; an app knows the harness it came from"
    ),
}
"""Two modules of one package that name each other's types: the only cycles allowed."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_names(module: str, path: Path) -> Iterator[str]:
    """The full name of everything `module` imports, wherever the import statement is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            yield from (f"{base}.{alias.name}" for alias in node.names)


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Module → the modules it imports: ours (the module a name is in) and third-party ones."""
    known = modules()
    graph = {}
    for module, path in known.items():
        targets = set()
        for name in imported_names(module, path):
            if name == FACADE or name.startswith(FACADE + "."):
                while name not in known:
                    name = name.rpartition(".")[0]
            if name != module:
                targets.add(name)
        graph[module] = frozenset(targets)
    return graph


def imports_of(prefix: str) -> Iterator[tuple[str, str]]:
    for module, targets in import_graph().items():
        if module == prefix or module.startswith(prefix + "."):
            for target in targets:
                yield module, target


def under(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def test_the_graph_sees_imports_in_functions_and_under_type_checking() -> None:
    graph = import_graph()
    assert "smooch_mock.http.call" in graph["smooch_mock.http.router"]  # TYPE_CHECKING
    assert "smooch_mock.testing.app" in graph["smooch_mock.testing.harness"]  # in a function
    assert "jwt" in graph["smooch_mock.http.auth"]


def test_the_store_imports_no_api_no_transport_no_webhooks() -> None:
    edges = [
        (module, target)
        for module, target in imports_of("smooch_mock.store")
        if under(target, "smooch_mock.api", "smooch_mock.http", "smooch_mock.webhooks", "aiohttp")
    ]
    assert not edges, edges


def test_the_store_names_no_trigger_of_any_generation() -> None:
    """Events name what happened; each API maps them to its own trigger names."""
    from smooch_mock.api.v1.triggers import TRIGGERS_V1, TRIGGERS_V1_1

    # `conversation:read` is also the name of the read activity both generations post.
    trigger_names = {t for t in (*TRIGGERS_V1, *TRIGGERS_V1_1) if ":" in t} - {"conversation:read"}
    named = {
        (module, node.value)
        for module, path in modules().items()
        if module.startswith("smooch_mock.store")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant) and node.value in trigger_names
    }
    assert trigger_names and named == set()


V2_OBJECT_KEYS = frozenset({
    "signedUpAt", "toBeRetained", "identities", "lastSeen", "linkedAt", "pushNotificationToken",
    "guid", "isDefault", "lastUpdatedAt", "businessLastRead", "clientAssociations",
    "userExternalId", "unreadCount", "lastRead", "received", "quotedMessage", "mediaUrl",
    "textFallback", "includeFullUser", "includeFullSource", "activeSwitchboardIntegration",
    "pendingSwitchboardIntegration",
})  # fmt: skip
"""Keys that only the rendering of a v2 user, client, device, conversation, participant,
message or webhook writes."""


def test_the_faker_renders_v2_objects_only_through_the_apis_wire_shapes() -> None:
    """The provider draws store models and renders them with `api/v2/*_wire.py`: spelling an
    object's keys itself is how it would drift from what the API answers."""
    spelled = {
        (module, node.value)
        for module, path in modules().items()
        if module.startswith("smooch_mock.faker.v2_")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant) and node.value in V2_OBJECT_KEYS
    }
    assert spelled == set()
    rendered_with = {
        target
        for module, targets in import_graph().items()
        if module.startswith("smooch_mock.faker.v2_")
        for target in targets
    }
    for wire in ("users_wire", "conversations_wire", "messages_wire", "integrations_wire"):
        assert any(target.endswith(f"api.v2.{wire}") for target in rendered_with), wire


def test_the_transport_imports_no_api_package() -> None:
    # The route tables reach the router as data, from whoever builds it (fake.py).
    edges = [(m, t) for m, t in imports_of("smooch_mock.http") if under(t, "smooch_mock.api")]
    assert not edges, edges


def test_the_webhook_engine_asks_each_generation_for_its_payloads() -> None:
    edges = [(m, t) for m, t in imports_of("smooch_mock.webhooks") if under(t, "smooch_mock.api")]
    assert not edges, edges


def test_a_generation_knows_no_other_api() -> None:
    generations = sorted(
        name for name in modules() if name.startswith("smooch_mock.api.v") and name.count(".") == 2
    )
    assert generations == ["smooch_mock.api.v1", "smooch_mock.api.v2"]
    for generation in generations:
        foreign = [
            (module, target)
            for module, target in imports_of(generation)
            if under(target, "smooch_mock.api") and not under(target, generation)
        ]
        assert not foreign, foreign


def test_only_the_outer_edges_import_the_fake() -> None:
    importers = sorted(
        module
        for module, targets in import_graph().items()
        if "smooch_mock.fake" in targets
        and module != FACADE
        and not under(module, "smooch_mock.testing")
        and not module.startswith(FAKE_IMPORTERS)
    )
    assert not importers, importers


def cycles(graph: dict[str, frozenset[str]]) -> list[frozenset[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, frozenset()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_back_through_others() -> None:
    graph = {
        module: targets if module != FACADE else frozenset()
        for module, targets in import_graph().items()
    }
    found = cycles(graph)
    assert not [group for group in found if group not in TYPE_ONLY_PAIRS], [
        sorted(group) for group in found
    ]
    assert set(found) == set(TYPE_ONLY_PAIRS), "a listed cycle is gone: remove it from the list"


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"})}, ["a b c"]),
        ({"a": frozenset({"b"}), "b": frozenset(), "c": frozenset({"a"})}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(
    graph: dict[str, frozenset[str]], expected: list[str]
) -> None:
    assert [" ".join(sorted(group)) for group in cycles(graph)] == expected
