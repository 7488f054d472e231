"""Sphinx extension for books that use claimlab.

Directives that render a module's sourced data as real Sphinx content, so citations resolve
through sphinxcontrib-bibtex and glossary terms through Sphinx (nitpicky builds catch a broken
one). Each takes the module directory, relative to the page:

    ```{claimlab-glossary} ../data
    ```
    ```{claimlab-timeline} ../data
    ```
    ```{claimlab-factchecks} ../data
    ```

It reads the edition (`claimlab.edition.current_edition`, from CLAIMLAB_EDITION) and adds it as
a Sphinx tag, `graded`, `instructor` or `selfcheck`, so chapters can keep answers and verdicts in
`{only} not graded` blocks. In the graded edition it also stops Sphinx from copying page sources
(`_sources/`, which would carry those blocks) and the fact-check key renders as a notice.

It also fixes accessibility faults in the theme's output: the search button and colour-mode
switch get templates (sphinx_templates/) whose accessible name matches their visible text, and
bibliography entries get role="listitem", which role="list" requires (ARIA 1.2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pybtex.plugin
from docutils import nodes
from docutils.statemachine import StringList
from pybtex.database import Entry
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from sphinx.util.docutils import SphinxDirective

from . import sphinx_build
from .edition import current_edition, shows_key
from .load import load_module
from .model import Module
from .sphinx_text import DIRECTIVE_TEXT, md_text

__all__ = ["FactChecksDirective", "GlossaryDirective", "TimelineDirective", "md_text", "setup"]

TEMPLATES = Path(__file__).resolve().parent / "sphinx_templates"

class _ModuleDirective(SphinxDirective):
    """A directive that writes MyST from a module (claimlab.sphinx_text) and parses it in place.

    It notes no dependency itself: claimlab.sphinx_build tells Sphinx what the page depends on
    (the text each directive writes, or every file of the module when the page runs other code).
    """

    required_arguments = 1
    has_content = False
    #: The directive's name, which picks its text in sphinx_text.DIRECTIVE_TEXT.
    name = ""

    def load(self) -> Module:
        _relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        return load_module(absolute)

    def markdown(self, text: str) -> list[nodes.Node]:
        container = nodes.container()
        lines = StringList(text.splitlines(), source=self.env.docname)
        self.state.nested_parse(lines, self.content_offset, container)
        return list(container.children)

    def run(self) -> list[nodes.Node]:
        return self.markdown(self.generate(self.load()))

    def generate(self, module: Module) -> str:
        return DIRECTIVE_TEXT[self.name](module)


class GlossaryDirective(_ModuleDirective):
    """The module's glossary as a Sphinx glossary, each definition with its sources."""

    name = "claimlab-glossary"


class TimelineDirective(_ModuleDirective):
    """The module's timeline as a table: date, what happened, and the sources for it."""

    name = "claimlab-timeline"


class FactChecksDirective(_ModuleDirective):
    """The fact-check key: each statement, its verdict, the precise statement and sources."""

    name = "claimlab-factchecks"


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


class ReaderStyle(UnsrtStyle):
    """pybtex's unsrt style without the `note` field.

    In references.bib each entry's note records how the source was read and what the course uses
    it for: a record for the course's fact-checkers, kept with the entry, but a maintainer's note
    on a reader's page (and a quarter of the References page's weight). Selected by
    `bibtex_default_style: claimlab` in _config.yml.
    """

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        fields = {k: v for k, v in entry.fields.items() if k.lower() != "note"}
        reader_entry = Entry(entry.type, fields=fields, persons=entry.persons)
        reader_entry.key = entry.key
        return super().format_entry(label, reader_entry, bib_data)


def setup(app: Any) -> dict[str, Any]:
    pybtex.plugin.register_plugin("pybtex.style.formatting", "claimlab", ReaderStyle)
    for directive in (GlossaryDirective, TimelineDirective, FactChecksDirective):
        app.add_directive(directive.name, directive)
    app.add_config_value("claimlab_edition", "self-check", "env")
    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _apply_edition)
    app.connect("html-page-context", _fix_body)
    sphinx_build.setup(app)  # fresh builds (data dependencies) and lean pages (no widget state)
    app.setup_extension("claimlab.sphinx_launch")  # launch buttons, .ipynb downloads
    return {"parallel_read_safe": True, "parallel_write_safe": True}
