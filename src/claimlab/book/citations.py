"""Sphinx side of claimlab.pages.citelinks: a chapter's citation and term links become roles again.

Chapters write citations and glossary terms as Markdown links so that JupyterLab shows who and
when (see claimlab.pages.citelinks). Before Sphinx parses a page, each such link becomes the
`{cite:p}` or `{term}` role it stands for, so the web book keeps sphinxcontrib-bibtex's
citations and its glossary links. A link whose text disagrees with references.bib, or whose key
or term does not exist, is a warning at its page (an error under `-W`). The References page's
Markdown list, there for JupyterLab, is dropped: the book shows its bibliography instead.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from ..pages.citelinks import (
    LIST_START,
    bib_labels,
    drop_reference_list,
    term_slug,
    to_links,
    to_roles,
)
from ..pages.myst_text import ROLES_ENV

logger = logging.getLogger(__name__)


def _sources(app: Any) -> tuple[dict[str, str], list[str]]:
    cached = getattr(app, "claimlab_citelinks", None)
    if cached is None:
        src = Path(app.srcdir)
        labels: dict[str, str] = {}
        # A project without sphinxcontrib-bibtex has no such setting, and so no citations.
        for name in getattr(app.config, "bibtex_bibfiles", None) or []:
            labels.update(bib_labels(src / name))
        glossary = src / app.config.claimlab_data / "glossary.yaml"
        entries = yaml.safe_load(glossary.read_text("utf-8")) if glossary.is_file() else []
        cached = app.claimlab_citelinks = (labels, [e["term"] for e in entries or []])
    return cached


def _links_to_roles(app: Any, docname: str, source: list[str]) -> None:
    if LIST_START in source[0]:
        source[0] = drop_reference_list(source[0])
    if "references.md#" not in source[0] and "glossary.md#term-" not in source[0]:
        return
    labels, terms = _sources(app)
    source[0], problems = to_roles(source[0], labels, terms)
    for problem in problems:
        logger.warning(problem, location=docname)


_TERM_TARGET = re.compile(r"^(?:\.\./)*glossary\.md#term-(?P<slug>[^)\s]+)$")
_CITE_TARGET = re.compile(r"^(?:\.\./)*references\.md#(?P<keys>[^)\s]+)$")


def _links_in_outputs(app: Any, doctree: nodes.document) -> None:
    """A link of either kind that reached the page as a cell's output, which no source-read
    sees (a table a chapter builds from another chapter's text): a term link resolves as the
    term, a citation link leads to the References page."""
    _, terms = _sources(app)
    by_slug = {term_slug(t): t for t in terms}
    pages = [d for d in app.env.found_docs if d.rsplit("/", 1)[-1] == "references"]
    for node in list(doctree.findall(addnodes.pending_xref)):
        if node.get("reftype") != "myst":
            continue
        target = node.get("reftarget", "")
        term = _TERM_TARGET.match(target)
        if term and term["slug"] in by_slug:
            node["refdomain"], node["reftype"] = "std", "term"
            node["reftarget"], node["refexplicit"] = by_slug[term["slug"]], True
        elif _CITE_TARGET.match(target) and pages:
            node["refdomain"], node["reftype"] = "std", "doc"
            node["reftarget"], node["refexplicit"] = "/" + pages[0], True


def for_jupyterlab(app: Any, pagename: str, text: str) -> str:
    """A page's MyST with its roles as links again, for the notebook a reader downloads: opened
    in JupyterLab, it shows who and when rather than BibTeX keys."""
    labels, _ = _sources(app)
    pages = [d for d in app.env.found_docs if d.rsplit("/", 1)[-1] == "references"]
    if not pages or ("{cite:" not in text and "{term}" not in text):
        return text
    up = posixpath.relpath(posixpath.dirname(pages[0]) or ".", posixpath.dirname(pagename) or ".")
    return to_links(text, labels, "" if up == "." else f"{up}/")


def _roles_for_kernels(app: Any) -> None:
    app.claimlab_roles_before = os.environ.get(ROLES_ENV)
    os.environ[ROLES_ENV] = "1"


def _links_again(app: Any, exception: Exception | None) -> None:
    before = getattr(app, "claimlab_roles_before", None)
    if before is None:
        os.environ.pop(ROLES_ENV, None)
    else:
        os.environ[ROLES_ENV] = before


def setup(app: Any) -> dict[str, Any]:
    """Register `claimlab_data` (the module folder, for the glossary), the turning of citation
    and term links into roles, and ROLES_ENV for the kernels of this build, for its length only."""
    app.add_config_value("claimlab_data", "data", "env")
    app.connect("source-read", _links_to_roles)
    app.connect("doctree-read", _links_in_outputs)
    # The chapter parts' MyST output (claimlab.pages.myst_text) is parsed by Sphinx, not read from a
    # file: the kernels this build starts inherit the variable and write roles for it. Only for
    # the build's length: a process that builds in-process and later starts JupyterLab (the
    # test suite) must not hand the variable to JupyterLab's kernels, which need links.
    app.connect("builder-inited", _roles_for_kernels)
    app.connect("build-finished", _links_again)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
