"""The book's theme layer: a working menu, a light first visit, a favicon and a description.

- **Menu.** pydata-sphinx-theme 0.17 with sphinx-book-theme 1.3 puts two buttons with the class
  `primary-toggle` (and two with `secondary-toggle`) on every page; both themes' scripts bind
  their click handler to the *first* one, which the book theme hides, so the visible button does
  nothing but show its tooltip (pydata-sphinx-theme issue #2451). `static/claimlab-menu.js`
  hands a click on a visible toggle to the bound one. `tests/test_menu.py` fails if the bug
  returns (it fails on a build without this script); once upstream fixes it, drop the script
  and let that test confirm the fix.
- **Icons.** The theme loads Font Awesome's whole SVG script (1.5 MB) to draw about fifteen icons,
  and its CSS already draws the same icons from the web font. After the build, the script is
  replaced by an empty stub (pages still reference it), the theme's CSS keeps the rules of the
  icons the book uses only, and each Font Awesome web font is cut down to the glyphs the book
  uses: every icon class named in a page or a script, and every glyph the style sheets draw
  themselves (admonitions, external links, ...). Every icon stays; a first visit drops from
  about 2.5 MB to about 0.8 MB.
- **Scripts off the critical path.** pydata-sphinx-theme 0.17 loads Sphinx's search scripts and
  the whole search index on every page, and every extension's script loads in the page's head,
  all before the page can be drawn. They are deferred: they run in the same order, once the page
  is parsed and before it reports itself loaded, which is when all of them start their work
  anyway. Lighthouse counted them as about a second of render-blocking on a phone.
- **Favicon and description.** A small favicon (browsers ask for one, and a missing one is a console
  error), and a `<meta name="description">` from the page's first paragraph, for search results.
"""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
MENU_SCRIPT = "claimlab-menu.js"
FAVICON = "claimlab-favicon.svg"
DESCRIPTION_LENGTH = 155  # what search results show

#: What the build leaves in place of Font Awesome's SVG script (pages still load it).
ICON_STUB = (
    "/* claimlab (claimlab/book/theme.py): Font Awesome's SVG script is not needed; the\n"
    "   theme's CSS draws the icons from a web font cut down to the glyphs this book uses. */\n"
)
FONT_FOLDER = Path("vendor", "fontawesome", "webfonts")
THEME_CSS = Path("styles", "pydata-sphinx-theme.css")

# A rule of Font Awesome's CSS that gives one icon class its glyph:
# `.fa-bars:before,.fa-navicon:before{content:"\f0c9"}`.
_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"(\\[0-9a-f]{4,5}|[^"]{1,2})"\}')
_ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
# Any other glyph a style sheet draws itself: an escape or a character in the private use area.
_PRIVATE_GLYPH = re.compile(r"\\(e[0-9a-f]{3}|f[0-9a-f]{3})(?![0-9a-f])|[\ue000-\uf8ff]")


def _char(value: str) -> int:
    return int(value[1:], 16) if value.startswith("\\") else ord(value[0])


def used_icon_names(outdir: Path) -> set[str]:
    """Every icon class named anywhere in a page or a script (including the ones a script adds
    later, such as a dialog's close button): over-counting costs a glyph, missing one an icon."""
    names: set[str] = set()
    for path in [*outdir.rglob("*.html"), *(outdir / "_static").rglob("*.js")]:
        if path.name != "fontawesome.js":
            names.update(_ICON_CLASS.findall(path.read_text("utf-8", errors="replace")))
    return names


def _used(selectors: str, names: set[str]) -> bool:
    return any(f".fa-{name}:before" in selectors.split(",") for name in names)


def used_glyphs(outdir: Path) -> set[int]:
    """The code points of every icon the built book can show.

    By construction, not by a list: the icon classes the book names, mapped through the theme's
    own CSS (the original, which has every icon's rule) to their glyphs, plus every glyph a
    style sheet of the book draws outside the icon classes (admonitions, external links...)."""
    names = used_icon_names(outdir)
    sheets = [sheet.read_text("utf-8", errors="replace")
              for sheet in (outdir / "_static").rglob("*.css")]
    theme = theme_static()
    if theme is not None and (theme / THEME_CSS).exists():
        sheets.append((theme / THEME_CSS).read_text("utf-8"))
    glyphs: set[int] = set()
    for css in sheets:
        for selectors, content in _ICON_RULE.findall(css):
            if _used(selectors, names):
                glyphs.add(_char(content))
        for match in _PRIVATE_GLYPH.finditer(_ICON_RULE.sub("", css)):
            glyphs.add(int(match.group(1), 16) if match.group(1) else ord(match.group(0)))
    return glyphs


def prune_icon_rules(css: str, names: set[str]) -> str:
    """The theme's CSS without the rules of icons the book never shows (about 1,850 of 1,870:
    a fifth of the style sheet every page must load before it is drawn)."""
    return _ICON_RULE.sub(lambda m: m.group(0) if _used(m.group(1), names) else "", css)


