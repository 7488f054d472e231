"""The engine's layers: a pure core that imports no edge, and no import cycle anywhere.

Parsed with `ast`, so the test sees every import, including those inside functions (a lazy
import still ties two modules together).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "claimlab"

#: Modules that render, drive a UI or a build, or talk to a person: they may import the core.
EDGES = {
    "render", "widgets", "memo_widget", "display", "figures", "class_page", "chapter", "cli",
    "newmodule",
}
EDGE_PREFIXES = ("sphinx_",)
#: Libraries only an edge may use.
EDGE_LIBRARIES = {
    "jinja2",
    "markupsafe",
    "ipywidgets",
    "matplotlib",
    "sphinx",
    "docutils",
    "IPython",
    "myst_parser",
    "myst_nb",
}


def is_edge(name: str) -> bool:
    return name in EDGES or name.startswith(EDGE_PREFIXES)


def module_names() -> list[str]:
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts) if parts else "__init__")
    return names


def _path(name: str) -> Path:
    if name == "__init__":
        return SRC / "__init__.py"
    candidate = SRC.joinpath(*name.split(".")).with_suffix(".py")
    return candidate if candidate.exists() else SRC.joinpath(*name.split("."), "__init__.py")


def imports_of(name: str) -> tuple[set[str], set[str]]:
    """(claimlab modules, third-party top-level packages) that `name` imports."""
    path = _path(name)
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    if name == "__init__":
        package = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    known = set(module_names())
    internal: set[str] = set()
    external: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top == "claimlab":
                    internal.add(".".join(alias.name.split(".")[1:]) or "__init__")
                else:
                    external.add(top)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.split(".")[0] == "claimlab":
                target = ".".join(node.module.split(".")[1:])
            else:
                external.add((node.module or "").split(".")[0])
                continue
            # `from . import x` and `from .pkg import mod` name modules, not attributes.
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                if sub in known:
                    internal.add(sub)
                    break
            else:
                internal.add(target or "__init__")
    internal.discard(name)
    return internal, external


def import_graph() -> dict[str, set[str]]:
    return {name: imports_of(name)[0] for name in module_names()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_the_engine():
    graph = import_graph()
    # A parser that saw nothing would pass every check below; these edges are certain.
    assert "check" in graph["render"]
    assert "model" in graph["load"] or any(n.startswith("loading") for n in graph["load"])
    assert "render" in graph["widgets"]
    assert "errors" in graph["check"]


def test_no_import_cycles():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("name", [n for n in module_names() if not is_edge(n.split(".")[0])])
def test_core_module_imports_no_edge(name):
    internal, external = imports_of(name)
    edges = sorted(m for m in internal if is_edge(m.split(".")[0]))
    libraries = sorted(external & EDGE_LIBRARIES)
    assert not edges, f"core module {name} imports edge modules {edges}"
    assert not libraries, f"core module {name} imports edge libraries {libraries}"


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
