"""Build hooks that keep the book fresh and lean.

Fresh: a chapter that renders from a module's data (a code cell calling `load_module(...)`, or
one of the `claimlab-*` directives) depends on every file in that data folder, on the
bibliography its `module.yaml` names, and on the engine's own code, templates and static files.
Sphinx is told so (`env.note_dependency`), so an incremental build re-reads, and myst-nb
re-executes, exactly those pages when one of those files changes. A file added to or removed
from the data folder also counts as a change. Pages that do not render from data are left alone.

Lean: nbclient stores the ipywidgets state of every executed notebook in its metadata and myst-nb
embeds it in the page as `application/vnd.jupyter.widget-state+json`. The book never shows the
widget view (`nb_mime_priority_overrides` in _config.yml), so that state is inert, large and full
of random model ids; it is dropped before the page is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ENGINE = Path(__file__).resolve().parent
#: Engine files whose change changes rendered pages (Sphinx's own templates are tracked by Sphinx).
ENGINE_PARTS = ("*.py", "templates/*", "static/*", "schemas/*")

# `load_module("../data")`, `load_module(path="../data")` or `load_module()` (default "data").
_LOAD_CALL = re.compile(r"""\bload_module\(\s*(?:path\s*=\s*)?(?:[rR]?(["'])(?P<path>[^"']*)\1)?""")
# ```{claimlab-glossary} ../data, or {claimlab:section} (a colon fence too)
_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{claimlab[-:][\w:-]+\}\s+(?P<path>\S+)", re.M)

WIDGET_STATE_KEY = "ipywidgets_state"


def _hidden(path: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in path.parts)


def _visible_files(folder: Path) -> list[Path]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return sorted(p for p in files if not _hidden(p.relative_to(folder)))


def module_files(data_dir: Path) -> list[Path]:
    """Every file the loader may read for the module in `data_dir`, the bibliography included."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        return []
    files = _visible_files(data_dir)
    try:
        meta = yaml.safe_load((data_dir / "module.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        meta = None  # the loader reports a broken module.yaml itself; nothing more to track
    if isinstance(meta, dict) and isinstance(meta.get("bibliography"), str):
        bib = (data_dir / meta["bibliography"]).resolve()
        if bib.is_file():
            files.append(bib)
    return files


def engine_files() -> list[Path]:
    """The engine's code, templates and static files: a change to any of them can change a page."""
    return sorted({p for part in ENGINE_PARTS for p in ENGINE.glob(part) if p.is_file()})


def data_dirs(source: str, page_dir: Path) -> list[Path]:
    """The module folders a page's source reads, resolved against the page's folder (the working
    directory of its code cells and the base of the directives' relative paths)."""
    found = [m.group("path") or "data" for m in _LOAD_CALL.finditer(source)]
    found += [m.group("path") for m in _DIRECTIVE.finditer(source)]
    return sorted({(page_dir / p).resolve() for p in found})


def _listing(folders: Iterable[Path]) -> tuple[str, ...]:
    """Names of the files in `folders`: it changes when a file is added or removed."""
    return tuple(str(p) for folder in folders for p in _visible_files(folder) if folder.is_dir())


def _note_dependencies(app: Any, docname: str, source: list[str]) -> None:
    env = app.env
    page_dir = Path(env.doc2path(docname)).parent
    folders = data_dirs(source[0], page_dir)
    watched = _watched(env)
    watched.pop(docname, None)
    if not folders:
        return
    for folder in folders:
        for path in module_files(folder):
            env.note_dependency(str(path))
    for path in engine_files():
        env.note_dependency(str(path))
    watched[docname] = (tuple(str(f) for f in folders), _listing(folders))


def _watched(env: Any) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    if not hasattr(env, "claimlab_watched"):
        env.claimlab_watched = {}
    return env.claimlab_watched


def _outdated_by_listing(
    app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose data folder gained or lost a file since they were read."""
    return [
        docname
        for docname, (folders, listing) in _watched(env).items()
        if docname in env.found_docs and _listing(Path(f) for f in folders) != listing
    ]


def _purge(app: Any, env: Any, docname: str) -> None:
    _watched(env).pop(docname, None)


def _merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    for docname in docnames:
        if docname in _watched(other):
            _watched(env)[docname] = _watched(other)[docname]


def _drop_widget_state(app: Any, doctree: Any) -> None:
    """Forget the ipywidgets state (and its loader scripts) myst-nb registered for this page."""
    metadata = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    scripts = metadata.get("js_files", {})
    for key in [k for k in scripts if k.startswith("ipywidgets_")]:
        del scripts[key]


def setup(app: Any) -> None:
    app.connect("source-read", _note_dependencies)
    app.connect("env-get-outdated", _outdated_by_listing)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-read", _drop_widget_state)
