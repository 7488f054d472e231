"""What a live exercise displays: the widget, and which HTML stands in for it where no kernel runs.

A cell's output offers the ipywidgets view plus a `text/html` fallback. Which fallback depends on
where the output will be read:

- In the web book (the Sphinx build executes the chapters), the fallback is the engine's
  kernel-free form, which works on a static page. The book's Sphinx hook asks for it by setting
  `CLAIMLAB_PAGE_FORMS=1` for the kernels it starts (`claimlab.book.launch`).
- Everywhere else (JupyterLab, nbval, the stored outputs of the exercise notebooks) the fallback is
  a short prompt to run the cell. A notebook opened before its cells run then shows that prompt,
  never a form whose controls look alive but save nothing (JupyterLab runs no page script).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

PAGE_FORMS_VARIABLE = "CLAIMLAB_PAGE_FORMS"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def page_forms_wanted(environ: Mapping[str, str] | None = None) -> bool:
    """Whether outputs are being made for the static web book (see the module's docstring)."""
    return (os.environ if environ is None else environ).get(PAGE_FORMS_VARIABLE) == "1"


def run_prompt(action: str) -> str:
    """The HTML a notebook shows before the cell runs: what running it does, nothing to click."""
    return (
        '<p class="cl-run-prompt"><strong>Run this cell</strong> (Shift+Enter, or Run &gt; Run '
        f"All Cells) {html.escape(action)}</p>"
    )


GENERIC_PROMPT = run_prompt("to start this exercise in a live kernel.")


def live_bundle(
    widget: widgets.Widget,
    plain: str,
    page_html: Callable[[], str],
    action: str,
    include: Any = None,
    exclude: Any = None,
) -> dict[str, Any]:
    """The mime bundle of a live exercise: widget view, HTML fallback, and a short `text/plain`.

    `page_html` is called only for the web book, so a kernel in JupyterLab never renders the form.
    """
    bundle = dict(widget._repr_mimebundle_(include=include, exclude=exclude) or {})
    bundle["text/html"] = str(page_html()) if page_forms_wanted() else run_prompt(action)
    bundle["text/plain"] = plain  # short and stable, unlike the widget's own repr
    return bundle


PAGE_ONLY_NOTE = (
    '<p class="cl-run-prompt">This form works on the chapter\'s web page, where its script runs; '
    "a notebook does not run it.</p>"
)
_PAGE_ONLY = re.compile(r"<(form|script)\b", re.IGNORECASE)


def without_live_views(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Outputs as a notebook file should store them: nothing that looks alive but is not.

    Each widget view is dropped (its model id is random and its state is not saved) and its HTML
    fallback becomes the run prompt, unless it already is one. An HTML form with no widget behind
    it (a form for the web page only) becomes a short note: JupyterLab does not run its script.
    """
    stored = []
    for output in outputs:
        data = output.get("data", {})
        page = "".join(data.get("text/html", ""))  # a list of lines in some notebook files
        if WIDGET_VIEW in data:
            data = {k: v for k, v in data.items() if k != WIDGET_VIEW}
            if 'class="cl-run-prompt"' not in page:
                data["text/html"] = GENERIC_PROMPT
            output = {**output, "data": data}
        elif _PAGE_ONLY.search(page):
            output = {**output, "data": {**data, "text/html": PAGE_ONLY_NOTE}}
        stored.append(output)
    return stored
