"""The sourced tables become MyST text that cannot become markup by accident, and the graded
edition leaves out every block marked as key."""

from __future__ import annotations

from claimlab.pages.myst_text import (
    factchecks_text,
    glossary_text,
    md_text,
    timeline_text,
)
from conftest import ROOT


def test_markup_characters_in_data_stay_text():
    assert md_text("$81 million *stolen* from [a bank] <b>") == (
        r"\$81 million \*stolen\* from \[a bank\] \<b\>"
    )
    assert md_text("line\nbreaks   collapse") == "line breaks collapse"


def test_generated_glossary_cites_and_links(module, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_MYST_ROLES", "1")  # as the book's build sets it for its kernels
    text = glossary_text(module)
    first = module.glossary[0]
    assert text.startswith("```{glossary}\n:sorted:\n")
    assert f"\n{first.term}\n  " in text
    assert "{cite:p}`" + ",".join(first.sources) + "`" in text
    assert text.count("{term}`") == sum(len(e.see_also) for e in module.glossary)


def test_generated_text_in_jupyterlab_cites_with_links_and_no_keys(module, monkeypatch):
    """Outside the book's build (a kernel in JupyterLab, in book/), no role shows a raw key."""
    from claimlab.pages.citelinks import bib_labels, cite_text

    monkeypatch.delenv("CLAIMLAB_MYST_ROLES", raising=False)
    monkeypatch.chdir(ROOT / "book")
    labels = bib_labels(ROOT / "references.bib")
    first = module.glossary[0]
    for text in (glossary_text(module), timeline_text(module), factchecks_text(module)):
        assert "{cite:" not in text and "{term}" not in text
    text = glossary_text(module)
    keys = ",".join(first.sources)
    link = f"[{md_text(cite_text(first.sources, labels))}](references.md#{keys})"
    assert link in text  # who and when, leading to the reference list
    assert text.count("](glossary.md#term-") == sum(len(e.see_also) for e in module.glossary)


def test_generated_tables_have_a_row_per_item(module):
    timeline = timeline_text(module)
    assert timeline.count("\n* - ") == len(module.timeline) + 1
    checks = factchecks_text(module)
    assert checks.count("\n* - ") == len(module.factchecks) + 1


def test_the_graded_edition_drops_key_blocks_and_keeps_the_rest(monkeypatch):
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from claimlab.book.extension import KEY_CLASS, _drop_key_blocks
    from claimlab.edition import LATER_CLASS

    def document() -> nodes.document:
        doc = new_document("page", get_default_settings(Parser))
        doc += nodes.paragraph(text="Questions.")
        answers = nodes.admonition(classes=["dropdown", KEY_CLASS])
        answers += nodes.paragraph(text="The key says predictive.")
        doc += answers
        return doc

    monkeypatch.setenv("CLAIMLAB_EDITION", "graded")
    graded = document()
    _drop_key_blocks(None, graded)
    assert "predictive" not in graded.astext() and "Questions." in graded.astext()
    (notice,) = [n for n in graded.findall(nodes.paragraph) if "instructor" in n.astext()]
    assert notice["classes"] == [LATER_CLASS]  # the key's mark is not carried over
    assert notice.astext() == "Your instructor will show this part after your work is graded."
    monkeypatch.setenv("CLAIMLAB_EDITION", "self-check")
    selfcheck = document()
    _drop_key_blocks(None, selfcheck)
    assert "The key says predictive." in selfcheck.astext()
