"""The prose leaks attack16 found in the graded edition stay closed (issue 16 follow-up).

Each detector in leakcheck.py is first shown to fire on the leak it was written for, quoted from
the pages the attacker read; then it must find nothing in the data every edition shows. The same
detectors run on the built graded pages in test_editions.py.
"""

from __future__ import annotations

import html
import re

import pytest
from leakcheck import (
    article_phrases,
    article_sentences,
    mirrored_sentences,
    page_sections,
    prose_units,
    quoted,
    role_leaks,
    verdict_pointers,
)

from claimlab.module.model import argument_items, argument_steps
from claimlab.pages import render


def statements(module) -> dict[str, tuple[int, str]]:
    """Each fact-check statement's paragraph and quote (the author bio has no ¶)."""
    found = {}
    for item in module.factchecks:
        number = re.fullmatch(r"¶(\d+)", item.where)
        found[item.id] = (int(number.group(1)) if number else -1, item.quote)
    return found


def step_anchors(module) -> dict[str, set[int]]:
    paragraph = {c.id: c.paragraph for c in module.claims}
    return {node.id: {paragraph[c] for c in node.claims} for node, _, _ in argument_steps(module)}


# --- the detectors fire on what the attacker found ----------------------------------------------

#: Worked examples the graded edition showed: the article's sentences with the nouns changed.
MIRRORED = [
    'Invented: "It is not clear what the committee wants. The committee itself may not have '
    'decided."',  # ¶20–¶21
    'Invented: "Schools could gain a lot from simple openness. Publishing the full budget would '
    'be a reasonable ask."',  # ¶36–¶37
    'Invented: "The town should keep the new bridge on its list. The mayor has said for years that '
    'she wants it built."',  # ¶16–¶17
]

#: Article phrases the support procedure quoted as markers or examples.
QUOTING = [
    'with "because", "since", "suggests", "such as", "when" or "sometimes stating"',
    '("countries that have had success, such as Vietnam") is not enough',
    'does it give no date or quotation ("North Korea has stated for years")',
]


@pytest.mark.parametrize("example", MIRRORED)
def test_the_mirror_detector_fires_on_a_reworded_article_sentence(module, example):
    assert mirrored_sentences(example, article_sentences(module))


@pytest.mark.parametrize("text", QUOTING)
def test_the_phrase_detector_fires_on_a_quoted_article_phrase(module, text):
    article = " ".join(b.text for b in module.article.paragraphs)
    assert article_phrases(text, article)


def test_the_role_detector_fires_on_objections_listed_by_main_reason(module):
    """The old "Testing the reasons": its objections named the main reasons by the paragraphs
    that anchor the map's steps."""
    page = (
        "<h2>Testing the reasons</h2><p>For each main reason, here is an objection.</p><ol>"
        "<li><p><strong>Going back will not work.</strong> The author says too much has changed "
        "since before 2017 (¶1–¶3).</p></li>"
        "<li><p><strong>Negotiators, not summits.</strong> The author argues that summits "
        "cannot settle details (¶9–¶13).</p></li></ol>"
    )
    found = role_leaks(page_sections(page), step_anchors(module))
    assert any(f.startswith("no-return") for f in found)
    assert any(f.startswith("process-not-summits") for f in found)
    # The same objections without the words that name a role are not a leak by themselves.
    assert not role_leaks(page_sections(page.replace("main reason", "point")), step_anchors(module))


@pytest.mark.parametrize(
    "prose",
    [
        "<p>Can policy rest on what a leader wants? Tokola's case for an international effort "
        "(¶33) rests on a claim about Kim's private wishes that no source can confirm.</p>",
        "<li>In ¶35, compare the name of the UN body with its official name in the Context "
        "section.</li>",
        "<p>None of these was a nuclear or ICBM test; the fact-check’s evidence for a larger "
        "threat is the 2017 tests and the 2020 UN report above.</p>",
    ],
)
def test_the_verdict_detector_fires_on_prose_that_points_at_a_verdict(module, prose):
    assert verdict_pointers(prose_units(prose), statements(module))


