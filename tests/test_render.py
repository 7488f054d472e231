"""Rendering: everything from data or students is escaped; furniture is marked in words."""

from __future__ import annotations

import dataclasses
import html

from claimlab import check_answers
from claimlab.pages.render import article_html, claims_html, section_html, taxonomy_html

HOSTILE = '<img src=x onerror=alert(1)><script>alert("x")</script>'


def test_article_marks_every_block(mini):
    page = article_html(mini)
    assert '<p class="cl-para" id="p1"><span class="cl-pnum">¶1</span> Cycling fell' in page
    assert '<span class="cl-tag">Photo caption (photo not reproduced):</span> Photo shows' in page
    assert '<span class="cl-tag">Subhead:</span> The costs' in page
    assert '<span class="cl-tag">Author bio:</span> A. Writer' in page
    assert '<span class="cl-tag">Standfirst:</span> The town should' in page


def test_section_renders_only_its_own_paragraphs(mini):
    page = section_html(mini, "the-costs")
    assert "¶2" in page
    assert "¶1" not in page
    assert 'aria-label="The costs, ¶2"' in page


def test_text_from_data_is_escaped(mini):
    claim = dataclasses.replace(mini.claims[0], quote=HOSTILE, explanation=HOSTILE)
    page = claims_html([claim], mini)
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_feedback_html_escapes_and_labels_in_words(mini):
    claim = dataclasses.replace(mini.claims[0], quote=HOSTILE)
    feedback = check_answers([claim], {claim.id: "causal"}, mini.taxonomy.type_ids)
    page = feedback._repr_html_()
    assert "<script" not in page
    assert "Not quite: you chose causal" in page



def test_feedback_html_shows_every_kind_of_item(module):
    """A statement or a map step is named as itself, with its place; a claim as before."""
    for exercise in module.exercises:
        items = tuple(module.iter_exercise_claims(exercise.id))
        labels = tuple(option for option, _ in module.exercise_options(exercise.id))
        page = check_answers(items, {}, labels)._repr_html_()
        for item in items:
            assert f"<strong>{html.escape(item.label)}</strong>, {html.escape(item.where)}:" in page
    claim = module.claims[0]
    page = check_answers([claim], {}, module.taxonomy.type_ids)._repr_html_()
    assert f"<strong>Claim {claim.id}</strong>, ¶{claim.paragraph}:" in page

def test_taxonomy_uses_worked_examples(mini):
    page = taxonomy_html(mini)
    assert "(claim 2a, ¶2)" in page
    assert "Is it about the future?" in page
