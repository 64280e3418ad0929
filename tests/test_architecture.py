"""The house rules of the source tree, checked on every run.

- no import cycles, between modules or between packages, including imports written inside
  functions (an import under ``if TYPE_CHECKING:`` inside one package may name a type of a
  module that imports it back: nothing runs, and annotations need the name);
- imports point down the floors declared in pyproject.toml's import-linter contract, and
  the rooms of one floor do not import each other;
- no module imports another package's private (underscore) module or name; ``_internal``
  is the one private package every floor shares;
- no module is longer than 400 lines, doctests included.

Each check is a plain function over plain data, shown to fail on a small bad example first,
then run on the real tree.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = "aftersales_core"
MAX_LINES = 400
SHARED_PRIVATE = f"{PACKAGE}._internal"


class Edge(NamedTuple):
    importer: str
    target: str  # the module the import loads
    name: str  # the name taken from it ("" for a plain ``import``)
    line: int
    typing_only: bool = False  # written under ``if TYPE_CHECKING:``


# --- reading the tree ---------------------------------------------------------------------


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _imports(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement, and whether it sits under ``if TYPE_CHECKING:``."""
    pending: list[tuple[ast.AST, bool]] = [(tree, False)]
    while pending:
        node, typing_only = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, typing_only
        guarded = isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for child in ast.iter_child_nodes(node):
            in_body = guarded and child in node.body  # type: ignore[attr-defined]
            pending.append((child, typing_only or in_body))


def import_edges(modules: Mapping[str, Path]) -> Iterator[Edge]:
    """Every import of the package's own modules, wherever it is written in a file."""
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node, typing_only in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == PACKAGE:
                        yield Edge(name, alias.name, "", node.lineno, typing_only)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                if target.split(".")[0] != PACKAGE:
                    continue
                for alias in node.names:
                    submodule = f"{target}.{alias.name}"
                    if submodule in modules:
                        yield Edge(name, submodule, "", node.lineno, typing_only)
                    else:
                        yield Edge(name, target, alias.name, node.lineno, typing_only)


def unit_of(module: str) -> str:
    """The room a module belongs to: a subpackage, a top-level module, or an ``_internal`` one."""
    parts = module.split(".")
    if len(parts) == 1:
        return module
    if parts[1] == "_internal" and len(parts) > 2:
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def declared_layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (floors,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "floors"]
    return [
        [f"{PACKAGE}.{room.strip()}" for room in layer.split("|")] for layer in floors["layers"]
    ]


# --- the checks -----------------------------------------------------------------------------


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one node, or a node importing itself (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def upward_imports(edges: Iterable[Edge], layers: list[list[str]]) -> list[str]:
    """Imports from a lower floor to a higher one, or between two rooms of one floor."""
    floor = {room: i for i, layer in enumerate(layers) for room in layer}
    bad = []
    for edge in edges:
        a, b = unit_of(edge.importer), unit_of(edge.target)
        if a == b or a not in floor or b not in floor:
            continue
        if floor[b] <= floor[a]:  # a higher floor, or another room of the same one
            bad.append(f"{edge.importer}:{edge.line} imports {edge.target} ({a} -> {b})")
    return bad


def private_imports(edges: Iterable[Edge]) -> list[str]:
    """Imports of another room's underscore module or name."""
    bad = []
    for edge in edges:
        if unit_of(edge.importer) == unit_of(edge.target):
            continue
        shared = edge.target == SHARED_PRIVATE or edge.target.startswith(SHARED_PRIVATE + ".")
        inner = edge.target.split(".")[1:]
        private_module = not shared and any(part.startswith("_") for part in inner)
        private_name = edge.name.startswith("_") and edge.name != "__version__"
        if private_module or private_name:
            shown = f"{edge.target}.{edge.name}" if edge.name else edge.target
            bad.append(f"{edge.importer}:{edge.line} imports {shown}")
    return bad


def long_modules(modules: Mapping[str, Path], limit: int = MAX_LINES) -> list[str]:
    counts = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules.items()
    }
    return [f"{name}: {n} lines" for name, n in counts.items() if n > limit]


# --- each check fails on a bad example --------------------------------------------------------


def test_a_cycle_is_found_however_long_and_a_self_import_too():
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert cycles({"a": ["a"]}) == [["a"]]
    assert cycles({"a": ["b"], "b": []}) == []


