"""Build hooks that keep the book fresh and lean.

Fresh: a chapter that renders from a module's data is re-read (and myst-nb re-executes it) when
what it shows from that data changes, and only then. Two cases:

- A page whose code only shows chapter parts (`part = Chapter("../data")`, then
  `part.section("opening")`, `part.exercise("claim-types-opening")`... with literal arguments)
  has a *plan* (`page_plan`). The build renders the plan here, without a kernel, and keeps a
  digest of it (`shown_digest`); at the next build a page whose digest differs is re-read. So
  an edit to one claim re-reads the chapter that shows it, not the other five sections, and a
  glossary edit re-reads the glossary.
- Any other page that reads a module (a code cell calling `load_module(...)`, or computing from
  `module.claims`) could show anything from it, so it depends on every file in the module
  folder, on the bibliography its `module.yaml` names, and on files added or removed there
  (`env.note_dependency` and the folder's listing).

Every data page also depends on the engine's code, templates and static files. Pages that do not
render from data are left alone.

Lean: the engine inlines its script and stylesheet into every form, so that a notebook's output
works on its own; on a web page that is the same 15-60 KB again on every page and again for
every form. The book writes each such inline block once, as a file named by its content under
`_static/claimlab/`, and the pages load it from there (the browser then caches it). The figures,
which the engine inlines as `data:` addresses for the same reason, become image files there too,
so a page's HTML carries its text and the browser fetches the pictures beside it. Page-specific
data (the forms' JSON payloads) stays in the page.

The forms' payloads repeat long texts: a fact-check payload holds each statement's explanation
once per verdict a student could choose. In the self-check and instructor books the page carries
each repeated sentence once (`pack_payload`) and a small shared script
(static/claimlab-unpack.js, which runs before the forms' scripts) puts the payload back
exactly as the engine wrote it. The graded book is left as written: it holds no key to repeat,
and its test searches the pages for key text, which packing would split into sentences.

Citations: sphinxcontrib-bibtex puts the whole formatted entry in each citation link's title
attribute, so a table that cites 60 sources repeats 60 bibliography entries (about 30 KB). The
title is dropped: a tooltip is no use on a phone or to a keyboard, and the link leads to the
entry on the References page.

Also lean: nbclient stores the ipywidgets state of every executed notebook in its metadata and
myst-nb embeds it in the page as `application/vnd.jupyter.widget-state+json`. The book never
shows the widget view (`nb_mime_priority_overrides` in _config.yml), so that state is inert,
large and full of random model ids; it is dropped before the page is written.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..edition import current_edition, shows_key

ENGINE = Path(__file__).resolve().parents[1]
STATIC = Path(__file__).resolve().parent / "static"
UNPACK_SCRIPT = "claimlab-unpack.js"
#: Engine files whose change changes rendered pages (Sphinx's own templates are tracked by Sphinx).
ENGINE_PARTS = ("**/*.py", "pages/templates/*", "pages/static/*", "keeping/schemas/*")
#: Engine files that never reach a page: the scaffold is copied into new modules, not run here.
NEVER_RENDERED = "authoring/scaffold/"

# `load_module("../data")`, `load_module(path="../data")` or `load_module()` (default "data"),
# and the same for the chapter parts, `Chapter("../data")`.
_LOAD_CALL = re.compile(
    r"""\b(?:load_module|Chapter)\(\s*(?:(?:path|data)\s*=\s*)?(?:[rR]?(["'])(?P<path>[^"']*)\1)?"""
)

#: Inline code blocks at least this long move to a shared file; small ones are cheaper inline.
SHARED_MIN_BYTES = 1024
SHARED_DIR = "_static/claimlab"
# Only plain scripts (no type, no src) and plain style blocks; JSON data blocks stay in the page.
_INLINE = re.compile(r"<(?P<tag>script|style)>(?P<code>.*?)</(?P=tag)>", re.S)


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
    return sorted(
        p
        for p in {p for part in ENGINE_PARTS for p in ENGINE.glob(part) if p.is_file()}
        if not p.relative_to(ENGINE).as_posix().startswith(NEVER_RENDERED)
    )


def data_dirs(source: str, page_dir: Path) -> list[Path]:
    """The module folders a page's source reads, resolved against the page's folder (the working
    directory of its code cells)."""
    found = [m.group("path") or "data" for m in _LOAD_CALL.finditer(source)]
    return sorted({(page_dir / p).resolve() for p in found})


def _listing(folders: Iterable[Path]) -> tuple[str, ...]:
    """Names of the files in `folders`: it changes when a file is added or removed."""
    return tuple(str(p) for folder in folders for p in _visible_files(folder) if folder.is_dir())


def _note_dependencies(app: Any, docname: str, source: list[str]) -> None:
    """Tell Sphinx what a page that renders from data depends on (see the module's docstring)."""
    env = app.env
    page_dir = Path(env.doc2path(docname)).parent
    folders = data_dirs(source[0], page_dir)
    _watched(env).pop(docname, None)
    _shown(env).pop(docname, None)
    if not folders:
        return
    for path in engine_files():
        env.note_dependency(str(path))
    plan = page_plan(source[0], page_dir)
    digest = _digest_or_none(plan, _modules(app)) if plan is not None else None
    if plan is not None and digest is not None:
        _shown(env)[docname] = (plan, digest)
        return
    for folder in folders:
        for path in module_files(folder):
            env.note_dependency(str(path))
    _watched(env)[docname] = (tuple(str(f) for f in folders), _listing(folders))


def _digest_or_none(plan: PagePlan, modules: dict[Path, Any]) -> str | None:
    try:
        return shown_digest(plan, modules)
    except Exception:  # whatever fails here, the page runs and reports it itself
        return None


def _modules(app: Any) -> dict[Path, Any]:
    """The modules loaded during this build, by folder (reset when a build starts reading)."""
    if not hasattr(app, "claimlab_modules"):
        app.claimlab_modules = {}
    return app.claimlab_modules


def _watched(env: Any) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Pages that depend on every file of their module folders: their folders and listings."""
    if not hasattr(env, "claimlab_watched"):
        env.claimlab_watched = {}
    return env.claimlab_watched


def _shown(env: Any) -> dict[str, tuple[PagePlan, str]]:
    """Pages with a plan: the plan and the digest of what it showed when last read."""
    if not hasattr(env, "claimlab_shown"):
        env.claimlab_shown = {}
    return env.claimlab_shown


def _outdated(
    app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose module folder gained or lost a file, or whose plan now shows something else."""
    app.claimlab_modules = {}  # data may have changed since the last build
    outdated = [
        docname
        for docname, (folders, listing) in _watched(env).items()
        if docname in env.found_docs and _listing(Path(f) for f in folders) != listing
    ]
    for docname, (plan, digest) in _shown(env).items():
        if docname not in env.found_docs or docname in changed:
            continue  # gone, or re-read anyway
        if _digest_or_none(plan, _modules(app)) != digest:
            outdated.append(docname)
    return outdated


def _purge(app: Any, env: Any, docname: str) -> None:
    _watched(env).pop(docname, None)
    _shown(env).pop(docname, None)


def _merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    for docname in docnames:
        for table in (_watched, _shown):
            if docname in table(other):
                table(env)[docname] = table(other)[docname]


# --- what a page shows from its module, when the build can tell without running it -----------

#: A code cell in a MyST notebook: ```{code-cell} ipython3 ... ```
_CODE_CELL = re.compile(
    r"^(?P<fence>`{3,})\{code-cell\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)


@dataclass(frozen=True)
class PagePlan:
    """Everything a page shows from its module: its chapter parts, in order.

    A page has a plan when all its code does is make a `Chapter` and show its parts
    (`part.section("opening")`, with literal arguments); it may also import, and assign what it
    derives from the chapter (`claims = part.module.claims_frame()`), which shows nothing. A page
    that runs any other code could show anything from the module, so it has no plan and depends
    on every file of its module folder.
    """

    folder: Path
    parts: tuple[tuple[str, tuple[Any, ...], tuple[tuple[str, Any], ...]], ...]


def _cell_code(body: str) -> str:
    """A code cell's Python: its MyST options (`:tags: [...]` lines or a --- block) left out."""
    lines = body.splitlines()
    if lines and lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        lines = lines[[line.strip() for line in lines].index("---", 1) + 1 :]
    return "\n".join(line for line in lines if not line.startswith(":"))


def _chapter_folder(value: ast.expr) -> str | None:
    """The folder of `Chapter("../data")` (or `Chapter()`: "data"); None for anything else."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)):
        return None
    given = [*value.args, *(k.value for k in value.keywords if k.arg == "data")]
    if value.func.id != "Chapter" or len(given) > 1 or len(value.keywords) > len(given):
        return None  # another function, another keyword, or **options
    if not given:
        return "data"
    folder = given[0]
    if isinstance(folder, ast.Constant) and isinstance(folder.value, str):
        return folder.value
    return None


def _rooted_at(value: ast.expr, names: set[str]) -> bool:
    """Whether an expression only reaches into a chapter: `part.module.claims_frame()`."""
    while isinstance(value, (ast.Call, ast.Attribute, ast.Subscript)):
        if isinstance(value, ast.Call):
            if value.args or value.keywords:
                return False
            value = value.func
        else:
            value = value.value
    return isinstance(value, ast.Name) and value.id in names


def _part_call(value: ast.expr, names: set[str]) -> tuple[str, tuple, tuple] | None:
    """`part.exercise("fact-check")` as ("exercise", ("fact-check",), ()); None otherwise."""
    from ..kernel.chapter import Chapter  # here, not at the top: it imports ipywidgets and pandas

    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
        return None
    owner = value.func.value
    if not (isinstance(owner, ast.Name) and owner.id in names):
        return None
    if value.func.attr not in Chapter.PARTS or any(k.arg is None for k in value.keywords):
        return None  # not a part, or **options
    try:
        args = tuple(ast.literal_eval(arg) for arg in value.args)
        kwargs = tuple(sorted((k.arg, ast.literal_eval(k.value)) for k in value.keywords if k.arg))
    except ValueError:  # not a literal: the build cannot know what it shows
        return None
    return value.func.attr, args, kwargs


def page_plan(source: str, page_dir: Path) -> PagePlan | None:
    """The page's plan (see PagePlan), or None when its code could show anything."""
    folders: set[Path] = set()
    chapters: set[str] = set()
    parts = []
    for match in _CODE_CELL.finditer(source):
        try:
            tree = ast.parse(_cell_code(match.group("body")))
        except SyntaxError:
            return None
        for statement in tree.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(statement, ast.Assign):
                if not all(isinstance(t, ast.Name) for t in statement.targets):
                    return None
                names = {t.id for t in statement.targets if isinstance(t, ast.Name)}
                folder = _chapter_folder(statement.value)
                if folder is not None:
                    folders.add((page_dir / folder).resolve())
                    chapters |= names
                elif names & chapters or not _rooted_at(statement.value, chapters):
                    return None
                continue
            call = (
                _part_call(statement.value, chapters) if isinstance(statement, ast.Expr) else None
            )
            if call is None:
                return None
            parts.append(call)
    if len(folders) != 1:
        return None  # no module, or two: a page that mixes modules depends on all their files
    (folder,) = folders
    return PagePlan(folder, tuple(parts))


def shown_digest(plan: PagePlan, modules: dict[Path, Any]) -> str:
    """A digest of what the plan shows, rendered here without a kernel: a page whose digest is
    unchanged shows the same, whatever else changed in its module's files. `modules` caches the
    loaded modules of one build. A module that no longer loads raises its validation error."""
    # Imported here, as in _part_call: a book whose pages read no module never pays for them.
    from ..kernel.chapter import Chapter
    from ..module.load import load_module

    if plan.folder not in modules:
        modules[plan.folder] = load_module(plan.folder)
    module = modules[plan.folder]
    chapter = Chapter(module)
    shown: list[object] = [current_edition()]
    for name, args, kwargs in plan.parts:
        html = chapter.book_html(name, *args, **dict(kwargs))
        shown.append([name, list(args), dict(kwargs), html])
    text = json.dumps(shown, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _drop_widget_state(app: Any, doctree: Any) -> None:
    """Forget the ipywidgets state (and its loader scripts) myst-nb registered for this page."""
    metadata = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    scripts = metadata.get("js_files", {})
    for key in [k for k in scripts if k.startswith("ipywidgets_")]:
        del scripts[key]


_PAYLOAD = re.compile(
    r'<script type="application/json" data-cl-payload>(?P<json>.*?)</script>', re.S
)
_SENTENCE_END = re.compile(r"(?<=[.?!]) ")
#: Strings shorter than this are left alone: a reference costs about as much as they do.
PACK_MIN_CHARS = 60


def pack_payload(payload: object) -> dict[str, object] | None:
    """The payload with each long string as the indexes of its sentences in a shared table,
    or None when that would not make it smaller (or the payload could be mistaken for packed).

    Sentences are split at a single space after ., ? or !, so joining them with one space gives
    the string back exactly."""
    table: list[str] = []
    index: dict[str, int] = {}
    clash = False

    def pack(value: object) -> object:
        nonlocal clash
        if isinstance(value, str) and len(value) >= PACK_MIN_CHARS:
            refs = []
            for sentence in _SENTENCE_END.split(value):
                if sentence not in index:
                    index[sentence] = len(table)
                    table.append(sentence)
                refs.append(index[sentence])
            return {"$s": refs}
        if isinstance(value, list):
            return [pack(v) for v in value]
        if isinstance(value, dict):
            clash = clash or "$s" in value or "$packed" in value
            return {k: pack(v) for k, v in value.items()}
        return value

    packed = {"$packed": 1, "table": table, "data": pack(payload)}
    if clash or len(_script_json(packed)) >= len(_script_json(payload)):
        return None
    return packed


def unpack_payload(packed: dict[str, object]) -> object:
    """What claimlab-unpack.js does in the browser (used by the tests)."""
    table = packed["table"]

    def unpack(value: object) -> object:
        if isinstance(value, dict):
            if set(value) == {"$s"}:
                return " ".join(table[i] for i in value["$s"])  # type: ignore[index]
            return {k: unpack(v) for k, v in value.items()}
        if isinstance(value, list):
            return [unpack(v) for v in value]
        return value

    return unpack(packed["data"])


def _script_json(data: object) -> str:
    """As the engine writes JSON into a page: compact, and safe inside <script>."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _pack_payloads(body: str, unpack_href: str) -> str:
    def replace(match: re.Match[str]) -> str:
        packed = pack_payload(json.loads(match.group("json")))
        if packed is None:
            return match.group(0)
        return (
            f'<script type="application/json" data-cl-payload data-cl-packed>'
            f"{_script_json(packed)}</script><script src=\"{unpack_href}\"></script>"
        )

    return _PAYLOAD.sub(replace, body)


def shared_name(code: str, tag: str) -> str:
    """A file name from the content, so a changed asset gets a new address (no stale cache)."""
    digest = hashlib.sha256(code.encode("utf-8")).hexdigest()[:16]
    return f"{digest}.{'js' if tag == 'script' else 'css'}"


def _share_inline_assets(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Move the engine's large inline scripts and styles out of the page into shared files."""
    body = context.get("body")
    if not isinstance(body, str) or "pathto" not in context:
        return
    folder = Path(app.outdir) / SHARED_DIR

    def replace(match: re.Match[str]) -> str:
        tag, code = match.group("tag"), match.group("code")
        if len(code.encode("utf-8")) < SHARED_MIN_BYTES:
            return match.group(0)
        name = shared_name(code, tag)
        target = folder / name
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            target.write_text(code, encoding="utf-8")
        href = context["pathto"](f"{SHARED_DIR}/{name}", 1)
        if tag == "script":
            return f'<script src="{href}"></script>'
        return f'<link rel="stylesheet" href="{href}">'

    def replace_image(match: re.Match[str]) -> str:
        data = base64.b64decode(match.group("data"))
        name = f"{hashlib.sha256(data).hexdigest()[:16]}.{match.group('ext')}"
        target = folder / name
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return f'src="{context["pathto"](f"{SHARED_DIR}/{name}", 1)}" loading="lazy"'

    body = _INLINE.sub(replace, body)
    body = _INLINE_IMAGE.sub(replace_image, body)
    body = _CITATION_TITLE.sub(r"\1\2", body)
    if shows_key(current_edition()):
        body = _pack_payloads(body, context["pathto"](f"_static/{UNPACK_SCRIPT}", 1))
    context["body"] = body


# A figure the engine inlines as a data address (so a notebook's output stands alone).
_INLINE_IMAGE = re.compile(
    r'src="data:image/(?P<ext>png|jpeg|webp);base64,(?P<data>[A-Za-z0-9+/=]+)"'
)
_CITATION_TITLE = re.compile(
    r'(<a class="reference internal" href="[^"]*#[^"]*") title="[^"]*"(>)'
)


def _add_static(app: Any, config: Any) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Any) -> None:
    """Register the build hooks: the engine's static folder, the tracking that re-reads a page
    when what it shows changes, dropping widget state, and sharing inline assets.

    Called by claimlab.book.extension's setup; not an extension of its own.
    """
    app.connect("config-inited", _add_static)
    app.connect("source-read", _note_dependencies)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-read", _drop_widget_state)
    app.connect("html-page-context", _share_inline_assets)
