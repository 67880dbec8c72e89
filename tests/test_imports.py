"""The package's import graph, read from the source with `ast`: no circles, and no stage
importing a later one. The stage order is declared here, once."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "datarights"

# Earliest first; a module may import its own stage and any earlier one. Stages on one line
# are peers: neither may import the other. `compare` reads clause frames (read) and the
# playbook rates its change types; `report` renders enforcement runs and audits too, so it
# comes after them.
STAGES: tuple[tuple[str, ...], ...] = (
    ("errors", "markup"),
    ("model",),
    ("workers",),
    ("ingest",),
    ("structure",),
    ("read",),
    ("compare",),
    ("detect",),
    ("evaluate",),
    ("stack",),
    ("assess",),
    ("pipeline",),
    ("redline",),
    ("policy",),
    ("enforce",),
    ("audit",),
    ("report",),
    ("store",),
    ("web",),
    ("cli",),
    ("__main__",),
)
RANK = {stage: rank for rank, peers in enumerate(STAGES) for stage in peers}


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    line: int
    at_module_level: bool
    type_only: bool  # under `if TYPE_CHECKING:` — never executed


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _resolve(importer: str, node: ast.ImportFrom) -> list[str]:
    if node.level:
        base = importer.split(".")
        if not _is_package(importer):
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    # `from package import module` imports the module; `from module import name` the module.
    found = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in MODULES]
    return found if len(found) == len(node.names) else [module, *found]


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def edges_of(name: str, path: Path) -> Iterator[Edge]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def walk(node: ast.AST, top: bool, type_only: bool) -> Iterator[Edge]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Edge(name, alias.name, child.lineno, top, type_only)
            elif isinstance(child, ast.ImportFrom):
                for target in _resolve(name, child):
                    yield Edge(name, target, child.lineno, top, type_only)
            elif isinstance(child, ast.If) and _type_checking(child.test):
                yield from walk(child, top, True)
            else:
                inner = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                yield from walk(child, top and not inner, type_only)

    for edge in walk(tree, True, False):
        if edge.target == PACKAGE or edge.target.startswith(PACKAGE + "."):
            yield edge


def _known(target: str) -> str | None:
    """The module an import names, or the nearest package that exists."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def graph() -> dict[str, list[Edge]]:
    """Runtime imports (module- and function-level alike: a function's import runs too), each
    also importing the packages around its target that the importer is not already inside."""
    result: dict[str, list[Edge]] = {name: [] for name in MODULES}
    for name, path in MODULES.items():
        for edge in edges_of(name, path):
            target = _known(edge.target)
            if target is None or edge.type_only:
                continue
            parts = target.split(".")
            for depth in range(2, len(parts) + 1):
                around = ".".join(parts[:depth])
                if around != name and not name.startswith(around + "."):
                    result[name].append(Edge(name, around, edge.line, edge.at_module_level, False))
    return result


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def cycles(edges: dict[str, list[Edge]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for edge in edges.get(node, []):
            if edge.target not in index:
                visit(edge.target)
                low[node] = min(low[node], low[edge.target])
            elif edge.target in on_stack:
                low[node] = min(low[node], index[edge.target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_module_has_a_stage() -> None:
    stages = {stage_of(m) for m in MODULES} - {"__init__"}
    assert stages <= set(RANK), f"declare these stages in STAGES: {sorted(stages - set(RANK))}"


def test_no_import_circles() -> None:
    assert cycles(graph()) == []


def test_no_stage_imports_a_later_one() -> None:
    """Type-only imports count too: a later stage's type in an earlier one is a back arrow all the same."""
    backwards = []
    for name, path in MODULES.items():
        if stage_of(name) == "__init__":
            continue
        for edge in edges_of(name, path):
            target = _known(edge.target)
            if target is None or stage_of(target) == "__init__":
                continue
            if RANK[stage_of(target)] > RANK[stage_of(name)]:
                backwards.append(f"{name}:{edge.line} imports {target}")
            elif RANK[stage_of(target)] == RANK[stage_of(name)] and stage_of(target) != stage_of(name):
                backwards.append(f"{name}:{edge.line} imports its peer {target}")
    assert backwards == []


def test_the_walk_sees_what_python_sees(tmp_path: Path) -> None:
    """The walk itself: relative, function-level and TYPE_CHECKING imports are all read."""
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from datarights.model import Document\n"
        "from . import workers\n"
        "if TYPE_CHECKING:\n"
        "    from datarights.web.app import create_app\n"
        "def f() -> None:\n"
        "    import datarights.cli.main\n",
        encoding="utf-8",
    )
    found = {(e.target, e.at_module_level, e.type_only) for e in edges_of("datarights.sample", source)}
    assert found == {
        ("datarights.model", True, False),
        ("datarights.workers", True, False),
        ("datarights.web.app", True, True),
        ("datarights.cli.main", False, False),
    }
    loop = {
        "a": [Edge("a", "b", 1, True, False)],
        "b": [Edge("b", "c", 1, False, False)],
        "c": [Edge("c", "a", 1, True, False)],
    }
    assert cycles(loop) == [["a", "b", "c"]]