def test_an_upward_import_and_an_import_within_one_floor_are_refused():
    layers = [["p.top"], ["p.left", "p.right"], ["p.bottom"]]
    edges = [
        Edge("p.bottom.x", "p.top", "", 3),
        Edge("p.left", "p.right.y", "", 4),
        Edge("p.top.z", "p.bottom", "", 5),
    ]
    assert upward_imports(edges, layers) == [
        "p.bottom.x:3 imports p.top (p.bottom -> p.top)",
        "p.left:4 imports p.right.y (p.left -> p.right)",
    ]


def test_a_private_module_or_name_of_another_room_is_refused():
    edges = [
        Edge(f"{PACKAGE}.sla.clock", f"{PACKAGE}.calendar._engine", "", 1),
        Edge(f"{PACKAGE}.sla.clock", f"{PACKAGE}.calendar", "_engine_of", 2),
        Edge(f"{PACKAGE}.sla.clock", f"{PACKAGE}.sla._engine", "", 3),
        Edge(f"{PACKAGE}.sla.clock", f"{PACKAGE}._internal.instants", "micros_of", 4),
    ]
    assert private_imports(edges) == [
        f"{PACKAGE}.sla.clock:1 imports {PACKAGE}.calendar._engine",
        f"{PACKAGE}.sla.clock:2 imports {PACKAGE}.calendar._engine_of",
    ]


def test_a_long_module_is_reported(tmp_path):
    path = tmp_path / "long.py"
    path.write_text("x = 1\n" * (MAX_LINES + 1))
    assert long_modules({"long": path}) == [f"long: {MAX_LINES + 1} lines"]
    assert long_modules({"long": path}, limit=MAX_LINES + 1) == []


def test_relative_imports_resolve_to_the_module_they_load(tmp_path):
    tree = tmp_path / "src" / PACKAGE
    (tree / "sub").mkdir(parents=True)
    (tree / "__init__.py").write_text("")
    (tree / "sub" / "__init__.py").write_text("from . import mod\n")
    (tree / "sub" / "mod.py").write_text(
        "def f():\n    from .. import other\n    from ..other import _hidden\n"
        "if TYPE_CHECKING:\n    from . import mod\n"
    )
    (tree / "other.py").write_text("")
    modules = {module_name(p, tmp_path / "src"): p for p in sorted(tree.rglob("*.py"))}
    assert sorted(import_edges(modules)) == [
        Edge(f"{PACKAGE}.sub", f"{PACKAGE}.sub.mod", "", 1),
        Edge(f"{PACKAGE}.sub.mod", f"{PACKAGE}.other", "", 2),
        Edge(f"{PACKAGE}.sub.mod", f"{PACKAGE}.other", "_hidden", 3),
        Edge(f"{PACKAGE}.sub.mod", f"{PACKAGE}.sub.mod", "", 5, typing_only=True),
    ]


# --- the real tree ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tree():
    modules = source_modules()
    return modules, list(import_edges(modules))


def test_no_module_imports_itself_back_through_others(tree):
    _modules, edges = tree
    graph: dict[str, set[str]] = {}
    for edge in edges:
        if not edge.typing_only:
            graph.setdefault(edge.importer, set()).add(edge.target)
    assert cycles(graph) == []


def test_no_two_rooms_import_each_other(tree):
    _modules, edges = tree
    graph: dict[str, set[str]] = {}
    for edge in edges:
        a, b = unit_of(edge.importer), unit_of(edge.target)
        # The top level is the front door: it re-exports every floor and nothing imports it.
        if a != b and a != PACKAGE:
            graph.setdefault(a, set()).add(b)
    assert cycles(graph) == []
    assert all(PACKAGE not in targets for targets in graph.values())


def test_imports_point_down_the_declared_floors(tree):
    modules, edges = tree
    layers = declared_layers()
    rooms = {room for layer in layers for room in layer}
    placed = {unit_of(name) for name in modules} - {PACKAGE, f"{PACKAGE}.__main__", SHARED_PRIVATE}
    assert placed - rooms == set(), "every room has a floor in pyproject.toml"
    assert upward_imports(edges, layers) == []


def test_no_room_reads_another_rooms_private_modules_or_names(tree):
    _modules, edges = tree
    assert private_imports(edges) == []


def test_no_module_is_over_400_lines(tree):
    modules, _edges = tree
    assert long_modules(modules) == []
