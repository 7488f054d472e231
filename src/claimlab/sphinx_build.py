"""Build hooks that keep the book fresh and lean.

Fresh: a chapter that renders from a module's data (a code cell calling `load_module(...)`, or
one of the `claimlab-*` directives) depends on every file in that data folder, on the
bibliography its `module.yaml` names, and on the engine's own code, templates and static files.
Sphinx is told so (`env.note_dependency`), so an incremental build re-reads, and myst-nb
re-executes, exactly those pages when one of those files changes. A file added to or removed
from the data folder also counts as a change. Pages that do not render from data are left alone.

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
(sphinx_static/claimlab-unpack.js, which runs before the forms' scripts) puts the payload back
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

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .edition import current_edition, shows_key

ENGINE = Path(__file__).resolve().parent
STATIC = ENGINE / "sphinx_static"
UNPACK_SCRIPT = "claimlab-unpack.js"
#: Engine files whose change changes rendered pages (Sphinx's own templates are tracked by Sphinx).
ENGINE_PARTS = ("*.py", "templates/*", "static/*", "schemas/*")

# `load_module("../data")`, `load_module(path="../data")` or `load_module()` (default "data"),
# and the same for the chapter parts, `Chapter("../data")`.
_LOAD_CALL = re.compile(
    r"""\b(?:load_module|Chapter)\(\s*(?:(?:path|data)\s*=\s*)?(?:[rR]?(["'])(?P<path>[^"']*)\1)?"""
)
# ```{claimlab-glossary} ../data, or {claimlab:section} (a colon fence too)
_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{claimlab[-:][\w:-]+\}\s+(?P<path>\S+)", re.M)

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
    app.connect("config-inited", _add_static)
    app.connect("source-read", _note_dependencies)
    app.connect("env-get-outdated", _outdated_by_listing)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-read", _drop_widget_state)
    app.connect("html-page-context", _share_inline_assets)