def theme_static() -> Path | None:
    """The theme's own static folder (the originals, not a previous build's cut-down copies)."""
    spec = importlib.util.find_spec("pydata_sphinx_theme")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "theme" / "pydata_sphinx_theme" / "static"
    return folder if folder.is_dir() else None


def subset_font(source: Path, target: Path, glyphs: set[int]) -> None:
    """Write the font `source`, cut down to the code points `glyphs`, as WOFF2 to `target`.

    Needs fontTools and brotli (see `can_subset`); a code point the font lacks is skipped.
    """
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.ignore_missing_unicodes = True
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(glyphs))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def lighten_icons(outdir: Path) -> None:
    """Stub Font Awesome's script, drop the CSS rules of unused icons, and cut its web fonts
    down to the glyphs the book shows. Always from the theme's originals, so a rebuild that
    starts using another icon gets it."""
    static = outdir / "_static"
    script = static / "scripts" / "fontawesome.js"
    theme = theme_static()
    if not script.exists() or theme is None:
        return  # another theme: nothing of Font Awesome's to lighten
    glyphs = used_glyphs(outdir)
    script.write_text(ICON_STUB, encoding="utf-8")
    if (static / THEME_CSS).exists() and (theme / THEME_CSS).exists():
        css = (theme / THEME_CSS).read_text("utf-8")
        (static / THEME_CSS).write_text(prune_icon_rules(css, used_icon_names(outdir)), "utf-8")
    if not can_subset():
        # The full fonts still draw every icon; only the page weight suffers.
        logger.info("claimlab: fonttools and brotli are not installed; Font Awesome's fonts "
                    "are copied whole (pip install fonttools brotli to cut them down)")
        return
    for woff2 in sorted((static / FONT_FOLDER).glob("*.woff2")):
        source = theme / FONT_FOLDER / woff2.name
        if source.exists():
            subset_font(source, woff2, glyphs)


def can_subset() -> bool:
    """Whether fontTools can write WOFF2 here (it needs brotli)."""
    return all(importlib.util.find_spec(name) for name in ("fontTools", "brotli"))


# The theme's every-page search scripts (layout.html's extrahead), in the order they load.
_SEARCH_SCRIPT = re.compile(
    r'<script src="([^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js))">'
)


def defer_search(outdir: Path) -> None:
    """Let every page but the search page draw before the search scripts run."""
    for page in outdir.rglob("*.html"):
        if page.relative_to(outdir).as_posix() == "search.html":
            continue  # the search page runs a search as it loads
        text = page.read_text("utf-8")
        deferred = _SEARCH_SCRIPT.sub(r'<script defer src="\1">', text)
        if deferred != text:
            page.write_text(deferred, "utf-8")


#: Scripts that stay as they are: inline scripts in the head read DOCUMENTATION_OPTIONS at once.
KEEP_IN_ORDER = {"documentation_options.js"}


def deferred(script: Any) -> Any:
    """The same script, loaded with `defer` (a script that is inline, async, already deferred,
    from another host or in KEEP_IN_ORDER is returned as it is)."""
    name = str(getattr(script, "filename", "") or "")
    attributes = dict(getattr(script, "attributes", {}))
    if (
        not name
        or "://" in name
        or {"async", "defer"} & set(attributes)
        or attributes.get("type") == "module"
        or Path(name.split("?")[0]).name in KEEP_IN_ORDER
    ):
        return script
    return type(script)(script.filename, priority=script.priority, **attributes, defer="defer")


def _defer_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any):
    if pagename != "search" and isinstance(context.get("script_files"), list):
        context["script_files"] = [deferred(script) for script in context["script_files"]]


def page_description(doctree: Any, fallback: str) -> str:
    """The page's first paragraph, in one line of at most DESCRIPTION_LENGTH characters."""
    text = ""
    if doctree is not None:
        for paragraph in doctree.findall(nodes.paragraph):
            text = " ".join(paragraph.astext().split())
            if len(text) > 40:  # not a caption or a one-word line
                break
    text = text or fallback
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def _add_description(app: Any, pagename: str, templatename: str, context: dict, doctree: Any):
    if 'name="description"' in context.get("metatags", ""):
        return  # the page sets its own (MyST html_meta)
    book = context.get("docstitle") or app.config.html_title or ""
    text = page_description(doctree, f"{context.get('title', '')} · {book}".strip(" ·"))
    tag = f'<meta name="description" content="{html.escape(text, quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def _add_favicon(app: Any, config: Any) -> None:
    if not config.html_favicon:
        config.html_favicon = str(STATIC / FAVICON)


def _lighten(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        lighten_icons(Path(app.outdir))
        defer_search(Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    """Register the menu script, the default favicon, each page's description and deferred
    scripts, and the lighter icons and deferred search after an HTML build."""
    # The engine's static folder is on html_static_path already (claimlab.book.build).
    app.add_js_file(MENU_SCRIPT, loading_method="defer")
    app.connect("config-inited", _add_favicon)
    app.connect("html-page-context", _add_description)
    app.connect("html-page-context", _defer_scripts)
    app.connect("build-finished", _lighten)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
