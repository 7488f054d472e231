"""The book's data directives turn data into MyST text that cannot become markup by accident."""

from __future__ import annotations

from claimlab.sphinx_ext import FactChecksDirective, GlossaryDirective, TimelineDirective
from claimlab.sphinx_text import (
    DIRECTIVE_TEXT,
    factchecks_text,
    glossary_text,
    md_text,
    timeline_text,
)


def test_markup_characters_in_data_stay_text():
    assert md_text("$81 million *stolen* from [a bank] <b>") == (
        r"\$81 million \*stolen\* from \[a bank\] \<b\>"
    )
    assert md_text("line\nbreaks   collapse") == "line breaks collapse"


def test_generated_glossary_cites_and_links(module):
    text = glossary_text(module)
    first = module.glossary[0]
    assert text.startswith("```{glossary}\n:sorted:\n")
    assert f"\n{first.term}\n  " in text
    assert "{cite:p}`" + ",".join(first.sources) + "`" in text
    assert text.count("{term}`") == sum(len(e.see_also) for e in module.glossary)


def test_generated_tables_have_a_row_per_item(module):
    timeline = timeline_text(module)
    assert timeline.count("\n* - ") == len(module.timeline) + 1
    checks = factchecks_text(module)
    assert checks.count("\n* - ") == len(module.factchecks) + 1


def test_each_directive_writes_its_own_text():
    directives = (GlossaryDirective, TimelineDirective, FactChecksDirective)
    assert {d.name: DIRECTIVE_TEXT[d.name] for d in directives} == {
        "claimlab-glossary": glossary_text,
        "claimlab-timeline": timeline_text,
        "claimlab-factchecks": factchecks_text,
    }
