"""The engine's layers, read from its folders: a pure core that imports no edge, no import cycle
between modules or between folders, and each folder keeping to what its `__init__.py` says it may
import.

Parsed with `ast`, so the test sees every import, including those inside functions (a lazy
import still ties two modules together).
"""

from __future__ import annotations

import ast
import importlib
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "claimlab"

#: The core: pure and typed, no UI, no rendering, no build. Each is a folder of src/claimlab.
CORE = {"module", "keeping", "grading", "classroom"}
#: The edges: they render, drive a UI or a build, or serve an author. They may import the core.
EDGES = {"pages", "kernel", "book", "authoring"}
#: At the package's top every module is core (the public API and the edition switch), except the
#: command line: the outermost edge, which may import anything and which nothing imports.
COMMAND_LINE = "cli"
MAX_TOP_MODULES = 6
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
#: The paths the README documents, kept where the code moved; each re-exports its whole module.
DOCUMENTED_PATHS = {"submission": "keeping.submission", "drafting": "grading.drafting"}


def folders() -> set[str]:
    """The subpackages at the top of src/claimlab."""
    return {p.parent.name for p in SRC.glob("*/__init__.py")}


def top_modules() -> set[str]:
    return {p.stem for p in SRC.glob("*.py")}


def module_names() -> list[str]:
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts) if parts else "__init__")
    return names


def layer(name: str) -> str:
    """The folder a module is in, or the module's own name at the package's top."""
    return name.split(".")[0]


def is_edge(name: str) -> bool:
    return layer(name) in EDGES or layer(name) == COMMAND_LINE


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


def layer_graph() -> dict[str, set[str]]:
    """Folder (or top-level module) -> the other folders and top-level modules it imports."""
    graph: dict[str, set[str]] = {}
    for name, imported in import_graph().items():
        graph.setdefault(layer(name), set()).update(layer(m) for m in imported)
    return {node: targets - {node} for node, targets in graph.items()}


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


def declaration(folder: str) -> tuple[str, set[str]]:
    """What a folder's `__init__.py` says: ("Core" or "Edge", the folders it may import)."""
    doc = ast.get_docstring(ast.parse((SRC / folder / "__init__.py").read_text("utf-8"))) or ""
    found = re.search(r"^(Core|Edge)\. May import: (.+?)\.?$", doc, re.M)
    assert found, f"{folder}/__init__.py does not say 'Core. May import: ...' or 'Edge. ...'"
    allowed = found[2].strip()
    if allowed.startswith("nothing"):
        return found[1], set()
    return found[1], {word.strip() for word in allowed.split(",")}


# --- the test reads what it thinks it reads --------------------------------------------------


def test_the_graph_sees_the_engine():
    graph = import_graph()
    # A parser that saw nothing would pass every check below; these edges are certain.
    assert "grading.check" in graph["pages.render"]
    assert "module.loading.key" in graph["module.load"]
    assert "pages.render" in graph["kernel.widgets"]
    assert "module.errors" in graph["grading.check"]
    assert "kernel.chapter" in graph["book.build"]  # a lazy import, inside a function


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_rules_catch_a_core_module_that_imports_an_edge(tmp_path, monkeypatch):
    """The same rules, run on a copy of the engine with one forbidden import added, fail."""
    copy = tmp_path / "claimlab"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    check = copy / "grading" / "check.py"
    check.write_text(check.read_text("utf-8") + "\nfrom ..pages import render\n", "utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", copy)
    with pytest.raises(AssertionError, match=r"grading\.check imports"):
        test_each_folder_says_what_it_holds_and_keeps_to_what_it_may_import("grading")
    with pytest.raises(AssertionError, match=r"core module grading\.check imports edge"):
        test_core_module_imports_no_edge("grading.check")
    with pytest.raises(AssertionError, match="import cycle"):
        test_no_import_cycles()  # pages.render imports grading.check
    with pytest.raises(AssertionError, match="folders import each other"):
        test_no_cycle_between_folders()


# --- the layout ------------------------------------------------------------------------------


def test_at_most_six_modules_at_the_top():
    assert len(top_modules()) <= MAX_TOP_MODULES, sorted(top_modules())
    assert COMMAND_LINE in top_modules()


def test_every_folder_is_core_or_edge():
    assert not CORE & EDGES
    assert folders() == CORE | EDGES, "a new folder must be placed in CORE or EDGES"


@pytest.mark.parametrize("folder", sorted(CORE | EDGES))
def test_each_folder_says_what_it_holds_and_keeps_to_what_it_may_import(folder):
    kind, allowed = declaration(folder)
    assert kind == ("Core" if folder in CORE else "Edge"), folder
    assert allowed <= folders() | top_modules(), f"{folder} names unknown folders {allowed}"
    for name in module_names():
        if layer(name) != folder:
            continue
        outside = {layer(m) for m in imports_of(name)[0]} - {folder}
        assert outside <= allowed, (
            f"{name} imports {sorted(outside - allowed)}: {folder}/__init__.py does not allow it"
        )


def test_no_import_cycles():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_cycle_between_folders():
    cycle = find_cycle(layer_graph())
    assert cycle is None, "folders import each other: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("name", [n for n in module_names() if not is_edge(n)])
def test_core_module_imports_no_edge(name):
    internal, external = imports_of(name)
    edges = sorted(m for m in internal if is_edge(m))
    libraries = sorted(external & EDGE_LIBRARIES)
    assert not edges, f"core module {name} imports edge modules {edges}"
    assert not libraries, f"core module {name} imports edge libraries {libraries}"


def test_nothing_imports_the_command_line():
    importers = sorted(n for n, imported in import_graph().items() if COMMAND_LINE in imported)
    assert not importers


# --- the public API survives the move --------------------------------------------------------


def _public_names(module: str) -> set[str]:
    """The public functions, classes and constants a module defines itself."""
    tree = ast.parse(_path(module).read_text("utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("path", sorted(DOCUMENTED_PATHS))
def test_a_documented_path_reexports_its_whole_module(path):
    shim = importlib.import_module(f"claimlab.{path}")
    real = importlib.import_module(f"claimlab.{DOCUMENTED_PATHS[path]}")
    assert set(shim.__all__) == _public_names(DOCUMENTED_PATHS[path])
    for name in shim.__all__:
        assert getattr(shim, name) is getattr(real, name), name


def test_the_readme_api_still_works():
    import claimlab
    from claimlab.drafting import assess, memo_markdown
    from claimlab.grading import check, drafting
    from claimlab.keeping import submission
    from claimlab.submission import read_submission

    assert claimlab.check_answers is check.check_answers
    assert read_submission is submission.read_submission
    assert (assess, memo_markdown) == (drafting.assess, drafting.memo_markdown)
    scripts = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'claimlab = "claimlab.cli:main"' in scripts
    assert callable(importlib.import_module("claimlab.cli").main)


# --- the README's map matches the tree -------------------------------------------------------


def test_the_readme_engine_table_matches_the_tree():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### The engine", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([\w.]+/?)`", section, re.M)
    listed_folders = {r.rstrip("/") for r in rows if r.endswith("/")}
    listed_modules = {r.removesuffix(".py") for r in rows if r.endswith(".py")}
    assert listed_folders == folders()
    assert listed_modules == top_modules()
    for folder in folders():
        kind, _ = declaration(folder)
        row = next(line for line in section.splitlines() if line.startswith(f"| `{folder}/`"))
        assert kind.lower() in row.lower(), f"the README's row for {folder}/ says not {kind}"
