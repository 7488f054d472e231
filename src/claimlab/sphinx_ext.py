"""Sphinx extension for books that use claimlab: accessibility fixes to the theme's output.

Jupyter Book's theme ships a few controls whose accessible name does not match their visible
text, and docutils marks bibliography entries with a role that a list may not contain. Screen
reader users meet these on every page, so the book fixes them at build time:

- search button and colour-mode switch: templates in sphinx_templates/ that keep the visible text
  and the accessible name in step;
- bibliography entries: role="listitem", which role="list" requires (ARIA 1.2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "sphinx_templates"


def _add_templates(app: Any, config: Any) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _fix_body(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _add_templates)
    app.connect("html-page-context", _fix_body)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
