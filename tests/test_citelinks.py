"""Chapters cite and define terms through links both of their readers can follow.

JupyterLab reads no bibliography (jupyter-book/jupyterlab-myst#127), so a `{cite:p}` role shows
its raw BibTeX key there and a `{term}` role links nowhere. Chapters write both as Markdown
links instead (claimlab.pages.citelinks); the book's Sphinx extension turns them back into roles.
"""

from __future__ import annotations

import os
import re

import pytest

from claimlab.pages.citelinks import (
    LIST_START,
    author_year,
    bib_labels,
    drop_reference_list,
    prefix_for,
    reference_list,
    to_links,
    to_roles,
    with_reference_list,
)
from conftest import ROOT

BOOK = ROOT / "book"
#: The chapters a student opens (the instructor guide is the instructors' and may use roles).
STUDENT_CHAPTERS = sorted(
    p for p in BOOK.rglob("*.md") if "instructor" not in p.relative_to(BOOK).parts
)


@pytest.fixture(scope="module")
def labels() -> dict[str, str]:
    return bib_labels(ROOT / "references.bib")


@pytest.fixture(scope="module")
def terms(module) -> list[str]:
    return [entry.term for entry in module.glossary]


def prose(text: str) -> str:
    """A chapter without its code cells (a role in code is Python, not a citation)."""
    return re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)


@pytest.mark.parametrize("chapter", STUDENT_CHAPTERS, ids=lambda p: p.relative_to(BOOK).as_posix())
def test_a_chapter_cites_through_links_whose_text_is_the_bibliographys(chapter, labels, terms):
    text = chapter.read_text("utf-8")
    assert "{cite:" not in prose(text) and "{term}" not in prose(text)
    roles, problems = to_roles(text, labels, terms)
    assert problems == []
    # Written exactly as tools/cite_links.py writes it: the round trip changes nothing.
    assert to_links(roles, labels, prefix_for(chapter, BOOK)) == text


def test_the_chapters_cite_and_define_terms_at_all(labels, terms):
    text = "".join(p.read_text("utf-8") for p in STUDENT_CHAPTERS)
    assert text.count("references.md#") >= 100 and text.count("glossary.md#term-") >= 20


def test_links_become_roles_and_wrong_ones_are_named(labels, terms):
    key = next(iter(labels))
    good = f"[({labels[key]})](../references.md#{key})"
    assert to_roles(good, labels, terms) == (f"{{cite:p}}`{key}`", [])
    stale = f"[(Someone, 1999)](../references.md#{key})"
    _, problems = to_roles(stale, labels, terms)
    assert len(problems) == 1 and labels[key] in problems[0] and "cite_links.py" in problems[0]
    _, problems = to_roles("[(X, 1)](references.md#nokey)", labels, terms)
    assert problems == ["[(X, 1)](references.md#nokey): no entry nokey in the bibliography"]
    term = terms[0]
    slug = term.lower().replace(" ", "-")
    assert to_roles(f"[{term}](glossary.md#term-{slug})", labels, terms)[0] == f"{{term}}`{term}`"
    shown = f"[Those words](glossary.md#term-{slug})"
    assert to_roles(shown, labels, terms)[0] == f"{{term}}`Those words <{term}>`"
    assert to_roles("[x](glossary.md#term-no-such-term)", labels, terms)[1]


def test_a_label_says_who_and_when():
    assert author_year({"year": "2020"}, ["Tokola"]) == "Tokola, 2020"
    assert author_year({"year": "2019"}, ["{Associated Press}"]) == "Associated Press, 2019"
    assert author_year({"date": "2020-06-16"}, ["A", "B"]) == "A and B, 2020"
    assert author_year({}, ["A", "B", "C"]) == "A et al., n.d."
    assert author_year({"title": "{Report}"}, []) == "Report, n.d."


def test_the_references_page_lists_every_source_for_jupyterlab_and_not_in_the_book(labels):
    page = (BOOK / "references.md").read_text("utf-8")
    bib = ROOT / "references.bib"
    assert with_reference_list(page, bib) == page, "run tools/cite_links.py"
    listed = reference_list(bib)
    assert listed.count("\n- ") == len(labels)  # every entry, once
    assert all(f"- {label}" in listed.replace("\\", "") for label in labels.values())
    assert "https://" not in re.sub(r"\]\(https://[^)\s]+\)", "", listed)  # addresses are links
    book = drop_reference_list(page)
    assert LIST_START not in book and "```{bibliography}" in book and "\n- " not in book


def test_a_build_sets_the_roles_variable_only_while_it_runs(monkeypatch):
    """The kernels a build starts write roles; JupyterLab's kernels, started later by the same
    process (as in this test suite), must get links: the variable is gone after the build."""
    from claimlab.book import citations
    from claimlab.pages.myst_text import ROLES_ENV

    monkeypatch.delenv(ROLES_ENV, raising=False)
    handlers: dict[str, object] = {}

    class App:
        def add_config_value(self, *args: object) -> None:
            pass

        def connect(self, event: str, handler: object) -> None:
            handlers[event] = handler

    app = App()
    citations.setup(app)
    assert ROLES_ENV not in os.environ  # setting up an extension is not building
    handlers["builder-inited"](app)
    assert os.environ[ROLES_ENV] == "1"
    handlers["build-finished"](app, None)
    assert ROLES_ENV not in os.environ
