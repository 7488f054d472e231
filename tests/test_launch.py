"""From a chapter on the web to a running copy: launch buttons from one setting, .ipynb downloads.

A tiny book (one executable chapter showing a live exercise, one plain page) is built with the
project's own _config.yml, changed only in the documented setting, in three states: launch set,
launch unset, and the graded edition. The real book (built as the README builds it, launch unset)
must offer every executed chapter as a notebook and no launch button.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import yaml

from claimlab.book.launch import launch_settings
from conftest import MINI, ROOT, tool

REPO = "https://github.com/example-org/claimlab-course"
HUB = "https://hub.example.edu"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CHAPTER = f"""---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# A chapter

```{{code-cell}} ipython3
from claimlab import load_module
from claimlab.kernel.widgets import ClaimClassifier

ClaimClassifier(load_module({str(MINI)!r}), "all-claims")
```
"""


def build_tiny(tmp_path: Path, launch: dict, edition: str = "self-check") -> Path:
    config = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    config["repository"].update(launch.get("repository", {}))
    config["launch_buttons"].update(launch.get("launch_buttons", {}))
    config["only_build_toc_files"] = True
    root = tmp_path / "book"
    root.mkdir()
    (root / "_config.yml").write_text(yaml.safe_dump(config), "utf-8")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: chapter\nchapters:\n- file: plain\n", "utf-8"
    )
    (root / "chapter.md").write_text(CHAPTER, "utf-8")
    (root / "plain.md").write_text("# A plain page\n\nNo code here.\n", "utf-8")
    (root / "references.bib").write_bytes((ROOT / "references.bib").read_bytes())
    command = [tool("jupyter-book") or "jupyter-book", "build", str(root), "-W", "-n",
               "--keep-going"]
    env = {**os.environ, "CLAIMLAB_EDITION": edition}
    env.pop("CLAIMLAB_PAGE_FORMS", None)
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "_build" / "html"


def links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


def assert_clean_download(notebook_file: Path) -> None:
    """The download is a valid notebook whose widgets show a prompt to run, not a dead form."""
    notebook = nbformat.read(notebook_file, as_version=4)
    nbformat.validate(notebook)
    assert "widgets" not in notebook.metadata
    prompts = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            assert WIDGET_VIEW not in data
            if "cl-run-prompt" in data.get("text/html", ""):
                prompts += 1
            assert "<button" not in data.get("text/html", ""), "a dead form in the download"
    return prompts


def test_launch_buttons_appear_once_the_setting_is_filled_in(tmp_path):
    site = build_tiny(
        tmp_path,
        {"repository": {"url": REPO, "branch": "main"}, "launch_buttons": {"jupyterhub_url": HUB}},
    )
    chapter = (site / "chapter.html").read_text("utf-8")
    hrefs = links(chapter)
    binder = "https://mybinder.org/v2/gh/example-org/claimlab-course/main"
    assert f"{binder}?urlpath=lab/tree/chapter.md" in hrefs
    (pull,) = [h for h in hrefs if h.startswith(f"{HUB}/hub/user-redirect/git-pull?")]
    assert parse_qs(urlsplit(pull).query) == {  # nbgitpuller's link: clone, then open the chapter
        "repo": [REPO],
        "urlpath": ["lab/tree/claimlab-course/chapter.md"],
        "branch": ["main"],
    }
    assert not [h for h in hrefs if "colab" in h]
    plain = (site / "plain.html").read_text("utf-8")
    assert "mybinder.org" not in plain and "git-pull" not in plain  # nothing to run there
    # The download beside the launch buttons is the cleaned notebook, not the theme's raw copy.
    assert "_sources/chapter.ipynb" in chapter
    assert assert_clean_download(site / "_sources" / "chapter.ipynb") == 1


def test_no_launch_button_while_the_setting_is_empty_but_the_download_stays(tmp_path):
    site = build_tiny(tmp_path, {"launch_buttons": {"jupyterhub_url": ""}})
    chapter = (site / "chapter.html").read_text("utf-8")
    assert "mybinder.org" not in chapter and "git-pull" not in chapter
    assert 'aria-label="Launch interactive content"' not in chapter
    assert "_sources/chapter.ipynb" in chapter
    assert assert_clean_download(site / "_sources" / "chapter.ipynb") == 1


def test_the_graded_edition_has_no_launch_and_no_download(tmp_path):
    site = build_tiny(
        tmp_path, {"repository": {"url": REPO, "branch": "main"}}, edition="graded"
    )
    chapter = (site / "chapter.html").read_text("utf-8")
    assert "mybinder.org" not in chapter and ".ipynb" not in chapter
    assert not list(site.rglob("*.ipynb"))


def test_colab_and_a_hub_without_a_repository_are_refused_with_the_reason():
    options, notes = launch_settings(
        {"repository_url": REPO, "launch_buttons": {"colab_url": "https://colab.research.google.com"}},
        graded=False,
    )
    assert options["launch_buttons"]["colab_url"] == ""
    assert "Colab opens only .ipynb files" in notes[0]
    options, notes = launch_settings(
        {"repository_url": "", "launch_buttons": {"jupyterhub_url": HUB}}, graded=False
    )
    assert options["launch_buttons"]["jupyterhub_url"] == ""
    assert notes == [
        "launch_buttons.jupyterhub_url is set but repository.url is empty: launch buttons need "
        "the repository's URL (and branch) in _config.yml."
    ]
    binder = {"binderhub_url": "https://mybinder.org"}  # as _config.yml ships it
    options, notes = launch_settings({"repository_url": "", "launch_buttons": binder}, False)
    assert options["launch_buttons"]["binderhub_url"] == "" and notes == []
    options, notes = launch_settings({"repository_url": REPO, "launch_buttons": binder}, False)
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org" and notes == []


def test_every_executed_chapter_of_the_book_downloads_as_a_notebook(built_book):
    chapters = sorted(
        p for p in (ROOT / "book").rglob("*.md") if "\nkernelspec:" in p.read_text("utf-8")
    )
    config = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    assert config["repository"]["url"] == ""  # the shipped setting: no launch buttons
    listed = (ROOT / "_toc.yml").read_text("utf-8")
    checked = 0
    for source in chapters:
        name = source.relative_to(ROOT).with_suffix("").as_posix()
        if name not in listed:
            continue  # instructor pages: not in the student book
        page = (built_book / f"{name}.html").read_text("utf-8")
        download = f"_sources/{name}.ipynb"
        assert download in page, name
        assert "mybinder.org" not in page and "git-pull" not in page, name
        assert_clean_download(built_book / download)
        # Citations as JupyterLab can show them: who and when, no BibTeX role.
        text = (built_book / download).read_text("utf-8")
        assert "{cite:" not in text and "{term}" not in text, name
        checked += 1
    assert checked >= 10
    memo = nbformat.read(built_book / "_sources/book/your-recommendation.ipynb", as_version=4)
    assert "Run this cell" in json.dumps(memo)  # the memo form too becomes a prompt
