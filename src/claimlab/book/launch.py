"""From a chapter on the web to a running copy of it: launch buttons and a notebook download.

Registered by `claimlab.book.extension`. One setting turns the launch buttons on, in the book's
`_config.yml` (Jupyter Book passes it to sphinx-book-theme, which draws the buttons):

    repository:
      url: https://github.com/ORG/REPO      # empty: no launch button at all
      branch: main
    launch_buttons:
      binderhub_url: https://mybinder.org   # Binder
      jupyterhub_url: https://hub.example.edu  # a JupyterHub with nbgitpuller

This module checks the setting and fills the gaps the theme leaves:

- No repository URL means no launch buttons (the theme would otherwise fail on a hub URL alone);
  a JupyterHub address without one is reported.
- Colab is refused with a message: it opens only `.ipynb` files from GitHub and runs them without
  the repository, so a chapter (MyST Markdown that loads `../data` and the engine) cannot run there.
- Every executed chapter is offered as a download, `.ipynb`, even with no launch button: the
  executed notebook, stored without widget views (their state is not saved, so they would show as
  dead) and with each widget's page form replaced by a prompt to run the cell.
- The graded edition has neither: a download or a launched copy of the repository would carry the
  key the edition leaves out.

It also sets `CLAIMLAB_PAGE_FORMS=1` for the kernels the build starts, so exercise outputs carry
the kernel-free page form the static book needs (see `claimlab.kernel.display`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sphinx.util import logging

from ..edition import current_edition, shows_key
from ..kernel.display import PAGE_FORMS_VARIABLE, without_live_views
from .citations import for_jupyterlab

LOGGER = logging.getLogger(__name__)
HUB_KEYS = ("binderhub_url", "jupyterhub_url", "colab_url", "jupyterlite_url", "deepnote_url")


def launch_settings(options: dict[str, Any], graded: bool) -> tuple[dict[str, Any], list[str]]:
    """The theme options with launch buttons only where they can work; and why any were dropped."""
    options = dict(options)
    buttons = dict(options.get("launch_buttons") or {})
    notes: list[str] = []
    if buttons.get("colab_url"):
        notes.append(
            "launch_buttons.colab_url is ignored: Colab opens only .ipynb files from GitHub and "
            "runs them without this repository's engine and data, so a chapter cannot run there. "
            "Use Binder or a JupyterHub, or download the chapter as .ipynb."
        )
        buttons["colab_url"] = ""
    # Binder's public address ships in _config.yml, so only another hub's is a sign of intent.
    wanted = [key for key in HUB_KEYS if buttons.get(key) and key != "binderhub_url"]
    if graded or not options.get("repository_url", "").strip():
        for key in HUB_KEYS:
            buttons[key] = ""
        if wanted and not graded:
            notes.append(
                f"launch_buttons.{wanted[0]} is set but repository.url is empty: launch buttons "
                "need the repository's URL (and branch) in _config.yml."
            )
    buttons["thebe"] = False  # thebe would load its code from a CDN
    options["launch_buttons"] = buttons
    return options, notes


def _configure(app: Any, config: Any) -> None:
    os.environ[PAGE_FORMS_VARIABLE] = "1"  # inherited by every kernel this build starts
    graded = not shows_key(current_edition())
    options, notes = launch_settings(dict(config.html_theme_options or {}), graded)
    for note in notes:
        LOGGER.warning(note)
    config.html_theme_options = options


def executed_notebook(app: Any, pagename: str) -> Path | None:
    """The notebook MyST-NB executed for this page (where sphinx-book-theme also looks)."""
    path = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    return path if path.is_file() else None


def _offer_download(app: Any, pagename: str, templatename: str, context: dict, doctree: Any):
    """Write the page's notebook to _sources/<page>.ipynb and let the theme's button offer it."""
    if not shows_key(current_edition()) or doctree is None:
        return
    source = executed_notebook(app, pagename)
    if source is None:
        return
    notebook = json.loads(source.read_text(encoding="utf-8"))
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        if "outputs" in cell:
            cell["outputs"] = without_live_views(cell["outputs"])
        # Citations and terms as links that JupyterLab can show (claimlab.pages.citelinks).
        if cell.get("cell_type") == "markdown":
            cell["source"] = for_jupyterlab(app, pagename, "".join(cell["source"]))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = for_jupyterlab(
                    app, pagename, "".join(data["text/markdown"])
                )
    text = json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"
    # The theme copies the raw executed notebook over ours when launch buttons are on, so the
    # executed copy is cleaned too: whichever is copied last, the download is the clean one.
    for target in (source, Path(app.outdir) / "_sources" / f"{pagename}.ipynb"):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Any) -> dict[str, Any]:
    """Register the launch-button check (which also turns on page forms for the build's
    kernels) and each executed page's .ipynb download."""
    app.connect("config-inited", _configure)
    # Before sphinx-book-theme's header buttons (priority 501), which read ipynb_source.
    app.connect("html-page-context", _offer_download, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
