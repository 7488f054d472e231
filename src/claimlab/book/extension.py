"""Sphinx extension for books that use claimlab.

It reads the edition (`claimlab.edition.current_edition`, from CLAIMLAB_EDITION) and adds it as
a Sphinx tag, `graded`, `instructor` or `selfcheck`. In an edition that hides the key it leaves
out every block marked as key (class `cl-key`, such as a chapter's "Answers" dropdown), says in
its place when students will see it, and stops
Sphinx from copying page sources (`_sources/`, which would carry those blocks).

It also fixes accessibility faults in the theme's output: the search button and colour-mode
switch get templates (templates/) whose accessible name matches their visible text, and
bibliography entries get role="listitem", which role="list" requires (ARIA 1.2). The References
page leaves out the maintainers' notes (`ReaderStyle`).

The module's sourced tables (glossary, timeline, the fact-check's verdicts) are chapter parts
(claimlab.kernel.chapter) whose MyST output the book parses as its own text, so their citations and
terms resolve through Sphinx and they render in JupyterLab too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pybtex.plugin
from docutils import nodes
from pybtex.database import Entry
from pybtex.style.formatting.plain import Style as PlainStyle

from ..edition import KEY_CLASS, LATER_CLASS, current_edition, later_notice, shows_key
from . import build

TEMPLATES = Path(__file__).resolve().parent / "templates"

# KEY_CLASS (claimlab.edition) marks a block that is part of the key (an "Answers" dropdown):
# in an edition that hides the key it is left out of the page and the search index. A class,
# not an `{only}` block, because JupyterLab's MyST renderer shows `{only}` as an unknown directive.


def _drop_key_blocks(app: Any, doctree: nodes.document) -> None:
    """Replace each key block with a notice of when students will see it (its title, written by
    hand, names it: "Answers"); the block's own text goes nowhere, the search index included."""
    if shows_key(current_edition()):
        return
    for node in list(doctree.findall(nodes.Element)):
        if KEY_CLASS not in node.get("classes", []) or node.parent is None:
            continue
        title = next(iter(node.findall(nodes.title)), None)
        what = f"the {title.astext().strip().lower()}" if title is not None else "this part"
        # Not replace_self, which would copy the block's classes (the key's mark) to the notice.
        parent = node.parent
        parent[parent.index(node)] = nodes.paragraph(text=later_notice(what), classes=[LATER_CLASS])


def _add_templates(app: Any, config: Any) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


#: Sphinx tag per edition (tags are names, so no hyphen).
EDITION_TAGS = {"self-check": "selfcheck", "graded": "graded", "instructor": "instructor"}


def _apply_edition(app: Any, config: Any) -> None:
    """Tag the build with its edition; in the graded one, ship no page sources at all."""
    edition = current_edition()
    # A config value, so that switching edition makes Sphinx re-read every page.
    config.claimlab_edition = edition
    app.tags.add(EDITION_TAGS[edition])
    if not shows_key(edition):
        config.html_copy_source = False
        config.html_show_sourcelink = False
        options = dict(config.html_theme_options or {})
        options["use_download_button"] = False
        config.html_theme_options = options


def _fix_body(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


class ReaderStyle(PlainStyle):
    """pybtex's plain style (sorted by author, year and title) without the `note` field.

    Sorted, and listing every entry (`:all:` on the References page), so that the list says
    nothing about where a source is cited: in the graded edition, a source cited only inside
    dropped key content would otherwise stand out by its place in the order of first citation.

    In references.bib each entry's note records how the source was read and what the course uses
    it for: a record for the course's fact-checkers, kept with the entry, but a maintainer's note
    on a reader's page (and a quarter of the References page's weight). Selected by
    `bibtex_default_style: claimlab` in _config.yml.
    """

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        """The entry as the plain style formats it, without its `note` field."""
        fields = {k: v for k, v in entry.fields.items() if k.lower() != "note"}
        reader_entry = Entry(entry.type, fields=fields, persons=entry.persons)
        reader_entry.key = entry.key
        return super().format_entry(label, reader_entry, bib_data)


def setup(app: Any) -> dict[str, Any]:
    """Register the `claimlab` bibliography style, the edition's tag and key dropping, the
    templates and the bibliography entries' listitem role; then the build hooks and the
    launch, citations and theme extensions."""
    pybtex.plugin.register_plugin("pybtex.style.formatting", "claimlab", ReaderStyle)
    app.connect("doctree-read", _drop_key_blocks)
    app.add_config_value("claimlab_edition", "self-check", "env")
    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _apply_edition)
    app.connect("html-page-context", _fix_body)
    build.setup(app)  # fresh builds (data dependencies) and lean pages (no widget state)
    app.setup_extension("claimlab.book.launch")  # launch buttons, .ipynb downloads
    app.setup_extension("claimlab.book.citations")  # chapters' citation links, for JupyterLab
    app.setup_extension("claimlab.book.theme")  # menu fix, light icons, favicon, description
    return {"parallel_read_safe": True, "parallel_write_safe": True}
