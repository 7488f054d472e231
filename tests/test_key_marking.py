"""The engine's one way of marking key content, and exercises that do not answer each other."""

from __future__ import annotations

import json

import pandas as pd

from claimlab.edition import KEY_CLASS, LATER_CLASS
from claimlab.pages.render import (
    claim_html,
    exercise_payload,
    graded_item_ids,
    mark_key,
    taxonomy_html,
)


def test_mark_key_wraps_key_content_where_the_key_is_shown():
    html = mark_key("<p>Predictive.</p>", "the labels", edition="self-check")
    assert html == f'<div class="{KEY_CLASS}"><p>Predictive.</p></div>'
    frame = pd.DataFrame({"n": [3]})
    assert "<table" in mark_key(frame, "counts", edition="instructor")


def test_mark_key_in_the_graded_edition_never_makes_the_content():
    made = []

    def content() -> str:
        made.append(True)
        return "<p>Predictive.</p>"

    html = mark_key(content, "the labels", "the exercise is graded", edition="graded")
    assert made == []  # nothing derived from the key is even computed
    assert html == (
        f'<p class="{LATER_CLASS}">Your instructor will show the labels after the exercise is '
        "graded.</p>"
    )


def test_a_graded_claim_as_worked_example_is_key_content(mini, monkeypatch):
    """The mini module's types name claims that its exercises grade: shown as key content in
    the self-check edition, and left out (a notice instead) in the graded one."""
    example = mini.claim(mini.taxonomy.types[0].example)
    assert example.id in graded_item_ids(mini)
    monkeypatch.setenv("CLAIMLAB_EDITION", "self-check")
    shown = taxonomy_html(mini)
    assert f'<div class="{KEY_CLASS}"><p class="cl-example-label">' in shown
    assert example.quote in shown and "&lt;" not in shown  # marked, and escaped once only
    monkeypatch.setenv("CLAIMLAB_EDITION", "graded")
    graded = taxonomy_html(mini)
    assert example.quote not in graded and KEY_CLASS not in graded.replace(LATER_CLASS, "")
    assert "Is it about the future?" in graded  # the types themselves are still taught


def test_a_claim_cards_label_is_key_content(mini, monkeypatch):
    claim = mini.claims[0]
    monkeypatch.setenv("CLAIMLAB_EDITION", "self-check")
    card = claim_html(claim, mini)
    assert f'<div class="{KEY_CLASS}"><p class="cl-label"><strong>Type:</strong>' in card
    monkeypatch.setenv("CLAIMLAB_EDITION", "graded")
    card = claim_html(claim, mini)
    assert claim.quote in card and "Type:" not in card and claim.explanation not in card
    assert f'<p class="{LATER_CLASS}">Your instructor will show how the key labels' in card


def test_the_type_exercise_never_shows_support_answers_and_vice_versa(module):
    """Checking the claim-type exercise gives no support explanation (and so no support
    answer), and the support exercise gives no type explanation."""
    names = {s.id: s.name for s in module.taxonomy.support}
    for section in module.article.sections:
        types = json.dumps(
            exercise_payload(module, f"claim-types-{section.id}", "self-check"),
            ensure_ascii=False,
        )
        support = json.dumps(
            exercise_payload(module, f"support-{section.id}", "self-check"), ensure_ascii=False
        )
        for claim in module.claims_in(section.id):
            assert claim.support_explanation and claim.explanation
            assert json.dumps(claim.support_explanation, ensure_ascii=False)[1:-1] not in types
            assert json.dumps(claim.explanation, ensure_ascii=False)[1:-1] not in support
            # Nor does a type explanation name the support level it would give away.
            assert "so support is" not in claim.explanation, claim.id
            assert f"support is {names[claim.support].lower()}" not in claim.explanation