def test_the_prose_reader_leaves_forms_and_scripts_out():
    page = (
        "<p>Kept (¶2).</p><form><p>Accurate (¶2)</p></form>"
        '<script type="application/json">{"x": "Imprecise ¶2"}</script><ul><li>Item<ul>'
        "<li>Nested</li></ul></li></ul>"
    )
    assert prose_units(page) == ["Kept (¶2).", "Item", "Nested"]


# --- the data every edition shows ----------------------------------------------------------------


def shown_examples(module) -> dict[str, str]:
    """Every worked example the taxonomy shows in every edition: the claim types' samples, the
    settled support cases' examples, and the examples quoted inside their answers and inside the
    support definitions."""
    taxonomy = module.taxonomy
    found = {f"sample of {t.id}": t.sample for t in taxonomy.types if t.sample}
    found |= {f"example of {c.id}": c.example for c in taxonomy.support_cases}
    quoting = {f"{c.id} answer": c.answer for c in taxonomy.support_cases}
    quoting |= {f"{level.id} definition": level.definition for level in taxonomy.support}
    for name, text in quoting.items():
        for n, quote in enumerate(quoted(text)):
            found[f"{name}, quote {n}"] = quote
    return found


def test_worked_examples_are_invented_on_unrelated_topics(module):
    """No worked example shares two content words, or a three-word run, with a sentence of the
    article: an example that does is the article's sentence with the nouns changed, and its
    label answers the item it mirrors."""
    examples = shown_examples(module)
    assert len(examples) >= len(module.taxonomy.types) + 2 * len(module.taxonomy.support_cases)
    sentences = list(article_sentences(module))
    found = {}
    for name, text in examples.items():
        if hits := mirrored_sentences(text, sentences):
            found[name] = hits
    assert not found, found


def test_the_support_procedure_quotes_no_article_phrase(module):
    """The procedure every edition shows quotes no phrase of the article as a marker, a case or
    an example: such a phrase occurs in one claim, and the rule around it answers that item."""
    taxonomy = module.taxonomy
    texts = {f"procedure {n}": step for n, step in enumerate(taxonomy.support_procedure)}
    for case in taxonomy.support_cases:
        parts = ("question", "answer", "example")
        texts |= {f"{case.id} {part}": getattr(case, part) for part in parts}
    for level in taxonomy.support:
        texts[f"{level.id} definition"] = level.definition
        texts[f"{level.id} test"] = level.test_question
    for kind in taxonomy.types:
        texts |= {f"{kind.id} sample": kind.sample, f"{kind.id} why": kind.sample_why}
    article = " ".join(b.text for b in module.article.paragraphs)
    found = {name: hits for name, text in texts.items() if (hits := article_phrases(text, article))}
    assert not found, found


def test_every_step_names_the_author_the_same_way(module):
    """A full name on two steps among "He ..." steps marked the first step and the conclusion."""
    subjects = {node.text.split()[0] for node in module.argument.walk()}
    assert len(subjects) == 1, subjects


def test_a_steps_anchor_paragraphs_are_listed_in_reading_order(module):
    """The exercise lists each step's ¶ anchors; listed as argument.yaml orders them, the
    conclusion's read "¶39, ¶13, ¶31" and stood out among sorted lists."""
    listed = [item.where for item in argument_items(module) if item.aspect == "role"]
    assert listed
    for where in listed:
        numbers = [int(n) for n in re.findall(r"¶(\d+)", where)]
        assert numbers == sorted(numbers), where


def test_the_graded_memo_page_tags_no_claim_as_a_recommendation(module):
    """Quotes listed under "what the author recommends", each with its claim id, told a student
    which claims the key reads as advice; the graded edition lists the steps and their ¶ only."""
    anchors = {c for rec in module.recommendations for c in rec.claims}
    quotes = {c.quote for c in module.claims if c.id in anchors}
    graded = html.unescape(render.recommendations_html(module, "graded")._repr_html_())
    shown = render.recommendations_html(module, "self-check")._repr_html_()
    assert all(q in shown for q in quotes) and "(claim " in shown  # the check can fail
    assert not [q for q in quotes if q in graded]
    assert "(claim " not in graded
    assert all(rec.text in graded and rec.where in graded for rec in module.recommendations)
    assert "Your instructor will show the author" in graded
